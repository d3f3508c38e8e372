"""Start-up and wiring: crash handler, logging, Qt application, data folder lock, database, services, window.

The order is deliberate: the crash handler and the log come first so that anything after them is reported;
the one-instance lock is taken before the database file is even looked at; nothing is read before the sign-in
window has unwrapped the database key; the database is then inspected, backed up and migrated before any
window can write to it. Every environment problem met on the way is shown
as a clear French message, and the process exits without having written anything.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from accomp_desktop import __version__
from accomp_desktop.crash import CrashHandler
from accomp_desktop.domain.errors import ReferentielError, RuleError
from accomp_desktop.logs import setup_logging
from accomp_desktop.options import Options
from accomp_desktop.resources import resource_path
from accomp_desktop.services.signin import PASSPHRASE_VARIABLE, Account, SignInService, Start, Unlocked
from accomp_desktop.settings import Settings, load_settings, save_settings
from accomp_desktop.storage.errors import AlreadyRunning, InstanceNotAnswering, StorageError
from accomp_desktop.storage.location import DataFolder, InstanceLock, default_data_dir
from accomp_desktop.ui.qtlog import install_qt_log_handler
from accomp_desktop.ui.signin_dialog import SignInDialog
from accomp_desktop.ui.style import STYLE_SHEET, style_sheet_set_after
from accomp_desktop.ui.tasks import TaskRunner, UserError

if TYPE_CHECKING:
    from accomp_desktop.domain.referentiel import Referentiel
    from accomp_desktop.services.backups import BackupService
    from accomp_desktop.storage.session import Store

log = logging.getLogger("accomp.app")

WORKSPACE_MODULES = (
    "accomp_desktop.ui.main_window",
    "accomp_desktop.services.agenda",
    "accomp_desktop.services.audit",
    "accomp_desktop.services.backups",
    "accomp_desktop.services.caselist",
    "accomp_desktop.services.diagnostic",
    "accomp_desktop.services.directory",
    "accomp_desktop.services.dossiers",
    "accomp_desktop.services.plan",
    "accomp_desktop.services.administration",
)
"""Everything behind the sign-in (SQLAlchemy, the services, the main window: ~0.9 s of imports). Imported once
the sign-in window is on screen, while the professional types the passphrase, so neither waits for them."""


def _set_window_icon() -> None:
    """The application's icon, given once the first window is on screen (QIcon and the PNG cost ~5 ms)."""
    from PySide6.QtGui import QIcon

    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setWindowIcon(QIcon(str(resource_path("icons/accomp-desktop-256.png"))))


_instance: list[object] = []  # the instance server and the watchdog, kept for the life of the process


def _answer_relaunches(folder: DataFolder) -> None:
    """Once a window is on screen: a relaunch can bring it to the front, and a freeze leaves a trace."""
    if _instance:
        return
    from accomp_desktop.ui.instance import InstanceServer, Watchdog

    watchdog = Watchdog(folder.crash_reports)
    watchdog.start()
    _instance.extend((InstanceServer(folder.root), watchdog))


def _preload_workspace() -> None:
    started = time.perf_counter()
    for name in WORKSPACE_MODULES:
        importlib.import_module(name)
    log.info(
        "workspace modules loaded in %.0f ms, behind the sign-in window",
        (time.perf_counter() - started) * 1000,
    )


EXIT_ENVIRONMENT_ERROR = 2


def load_project_referentiel(folder: DataFolder) -> Referentiel:
    """The département's own référentiel when it placed one in the data folder, else the shipped one."""
    from accomp_desktop.domain.referentiel import (
        load_referentiel,  # after sign-in: the first window paints sooner
    )

    return load_referentiel(folder.referentiel_file)


def _make_application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Accomp Desktop")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("accomp-desktop")
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    translator = QTranslator(app)
    # Qt's own buttons ("Cancel", "Yes") in French; the file ships with PySide6.
    if translator.load("qtbase_fr", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    app.setStyleSheet(STYLE_SHEET)
    app.setDesktopFileName(
        "accomp-desktop"
    )  # Wayland/X11 match the window to packaging/linux's .desktop entry
    return app


def _fail(message: str, quit_after: float | None) -> int:
    """Show a blocking start-up error (auto-closed in smoke tests) and return the exit code."""
    print(message, file=sys.stderr)
    log.error("start-up refused: %s", message.splitlines()[0])
    from PySide6.QtWidgets import QMessageBox  # the message boxes load on use: the first window paints sooner

    box = QMessageBox(QMessageBox.Icon.Critical, "Accomp Desktop ne peut pas démarrer", message)
    if quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), box.reject)
    box.exec()
    return EXIT_ENVIRONMENT_ERROR


