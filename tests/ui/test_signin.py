"""Sign-in, lock and access as a professional meets them: the window before any data, Ctrl+L and the idle
lock, a colleague given access, a passphrase changed."""

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from accomp_desktop.domain.access import AccessDenied
from accomp_desktop.domain.enums import Institution, Role
from accomp_desktop.services.administration import AdministrationService, ProfessionalDraft
from accomp_desktop.services.signin import Account, SignInService, Start
from accomp_desktop.storage.location import DataFolder, is_plain
from accomp_desktop.ui.admin.account_dialogs import GrantAccessDialog
from accomp_desktop.ui.main_window import MainWindow
from accomp_desktop.ui.signin_dialog import SignInDialog
from accomp_desktop.ui.tasks import ImmediateRunner, UserError
from tests.ui.keyboard import type_text
from tests.ui.windows import make_window

PASSPHRASE = "le chêne et le roseau"

pytestmark = pytest.mark.usefixtures("fast_keys")


def dialog_for(qtbot: QtBot, service: SignInService, errors: list[UserError]) -> SignInDialog:
    dialog = SignInDialog(service, ImmediateRunner(errors.append), start=service.start(), demo=False)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def first_use(qtbot: QtBot, data_folder: DataFolder) -> Account:
    service = SignInService(data_folder)
    dialog = dialog_for(qtbot, service, [])
    assert dialog.first_name.isVisible() and dialog.ok_button.text() == "Créer mon profil et ouvrir"
    type_text(dialog.first_name, "Maëlle")
    type_text(dialog.last_name, "N'Guessan-Lebœuf")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.TRAVAILLEUR_SOCIAL.value))
    type_text(dialog.new_passphrase, PASSPHRASE)
    type_text(dialog.new_again, PASSPHRASE + "!")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Les deux phrases de passe ne sont pas identiques."
    assert dialog.first_name.text() == "Maëlle"  # nothing typed is lost
    dialog.new_again.backspace()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.unlocked is not None and dialog.result() == SignInDialog.DialogCode.Accepted
    assert not is_plain(data_folder.database)
    return Account(service, dialog.unlocked)


def test_first_use_then_sign_in_with_a_wrong_then_the_right_passphrase(
    qtbot: QtBot, data_folder: DataFolder
) -> None:
    first_use(qtbot, data_folder).verify(PASSPHRASE)
    errors: list[UserError] = []
    dialog = dialog_for(qtbot, SignInService(data_folder), errors)
    assert dialog.passphrase.isVisible() and dialog.ok_button.text() == "Se connecter"
    assert dialog.profiles.currentText() == "Maëlle N'Guessan-Lebœuf — Travailleur social"
    type_text(dialog.passphrase, "le chene et le roseau")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert "Phrase de passe incorrecte" in dialog.error.text() and dialog.unlocked is None
    assert dialog.passphrase.hasSelectedText()  # retyping replaces it
    type_text(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.unlocked is not None and dialog.unlocked.professional.first_name == "Maëlle"
    dialog.unlocked.store.close()
    assert errors == []


def test_the_messages_never_squeeze_the_text_above_them(qtbot: QtBot, data_folder: DataFolder) -> None:
    """The refusal and the wait used to cut the introduction and the notice in half: the window grows
    instead."""
    from PySide6.QtWidgets import QLabel

    first_use(qtbot, data_folder)
    dialog = dialog_for(qtbot, SignInService(data_folder), [])
    for _ in range(3):
        dialog.passphrase.setText("pas la bonne phrase")
        dialog.submit()
    assert dialog.error.isVisible() and dialog.status.text()
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text():
            assert label.height() >= label.heightForWidth(label.width()), label.text()


def test_after_three_misses_the_button_waits_and_says_how_long(qtbot: QtBot, data_folder: DataFolder) -> None:
    first_use(qtbot, data_folder)
    dialog = dialog_for(qtbot, SignInService(data_folder), [])
    for _ in range(3):
        dialog.passphrase.setText("pas la bonne phrase")
        dialog.submit()
    assert not dialog.ok_button.isEnabled()
    assert "nouvel essai possible dans 2 s" in dialog.status.text()
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=4000)


@pytest.fixture
def window(qtbot: QtBot, data_folder: DataFolder, tmp_path: Path) -> MainWindow:
    account = first_use(qtbot, data_folder)
    window = make_window(qtbot, account._unlocked.store, tmp_path, account=account)  # noqa: SLF001
    window.set_professional(account.professional)
    window.show()
    qtbot.waitExposed(window)
    assert window.guide is not None  # an empty data folder: its administrator is offered the first-use guide
    window.guide.reject()  # « Plus tard »
    return window


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    window.windowHandle().requestActivate()
    qtbot.keyClick(window.windowHandle(), key, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_l_covers_the_window_blocks_shortcuts_and_unlocks_with_the_passphrase(
    qtbot: QtBot, window: MainWindow
) -> None:
    lock = window.lock
    assert lock is not None
    lock._last_input -= 100  # noqa: SLF001
    window.windowHandle().requestActivate()
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Shift)  # any input on the window counts as activity
    assert time.monotonic() - lock._last_input < 5  # noqa: SLF001
    press(qtbot, window, Qt.Key.Key_L)
    assert lock.locked
    curtain = lock.prompt
    assert curtain.isVisible() and curtain.geometry() == window.rect()
    assert not window.workspace.isEnabled() and not window.menuBar().isEnabled()
    assert not window.new_dossier_action.isEnabled()
    press(qtbot, window, Qt.Key.Key_N)  # no new dossier behind the lock
    assert QApplication.activeModalWidget() is None
    assert curtain.passphrase is not None
    type_text(curtain.passphrase, "pas la bonne phrase")
    qtbot.keyClick(curtain.passphrase, Qt.Key.Key_Return)
    assert lock.locked and "incorrecte" in curtain.error.text()
    curtain.passphrase.clear()
    type_text(curtain.passphrase, PASSPHRASE)
    qtbot.keyClick(curtain.passphrase, Qt.Key.Key_Return)
    assert not lock.locked
    assert window.workspace.isEnabled() and window.new_dossier_action.isEnabled()


