"""Form building blocks: a field with its error line under it, and the person's identity form.

A wrong field keeps what was typed, shows its French message right under it (also given to screen readers
as the field's description) and takes the focus, so the professional corrects it without retyping anything.
"""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain.validation import NAME_MAX
from accomp_desktop.services.dossiers import PersonDraft

DATE_HINT = "JJ/MM/AAAA"


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorText")
    label.setWordWrap(True)
    label.hide()
    return label


def line_edit(name: str, *, placeholder: str = "", max_length: int = 0) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    if max_length:
        edit.setMaxLength(max_length)
    return edit


def combo(name: str, items: list[tuple[str, object]]) -> QComboBox:
    """A choice list with its accessible name; each item carries its value (read back with currentData)."""
    box = QComboBox()
    box.setAccessibleName(name)
    for text, value in items:
        box.addItem(text, value)
    return box


def text_edit(name: str, *, placeholder: str = "", height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field: the form stays usable without a mouse
    edit.setMinimumHeight(height)
    return edit


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


class PersonForm(QWidget):
    """Identity and contacts of the person, as text fields the service validates."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors()
        self.last_name = line_edit("Nom", max_length=NAME_MAX)
        self.first_name = line_edit("Prénom", max_length=NAME_MAX)
        self.birth_date = line_edit("Date de naissance", placeholder=DATE_HINT, max_length=12)
        self.france_travail_id = line_edit("Identifiant France Travail", placeholder="1234567A", max_length=16)
        self.phone = line_edit("Téléphone", placeholder="06 12 34 56 78", max_length=24)
        self.email = line_edit("E-mail", max_length=254)
        self.address = line_edit("Adresse", max_length=300)
        self.postcode = line_edit("Code postal", max_length=6)
        self.city = line_edit("Commune", max_length=100)
        self.rsa = QCheckBox("Allocataire du RSA")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for name, label in (
            ("last_name", "Nom"), ("first_name", "Prénom"), ("birth_date", "Date de naissance"),
            ("france_travail_id", "Identifiant France Travail"), ("phone", "Téléphone"), ("email", "E-mail"),
            ("address", "Adresse"), ("postcode", "Code postal"), ("city", "Commune"),
        ):
            self.errors.add(form, name, label, getattr(self, name))
        form.addRow("", self.rsa)
        self._loaded = PersonDraft()

    def draft(self) -> PersonDraft:
        texts = {f.name: getattr(self, f.name).text() for f in fields(PersonDraft) if f.name != "rsa"}
        return PersonDraft(**texts, rsa=self.rsa.isChecked())

    def load(self, draft: PersonDraft) -> None:
        for f in fields(PersonDraft):
            if f.name != "rsa":
                getattr(self, f.name).setText(getattr(draft, f.name))
        self.rsa.setChecked(draft.rsa)
        self.errors.clear()
        self._loaded = self.draft()

    def is_dirty(self) -> bool:
        """Something was typed since the last load (or save)."""
        return self.draft() != self._loaded
