"""Access to this computer's data: change my passphrase; give a colleague access with their own passphrase.

A colleague is either a professional already in the database (a partner of a binôme, a profile from the
unencrypted version) or a new one created here; either way they type their passphrase themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from accomp_desktop.domain.enums import Institution, Role
from accomp_desktop.domain.model import Professional
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.services.signin import Account, confirm_passphrase
from accomp_desktop.ui.fields import combo, line_edit, wrapped_label
from accomp_desktop.ui.service_dialog import ServiceDialog
from accomp_desktop.ui.signin_dialog import PASSPHRASE_HINT, passphrase_edit, profile_label
from accomp_desktop.ui.tasks import Runner

NEW = "__new__"


class ChangePassphraseDialog(ServiceDialog):
    def __init__(self, account: Account, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__("Changer ma phrase de passe", "Changer", runner, parent)
        self._account = account
        self.current = passphrase_edit("Phrase de passe actuelle")
        self.new = passphrase_edit("Nouvelle phrase de passe")
        self.again = passphrase_edit("Nouvelle phrase de passe, à nouveau")
        self.form.addRow("Phrase actuelle", self.current)
        self.form.addRow("Nouvelle phrase", self.new)
        self.form.addRow("Confirmation", self.again)
        self.form.addRow(wrapped_label(PASSPHRASE_HINT, "hint"))

    def work(self) -> Callable[[], Any]:
        current, new, again = self.current.text(), self.new.text(), self.again.text()
        return lambda: self._account.change_passphrase(current, new, again)


class GrantAccessDialog(ServiceDialog):
    """``succeeded`` carries the colleague who can now sign in."""

    def __init__(self, account: Account, directory: DirectoryService, runner: Runner,
                 colleagues: list[tuple[Professional, bool]], parent: QWidget | None = None) -> None:
        """``colleagues``: :meth:`Account.colleagues`, read by the caller off the UI thread."""
        super().__init__("Donner l'accès à un collègue", "Donner l'accès", runner, parent)
        self.setMinimumWidth(480)  # the colleague's name and role read in full in the list
        self._account, self._directory = account, directory
        self.who: QComboBox = combo("Collègue", [])
        for professional, has_access in colleagues:
            if not has_access:
                self.who.addItem(profile_label(professional.display_name, professional.role.value), professional.id)
        self.who.addItem("Nouveau professionnel…", NEW)
        self._known = {p.id: p for p, _ in colleagues}
        self.first_name = line_edit("Prénom", max_length=100)
        self.last_name = line_edit("Nom", max_length=100)
        self.institution = combo("Institution", [(i.label, i.value) for i in Institution])
        self.role = combo("Fonction", [(r.label, r.value) for r in Role])
        self.passphrase = passphrase_edit("Phrase de passe du collègue")
        self.again = passphrase_edit("Phrase de passe du collègue, à nouveau")
        self.form.addRow(wrapped_label("Le collègue tape lui-même sa phrase de passe ; il pourra la changer "
                                       "ensuite."))
        self.form.addRow("Collègue", self.who)
        self.form.addRow("Prénom", self.first_name)
        self.form.addRow("Nom", self.last_name)
        self.form.addRow("Institution", self.institution)
        self.form.addRow("Fonction", self.role)
        self.form.addRow("Sa phrase de passe", self.passphrase)
        self.form.addRow("Confirmation", self.again)
        self.form.addRow(wrapped_label(PASSPHRASE_HINT, "hint"))
        self.who.currentIndexChanged.connect(lambda _i: self._show_new_fields())
        self._show_new_fields()

    def _show_new_fields(self) -> None:
        new = self.who.currentData() == NEW
        for widget in (self.first_name, self.last_name, self.institution, self.role):
            self.form.setRowVisible(widget, new)

    def is_dirty(self) -> bool:
        return bool(self.first_name.text().strip() or self.passphrase.text())

    def work(self) -> Callable[[], Any]:
        chosen = str(self.who.currentData())
        passphrase, again = self.passphrase.text(), self.again.text()
        first, last = self.first_name.text(), self.last_name.text()
        institution, role = Institution(self.institution.currentData()), Role(self.role.currentData())
        known = self._known.get(chosen)

        def grant() -> Professional:
            confirm_passphrase(passphrase, again)  # before creating anyone
            colleague = known or self._directory.create_professional(
                first_name=first, last_name=last, institution=institution, role=role)
            self._account.grant(colleague, passphrase, again)
            return colleague

        return grant
