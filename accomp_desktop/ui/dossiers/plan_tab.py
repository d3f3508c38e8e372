"""The "Plan d'action" tab of a dossier: objectives and actions of both sides, their order, and the printed
plan.

Actions are listed in the plan's order; drag a row or press Ctrl+↑ / Ctrl+↓ to move it. Deadlines passed or
within a week are marked in words and colour. "Imprimer le plan…" renders the PDF on the worker thread, sends
it through Qt's print dialog and, once printed, keeps it in the dossier as handed to the person. "Voir le plan
en PDF" opens it in the system's viewer: a preview, kept only when the professional says it was handed over.
Issued plans stay listed to be re-opened.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain.enums import ActionStatus, CarrierKind, Side
from accomp_desktop.domain.errors import FileNotWritten
from accomp_desktop.domain.model import Action, IssuedPlan
from accomp_desktop.domain.validation import format_date
from accomp_desktop.services.plan import ActionDraft, PlanDraft, PlanService, PlanSheet
from accomp_desktop.ui.dossiers.action_table_model import ActionTableModel
from accomp_desktop.ui.tasks import Runner, UserError
from accomp_desktop.ui.widgets.fields import label_for
from accomp_desktop.ui.widgets.forms import DATE_HINT, combo, error_label, line_edit, text_edit
from accomp_desktop.ui.widgets.pdf_printing import (
    PrintingFailed,
    choose_printer,
    open_in_viewer,
    print_pdf,
    write_temp_pdf,
)
from accomp_desktop.ui.widgets.service_dialog import ServiceDialog

PLAN_ROLE = int(Qt.ItemDataRole.UserRole)


class ActionDialog(ServiceDialog):
    """Create or change one action."""

    def __init__(
        self,
        service: PlanService,
        runner: Runner,
        sheet: PlanSheet,
        author_id: str,
        action: Action | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Modifier l'action" if action else "Nouvelle action", "Enregistrer", runner, parent)
        self.setMinimumWidth(560)
        self._service, self._sheet, self._author_id = service, sheet, author_id
        self._action_id = action.id if action else None
        self.label = text_edit(
            "Intitulé de l'action", placeholder="Ce qui sera fait, concrètement…", height=60, enter_saves=True
        )
        # Each professional defines the actions of his own side (the service refuses the others).
        sides = [s for s in Side if s in sheet.writable_sides or (action is not None and s is action.side)]
        self.side = combo("Côté", [(s.label, s.value) for s in sides])
        self.carrier = combo("Porté par", [(c.label, c.value) for c in CarrierKind])
        self.carrier_name = line_edit(
            "Structure partenaire", placeholder="CCAS, mission locale, organisme…", max_length=200
        )
        self.objective = combo(
            "Objectif", [("Aucun objectif", None), *[(o.label, o.id) for o in sheet.objectives]]
        )
        self.start_date = line_edit("Date de début", placeholder=DATE_HINT, max_length=12)
        self.due_date = line_edit("Échéance", placeholder=DATE_HINT, max_length=12)
        self.status = combo("Statut", [(s.label, s.value) for s in ActionStatus])
        self.result_note = text_edit("Résultat", placeholder="Ce qui en est sorti…", height=50)
        self.errors.add(self.form, "label", "Action", self.label)
        self.form.addRow("Côté", self.side)
        self.form.addRow("Porté par", self.carrier)
        self.errors.add(self.form, "carrier_name", "Structure", self.carrier_name)
        self.form.addRow("Objectif", self.objective)
        self.errors.add(self.form, "start_date", "Début", self.start_date)
        self.errors.add(self.form, "due_date", "Échéance", self.due_date)
        self.form.addRow("Statut", self.status)
        self.errors.add(self.form, "result_note", "Résultat", self.result_note)
        if action is not None:
            self.label.setPlainText(action.label)
            self.side.setCurrentIndex(self.side.findData(action.side.value))
            self.carrier.setCurrentIndex(self.carrier.findData(action.carrier.value))
            self.carrier_name.setText(action.carrier_name)
            self.objective.setCurrentIndex(max(self.objective.findData(action.objective_id), 0))
            self.start_date.setText(format_date(action.start_date))
            self.due_date.setText(format_date(action.due_date))
            self.status.setCurrentIndex(self.status.findData(action.status.value))
            self.result_note.setPlainText(action.result_note)
        self._loaded = self.draft()

    def draft(self) -> ActionDraft:
        return ActionDraft(
            label=self.label.toPlainText(),
            side=Side(self.side.currentData()),
            carrier=CarrierKind(self.carrier.currentData()),
            status=ActionStatus(self.status.currentData()),
            carrier_name=self.carrier_name.text(),
            objective_id=self.objective.currentData(),
            start_date=self.start_date.text(),
            due_date=self.due_date.text(),
            result_note=self.result_note.toPlainText(),
            confirmed=self.confirmed,
        )

    def work(self) -> Callable[[], Any]:
        draft, dossier_id, action_id = self.draft(), self._sheet.dossier_id, self._action_id
        return lambda: self._service.save_action(
            dossier_id, draft, author_id=self._author_id, action_id=action_id
        )

    def is_dirty(self) -> bool:
        return self.draft() != self._loaded


class ObjectiveDialog(ServiceDialog):
    """An objective chosen from the référentiel's list for a theme, or written freely."""

    def __init__(
        self,
        service: PlanService,
        runner: Runner,
        dossier_id: str,
        author_id: str,
        sides: tuple[Side, ...],
        parent: QWidget | None = None,
    ) -> None:
        """``sides``: those whose objectives the author may add (the conseiller the emploi side, the
        travailleur social the social side)."""
        super().__init__("Nouvel objectif", "Ajouter l'objectif", runner, parent)
        self.setMinimumWidth(520)
        self._service, self._dossier_id, self._author_id = service, dossier_id, author_id
        self.theme = combo(
            "Thème", [(t.label, t.code) for t in service.referentiel.themes if t.side in sides]
        )
        self.label = QComboBox()
        self.label.setEditable(True)
        self.label.setAccessibleName("Objectif")
        self.theme.currentIndexChanged.connect(self._fill_objectives)
        self.form.addRow("Thème", self.theme)
        self.errors.add(self.form, "label", "Objectif", self.label)
        self._fill_objectives()

    def _fill_objectives(self) -> None:
        typed = self.label.currentText()
        self.label.clear()
        if self.theme.currentData() is not None:
            self.label.addItems(list(self._service.referentiel.theme(self.theme.currentData()).objectives))
        self.label.setEditText(typed)

    def work(self) -> Callable[[], Any]:
        theme, label = self.theme.currentData(), self.label.currentText()
        return lambda: self._service.add_objective(
            self._dossier_id, theme_code=theme, label=label, author_id=self._author_id
        )