def test_the_idle_lock_covers_an_open_form_and_keeps_what_was_typed(qtbot: QtBot, window: MainWindow) -> None:
    lock = window.lock
    assert lock is not None
    window.change_passphrase()
    dialog = window.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    type_text(dialog.new, "Jérôme")  # type: ignore[attr-defined]
    lock.idle_minutes = 1
    lock._last_input -= 61  # noqa: SLF001 - a minute without input, without waiting for it
    lock._check_idle()  # noqa: SLF001
    assert lock.locked
    assert lock.prompt.window() is dialog  # the passphrase is asked where the input is
    assert not dialog.body.isEnabled() and not window.workspace.isEnabled()
    assert len(lock.curtains) == 2  # the main window is covered too
    lock.unlock(PASSPHRASE)
    assert not lock.locked and dialog.isVisible() and dialog.new.text() == "Jérôme"  # type: ignore[attr-defined]


def test_a_colleague_is_given_access_and_can_sign_in(
    qtbot: QtBot, window: MainWindow, data_folder: DataFolder
) -> None:
    window.grant_access()
    dialog = window.dialog
    assert isinstance(dialog, GrantAccessDialog)
    assert (
        dialog.who.count() == 0 and not dialog.ok_button.isEnabled()
    )  # nobody in the directory to give it to
    assert "ajoutez-le d'abord" in dialog.error.text()
    dialog.reject()
    assert window.account is not None and window.professional is not None
    AdministrationService(window.account._unlocked.store).save_professional(  # noqa: SLF001
        ProfessionalDraft("Jérôme", "Aït-Ali", Institution.FRANCE_TRAVAIL, Role.CONSEILLER),
        author_id=window.professional.id,
    )
    window.grant_access()
    dialog = window.dialog
    assert isinstance(dialog, GrantAccessDialog)
    assert dialog.who.currentText() == "Jérôme Aït-Ali — Conseiller France Travail"  # the directory's role
    type_text(dialog.passphrase, "sa phrase à lui")
    type_text(dialog.again, "sa phrase à lui")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Jérôme Aït-Ali peut maintenant se connecter" in window.statusBar().currentMessage()
    service = SignInService(data_folder)
    assert service.start() is Start.SIGN_IN
    colleague = next(p for p in service.profiles() if p.first_name == "Jérôme")
    unlocked = service.sign_in(colleague.id, "sa phrase à lui")
    assert unlocked.professional.role is Role.CONSEILLER and not unlocked.professional.admin
    # He is no administrator: he cannot give access to anyone (not even himself, as somebody else).
    with pytest.raises(AccessDenied):
        service.grant(unlocked, window.professional.id, "une autre phrase", "une autre phrase")
    unlocked.store.close()


def test_my_passphrase_is_changed_from_the_menu(
    qtbot: QtBot, window: MainWindow, data_folder: DataFolder
) -> None:
    window.change_passphrase()
    dialog = window.dialog
    from accomp_desktop.ui.admin.account_dialogs import ChangePassphraseDialog

    assert isinstance(dialog, ChangePassphraseDialog)
    type_text(dialog.current, "pas la bonne phrase")
    type_text(dialog.new, "une toute nouvelle phrase")
    type_text(dialog.again, "une toute nouvelle phrase")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "incorrecte" in dialog.error.text() and dialog.isVisible()
    dialog.current.clear()
    type_text(dialog.current, PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == "Phrase de passe changée."
    assert window.account is not None
    window.account.verify("une toute nouvelle phrase")


def test_backups_are_listed_taken_and_a_restore_closes_the_window_for_it(
    qtbot: QtBot, data_folder: DataFolder, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from accomp_desktop.services.backups import BackupService
    from accomp_desktop.ui.admin.backups_dialog import BackupsDialog

    account = first_use(qtbot, data_folder)
    unlocked = account._unlocked  # noqa: SLF001
    window = make_window(qtbot, unlocked.store, tmp_path, account=account)
    window._backups = BackupService(data_folder, unlocked.key)  # noqa: SLF001 - as the application wires it
    window.set_professional(account.professional)
    window.show()
    window.show_backups()
    dialog = window.dialog
    assert isinstance(dialog, BackupsDialog)
    assert dialog.tree.topLevelItemCount() == 0 and "Aucune sauvegarde" in dialog.message.text()
    qtbot.mouseClick(dialog.take_button, Qt.MouseButton.LeftButton)
    assert dialog.tree.topLevelItemCount() == 1
    assert dialog.tree.topLevelItem(0).text(1) == "à la demande"
    dialog.ask_restore()
    box = dialog.confirm_box
    assert box is not None and "sera remplacé" in box.text()
    restore = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    restore.click()
    assert window.restore_to is not None and window.restore_to.name.endswith("-manual.db")
    assert not window.isVisible()  # the application closes the database, restores and reopens
