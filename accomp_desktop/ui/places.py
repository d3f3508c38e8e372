"""The three places the professional moves between: Dossiers, Diagnostic, Agenda.

Each place is a page of the workspace's stack. Diagnostic and Agenda say plainly what they will hold
until their issues land; Dossiers shows the caseload of the professional's binômes and the case list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from accomp_desktop.services.caselist import CaseListService
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.ui.case_list import CaseListView
from accomp_desktop.ui.caseload_view import CaseloadView
from accomp_desktop.ui.tasks import Runner


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label


class DossiersPlace(QWidget):
    def __init__(
        self, directory: DirectoryService, cases: CaseListService, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.caseload = CaseloadView(directory, runner)
        self.cases = CaseListView(cases, runner)
        layout = QVBoxLayout(self)
        layout.addWidget(_title("Dossiers"))
        layout.addWidget(self.caseload)
        layout.addWidget(self.cases, stretch=1)

    def show_for(self, professional_id: str) -> None:
        self.caseload.load(professional_id)
        self.cases.show_for(professional_id)


class EmptyPlace(QWidget):
    """A place whose content arrives with a later issue: it says so instead of pretending."""

    def __init__(self, title: str, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        text = QLabel(explanation)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(title))
        layout.addWidget(text)
        layout.addStretch(1)


def diagnostic_place() -> EmptyPlace:
    return EmptyPlace(
        "Diagnostic partagé",
        "Ici, le conseiller et le travailleur social rempliront ensemble le diagnostic emploi / social "
        "d'un dossier. Cet écran n'est pas encore disponible dans cette version.",
    )


def agenda_place() -> EmptyPlace:
    return EmptyPlace(
        "Agenda",
        "Ici s'afficheront vos rendez-vous et ceux de votre binôme, dont les rendez-vous tripartites. "
        "Cet écran n'est pas encore disponible dans cette version.",
    )
