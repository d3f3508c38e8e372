"""The dossier page: who the person is, where the dossier stands, its next steps, its history and its journal.

The header says the status and the 12-month clock in words. The buttons offer only the steps the status
allows; a step the rules refuse (no validated diagnostic, a second renewal) is explained before any form
opens. Identity edits and notes are saved explicitly; leaving the page with unsaved text asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain import rules
from accomp_desktop.domain.access import Part
from accomp_desktop.domain.enums import DossierStatus
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.validation import InvalidFields, format_date
from accomp_desktop.services.access_request import AccessRequestService
from accomp_desktop.services.conflicts import ConflictService
from accomp_desktop.services.dossier_records import DossierDetail, NoteLine, PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.services.plan import PlanService
from accomp_desktop.services.preparation import Preparation, PreparationService
from accomp_desktop.ui.dossiers.conflicts_dialog import ConflictsDialog
from accomp_desktop.ui.dossiers.lifecycle_dialogs import (
    ConsentDialog,
    EnterDialog,
    ExitDialog,
    RenewDialog,
    ReopenDialog,
    StepDialog,
)
from accomp_desktop.ui.dossiers.plan_tab import PlanTab
from accomp_desktop.ui.dossiers.preparation_dialog import PreparationDialog
from accomp_desktop.ui.tasks import Runner, UserError
from accomp_desktop.ui.widgets.chips import chips_html, chips_plain
from accomp_desktop.ui.widgets.confirm import confirm
from accomp_desktop.ui.widgets.fields import list_view
from accomp_desktop.ui.widgets.file_dialogs import save_path
from accomp_desktop.ui.widgets.forms import PersonForm, error_label, text_edit

NOTE_ROLE = int(Qt.ItemDataRole.UserRole)
StepFactory = Callable[[DossierService, Runner, DossierDetail, str, QWidget], StepDialog]


def local_time(value: datetime) -> str:
    """A stored instant (naive UTC) as the professional's wall-clock time."""
    return value.replace(tzinfo=UTC).astimezone().strftime("%d/%m/%Y à %H:%M")


def status_sentence(detail: DossierDetail, today: date) -> str:
    dossier = detail.dossier
    if dossier.status is DossierStatus.SORTIE and dossier.exit is not None:
        return f"Sorti le {format_date(dossier.exit.exit_date)} — {dossier.exit.motif.label}"
    clock = detail.clock(today)
    if clock is not None:
        renewed = " (renouvelé)" if dossier.renewed else ""
        if clock.overrun:
            left = f"dépassée de {-clock.days_left} jours"
        elif clock.ends_soon:
            left = f"dans {clock.days_left} jours"
        else:
            left = f"le {format_date(clock.planned_end)}"
        elapsed = f"{clock.months_elapsed} mois écoulé{'s' if clock.months_elapsed > 1 else ''}"
        return (
            f"En accompagnement depuis le {format_date(clock.entry_date)} — {elapsed}, fin prévue "
            f"{left}{renewed}"
        )
    validated = dossier.diagnostic_validated_on
    diagnostic = (
        f"diagnostic validé le {format_date(validated)}" if validated else "diagnostic partagé non validé"
    )
    return f"{dossier.status.label} depuis le {format_date(dossier.orientation_date)} — {diagnostic}"


def consent_sentence(detail: DossierDetail) -> str:
    dossier = detail.dossier
    if not dossier.share_consent:
        return (
            "Volet social non partagé avec France Travail : l'accord de la personne n'est pas recueilli. "
            "Les éléments confidentiels ne le sont jamais."
        )
    how = f", {dossier.share_consent_method.label.lower()}" if dossier.share_consent_method else ""
    return (
        f"Volet social utile partagé avec France Travail : accord de la personne recueilli le "
        f"{format_date(dossier.share_consent_on)}{how}. Jamais les éléments confidentiels."
    )


