"""The Dossiers place: the caseload of the professional's binômes, their week's deadlines and the case list;
it opens a dossier's page in place of the list (Escape comes back). The other places are ``ui.diagnostic``,
``ui.agenda`` and ``ui.admin``."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain.changes import Area, Changes
from accomp_desktop.domain.model import Deadline
from accomp_desktop.services.caselist import CaseListService
from accomp_desktop.services.directory import BinomeTeam, DirectoryService
from accomp_desktop.services.dossier_records import DossierDetail
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.services.plan import PlanService
from accomp_desktop.ui.dossiers.case_list import CaseListView
from accomp_desktop.ui.dossiers.caseload_view import CaseloadView
from accomp_desktop.ui.dossiers.deadlines_dialog import DeadlinesDialog
from accomp_desktop.ui.dossiers.dossier_page import DossierPage
from accomp_desktop.ui.dossiers.new_dossier_dialog import NewDossierDialog
from accomp_desktop.ui.tasks import Runner


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label


class DossiersPlace(QWidget):
    """The list of dossiers, and the page of the dossier being opened, in one stack."""

    message = Signal(str)  # a sentence for the status bar
    dossier_opened = Signal(str)  # dossier id: the other places follow the dossier being worked on
    teams_loaded = Signal(object)  # list[BinomeTeam]

    def __init__(
        self,
        directory: DirectoryService,
        cases: CaseListService,
        dossiers: DossierService,
        plan: PlanService,
        runner: Runner,
        theme_labels: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._directory = directory
        self._dossiers = dossiers
        self._runner = runner
        self._professional_id = ""
        self.teams: list[BinomeTeam] = []
        self.new_dialog: NewDossierDialog | None = None
        self.notice: QMessageBox | None = None

        self.caseload = CaseloadView(directory, runner)
        self.cases = CaseListView(cases, runner)
        self.cases.open_requested.connect(self.open_dossier)
        self._plan = plan
        self.deadlines_button = QPushButton("Mes échéances de la semaine")
        self.deadlines_button.clicked.connect(self.show_deadlines)
        self.deadlines_dialog: DeadlinesDialog | None = None
        self.new_button = QPushButton("Nouveau dossier…")
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.clicked.connect(self.new_dossier)
        heading = QHBoxLayout()
        heading.addWidget(_title("Dossiers"))
        heading.addStretch(1)
        heading.addWidget(self.deadlines_button)
        heading.addWidget(self.new_button)
        self.list_page = QWidget()
        column = QVBoxLayout(self.list_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(heading)
        column.addWidget(self.caseload)
        column.addWidget(self.cases, stretch=1)

        self.page = DossierPage(dossiers, plan, runner, theme_labels)
        self.page.back_requested.connect(self.show_list)
        self.page.refused.connect(self._refused)
        self.page.opened.connect(self.dossier_opened)
        self.page.changed.connect(self._dossier_changed)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list_page)
        self.stack.addWidget(self.page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def show_for(self, professional_id: str) -> None:
        self._professional_id = professional_id
        self.stack.setCurrentWidget(self.list_page)
        self.caseload.load(professional_id)
        self.cases.show_for(professional_id)
        self._runner.run(lambda: self._directory.teams(professional_id), self._got_teams)

    def refresh_directory(self) -> None:
        """Binômes or their members changed: the caseload, the teams and the list are read again (the page of
        an open dossier, and what is typed on it, stay as they are)."""
        professional_id = self._professional_id
        self.caseload.load(professional_id)
        self.cases.refresh_in_place()
        self._runner.run(lambda: self._directory.teams(professional_id), self._got_teams)

    def _got_teams(self, teams: list[BinomeTeam]) -> None:
        self.teams = teams
        self.cases.set_teams(teams)
        self.teams_loaded.emit(teams)

    def open_dossier(self, dossier_id: str) -> None:
        self.stack.setCurrentWidget(self.page)
        self.page.tabs.setFocus()
        self.page.load(dossier_id, self._professional_id)  # a refusal brings the list back (_refused)

    def _refused(self, why: str) -> None:
        """A dossier that may not (or no longer) be opened: said, and the list is shown again."""
        self.show_list()
        box = QMessageBox(QMessageBox.Icon.Information, "Dossier non accessible", why, parent=self)
        self.notice = box
        box.open()

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self.cases.table.setFocus()

    def _dossier_changed(self, message: str) -> None:
        self.message.emit(message)  # the list and the caseload follow the change itself (apply_changes)

    def apply_changes(self, changes: Changes) -> None:
        """What changed reaches the list (its rows read again, selection and scroll kept), the caseload and
        the open dossier's page (what is typed on it stays)."""
        if changes.touches(Area.DIRECTORY):
            self.refresh_directory()
        elif changes.touches(Area.PERSON, Area.DOSSIER, Area.DIAGNOSTIC, Area.PLAN, Area.AGENDA, Area.NOTES):
            self.cases.refresh_in_place()
            if changes.touches(Area.DOSSIER):
                self.caseload.load(self._professional_id)
        shown = self.page.detail.dossier.id if self.page.detail is not None else None
        if shown is None:
            return
        if changes.touches(
            Area.PERSON, Area.DOSSIER, Area.DIAGNOSTIC, Area.NOTES, Area.AGENDA, Area.DIRECTORY, dossier=shown
        ):
            self.page.reload()
        if changes.outside and changes.touches(Area.PLAN, dossier=shown):
            self.page.plan.load_again()  # this window's own plan changes are shown by the plan tab itself

    def show_deadlines(self) -> None:
        professional_id, today = self._professional_id, date.today()
        self._runner.run(
            lambda: self._plan.deadlines(professional_id, today),
            lambda found: self._open_deadlines(found, today),
        )

    def _open_deadlines(self, deadlines: list[Deadline], today: date) -> None:
        dialog = DeadlinesDialog(deadlines, today, self)
        dialog.open_requested.connect(self.open_dossier)
        self.deadlines_dialog = dialog
        dialog.open()

    def my_teams(self) -> list[BinomeTeam]:
        """The binômes I belong to: a dossier is opened by a professional of the binôme that will follow
        it."""
        return [team for team in self.teams if team.includes(self._professional_id)]

    def new_dossier(self) -> None:
        if not self.my_teams():
            message = (
                "Aucun binôme n'existe encore sur ce poste : un dossier est toujours suivi par un binôme "
                "conseiller / travailleur social. Un administrateur le crée (Administration, Ctrl+4)."
                if not self.teams
                else "Vous n'êtes membre d'aucun binôme : un dossier est ouvert par l'un des deux "
                "professionnels "
                "du binôme qui suivra la personne."
            )
            box = QMessageBox(QMessageBox.Icon.Information, "Nouveau dossier", message, parent=self)
            self.notice = box
            box.open()
            return
        self.page.confirm_leave(self._open_new_dialog)

    def _open_new_dialog(self) -> None:
        self.show_list()
        dialog = NewDossierDialog(
            self._dossiers, self._runner, teams=self.my_teams(), author_id=self._professional_id, parent=self
        )
        dialog.succeeded.connect(self._created)
        dialog.open_existing.connect(self.open_dossier)
        self.new_dialog = dialog
        dialog.open()

    def _created(self, detail: DossierDetail) -> None:
        self._dossier_changed(f"Dossier {detail.dossier.reference} créé pour {detail.person.display_name}.")
        self.stack.setCurrentWidget(self.page)
        self.page.author_id = self._professional_id
        self.page.show_detail(detail)
        self.page.tabs.setFocus()
