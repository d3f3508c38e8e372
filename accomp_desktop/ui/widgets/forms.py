"""The person's identity form, multi-line text fields, and the field helpers of :mod:`ui.fields` for the forms
that import them here.

In a form, Enter saves (the dialog's default button) and Escape cancels. A long text (a note, a bilan) takes
Enter as a new line and Ctrl+Enter saves; a short text that may hold a line break (an action's title) saves on
Enter and takes Shift+Enter as a new line.
"""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QFormLayout, QPlainTextEdit, QWidget

from accomp_desktop.domain.validation import NAME_MAX
from accomp_desktop.services.dossier_records import PersonDraft
from accomp_desktop.ui.widgets.fields import DATE_HINT, FieldErrors, combo, error_label, line_edit


class TitleEdit(QPlainTextEdit):
    """A short multi-line text: Enter goes up to the dialog (which saves), Shift+Enter breaks the line."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            event.ignore()  # the dialog's default button takes it
            return
        super().keyPressEvent(event)


def text_edit(
    name: str, *, placeholder: str = "", height: int = 70, enter_saves: bool = False
) -> QPlainTextEdit:
    """A multi-line text field with its accessible name; Tab moves on to the next field, as everywhere."""
    edit = TitleEdit() if enter_saves else QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(
        True
    )  # Tab moves on, as in every other field: the form stays usable without a mouse
    edit.setMinimumHeight(height)
    return edit


__all__ = ["DATE_HINT", "FieldErrors", "PersonForm", "combo", "error_label", "line_edit", "text_edit"]


class PersonForm(QWidget):
    """Identity and contacts of the person, as text fields the service validates."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors()
        self.last_name = line_edit("Nom", max_length=NAME_MAX)
        self.first_name = line_edit("Prénom", max_length=NAME_MAX)
        self.birth_date = line_edit("Date de naissance", placeholder=DATE_HINT, max_length=12)
        self.france_travail_id = line_edit(
            "Identifiant France Travail", placeholder="1234567A", max_length=16
        )
        self.phone = line_edit("Téléphone", placeholder="06 12 34 56 78", max_length=24)
        self.email = line_edit("E-mail", max_length=254)
        self.address = line_edit("Adresse", max_length=300)
        self.postcode = line_edit("Code postal", max_length=6)
        self.city = line_edit("Commune", max_length=100)
        self.rsa = QCheckBox("Allocataire du RSA")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for name, label in (
            ("last_name", "Nom"),
            ("first_name", "Prénom"),
            ("birth_date", "Date de naissance"),
            ("france_travail_id", "Identifiant France Travail"),
            ("phone", "Téléphone"),
            ("email", "E-mail"),
            ("address", "Adresse"),
            ("postcode", "Code postal"),
            ("city", "Commune"),
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
