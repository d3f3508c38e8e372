"""Access to this computer's data: change my passphrase; an administrator gives a colleague access.

Only a professional the directory already holds can be given access, with the role the directory gives him:
nobody chooses his own role here (the administration of the dispositif gives roles).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from accomp_desktop.domain.model import Professional
from accomp_desktop.services.signin import Account
from accomp_desktop.ui.signin_dialog import PASSPHRASE_HINT, passphrase_edit, profile_label
from accomp_desktop.ui.tasks import Runner
from accomp_desktop.ui.widgets.fields import combo, wrapped_label
from accomp_desktop.ui.widgets.service_dialog import ServiceDialog


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
    """An administrator gives a professional of the directory access to this computer, or a new passphrase
    when he forgot his. The role is the directory's; the colleague types his passphrase himself. ``succeeded``
    carries the colleague."""

    def __init__(
        self,
        account: Account,
        runner: Runner,
        colleagues: list[tuple[Professional, bool]],
        parent: QWidget | None = None,
    ) -> None:
        """``colleagues``: :meth:`Account.colleagues`, read by the caller off the UI thread."""
        super().__init__("Donner l'accès à un collègue", "Donner l'accès", runner, parent)
        self.setMinimumWidth(520)  # the colleague's name and role read in full in the list
        self._account = account
        self.who: QComboBox = combo("Collègue", [])
        for professional, has_access in sorted(colleagues, key=lambda c: c[1]):
            label = profile_label(professional.display_name, professional.role.value)
            self.who.addItem(f"{label} — nouvelle phrase de passe" if has_access else label, professional.id)
        self.passphrase = passphrase_edit("Phrase de passe du collègue")
        self.again = passphrase_edit("Phrase de passe du collègue, à nouveau")
        self.form.addRow(
            wrapped_label(
                "Le collègue doit figurer dans l'annuaire du dispositif, avec la fonction que la "
                "coordination lui a "
                "donnée (Administration › Professionnels). Il tape lui-même sa phrase de passe et pourra "
                "la changer "
                "ensuite. Pour un collègue qui a oublié la sienne, choisissez « nouvelle phrase de passe »."
            )
        )
        self.errors.add(self.form, "who", "Collègue", self.who)
        self.form.addRow("Sa phrase de passe", self.passphrase)
        self.form.addRow("Confirmation", self.again)
        self.form.addRow(wrapped_label(PASSPHRASE_HINT, "hint"))
        if not colleagues:
            self.error.setText(
                "Aucun autre professionnel actif dans l'annuaire : ajoutez-le d'abord dans "
                "l'administration du dispositif."
            )
            self.error.show()
            self.ok_button.setEnabled(False)

    def is_dirty(self) -> bool:
        return bool(self.passphrase.text())

    def work(self) -> Callable[[], Any]:
        chosen = str(self.who.currentData())
        passphrase, again = self.passphrase.text(), self.again.text()
        return lambda: self._account.grant(chosen, passphrase, again)
