"""Damaged files met at sign-in: the window says what is wrong and offers the way out — the copy of the key
file kept beside the backups, a backup of the database — and a damaged key never counts as a wrong
passphrase."""

from __future__ import annotations

import base64
import json
import os

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from accomp_desktop.domain.enums import Institution, Role
from accomp_desktop.services.backups import BackupService
from accomp_desktop.services.signin import SignInService, Start
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.ui.admin.backups_dialog import BackupsDialog
from accomp_desktop.ui.signin_dialog import SignInDialog
from accomp_desktop.ui.tasks import ImmediateRunner, UserError
from tests.factories import canary_dossier

PASSPHRASE = "le chêne et le roseau"

pytestmark = pytest.mark.usefixtures("fast_keys")


@pytest.fixture
def folder(data_folder: DataFolder) -> DataFolder:
    """A data folder in use: a profile, a dossier, a backup and the key file's copy beside it."""
    service = SignInService(data_folder)
    unlocked = service.first_use(
        first_name="Maëlle",
        last_name="N'Guessan",
        institution=Institution.DEPARTEMENT,
        role=Role.TRAVAILLEUR_SOCIAL,
        passphrase=PASSPHRASE,
        again=PASSPHRASE,
    )
    canary_dossier(unlocked.store, "Dossier-Sauvegardé")
    unlocked.store.close()
    BackupService(data_folder, unlocked.key).take("daily")
    service.sign_in(unlocked.professional.id, PASSPHRASE).store.close()  # the key file is copied beside them
    return data_folder


def dialog(qtbot: QtBot, folder: DataFolder) -> SignInDialog:
    errors: list[UserError] = []
    service = SignInService(folder)
    window = SignInDialog(service, ImmediateRunner(errors.append), start=service.start(), demo=False)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_damaged_key_file_is_said_and_its_copy_put_back(qtbot: QtBot, folder: DataFolder) -> None:
    folder.keys_file.write_text("{ pas du json", encoding="utf-8")
    window = dialog(qtbot, folder)  # before: a traceback and no window
    assert "Le fichier des clés est abîmé" in window.error.text() and "backups" in window.error.text()
    assert not window.repair_button.isHidden() and window.profiles.count() == 0
    qtbot.mouseClick(window.repair_button, Qt.MouseButton.LeftButton)
    assert window.profiles.count() == 1 and "remis depuis sa copie" in window.status.text()
    assert folder.keys_file.with_name("keys.json.damaged").exists()  # the damaged one is kept aside
    window.passphrase.setText(PASSPHRASE)
    window.submit()
    assert window.unlocked is not None
    window.unlocked.store.close()


def test_a_damaged_wrap_is_repaired_and_never_counts_as_a_wrong_passphrase(
    qtbot: QtBot, folder: DataFolder
) -> None:
    data = json.loads(folder.keys_file.read_text(encoding="utf-8"))
    [entry] = data["profiles"].values()
    wrapped = bytearray(base64.b64decode(entry["wrap"]["wrapped"]))
    wrapped[3] ^= 0x40  # one bit of the sealed key flipped on the disk
    entry["wrap"]["wrapped"] = base64.b64encode(bytes(wrapped)).decode("ascii")
    folder.keys_file.write_text(json.dumps(data), encoding="utf-8")
    window = dialog(qtbot, folder)
    window.passphrase.setText(PASSPHRASE)
    window.submit()
    assert (
        window.unlocked is not None
    )  # before: « Phrase de passe incorrecte », counted towards the slow-down
    window.unlocked.store.close()
    attempts = folder.root / "signin.json"
    assert not attempts.exists() or json.loads(attempts.read_text(encoding="utf-8")).get("failures", 0) == 0
    profile_id = SignInService(folder).profiles()[0].id
    SignInService(folder).sign_in(profile_id, PASSPHRASE).store.close()  # repaired for good


def test_a_damaged_database_offers_its_backups_from_the_sign_in_window(
    qtbot: QtBot, folder: DataFolder
) -> None:
    database = bytearray(folder.database.read_bytes())
    database[100:4000] = os.urandom(3900)  # the first page: the database cannot be opened at all
    folder.database.write_bytes(bytes(database))
    window = dialog(qtbot, folder)
    assert window._start is Start.SIGN_IN  # noqa: SLF001
    window.passphrase.setText(PASSPHRASE)
    window.submit()
    assert window.unlocked is None and "endommagé" in window.error.text()
    assert "accomp-desktop restaurer" in window.error.text()
    assert not window.restore_button.isHidden()
    qtbot.mouseClick(window.restore_button, Qt.MouseButton.LeftButton)
    backups = window.backups_dialog
    assert isinstance(backups, BackupsDialog) and backups.tree.topLevelItemCount() == 1
    backups.ask_restore()
    box = backups.confirm_box
    assert box is not None and "1 dossier, vérifiée" in box.text() and "ne peut pas être lue" in box.text()
    from PySide6.QtWidgets import QMessageBox

    restore = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    restore.click()
    assert window.unlocked is not None, window.error.text()  # restored, then signed in
    window.unlocked.store.close()
    assert folder.database.with_name("accomp.db.damaged").exists() or list(
        folder.backups.glob("*before-restore*")
    )
