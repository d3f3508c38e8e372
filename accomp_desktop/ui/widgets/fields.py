"""Form building blocks: a field with its error line under it, and small constructors with accessible names.

A wrong field keeps what was typed, shows its French message right under it (also given to screen readers
as the field's description) and takes the focus, so the professional corrects it without retyping anything.
Kept apart from the person's form (:mod:`ui.forms`) so that the sign-in window loads without the services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTreeWidget

DATE_HINT = "JJ/MM/AAAA"


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorText")
    label.setWordWrap(True)
    label.hide()
    return label


def wrapped_label(text: str, object_name: str = "") -> QLabel:
    """A paragraph of explanation in a form: word-wrapped, styled by ``object_name`` ("hint", "demoBadge")."""
    label = QLabel(text)
    label.setWordWrap(True)
    if object_name:
        label.setObjectName(object_name)
    return label


def line_edit(name: str, *, placeholder: str = "", max_length: int = 0) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    if max_length:
        edit.setMaxLength(max_length)
    return edit


def label_for(text: str, widget: QWidget) -> QLabel:
    """A visible label naming ``widget`` (its buddy): screen readers take the name of a drop-down list from it
    — on Linux a list's own name is its current value — and Alt+the underlined letter reaches the field."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def combo(name: str, items: list[tuple[str, object]]) -> QComboBox:
    """A choice list with its accessible name; each item carries its value (read back with currentData)."""
    box = QComboBox()
    box.setAccessibleName(name)
    for text, value in items:
        box.addItem(text, value)
    return box


def list_view(name: str, headers: list[str], widths: tuple[int, ...] = ()) -> QTreeWidget:
    """A flat, read-only list with column headers (history, backups, deadlines…): its accessible name, no tree
    decoration, the first columns at the given widths (the last one takes the rest)."""
    from PySide6.QtWidgets import QTreeWidget  # not needed by the sign-in window, which imports this module

    view = QTreeWidget()
    view.setAccessibleName(name)
    view.setHeaderLabels(headers)
    view.setRootIsDecorated(False)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    return view


class FieldErrors:
    """The error lines of a form, keyed by the same field names as the service's InvalidFields."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def add(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> None:
        """Add a row to ``form`` with ``widget`` and an error line under it."""
        message = error_label()
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(message)
        form.addRow(label, cell)
        caption = form.labelForField(cell)
        if isinstance(caption, QLabel):
            caption.setBuddy(
                widget
            )  # the label names the field itself (screen readers, Alt+letter), not its cell
        self._fields[name] = (widget, message)

    def show(self, errors: dict[str, str]) -> bool:
        """Show each message under its field and focus the first wrong one; False if none is ours."""
        self.clear()
        first: QWidget | None = None
        for name, (widget, label) in self._fields.items():
            if name in errors:
                label.setText(errors[name])
                label.show()
                widget.setAccessibleDescription(errors[name])
                first = first or widget
        if first is not None:
            first.setFocus()
        return first is not None

    def clear(self) -> None:
        for widget, label in self._fields.values():
            label.clear()
            label.hide()
            widget.setAccessibleDescription("")

    def message(self, name: str) -> str:
        """The error shown under a field ("" when none): what a user reads, and what tests check."""
        return self._fields[name][1].text()