def run(options: Options, *, started: float) -> int:
    folder = DataFolder(options.data_dir or default_data_dir(demo=options.demo))
    try:
        folder.create()
    except StorageError as error:
        print(error, file=sys.stderr)
        return EXIT_ENVIRONMENT_ERROR
    crash = CrashHandler(folder.crash_reports)
    crash.install()
    setup_logging(folder.logs)
    log.info("Accomp Desktop %s starting on %s", __version__, folder.root)
    app = _make_application()
    install_qt_log_handler()

    lock = InstanceLock(folder)
    try:
        lock.acquire()
    except AlreadyRunning as running:
        from accomp_desktop.ui.instance import ask_running_instance

        if ask_running_instance(folder.root):  # its window came to the front: nothing else to do
            log.info("already running on this folder: its window was brought to the front")
            print(running, file=sys.stderr)
            return 0
        return _fail(str(InstanceNotAnswering(folder.root, running.pid)), options.quit_after)
    except StorageError as error:
        return _fail(str(error), options.quit_after)
    try:
        return _run_locked(app, folder, options, crash, started)
    finally:
        lock.release()
        crash.uninstall()


def _sign_in(
    signin: SignInService, runner: TaskRunner, start: Start, options: Options, settings: Settings
) -> tuple[Unlocked | None, float]:
    """The sign-in window: the open database (None when the window is closed without signing in), and when the
    passphrase was submitted (``perf_counter``, for the start-up log)."""
    dialog = SignInDialog(
        signin, runner, start=start, demo=options.demo, last_profile_id=settings.current_professional_id
    )
    automatic: list[Callable[[], None]] = []  # the scripted sign-in, run once the window is on screen

    def after_paint() -> None:
        _set_window_icon()
        _answer_relaunches(signin.folder)
        _preload_workspace()
        for action in automatic:
            action()

    dialog.painted.connect(lambda: QTimer.singleShot(0, after_paint))
    passphrase = os.environ.get(PASSPHRASE_VARIABLE, "")
    if passphrase and start is Start.SIGN_IN:
        try:
            # Without --profile, the profile the window offers (the last one signed in) signs in.
            profile_id = signin.find_profile(options.profile).id if options.profile else dialog.profile_id()
        except RuleError as error:
            log.warning("automatic sign-in not possible: %s", error)
        else:

            def refused(text: str) -> None:  # no window left waiting for a passphrase that no one types
                log.warning("automatic sign-in refused: %s", text)
                dialog.reject()

            dialog.failed.connect(refused)
            # As a person would: after the window is shown and the workspace loaded behind it.
            automatic.append(lambda: dialog.sign_in_now(profile_id, passphrase))
            return _exec(dialog)
    if options.quit_after is not None:
        QTimer.singleShot(int(options.quit_after * 1000), dialog.reject)
    return _exec(dialog)


def _exec(dialog: SignInDialog) -> tuple[Unlocked | None, float]:
    dialog.exec()
    return dialog.unlocked, dialog.submitted_at


def _run_locked(
    app: QApplication, folder: DataFolder, options: Options, crash: CrashHandler, started: float
) -> int:
    settings = load_settings(folder.settings_file)

    def storage_error(error: UserError) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(None, "Accomp Desktop", str(error))

    runner = TaskRunner(storage_error)
    try:
        signin = SignInService(folder, backups_kept=settings.backups_kept)
        start = signin.start()
        if options.demo and start is not Start.SIGN_IN:
            _prepare_demo(signin, load_project_referentiel(folder), options.demo_size)
            start = Start.SIGN_IN
    except (ReferentielError, StorageError, RuleError) as error:
        runner.shutdown()
        return _fail(str(error), options.quit_after)
    unlocked, submitted = _sign_in(signin, runner, start, options, settings)
    runner.shutdown()
    if unlocked is None:
        log.info("sign-in window closed without signing in")
        return 0
    try:  # read once the sign-in window is up: the first window appears sooner
        referentiel = load_project_referentiel(folder)
    except ReferentielError as error:
        unlocked.store.close()
        return _fail(str(error), options.quit_after)
    log.info("database opened %.0f ms after the passphrase was submitted", unlocked.opened_in * 1000)
    settings = settings._replace(current_professional_id=unlocked.professional.id)
    try:
        save_settings(settings, folder.settings_file)
    except OSError as error:
        log.warning("settings not saved: %s", error)
    from accomp_desktop.services.backups import BackupService
    from accomp_desktop.services.documents import clear_documents, use_documents_folder

    use_documents_folder(folder.documents)
    clear_documents()  # left by a session that crashed
    backups = BackupService(folder, unlocked.key, keep=settings.backups_kept)
    while True:
        code, restore = _run_window(
            app, folder, options, crash, started, referentiel, signin, unlocked, settings, backups, submitted
        )
        submitted = 0.0  # a window reopened after a restore is not a sign-in
        clear_documents()
        if restore is None:
            log.info("Accomp Desktop closed (exit code %d)", code)
            return code
        try:  # the database is closed now: put the backup in place, then reopen on it
            backups.restore(restore)
            unlocked = signin.reopen(unlocked)
        except (StorageError, OSError) as error:
            message = str(error) if isinstance(error, StorageError) else f"Restauration impossible : {error}"
            return _fail(message, options.quit_after)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(
            None,
            "Sauvegarde restaurée",
            "La sauvegarde a été restaurée. L'état d'avant est "
            "gardé dans Fichier › Sauvegardes (« avant une restauration »).",
        )


