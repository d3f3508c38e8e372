"""The audit log viewer: who opened or changed which part of which dossier, and a check of its integrity."""

from __future__ import annotations

from datetime import UTC

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.services.audit import AuditLine, AuditService, ChainCheck
from accomp_desktop.ui.tasks import Runner
from accomp_desktop.ui.widgets.fields import list_view


class AuditDialog(QDialog):
    def __init__(
        self, service: AuditService, runner: Runner, viewer_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Journal d'audit")
        self.resize(860, 520)
        self._service, self._runner = service, runner
        intro = QLabel(
            "Chaque consultation des parties sensibles d'un dossier et chaque modification sont "
            "enregistrées ici (qui, quand, quel dossier, quelle partie — jamais leur contenu), "
            "pendant 12 mois. Un administrateur du dispositif voit tout le journal ; chaque professionnel "
            "voit celui des dossiers de ses binômes et ses propres accès."
        )
        intro.setWordWrap(True)
        self.tree = list_view(
            "Entrées du journal d'audit",
            ["N°", "Quand", "Qui", "Dossier", "Partie", "Action"],
            (60, 140, 180, 120, 200),
        )
        self.check_result = QLabel()
        self.check_result.setWordWrap(True)
        self.check_result.setObjectName("sectionTitle")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.verify_button: QPushButton = buttons.addButton(
            "Vérifier l'intégrité", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.verify_button.clicked.connect(self.verify)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, stretch=1)
        layout.addWidget(self.check_result)
        layout.addWidget(buttons)
        self._runner.run(lambda: self._service.lines(viewer_id=viewer_id), self._show)

    def _show(self, lines: list[AuditLine]) -> None:
        self.tree.clear()
        for line in lines:
            when = line.at.replace(tzinfo=UTC).astimezone().strftime("%d/%m/%Y %H:%M")
            self.tree.addTopLevelItem(
                QTreeWidgetItem([str(line.seq), when, line.who, line.dossier, line.part, line.action])
            )

    def verify(self) -> None:
        self._runner.run(self._service.verify, self._verified)

    def _verified(self, check: ChainCheck) -> None:
        self.check_result.setText(("✓ " if check.ok else "⚠ ") + check.sentence)
