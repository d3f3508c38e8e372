"""The agenda grid as assistive technologies see it: a list whose items are the appointments shown.

The grid paints its appointments itself (no child widgets), so a screen reader would find one unnamed picture.
This module gives Qt's accessibility layer an interface for the grid (role « liste ») with one child per
appointment block: its name says the day, the time, the type, the person and the attendance; its state says
whether it is the selected one. Qt asks for these only when an assistive technology is running.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAccessibleInterface, QWindow
from PySide6.QtWidgets import QAccessibleWidget

if TYPE_CHECKING:
    from accomp_desktop.ui.agenda.grid import AgendaGrid

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


class BlockAccessible(QAccessibleInterface):
    """One appointment of the grid, by its position in the grid's keyboard order."""

    def __init__(self, grid: AgendaGrid, parent: GridAccessible, index: int) -> None:
        super().__init__()
        self._grid, self._parent, self._index = grid, parent, index

    def isValid(self) -> bool:
        return self._index < len(self._grid.keyboard_order())

    # Qt takes a null pointer for « none » where PySide6's stubs promise an object: hence the ignores below.
    def object(self) -> QObject | None:  # type: ignore[override]  # a painted block, not a Qt object
        return None

    def window(self) -> QWindow | None:  # type: ignore[override]
        return self._grid.window().windowHandle()

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # type: ignore[override]  # noqa: ARG002
        return None

    def parent(self) -> QAccessibleInterface:
        return self._parent

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]  # noqa: ARG002
        return None

    def childCount(self) -> int:
        return 0

    def indexOfChild(self, child: QAccessibleInterface) -> int:  # noqa: ARG002
        return -1

    def text(self, kind: QAccessible.Text) -> str:
        order = self._grid.keyboard_order()
        if self._index >= len(order) or kind not in (QAccessible.Text.Name, QAccessible.Text.Description):
            return ""
        return describe(order[self._index][1]) if kind == QAccessible.Text.Name else "Entrée : ouvrir"

    def setText(self, kind: QAccessible.Text, text: str) -> None:
        pass

    def rect(self) -> QRect:
        order = self._grid.keyboard_order()
        if self._index >= len(order):
            return QRect()
        box = order[self._index][0].toRect()
        return QRect(self._grid.mapToGlobal(box.topLeft()), box.size())

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.ListItem

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        state.focusable = state.selectable = True
        order = self._grid.keyboard_order()
        selected = self._index < len(order) and order[self._index][1].id == self._grid.selected_id
        state.selected = state.focused = selected
        return state


class GridAccessible(QAccessibleWidget):
    """The grid: a list of its appointments (children created on demand, kept while the grid lives)."""

    def __init__(self, grid: AgendaGrid) -> None:
        super().__init__(grid, QAccessible.Role.List, "Grille de l'agenda")
        self._grid = grid
        self._children: dict[int, BlockAccessible] = {}

    def childCount(self) -> int:
        return len(self._grid.keyboard_order())

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        if not 0 <= index < self.childCount():
            return None
        if index not in self._children:
            self._children[index] = BlockAccessible(self._grid, self, index)
        return self._children[index]

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        return next((index for index, known in self._children.items() if known is child), -1)


def describe(item: object) -> str:
    """An appointment in one sentence: « mardi 24/11, de 14:30 à 15:30 : Rendez-vous tripartite avec LEFÈVRE
    Anne, Agence de Troyes — Prévu »."""
    from accomp_desktop.domain.model import AgendaItem

    assert isinstance(item, AgendaItem)
    who = f" avec {item.person}" if item.person else ""
    where = f", {item.place}" if item.place else f", {item.mode.label}"
    return (
        f"{WEEKDAYS[item.start.weekday()]} {item.start:%d/%m}, de {item.start:%H:%M} à {item.end:%H:%M} : "
        f"{item.type.label}{who}{where} — {item.attendance.label}"
    )


def announce_selection(grid: AgendaGrid, index: int) -> None:
    """Tell a running screen reader that the selected appointment changed (focus moves to its item)."""
    if not QAccessible.isActive() or index < 0:
        return
    event = QAccessibleEvent(grid, QAccessible.Event.Focus)
    event.setChild(index)
    QAccessible.updateAccessibility(event)


def _factory(_class_name: str, candidate: QObject) -> QAccessibleInterface | None:
    from accomp_desktop.ui.agenda.grid import AgendaGrid

    return GridAccessible(candidate) if isinstance(candidate, AgendaGrid) else None


_installed = False


def install() -> None:
    """Register the grid's interface with Qt (once)."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True
