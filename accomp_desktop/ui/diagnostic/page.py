"""The shared diagnostic editor: both sides on one scrollable page, a theme index, saved as it is typed.

There is no Save button. The first change after a save starts a short timer; when it fires (at most
``autosave_delay_ms`` later, a setting: 800 ms unless changed) every changed block is saved on the worker
thread, so a crash loses at most about a second of typing. Leaving a text field, switching dossier and closing
the window save at once. A save that fails (locked or full disk) says so, keeps the text and tries again.
Ticks, levels and confidentiality can be undone with Ctrl+Z; text fields undo their own typing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain.changes import Area, Changes
from accomp_desktop.domain.diagnostic import side_of
from accomp_desktop.domain.enums import Side
from accomp_desktop.domain.model import Professional
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.validation import format_date
from accomp_desktop.services.diagnostic import DiagnosticService, DiagnosticSheet
from accomp_desktop.ui.diagnostic.dialogs import EvolutionDialog, HistoryDialog, ValidateDialog
from accomp_desktop.ui.diagnostic.sections import Step, TextSection, ThemeSection
from accomp_desktop.ui.tasks import Runner, UserError
from accomp_desktop.ui.widgets.chips import SYMBOL, chips_html, chips_plain

AUTOSAVE_MS = 800
RETRY_MS = 5000
TEXTS = "texts"
TARGET_ROLE = int(Qt.ItemDataRole.UserRole)


class _UndoStep(QUndoCommand):
    """A change already made by the user: pushing it must not apply it a second time."""

    def __init__(self, step: Step) -> None:
        super().__init__(step[0])
        self._undo, self._redo = step[1], step[2]
        self._first = True

    def undo(self) -> None:
        self._undo()

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._redo()


def _local(value: datetime) -> str:
    return value.replace(tzinfo=UTC).astimezone().strftime("%d/%m/%Y à %H:%M")


class DiagnosticPage(QWidget):
    changed = Signal(str)  # a sentence for the status bar
    saved = Signal()  # every pending change reached the database

    def __init__(
        self,
        service: DiagnosticService,
        referentiel: Referentiel,
        runner: Runner,
        *,
        autosave_ms: int = AUTOSAVE_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.autosave_ms = autosave_ms  # the setting autosave_delay_ms
        self._service = service
        self._runner = runner
        self.referentiel = referentiel
        self.professional: Professional | None = None
        self.sheet: DiagnosticSheet | None = None
        self.dossier_id = ""
        self._dirty: set[str] = set()
        self._active = False
        self._saving = 0
        self.undo_stack = QUndoStack(self)

        self.empty = QLabel(
            "Ouvrez un dossier depuis la liste (Ctrl+1) : son diagnostic partagé s'affichera ici."
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.save_state = QLabel()
        self.save_state.setAccessibleName("État de l'enregistrement")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.validate_button = QPushButton("Valider le diagnostic…")
        self.evolution_button = QPushButton("Évolution depuis la validation…")
        self.history_button = QPushButton("Historique des modifications…")
        self.validate_button.clicked.connect(self.open_validation)
        self.evolution_button.clicked.connect(self.open_evolution)
        self.history_button.clicked.connect(self.open_history)
        self.dialog: QDialog | None = None
        buttons = QHBoxLayout()
        for button in (self.validate_button, self.evolution_button, self.history_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_state)

        self.index = QListWidget()
        self.index.setAccessibleName("Sommaire des thèmes")
        self.index.setFixedWidth(235)
        self.index.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.index.itemActivated.connect(self._go_to_item)
        self.index.itemClicked.connect(self._go_to_item)
        self.sections: dict[str, ThemeSection] = {}  # built when the page is first shown (~100 check boxes)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAccessibleName("Diagnostic partagé")

        self.content = QWidget()
        outer = QVBoxLayout(self.content)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.title)
        outer.addWidget(self.state)
        outer.addWidget(self.summary)
        outer.addLayout(buttons)
        row = QHBoxLayout()
        row.addWidget(self.index)
        row.addWidget(self.scroll_area, stretch=1)
        outer.addLayout(row, stretch=1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(autosave_ms)
        self._timer.timeout.connect(self.flush)
        for label, shortcut, make in (
            ("Annuler", QKeySequence.StandardKey.Undo, self.undo_stack.createUndoAction),
            ("Rétablir", QKeySequence.StandardKey.Redo, self.undo_stack.createRedoAction),
        ):
            action = make(self, label)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

    def _build_sheet(self) -> None:
        """The theme blocks and the shared texts, built once, the first time the page is shown: the start of
        the application does not pay for a page the professional may not open."""
        column = QVBoxLayout()
        for side, heading in ((Side.EMPLOI, "Volet emploi"), (Side.SOCIAL, "Volet social")):
            title = QLabel(heading)
            title.setObjectName("sectionTitle")
            column.addWidget(title)
            self._index_heading(heading, title)
            for theme in self.referentiel.diagnostic_themes(side):
                section = ThemeSection(theme)
                section.edited.connect(self._edited)
                section.left_field.connect(lambda _code: self.flush())
                column.addWidget(section)
                self.sections[theme.code] = section
                item = QListWidgetItem(f"   {theme.label}")
                item.setData(TARGET_ROLE, section)
                self.index.addItem(item)
        shared = QLabel("Points d'appui et parole de la personne")
        shared.setObjectName("sectionTitle")
        column.addWidget(shared)
        self._index_heading("Points d'appui et parole", shared)
        self.strengths = TextSection("Points d'appui", "Ses atouts, ses ressources, ce qui marche déjà…")
        self.wishes = TextSection("Parole de la personne", "Ce qu'elle souhaite, dit avec ses mots…")
        for text in (self.strengths, self.wishes):
            text.edited.connect(lambda: self._edited(TEXTS, None))
            text.left_field.connect(self.flush)
            column.addWidget(text)
        column.addStretch(1)
        body = QWidget()
        body.setLayout(column)
        self.scroll_area.setWidget(body)

    def _index_heading(self, text: str, target: QWidget) -> None:
        item = QListWidgetItem(text)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setData(TARGET_ROLE, target)
        self.index.addItem(item)

    def _go_to_item(self, item: QListWidgetItem) -> None:
        target = item.data(TARGET_ROLE)
        if isinstance(target, QWidget):
            self.scroll_area.verticalScrollBar().setValue(target.y())

    # --- loading ------------------------------------------------------------------------------------

    def set_professional(self, professional: Professional) -> None:
        self.professional = professional
        if self.sheet is not None:
            self.reload()  # what may be seen depends on who looks

    def set_active(self, active: bool) -> None:
        """Shown or left: the diagnostic is read only when the professional looks at it (reading it is logged
        in the audit as a consultation of the person's health, family, finances and housing)."""
        self._active = active
        if active and not self.sections:
            self._build_sheet()
        if active and self.dossier_id and (self.sheet is None or self.sheet.dossier_id != self.dossier_id):
            self.reload()
        elif not active:
            self.flush()  # leaving the editor saves at once

    def show_dossier(self, dossier_id: str) -> None:
        """Follow the dossier being worked on; its diagnostic is read now if shown, else when shown."""
        if dossier_id == self.dossier_id and self.sheet is not None:
            return
        self.flush()  # what was typed for the previous dossier is saved first
        self.dossier_id = dossier_id
        self.undo_stack.clear()
        if self._active:
            self.reload()

    def apply_changes(self, changes: Changes) -> None:
        """The dossier's state (consent, status), identity or binôme changed, or another process wrote its
        diagnostic: read again. This page's own saves are not news to it (what is typed is never
        overwritten)."""
        if not self.dossier_id:
            return
        if changes.touches(Area.DOSSIER, Area.PERSON, Area.DIRECTORY, dossier=self.dossier_id) or (
            changes.outside and changes.touches(Area.DIAGNOSTIC, dossier=self.dossier_id)
        ):
            self.reload()

    def reload(self) -> None:
        if self.dossier_id and self._active:
            dossier_id, viewer = self.dossier_id, self.professional.id if self.professional else ""
            self._runner.run(
                lambda: self._service.sheet(dossier_id, viewer_id=viewer), self._loaded, self._load_failed
            )

    def _load_failed(self, error: UserError) -> None:
        self.stack.setCurrentWidget(self.empty)
        self.empty.setText(str(error))

    def _loaded(self, sheet: DiagnosticSheet) -> None:
        if sheet.dossier_id != self.dossier_id:
            return  # the professional has moved to another dossier meanwhile
        self.sheet = sheet
        self.stack.setCurrentWidget(self.content)
        self.title.setText(f"Diagnostic partagé — {sheet.person_name}")
        if sheet.validated_on:
            state = f"Validé le {format_date(sheet.validated_on)} par le binôme, avec l'accord de la personne"
        else:
            state = "Pas encore validé : à valider ensemble, avec la personne, pour entrer en accompagnement"
        self.state.setText(f"Dossier {sheet.reference} · {sheet.status.label} · {state}")
        for code, section in self.sections.items():
            if code in self._dirty:
                continue  # never overwrite what is being typed
            entry = sheet.entries.get(code)
            author = ""
            if entry is not None and entry.audit is not None:
                name = sheet.authors.get(entry.audit.updated_by or "", "—")
                author = f"Renseigné par {name}, le {_local(entry.audit.updated_at)}"
            section.load(entry, author)
            section.set_hidden(sheet.hidden.get(code, ""))
        if TEXTS not in self._dirty:
            self.strengths.load(sheet.strengths)
            self.wishes.load(sheet.wishes)
        self.evolution_button.setEnabled(bool(sheet.validations))
        self._apply_rights()
        self._show_summary()

    def _apply_rights(self) -> None:
        mine = side_of(self.professional.role) if self.professional else None
        owners = {Side.EMPLOI: "rempli par le conseiller", Side.SOCIAL: "rempli par le travailleur social"}
        for code, section in self.sections.items():
            section.set_editable(
                section.theme.side is mine and code not in (self.sheet.hidden if self.sheet else {}),
                owners[section.theme.side],
            )

    def _show_summary(self) -> None:
        levels = {
            code: s.draft().level
            for code, s in self.sections.items()
            if self.sheet and (code in self.sheet.entries or code in self._dirty)
        }
        labels = {code: s.theme.label for code, s in self.sections.items()}
        self.summary.setText(chips_html(levels, labels))
        self.summary.setAccessibleDescription(chips_plain(levels, labels))
        for row in range(self.index.count()):
            item = self.index.item(row)
            target = item.data(TARGET_ROLE)
            if isinstance(target, ThemeSection):
                level = levels.get(target.theme.code)
                item.setText(f"   {SYMBOL[level] if level else '·'} {target.theme.label}")

    # --- validation, evolution, history -------------------------------------------------------------

    def open_validation(self) -> None:
        if self.sheet is None or self.professional is None:
            return
        self.flush()  # queued before the validation on the single worker: what was typed is validated too
        dialog = ValidateDialog(self._service, self._runner, self.sheet, self.professional.id, self)
        dialog.succeeded.connect(self._validated)
        self._show_dialog(dialog)

    def _validated(self, sheet: DiagnosticSheet) -> None:
        before = len(self.sheet.validations) if self.sheet else 0
        self._loaded(sheet)
        if len(sheet.validations) > before:  # the partner had approved the same content: validated
            self.changed.emit("Diagnostic partagé validé par les deux professionnels.")
        else:
            # Short: the status bar shares its line with the signed-in professional's name.
            self.changed.emit("Votre validation est enregistrée, en attente de celle de votre binôme.")

    def open_evolution(self) -> None:
        if self.sheet is not None and self.sheet.validations:
            self.flush()
            viewer = self.professional.id if self.professional else ""
            self._show_dialog(
                EvolutionDialog(self._service, self._runner, self.sheet, self.referentiel, viewer, self)
            )

    def open_history(self) -> None:
        if self.sheet is None:
            return
        self.flush()
        dossier_id, name = self.sheet.dossier_id, self.sheet.person_name
        viewer = self.professional.id if self.professional else ""
        self._runner.run(
            lambda: self._service.history(dossier_id, viewer_id=viewer),
            lambda lines: self._show_dialog(HistoryDialog(lines, name, self)),
        )

    def _show_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.open()

    # --- saving -------------------------------------------------------------------------------------

    def _edited(self, part: str, step: Step | None) -> None:
        if step is not None:
            self.undo_stack.push(_UndoStep(step))
        self._dirty.add(part)
        self.save_state.setText("Modifications en cours…")
        if not self._timer.isActive():
            self._timer.start(
                self.autosave_ms
            )  # not restarted by later keys: a save at most that long after the first
        if part != TEXTS:
            self._show_summary()

    def has_pending(self) -> bool:
        return bool(self._dirty) or self._saving > 0

    def flush(self) -> None:
        """Save every changed block now (on the worker thread)."""
        self._timer.stop()
        if not self._dirty or not self.dossier_id or self.professional is None:
            return
        dossier_id, author = self.dossier_id, self.professional.id
        parts, self._dirty = self._dirty, set()
        for part in parts:
            self._saving += 1
            self._runner.run(self._save_work(part, dossier_id, author), self._saved, self._failure_of(part))

    def _save_work(self, part: str, dossier_id: str, author: str) -> Callable[[], datetime]:
        """The save of one block, with its values read now, on the UI thread."""
        if part == TEXTS:
            strengths, wishes = self.strengths.text.toPlainText(), self.wishes.text.toPlainText()
            return lambda: self._service.save_texts(
                dossier_id, strengths=strengths, wishes=wishes, author_id=author
            )
        draft = self.sections[part].draft()
        return lambda: self._service.save_entry(dossier_id, draft, author_id=author)

    def _failure_of(self, part: str) -> Callable[[UserError], None]:
        return lambda error: self._save_failed(part, error)

    def _saved(self, at: datetime) -> None:
        self._saving -= 1
        if not self.has_pending():
            self.save_state.setText(f"✓ Enregistré à {at.replace(tzinfo=UTC).astimezone():%H:%M:%S}")
            self.saved.emit()

    def _save_failed(self, part: str, error: UserError) -> None:
        self._saving -= 1
        if isinstance(error, RuleError):
            # Refused for what it holds (a comment too long): said once, not retried — the same text would be
            # refused every 5 s. The text stays in its field; the next edit of the block saves it again.
            self.save_state.setText(f"⚠ Non enregistré : {error}")
            return
        self._dirty.add(part)  # a locked or full disk: kept, and tried again — nothing typed is dropped
        self.save_state.setText(f"⚠ Non enregistré : {error} Nouvel essai dans quelques secondes.")
        self._timer.start(RETRY_MS)
