"""Child process of test_signin_sequences: the sequences that froze and crashed the application, many times
over.

Each round, on the real windows and the real task runner (a worker thread, as in the application): the profile
list opened with the mouse and a profile picked in it; a wrong passphrase, then the right one; the sign-in's
runner shut down (where the freeze was); the main window built for the profile, each place opened (where the
crash was), the window closed and its runner shut down. A freeze is caught by ``faulthandler`` (stacks
printed, exit), a crash by the exit status. Prints the number of rounds done.
"""

from __future__ import annotations

import faulthandler
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from accomp_desktop.app import _make_application, load_project_referentiel
from accomp_desktop.services.signin import DEMO_PASSPHRASE, Account, SignInService, Start
from accomp_desktop.services.workspace import WorkspaceServices
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.ui.main_window import PLACES, MainWindow
from accomp_desktop.ui.signin_dialog import SignInDialog
from accomp_desktop.ui.tasks import TaskRunner, UserError

FREEZE_SECONDS = 60


def wait(until: Callable[[], bool], what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not until():
        if time.monotonic() > deadline:
            raise SystemExit(f"stuck: {what}")
        QApplication.processEvents()
        time.sleep(0.005)


def failed(error: UserError) -> None:
    raise SystemExit(f"refused: {error}")


def one_round(folder: DataFolder, signin: SignInService, round_number: int) -> None:
    runner = TaskRunner(failed)
    dialog = SignInDialog(signin, runner, start=Start.SIGN_IN, demo=True)
    dialog.show()
    QTest.qWaitForWindowExposed(dialog)
    combo = dialog.profiles
    QTest.mouseClick(combo, Qt.MouseButton.LeftButton)  # the list opens, as under a mouse
    view = combo.view()
    wait(lambda: view.isVisible(), "the profile list to open")
    QTest.qWait(QApplication.doubleClickInterval() + 50)  # a release this soon after opening is not a choice
    row = round_number % combo.count()
    target = view.visualRect(view.model().index(row, 0)).center()
    QTest.mouseMove(view.viewport(), target)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=target)
    wait(lambda: not view.isVisible(), "the profile list to close")
    assert combo.currentIndex() == row, (combo.currentIndex(), row)
    dialog.passphrase.setText("pas la bonne phrase")
    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    wait(lambda: "incorrecte" in dialog.error.text(), "the wrong passphrase to be refused")
    dialog.passphrase.setText(DEMO_PASSPHRASE)
    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    wait(lambda: dialog.unlocked is not None, "the right passphrase to open the database")
    unlocked = dialog.unlocked
    assert unlocked is not None
    dialog.close()
    del dialog, combo, view
    runner.shutdown()  # the sign-in's worker: where the process froze

    runner = TaskRunner(failed)
    store, referentiel = unlocked.store, load_project_referentiel(folder)
    window = MainWindow(
        services=WorkspaceServices.on(store, referentiel),
        runner=runner,
        data_dir=folder.root,
        window_state_file=folder.window_state_file,
        demo=True,
        started=0.0,
        account=Account(signin, unlocked),
    )
    window.set_professional(unlocked.professional)
    window.show()
    QTest.qWaitForWindowExposed(window)
    if window.guide is not None:
        window.guide.reject()
    for place in range(len(PLACES)):  # Ctrl+1… each place: where the process crashed
        window.workspace.go_to(place)
        wait(lambda: runner.pending == 0, f"place {place} to be read")
    window.close()
    del window
    runner.shutdown()
    store.close()


def main() -> int:
    folder, rounds = DataFolder(Path(sys.argv[1])), int(sys.argv[2])
    faulthandler.enable()
    app = _make_application()
    signin = SignInService(folder)
    done = 0
    for number in range(rounds):
        faulthandler.dump_traceback_later(
            FREEZE_SECONDS, exit=True
        )  # a freeze: every thread's stack, then out
        one_round(folder, signin, number)
        faulthandler.cancel_dump_traceback_later()
        done += 1
    app.processEvents()
    print(f"rounds: {done}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
