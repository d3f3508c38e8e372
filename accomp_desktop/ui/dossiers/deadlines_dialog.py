""" "Mes échéances de la semaine": the open actions overdue or due within a week, across all my dossiers.

Enter or a double click opens the dossier of the chosen line.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain.model import Deadline
from accomp_desktop.domain.validation import format_date
from accomp_desktop.ui.widgets.fields import list_view

DOSSIER_ROLE = int(Qt.ItemDataRole.UserRole)


class DeadlinesDialog(QDialog):
    open_requested = Signal(str)  # dossier id

    def __init__(self, deadlines: list[Deadline], today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mes échéances de la semaine")
        self.resize(860, 440)
        overdue = sum(1 for d in deadlines if d.due_date < today)
        heading = QLabel(
            f"{len(deadlines)} action{'s' if len(deadlines) > 1 else ''} à suivre, dont {overdue} en retard."
            if deadlines
            else "Aucune échéance cette semaine dans vos dossiers."
        )
        heading.setObjectName("sectionTitle")
        self.tree = list_view(
            "Échéances de la semaine",
            ["Échéance", "Personne", "Action", "Porté par", "Dossier"],
            (190, 190, 260, 150),
        )
        first: QTreeWidgetItem | None = None
        for deadline in deadlines:
            late = deadline.due_date < today
            when = (
                f"⚠ {format_date(deadline.due_date)} (en retard)" if late else format_date(deadline.due_date)
            )
            item = QTreeWidgetItem(
                [when, deadline.person, deadline.action, deadline.carrier.label, deadline.reference]
            )
            item.setData(0, DOSSIER_ROLE, deadline.dossier_id)
            item.setToolTip(2, deadline.action)
            self.tree.addTopLevelItem(item)
            first = first or item
        self.tree.itemActivated.connect(self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tree, stretch=1)
        layout.addWidget(buttons)
        if first is not None:
            self.tree.setCurrentItem(first)

    def _open(self, item: QTreeWidgetItem) -> None:
        self.open_requested.emit(item.data(0, DOSSIER_ROLE))
        self.accept()