def _run_window(
    app: QApplication,
    folder: DataFolder,
    options: Options,
    crash: CrashHandler,
    started: float,
    referentiel: Referentiel,
    signin: SignInService,
    unlocked: Unlocked,
    settings: Settings,
    backups: BackupService,
    submitted: float,
) -> tuple[int, Path | None]:
    """The main window on the open database, until it closes: the exit code, and a backup to restore if the
    professional asked for one. ``submitted`` is when the passphrase was submitted (0 after a restore)."""
    from accomp_desktop.services.workspace import WorkspaceServices
    from accomp_desktop.ui.main_window import MainWindow, show_crash_reports

    window: QWidget | None = None

    def storage_error(error: UserError) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(window, "Accomp Desktop", str(error))

    runner = TaskRunner(storage_error)
    store = unlocked.store
    try:
        services = WorkspaceServices.on(store, referentiel)
        audit = services.audit
        # Entries are kept 12 months (CNIL), then removed: on the worker, the window does not wait for it.
        runner.run(
            audit.purge,
            lambda purged: (
                log.info("audit log: %d entries older than 12 months purged", purged) if purged else None
            ),
        )
        with style_sheet_set_after(app):
            window = MainWindow(
                services=services,
                runner=runner,
                data_dir=folder.root,
                window_state_file=folder.window_state_file,
                demo=options.demo,
                started=started,
                account=Account(signin, unlocked),
                lock_after_minutes=settings.lock_after_minutes,
                autosave_delay_ms=settings.autosave_delay_ms,
                backups=backups,
                changes=store.changes,
            )
        store.watch_outside()  # what a batch command or another process commits reaches the window too
        window.sync_panel.start()  # on its own worker: a joined machine synchronises in the background
        shown = window
        crash.on_report = lambda report: shown.crash_reported.emit(str(report))
        model = window.workspace.dossiers.cases.model

        def rows_shown() -> None:  # the first rows of the case list are on screen: the professional can work
            model.dataChanged.disconnect(rows_shown)
            log.info(
                "case list shown %.0f ms after the passphrase was submitted",
                (time.perf_counter() - submitted) * 1000,
            )

        if submitted:
            model.dataChanged.connect(rows_shown)
        window.set_professional(unlocked.professional)
        window.show()
        QTimer.singleShot(0, lambda: show_crash_reports(shown, crash.pending_reports(), crash.acknowledge))

        def daily_backup(check: bool = False) -> None:  # at sign-in, then every hour for an app left open
            runner.run(
                backups.check_then_back_up if check else backups.take_daily_if_due,
                lambda copy: log.info("daily backup taken: %s", copy.path.name) if copy else None,
                shown.tell_backup_problem,
            )  # said in the window; tried again at the next hour

        QTimer.singleShot(2000, lambda: daily_backup(check=True))  # after the first paint, off the UI thread
        hourly = QTimer(window)
        hourly.timeout.connect(daily_backup)
        hourly.start(3600 * 1000)
        if options.quit_after is not None:
            QTimer.singleShot(int(options.quit_after * 1000), window.close)
        code = app.exec()
        crash.on_report = None  # the window is going away
        runner.shutdown()  # queued saves reach the disk before the database closes
        return code, window.restore_to
    finally:
        store.close()


def _prepare_demo(signin: SignInService, referentiel: Referentiel, size: int) -> None:
    """First start of the demonstration: its encrypted database, filled, each profile given the demo
    passphrase."""
    from accomp_desktop.demo.generator import DemoRefused, ensure_demo  # only demo starts need it

    def fill(store: Store) -> None:
        try:
            summary = ensure_demo(store, referentiel, size=size)
        except DemoRefused as refused:
            raise RuleError(str(refused)) from None
        log.info("demo database ready: %d dossiers (created: %s)", summary.dossiers, summary.created)

    signin.prepare_demo(fill)
