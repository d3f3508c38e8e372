"""The table model of a dossier's actions: one row per action, in the plan's order, deadlines made visible.

A dossier holds tens of actions, not thousands: the model keeps them all. Rows can be dragged to another
place; the model does not move anything itself, it asks (``move_requested``) and the page saves the new
order, then gives the model the plan as stored.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from accomp_desktop.domain.model import Action, Objective
from accomp_desktop.domain.validation import format_date
from accomp_desktop.services.plan import DUE_SOON_DAYS, OPEN

ModelIndex = QModelIndex | QPersistentModelIndex
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ID_ROLE = int(Qt.ItemDataRole.UserRole)
MIME = "application/x-accomp-action-row"
HEADERS = ("Action", "Côté", "Porté par", "Début", "Échéance", "Statut")
OVERDUE_BACKGROUND = QColor("#fbdada")
SOON_BACKGROUND = QColor("#fff4ce")


class ActionTableModel(QAbstractTableModel):
    move_requested = Signal(str, int)  # action id, row to move it to

    def __init__(self) -> None:
        super().__init__()
        self.actions: list[Action] = []
        self._objectives: dict[str, str] = {}
        self.today = date.today()
        self.followed = True  # an exited dossier has no late actions

    def set_plan(
        self, actions: list[Action], objectives: list[Objective], today: date, *, followed: bool = True
    ) -> None:
        self.beginResetModel()
        self.actions = actions
        self._objectives = {o.id: o.label for o in objectives}
        self.today, self.followed = today, followed
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.actions)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def deadline(self, action: Action) -> str:
        """ "overdue", "soon" or "" for an open action with a due date."""
        if not self.followed or action.status not in OPEN or action.due_date is None:
            return ""
        days = (action.due_date - self.today).days
        return "overdue" if days < 0 else "soon" if days <= DUE_SOON_DAYS else ""

    def data(self, index: ModelIndex, role: int = DISPLAY) -> object:
        if not index.isValid():
            return None
        action = self.actions[index.row()]
        column = index.column()
        if role == DISPLAY:
            if column == 0:
                return action.label
            if column == 1:
                return action.side.label
            if column == 2:
                return action.carrier_name or action.carrier.label
            if column == 3:
                return format_date(action.start_date) or "—"
            if column == 4:
                due = format_date(action.due_date) or "—"
                state = self.deadline(action)
                # Said in words, not only by colour.
                return (
                    f"⚠ {due} (en retard)"
                    if state == "overdue"
                    else f"◷ {due} (bientôt)"
                    if state == "soon"
                    else due
                )
            return action.status.label
        if role == BACKGROUND and column == 4:
            state = self.deadline(action)
            return OVERDUE_BACKGROUND if state == "overdue" else SOON_BACKGROUND if state == "soon" else None
        if role == TOOLTIP and column == 0:
            objective = self._objectives.get(action.objective_id or "")
            return f"{action.label}\nObjectif : {objective}" if objective else action.label
        if role == ID_ROLE:
            return action.id
        return None

    # --- drag and drop to reorder -------------------------------------------------------------------

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        if indexes:
            data.setData(MIME, str(indexes[0].row()).encode("ascii"))
        return data

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: ModelIndex
    ) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME):
            return False
        source = int(bytes(data.data(MIME).data()).decode("ascii"))
        target = row if row >= 0 else parent.row() if parent.isValid() else len(self.actions)
        if target > source:
            target -= 1  # the dragged row leaves its place first
        if 0 <= source < len(self.actions) and target != source:
            self.move_requested.emit(self.actions[source].id, target)
        return False  # nothing for the view to remove: the plan comes back from the database