class DossierPage(QWidget):
    back_requested = Signal()
    refused = Signal(str)  # the dossier could not be opened (another binôme's, gone…): why, in French
    opened = Signal(str)  # dossier id: another dossier is shown (only once it could be read)
    changed = Signal(str)  # a sentence for the status bar; the case list refreshes on it
    diagnostic_requested = Signal(str)  # dossier id

    def __init__(
        self,
        service: DossierService,
        plan: PlanService,
        runner: Runner,
        theme_labels: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._theme_labels = theme_labels
        self._runner = runner
        self.detail: DossierDetail | None = None
        self._shown_id = ""
        self.author_id = ""
        self._editing_note: str | None = None
        self.dialog: StepDialog | None = None
        self.message_box: QMessageBox | None = None

        self.back = QPushButton("← Liste des dossiers")
        self.back.setAccessibleName("Retour à la liste des dossiers (Échap)")
        self.back.clicked.connect(self.request_back)
        self.title = QLabel("Chargement…")
        self.title.setObjectName("pageTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("sectionTitle")
        self.status.setWordWrap(True)
        # The person's consent to share the social side: its state for everyone; recorded by the travailleur
        # social only (the service refuses anyone else, the button is not offered to them).
        self.consent = QLabel()
        self.consent.setWordWrap(True)
        self.consent.setAccessibleName("Accord de partage du volet social")
        self.consent_button = QPushButton()
        self.consent_button.clicked.connect(self._consent)
        self.retention = QLabel()
        self.retention.setObjectName("errorText")
        self.retention.setWordWrap(True)
        self.anonymise_button = QPushButton("Anonymiser le dossier…")
        self.anonymise_button.clicked.connect(self.ask_anonymise)
        self.obstacles = QLabel()
        self.obstacles.setWordWrap(True)
        self.obstacles.setTextFormat(Qt.TextFormat.RichText)
        self.preparation: PreparationService | None = None  # given by the workspace, as the next one
        self.conflicts: ConflictService | None = None
        self.conflicts_dialog: ConflictsDialog | None = None
        self.conflict_banner = QLabel()
        self.conflict_banner.setObjectName("conflictBanner")
        self.conflict_banner.setWordWrap(True)
        self.conflict_button = QPushButton("Conflits à résoudre…")
        self.conflict_button.clicked.connect(self.show_conflicts)
        self.conflict_banner.hide()
        self.conflict_button.hide()
        self.access_request: AccessRequestService | None = None
        self.export_button = QPushButton("Exporter les données (droit d'accès)…")
        self.export_button.clicked.connect(self.export_for_the_person)
        self.ask_save_path: Callable[[str], str] = lambda name: save_path(
            self, "Exporter les données de la personne", name, "PDF pour la personne (*.pdf);;JSON (*.json)"
        )
        self.prepare_button = QPushButton("Préparer le rendez-vous…")
        self.prepare_button.setToolTip(
            "Une page pour le binôme : situation, freins, actions, points à décider"
        )
        self.prepare_button.clicked.connect(self.prepare)
        self.preparation_dialog: PreparationDialog | None = None
        self.open_diagnostic = QPushButton("Diagnostic partagé (Ctrl+2)")
        self.open_diagnostic.clicked.connect(self._request_diagnostic)

        self.step_buttons: dict[str, QPushButton] = {}
        steps = QHBoxLayout()
        for key, text, slot in (
            ("diagnostic", "Commencer le diagnostic", self._start_diagnostic),
            ("enter", "Entrer en accompagnement…", self._enter),
            ("renew", "Renouveler…", self._renew),
            ("exit", "Enregistrer la sortie…", self._exit),
            ("reopen", "Rouvrir le dossier…", self._reopen),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            steps.addWidget(button)
            self.step_buttons[key] = button
        steps.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Parties du dossier")
        self.plan = PlanTab(plan, runner)
        self.plan.changed.connect(self.changed)
        self.tabs.addTab(self.plan, "Plan d'action")
        self.tabs.addTab(self._identity_tab(), "Identité et coordonnées")
        self.tabs.addTab(self._history_tab(), "Historique")
        self.journal_tab = self._journal_tab()
        self.tabs.addTab(self.journal_tab, "Journal du binôme")

        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addStretch(1)
        top.addWidget(self.export_button)
        diagnostic = QHBoxLayout()
        diagnostic.addWidget(self.obstacles, stretch=1)
        diagnostic.addWidget(self.prepare_button)
        diagnostic.addWidget(self.open_diagnostic)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.status)
        layout.addLayout(diagnostic)
        retention = QHBoxLayout()
        retention.addWidget(self.retention, stretch=1)
        retention.addWidget(self.anonymise_button)
        layout.addLayout(retention)
        consent = QHBoxLayout()
        consent.addWidget(self.consent, stretch=1)
        consent.addWidget(self.consent_button)
        layout.addLayout(consent)
        conflict = QHBoxLayout()
        conflict.addWidget(self.conflict_banner, stretch=1)
        conflict.addWidget(self.conflict_button)
        layout.addLayout(conflict)
        layout.addLayout(steps)
        layout.addWidget(self.tabs, stretch=1)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.request_back)

    # --- building -----------------------------------------------------------------------------------

    def _identity_tab(self) -> QWidget:
        self.person = PersonForm()
        self.save_person = QPushButton("Enregistrer les modifications")
        self.save_person.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_person.setToolTip("Ctrl+S")
        self.save_person.clicked.connect(self._save_person)
        self.undo_person = QPushButton("Annuler les modifications")
        self.undo_person.clicked.connect(self._undo_person)
        self.person_error = error_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_person)
        buttons.addWidget(self.undo_person)
        buttons.addStretch(1)
        self.person.setMaximumWidth(720)  # a form, not a spreadsheet: short fields read better
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addWidget(self.person)
        column.addWidget(self.person_error)
        column.addLayout(buttons)
        column.addStretch(1)
        return tab

    def _history_tab(self) -> QWidget:
        self.history = list_view("Historique du dossier", ["Date", "Étape", "Détail", "Par"], (95, 230, 430))
        self.history.setWordWrap(True)
        self.history.setUniformRowHeights(False)
        return self.history

    def _journal_tab(self) -> QWidget:
        self.notes = QListWidget()
        self.notes.setAccessibleName("Notes du binôme")
        self.notes.setWordWrap(True)
        self.notes.setAlternatingRowColors(True)
        self.notes.setSpacing(4)
        self.notes.currentItemChanged.connect(lambda *_: self._note_selected())
        self.versions = QLabel()
        self.versions.setWordWrap(True)
        self.versions.setAccessibleName("Versions précédentes de la note")
        self.note_editor = text_edit(
            "Nouvelle note", placeholder="Écrire une note pour votre binôme…", height=80
        )
        self.note_editor.setMaximumHeight(140)
        self.note_error = error_label()
        self.save_note = QPushButton("Ajouter la note")
        self.save_note.clicked.connect(self._save_note)
        self.edit_note = QPushButton("Modifier ma note")
        self.edit_note.clicked.connect(self._start_note_edit)
        self.cancel_note = QPushButton("Annuler la modification")
        self.cancel_note.clicked.connect(self._stop_note_edit)
        buttons = QHBoxLayout()
        for button in (self.save_note, self.edit_note, self.cancel_note):
            buttons.addWidget(button)
        buttons.addStretch(1)
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addWidget(self.notes, stretch=1)
        column.addWidget(self.versions)
        column.addWidget(self.note_editor)
        column.addWidget(self.note_error)
        column.addLayout(buttons)
        self._stop_note_edit()
        return tab

    # --- loading and showing ------------------------------------------------------------------------

    def load(self, dossier_id: str, author_id: str) -> None:
        self.author_id = author_id
        self.detail = None
        self.title.setText("Chargement…")
        self.person.load(PersonDraft())
        viewer = self.author_id
        self._runner.run(
            lambda: self._service.detail(dossier_id, viewer_id=viewer), self.show_detail, self._load_failed
        )

    def reload(self) -> None:
        """Read the dossier again (another place changed it, such as the diagnostic's validation)."""
        if self.detail is not None:
            dossier_id = self.detail.dossier.id
            viewer = self.author_id
            self._runner.run(lambda: self._service.detail(dossier_id, viewer_id=viewer), self._reloaded)

    def _reloaded(self, detail: DossierDetail) -> None:
        if self.detail is not None and detail.dossier.id == self.detail.dossier.id:
            self.show_detail(detail)

    def _count_conflicts(self, dossier_id: str) -> None:
        """The mark of a dossier where two texts wait for a choice (made by the hub, met here after a
        sync)."""
        if self.conflicts is None:
            return
        service, viewer = self.conflicts, self.author_id
        self._runner.run(lambda: service.count(dossier_id, viewer_id=viewer), self._show_conflicts_count)

    def _show_conflicts_count(self, count: int) -> None:
        self.conflict_banner.setVisible(count > 0)
        self.conflict_button.setVisible(count > 0)
        if count:
            self.conflict_banner.setText(
                f"⚠ {count} texte{'s' if count > 1 else ''} écrit{'s' if count > 1 else ''} en même "
                "temps sur les "
                "deux postes : les deux versions sont gardées, choisissez celle à conserver ou fusionnez-les."
            )

    def show_conflicts(self) -> None:
        if self.detail is None or self.conflicts is None:
            return
        dossier_id = self.detail.dossier.id
        self.conflicts_dialog = ConflictsDialog(
            self.conflicts, self._runner, dossier_id, self.author_id, self.reload, self
        )
        self.conflicts_dialog.open()

    def _load_failed(self, error: UserError) -> None:
        self.title.setText("Dossier indisponible")
        self.status.setText(str(error))
        self.refused.emit(str(error))

    def show_detail(self, detail: DossierDetail) -> None:
        newly = self._shown_id != detail.dossier.id
        self._shown_id = detail.dossier.id
        self._count_conflicts(detail.dossier.id)
        self.detail = detail
        dossier, binome = detail.dossier, detail.binome
        self.title.setText(detail.person.display_name)
        members = " et ".join(p.display_name for p in (detail.conseiller, detail.travailleur_social) if p)
        self.subtitle.setText(
            f"Dossier {dossier.reference} · {dossier.route.label} · {binome.name} ({binome.territory}) : "
            f"{members}"
        )
        self.status.setText(status_sentence(detail, date.today()))
        last = rules.last_contact_of(
            last_contact=dossier.last_contact_date,
            exit_date=dossier.exit.exit_date if dossier.exit else None,
            entry_date=dossier.entry_date,
            orientation_date=dossier.orientation_date,
        )
        due = dossier.anonymised_on is None and rules.retention_due(last, date.today())
        self.retention.setText(
            f"Dernier contact le {format_date(last)} : la durée de conservation (2 ans) est "
            "dépassée. Les données de la personne doivent être anonymisées."
            if due
            else f"Dossier anonymisé le {format_date(dossier.anonymised_on)}."
            if dossier.anonymised_on
            else ""
        )
        self.retention.setVisible(due or dossier.anonymised_on is not None)
        self.anonymise_button.setVisible(due)
        # The export holds the confidential social entries: the binôme's travailleur social makes it (the
        # service enforces it; the button says so beforehand).
        may_export = detail.readable_all
        self.export_button.setEnabled(may_export)
        self.export_button.setToolTip(
            "Tout ce que le dossier contient sur la personne : en PDF pour la personne, en JSON pour un "
            "autre "
            "logiciel"
            if may_export
            else "Réservé au travailleur social du binôme : l'export contient le volet social confidentiel."
        )
        self.consent.setText(consent_sentence(detail))
        self.consent.setToolTip(
            "Consentement au partage du volet social avec France Travail (CASF L.121-6-2)"
        )
        self.consent_button.setText(
            "Retirer l'accord…" if dossier.share_consent else "Noter l'accord de la personne…"
        )
        self.consent_button.setVisible(Part.CONSENT in detail.writable)
        may_step = Part.IDENTITY in detail.writable
        for widget in (self.save_person, self.undo_person, self.anonymise_button):
            widget.setEnabled(may_step)
        may_note = bool({Part.NOTES_EMPLOI, Part.NOTES_SOCIAL} & detail.writable)
        self.save_note.setEnabled(may_note)
        self.note_editor.setReadOnly(not may_note)
        self.obstacles.setText(chips_html(detail.obstacles, self._theme_labels))
        self.obstacles.setAccessibleName(
            f"Freins repérés : {chips_plain(detail.obstacles, self._theme_labels)}"
        )
        status = dossier.status
        visible = {
            "diagnostic": status is DossierStatus.ORIENTATION,
            "enter": status is DossierStatus.DIAGNOSTIC,
            "renew": status is DossierStatus.ACCOMPAGNEMENT,
            "exit": status is not DossierStatus.SORTIE,
            "reopen": status is DossierStatus.SORTIE,
        }
        for key, button in self.step_buttons.items():
            button.setVisible(visible[key] and may_step)
        if not self.person.is_dirty():
            self.person.load(PersonDraft.of(detail.person))
        if self.plan.sheet is None or self.plan.sheet.dossier_id != dossier.id:
            self.plan.load(dossier.id, dossier.reference, self.author_id)
        self._show_history(detail)
        self._show_notes(detail)
        if newly:
            self.opened.emit(detail.dossier.id)

    def _show_history(self, detail: DossierDetail) -> None:
        self.history.clear()
        for line in detail.history:
            author = line.author
            if line.synced_at is not None:  # written on the partner's machine
                author += f" — sur son poste, synchronisé le {line.synced_at.astimezone():%d/%m/%Y à %H:%M}"
            item = QTreeWidgetItem([format_date(line.occurred_on), line.kind.label, line.details, author])
            item.setToolTip(2, line.details)
            self.history.addTopLevelItem(item)

    def _show_notes(self, detail: DossierDetail) -> None:
        selected = self._selected_note()
        self.notes.clear()
        for line in detail.notes:
            edited = " (modifiée)" if line.note.edited else ""
            item = QListWidgetItem(
                f"{local_time(line.note.written_at)} — {line.author}{edited}\n{line.note.text}"
            )
            item.setData(NOTE_ROLE, line.note.id)
            self.notes.addItem(item)
            if selected is not None and line.note.id == selected.note.id:
                self.notes.setCurrentItem(item)
        if detail.hidden_notes:
            plural = "s" if detail.hidden_notes > 1 else ""
            self.versions.setText(
                f"{detail.hidden_notes} note{plural} du travailleur social non partagée{plural} : "
                "la personne n'a pas donné son accord au partage du volet social."
            )
        elif not detail.notes:
            self.versions.setText(
                "Aucune note pour l'instant : le journal sert au binôme à se transmettre l'essentiel."
            )
        self._note_selected()

    def _selected_note(self) -> NoteLine | None:
        item = self.notes.currentItem()
        if item is None or self.detail is None:
            return None
        return next((line for line in self.detail.notes if line.note.id == item.data(NOTE_ROLE)), None)

    def _note_selected(self) -> None:
        line = self._selected_note()
        self.edit_note.setEnabled(line is not None and line.note.author_id == self.author_id)
        if line is None:
            return
        if line.note.versions:
            earlier = "\n".join(
                f"• {local_time(v.written_at)} : {v.text}" for v in reversed(line.note.versions)
            )
            self.versions.setText(f"Versions précédentes :\n{earlier}")
        else:
            self.versions.setText("")

    # --- leaving ------------------------------------------------------------------------------------

    def has_unsaved_text(self) -> bool:
        return self.person.is_dirty() or bool(self.note_editor.toPlainText().strip())

    def confirm_leave(self, then: Callable[[], None]) -> None:
        """Run ``then`` at once, or after the professional agrees to drop what they typed."""
        if not self.has_unsaved_text():
            then()
            return

        def leave() -> None:
            self.note_editor.clear()
            if self.detail is not None:
                self.person.load(PersonDraft.of(self.detail.person))
            then()

        self.message_box = confirm(
            self,
            "Modifications non enregistrées",
            "Vous avez saisi des informations qui ne sont pas encore enregistrées.",
            details="Enregistrez-les d'abord (bouton « Enregistrer » ou « Ajouter la note »), ou quittez "
            "sans les "
            "garder.",
            yes="Quitter sans enregistrer",
            no="Rester sur le dossier",
            then=leave,
            icon=QMessageBox.Icon.Question,
        )

    def export_for_the_person(self) -> None:
        """Answer a right-of-access request: everything the dossier holds about the person, as a PDF for them
        or, when the file chosen ends in .json, as JSON."""
        if self.detail is None or self.access_request is None:
            return
        dossier = self.detail.dossier
        path = self.ask_save_path(f"donnees-{dossier.reference}.pdf")
        if not path:
            return
        if Path(path).suffix.lower() not in (".pdf", ".json"):
            path += ".pdf"
        service = self.access_request
        export = service.export_json if path.lower().endswith(".json") else service.export_pdf
        viewer = self.author_id

        def work() -> str:
            try:
                Path(path).write_bytes(export(dossier.id, now=datetime.now(), viewer_id=viewer))
            except OSError as error:
                raise RuleError(f"Le fichier n'a pas pu être écrit : {error.strerror}.") from None
            return path

        self._runner.run(
            work,
            lambda written: self.changed.emit(f"Données de la personne exportées : {written}"),
            self._refuse,
        )

    def prepare(self) -> None:
        """The preparation sheet of the next joint appointment on this dossier."""
        if self.detail is None or self.preparation is None:
            return
        service, dossier_id, viewer = self.preparation, self.detail.dossier.id, self.author_id
        author = next(
            (
                p.display_name
                for p in (self.detail.conseiller, self.detail.travailleur_social)
                if p and p.id == self.author_id
            ),
            "",
        )

        def show(preparation: Preparation) -> None:
            dialog = PreparationDialog(
                service, self._runner, preparation, author, self.plan.open_file, viewer, self
            )
            self.preparation_dialog = dialog
            dialog.open()

        self._runner.run(
            lambda: service.prepare(dossier_id, today=date.today(), viewer_id=viewer), show, self._refuse
        )

    def ask_anonymise(self) -> None:
        if self.detail is None:
            return
        self.message_box = confirm(
            self,
            "Anonymiser le dossier",
            "Le nom, la date de naissance, les coordonnées, les notes, les commentaires du diagnostic, "
            "les plans "
            "imprimés et l'historique détaillé de cette personne seront effacés définitivement. Les "
            "dates, le "
            "parcours et le motif de sortie restent pour les bilans.",
            yes="Anonymiser définitivement",
            no="Annuler",
            then=self._anonymise,
        )

    def _anonymise(self) -> None:
        if self.detail is None:
            return
        dossier_id, author = self.detail.dossier.id, self.author_id

        def done(detail: DossierDetail) -> None:
            self.person.load(PersonDraft.of(detail.person))
            self._after("Dossier anonymisé.")(detail)

        self._runner.run(
            lambda: self._service.anonymise(dossier_id, author_id=author, today=date.today()),
            done,
            self._refuse,
        )

    def _consent(self) -> None:
        if self.detail is None:
            return
        message = (
            "Accord de partage retiré."
            if self.detail.dossier.share_consent
            else "Accord de partage enregistré."
        )
        self._open_step(ConsentDialog, message)
        if self.dialog is not None:
            self.dialog.succeeded.connect(
                lambda _detail: self.plan.load_again()
            )  # what the plan shows changed

    def _request_diagnostic(self) -> None:
        if self.detail is not None:
            self.diagnostic_requested.emit(self.detail.dossier.id)

    def request_back(self) -> None:
        self.confirm_leave(self.back_requested.emit)

    # --- saving -------------------------------------------------------------------------------------

    def _after(self, message: str) -> Callable[[DossierDetail], None]:
        def done(detail: DossierDetail) -> None:
            self.show_detail(detail)
            self.changed.emit(message)

        return done

    def _undo_person(self) -> None:
        if self.detail is not None:
            self.person.load(PersonDraft.of(self.detail.person))

    def _save_person(self) -> None:
        if self.detail is None:
            return
        dossier_id, draft, author = self.detail.dossier.id, self.person.draft(), self.author_id
        self.person_error.hide()

        def saved(detail: DossierDetail) -> None:
            self.person.load(PersonDraft.of(detail.person))
            self._after("Identité et coordonnées enregistrées.")(detail)

        def refused(error: UserError) -> None:
            if isinstance(error, InvalidFields) and self.person.errors.show(error.errors):
                return
            self.person_error.setText(str(error))
            self.person_error.show()

        self._runner.run(
            lambda: self._service.update_person(dossier_id, draft, author_id=author, today=date.today()),
            saved,
            refused,
        )

    def _save_note(self) -> None:
        if self.detail is None:
            return
        text, author, note_id = self.note_editor.toPlainText(), self.author_id, self._editing_note
        dossier_id = self.detail.dossier.id
        self.note_error.hide()

        def saved(detail: DossierDetail) -> None:
            self._stop_note_edit()
            self._after("Note modifiée." if note_id else "Note ajoutée au journal.")(detail)

        def refused(error: UserError) -> None:
            self.note_error.setText(str(error))
            self.note_error.show()

        if note_id is None:
            self._runner.run(
                lambda: self._service.add_note(dossier_id, text, author_id=author), saved, refused
            )
        else:
            self._runner.run(lambda: self._service.edit_note(note_id, text, author_id=author), saved, refused)

    def _start_note_edit(self) -> None:
        line = self._selected_note()
        if line is None:
            return
        self._editing_note = line.note.id
        self.note_editor.setPlainText(line.note.text)
        self.note_editor.setAccessibleName("Modification de la note")
        self.save_note.setText("Enregistrer la modification")
        self.cancel_note.show()
        self.note_editor.setFocus()

    def _stop_note_edit(self) -> None:
        self._editing_note = None
        self.note_editor.clear()
        self.note_editor.setAccessibleName("Nouvelle note")
        self.save_note.setText("Ajouter la note")
        self.cancel_note.hide()
        self.note_error.hide()

    # --- lifecycle steps ----------------------------------------------------------------------------

    def _refuse(self, error: RuleError | Exception) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Étape impossible", str(error), parent=self)
        self.message_box = box
        box.open()

    def _open_step(self, dialog_type: StepFactory, message: str) -> None:
        if self.detail is None:
            return
        dialog = dialog_type(self._service, self._runner, self.detail, self.author_id, self)
        dialog.succeeded.connect(self._after(message))
        self.dialog = dialog
        dialog.open()

    def _start_diagnostic(self) -> None:
        if self.detail is None:
            return
        dossier_id, author = self.detail.dossier.id, self.author_id
        self._runner.run(
            lambda: self._service.start_diagnostic(dossier_id, author_id=author, today=date.today()),
            self._after("Diagnostic partagé commencé."),
            self._refuse,
        )

    def _enter(self) -> None:
        if self.detail is None:
            return
        dossier = self.detail.dossier
        try:
            rules.check_transition(
                dossier.status,
                DossierStatus.ACCOMPAGNEMENT,
                diagnostic_validated=dossier.diagnostic_validated_on is not None,
            )
        except RuleError as error:
            self._refuse(error)
            return
        self._open_step(EnterDialog, "Entrée en accompagnement enregistrée.")

    def _renew(self) -> None:
        if self.detail is None:
            return
        dossier = self.detail.dossier
        try:
            rules.renewed_end(
                status=dossier.status, planned_end=dossier.planned_end, renewed=dossier.renewed, months=1
            )
        except RuleError as error:
            self._refuse(error)
            return
        self._open_step(RenewDialog, "Renouvellement enregistré.")

    def _exit(self) -> None:
        self._open_step(ExitDialog, "Sortie enregistrée.")

    def _reopen(self) -> None:
        self._open_step(ReopenDialog, "Dossier rouvert.")