class PlanTab(QWidget):
    changed = Signal(str)  # a sentence for the status bar

    def __init__(self, service: PlanService, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self.sheet: PlanSheet | None = None
        self.reference = ""
        self.author_id = ""
        self.dialog: ServiceDialog | None = None
        self.open_file: Callable[[Path], None] = lambda path: open_in_viewer(path, self)  # tests: replaced
        self.choose_printer: Callable[[QWidget | None], QPrinter | None] = choose_printer
        self.last_pdf: Path | None = None
        self._to_printer = False

        self.model = ActionTableModel()
        self.model.move_requested.connect(self.move_action)
        self.table = QTableView()
        self.table.setAccessibleName("Actions du plan")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, the arrows move inside it
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 80), (2, 170), (3, 95), (4, 190), (5, 110)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _index: self.edit_action())
        for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda step=step: self.move_selected(step))

        self.summary = QLabel()
        self.new_action = QPushButton("Nouvelle action…")
        self.new_action.clicked.connect(lambda: self.edit_action(new=True))
        self.edit_button = QPushButton("Modifier…")
        self.edit_button.clicked.connect(lambda: self.edit_action())
        self.new_objective = QPushButton("Nouvel objectif…")
        self.new_objective.clicked.connect(self.add_objective)
        self.with_confidential = QCheckBox(
            "Inclure ce qui répond à un frein confidentiel (pour cette impression)"
        )
        self.with_confidential.setVisible(False)  # offered only to who may print it, once the plan is read
        self.hidden_note = QLabel()
        self.hidden_note.setObjectName("hint")
        self.hidden_note.setWordWrap(True)
        self.hidden_note.hide()
        self.print_button = QPushButton("Imprimer le plan…")
        self.print_button.clicked.connect(lambda: self.print_plan(to_printer=True))
        self.pdf_button = QPushButton("Voir le plan en PDF")
        self.pdf_button.clicked.connect(lambda: self.print_plan(to_printer=False))
        self.preview: PlanDraft | None = None  # the plan last shown in the viewer, not (yet) handed over
        self.handed_button = QPushButton("Noter comme remis à la personne")
        self.handed_button.setToolTip(
            "Le plan affiché a été remis (imprimé ailleurs, envoyé) : il est gardé dans le "
            "dossier avec sa version et sa date."
        )
        self.handed_button.setEnabled(False)
        self.handed_button.clicked.connect(self.hand_over)
        self.print_error = error_label()
        self.issued = QListWidget()
        self.issued.setAccessibleName("Plans remis à la personne")
        self.issued.setMaximumHeight(90)
        self.issued.itemActivated.connect(self.reopen)
        self.issued.itemDoubleClicked.connect(self.reopen)

        buttons = QHBoxLayout()
        for button in (self.new_action, self.edit_button, self.new_objective):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.summary)
        printing = QHBoxLayout()
        printing.addWidget(self.print_button)
        printing.addWidget(self.pdf_button)
        printing.addWidget(self.handed_button)
        printing.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.hidden_note)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(self.with_confidential)  # its own line: the whole sentence shows on a laptop screen
        layout.addLayout(printing)
        layout.addWidget(self.print_error)
        layout.addWidget(
            label_for("Plans remis à la personne (double-clic ou Entrée pour rouvrir) :", self.issued)
        )
        layout.addWidget(self.issued)

    # --- loading ------------------------------------------------------------------------------------

    def load(self, dossier_id: str, reference: str, author_id: str) -> None:
        if self.sheet is None or self.sheet.dossier_id != dossier_id or author_id != self.author_id:
            self.with_confidential.setChecked(False)  # a print choice never carries over to another dossier
            self.preview = None  # nor does a preview waiting to be noted as handed over
            self.handed_button.setEnabled(False)
        self.reference, self.author_id = reference, author_id
        self._runner.run(lambda: self._service.sheet(dossier_id, viewer_id=author_id), self.show_sheet)

    def show_sheet(self, sheet: PlanSheet) -> None:
        selected = self._selected()
        self.sheet = sheet
        today = date.today()
        self.model.set_plan(list(sheet.actions), list(sheet.objectives), today, followed=sheet.followed)
        overdue, soon = len(sheet.overdue(today)), len(sheet.due_soon(today))
        self.summary.setText(
            f"{len(sheet.actions)} action{'s' if len(sheet.actions) > 1 else ''} · "
            f"⚠ {overdue} en retard · ◷ {soon} à échéance dans la semaine"
        )
        if selected is not None:
            ids = [a.id for a in sheet.actions]
            if selected.id in ids:
                self.table.selectRow(ids.index(selected.id))
        self.with_confidential.setVisible(sheet.may_include_confidential)
        if not sheet.may_include_confidential:
            self.with_confidential.setChecked(False)
        for button in (self.new_action, self.new_objective):
            button.setEnabled(bool(sheet.writable_sides))
            button.setToolTip(
                "" if sheet.writable_sides else "Votre fonction ne permet pas de modifier le plan."
            )
        plural = "s" if sheet.hidden > 1 else ""
        self.hidden_note.setText(
            f"{sheet.hidden} objectif{plural} ou action{plural} du volet social non partagé{plural} avec "
            "vous "
            "(accord de la personne non recueilli, ou élément confidentiel)."
        )
        self.hidden_note.setVisible(sheet.hidden > 0)
        self.issued.clear()
        for plan in sheet.issued:
            readable = plan.id in sheet.reopenable
            item = QListWidgetItem(
                self._issued_text(plan)
                + ("" if readable else " — contient le volet social non partagé avec vous")
            )
            item.setData(PLAN_ROLE, plan.id)
            if not readable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.issued.addItem(item)

    @staticmethod
    def _issued_text(plan: IssuedPlan) -> str:
        extra = " — avec éléments confidentiels" if plan.with_confidential else ""
        return f"Version {plan.version}, remise le {format_date(plan.issued_on)}{extra}"

    def _selected(self) -> Action | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.actions[rows[0].row()] if rows else None

    # --- editing ------------------------------------------------------------------------------------

    def _done(self, message: str) -> Callable[[PlanSheet], None]:
        def done(sheet: PlanSheet) -> None:
            self.show_sheet(sheet)
            self.changed.emit(message)

        return done

    def edit_action(self, *, new: bool = False) -> None:
        if self.sheet is None:
            return
        action = None if new else self._selected()
        if not new and action is None:
            return
        dialog = ActionDialog(self._service, self._runner, self.sheet, self.author_id, action, self)
        dialog.succeeded.connect(self._done("Action enregistrée."))
        self.dialog = dialog
        dialog.open()

    def add_objective(self) -> None:
        if self.sheet is None:
            return
        dialog = ObjectiveDialog(
            self._service,
            self._runner,
            self.sheet.dossier_id,
            self.author_id,
            self.sheet.writable_sides,
            self,
        )
        dialog.succeeded.connect(self._done("Objectif ajouté."))
        self.dialog = dialog
        dialog.open()

    def move_action(self, action_id: str, row: int) -> None:
        if self.sheet is None:
            return
        dossier_id, author = self.sheet.dossier_id, self.author_id
        self._runner.run(
            lambda: self._service.move(dossier_id, action_id, row, author_id=author), self._moved
        )

    def _moved(self, sheet: PlanSheet) -> None:
        self.show_sheet(sheet)

    def move_selected(self, step: int) -> None:
        action = self._selected()
        if action is None or self.sheet is None:
            return
        row = [a.id for a in self.sheet.actions].index(action.id) + step
        if 0 <= row < len(self.sheet.actions):
            self.move_action(action.id, row)

    # --- printing -----------------------------------------------------------------------------------

    def print_plan(self, *, to_printer: bool) -> None:
        """Prepare the plan, then print it (kept in the dossier as « remis » once sent to the printer) or show
        it in the viewer (a preview: kept only if the professional then says it was handed over)."""
        if self.sheet is None:
            return
        self.print_error.hide()
        self._to_printer = to_printer
        for button in (self.print_button, self.pdf_button, self.handed_button):
            button.setEnabled(False)
        self.print_button.setText("Préparation du plan…")
        dossier_id, author = self.sheet.dossier_id, self.author_id
        confidential = self.sheet.may_include_confidential and self.with_confidential.isChecked()

        def work() -> tuple[PlanDraft, Path]:
            draft = self._service.render(
                dossier_id, with_confidential=confidential, author_id=author, today=date.today()
            )
            return draft, self._write(draft.pdf, draft.version)

        self._runner.run(work, self._prepared, self._print_failed)

    def _write(self, pdf: bytes, version: int) -> Path:
        return write_temp_pdf(pdf, f"plan-{self.reference}-v{version}.pdf")

    def _prepared(self, result: tuple[PlanDraft, Path]) -> None:
        draft, path = result
        self._restore_print_button()
        self.with_confidential.setChecked(False)  # a choice for one print only
        self.last_pdf = path
        if not self._to_printer:
            self.preview = draft
            self.handed_button.setEnabled(True)
            self.open_file(path)
            self.changed.emit(
                "Aperçu du plan : il sera noté comme remis une fois imprimé, ou avec « Noter comme "
                "remis à la personne »."
            )
            return
        printer = self.choose_printer(self)
        if printer is None:
            self.changed.emit("Impression annulée : rien n'est noté comme remis.")
            return
        try:
            pages = print_pdf(path.read_bytes(), printer)
        except (PrintingFailed, FileNotWritten) as error:
            self._print_failed(error)
            return
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
            self.preview = (
                draft  # a file is not paper in the person's hands: handed over when the professional says
            )
            self.handed_button.setEnabled(True)
            self.changed.emit(
                f"Plan d'action enregistré dans {printer.outputFileName()} ({pages} pages). Il sera "
                "noté comme remis avec « Noter comme remis à la personne »."
            )
            return
        self._keep(
            draft,
            f"Plan d'action version {draft.version} envoyé à l'imprimante ({pages} pages) et gardé "
            "dans le dossier comme remis à la personne.",
        )

    def hand_over(self) -> None:
        """The professional handed the previewed plan over (printed elsewhere, or sent): it is kept as «
        remis »."""
        if self.preview is not None:
            self._keep(
                self.preview, f"Plan d'action version {self.preview.version} noté comme remis à la personne."
            )

    def _keep(self, draft: PlanDraft, message: str) -> None:
        self.handed_button.setEnabled(False)

        def kept(_issued: IssuedPlan) -> None:
            self.preview = None
            self.load_again()
            self.changed.emit(message)

        self._runner.run(lambda: self._service.keep(draft), kept, self._print_failed)

    def _print_failed(self, error: UserError) -> None:
        self._restore_print_button()
        self.print_error.setText(str(error))
        self.print_error.show()

    def _restore_print_button(self) -> None:
        for button in (self.print_button, self.pdf_button):
            button.setEnabled(True)
        self.handed_button.setEnabled(self.preview is not None)
        self.print_button.setText("Imprimer le plan…")

    def load_again(self) -> None:
        if self.sheet is not None:
            self.load(self.sheet.dossier_id, self.reference, self.author_id)

    def reopen(self, item: QListWidgetItem) -> None:
        plan_id = item.data(PLAN_ROLE)
        version = next((p.version for p in self.sheet.issued if p.id == plan_id), 0) if self.sheet else 0

        viewer = self.author_id

        def work() -> Path:
            return self._write(self._service.issued_pdf(plan_id, viewer_id=viewer), version)

        self._runner.run(work, self.open_file, self._print_failed)
