"""The Dossiers place, first part: the caseload of each of my binômes against its target (70–100 by default).

The level is said in words and with a symbol, not by colour alone, so it reads in colour-blind and
high-contrast modes. The case list itself (issue "case list") lands below this summary.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from accomp_desktop.domain.enums import DossierStatus
from accomp_desktop.domain.rules import CaseloadLevel
from accomp_desktop.services.directory import BinomeCaseload, DirectoryService
from accomp_desktop.ui.tasks import Runner

LEVEL_TEXT = {
    CaseloadLevel.UNDER: "▽ sous la cible",
    CaseloadLevel.WITHIN: "✓ dans la cible",
    CaseloadLevel.OVER: "▲ au-dessus de la cible",
}


def caseload_sentence(item: BinomeCaseload) -> str:
    active = item.counts.active
    plural = "s" if active > 1 else ""
    target = f"{item.binome.target_min} à {item.binome.target_max}"
    return f"{active} dossier{plural} actif{plural} — {LEVEL_TEXT[item.level]} ({target})"


class CaseloadView(QWidget):
    """One card per binôme of the current professional."""

    def __init__(self, directory: DirectoryService, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._directory = directory
        self._runner = runner
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel("Chargement…")
        self.status.setObjectName("sectionTitle")
        self.status.setWordWrap(True)  # the sentence for a professional in no binôme is long
        self._layout.addWidget(self.status)
        self.cards: list[QFrame] = []

    def load(self, professional_id: str) -> None:
        self._runner.run(lambda: self._directory.caseloads(professional_id), self._show)

    def _show(self, caseloads: list[BinomeCaseload]) -> None:
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        if not caseloads:
            self.status.setText(
                "Vous ne faites partie d'aucun binôme : vos dossiers apparaîtront ici dès que la "
                "coordination vous "
                "en aura attribué un. « Tous les dossiers » montre ceux du département (identité et statut)."
            )
            return
        self.status.setText("Ma file active")
        for item in caseloads:
            card = QFrame()
            card.setObjectName("card")
            card.setFrameShape(QFrame.Shape.StyledPanel)
            grid = QGridLayout(card)
            name = QLabel(f"<b>{item.binome.name}</b> — {item.binome.territory}")
            partner = item.partner.display_name if item.partner else "partenaire inconnu"
            grid.addWidget(name, 0, 0, 1, len(DossierStatus))
            grid.addWidget(QLabel(f"Avec {partner}"), 1, 0, 1, len(DossierStatus))
            level = QLabel(caseload_sentence(item))
            level.setObjectName(f"caseload_{item.level.value}")
            grid.addWidget(level, 2, 0, 1, len(DossierStatus))
            for column, status in enumerate(DossierStatus):
                count = item.counts.by_status.get(status, 0)
                grid.addWidget(QLabel(f"{status.label} : <b>{count}</b>"), 3, column)
            self._layout.addWidget(card)
            self.cards.append(card)
