"""Start-up and wiring: crash handler, logging, Qt application, data folder lock, database, services, window.

The order is deliberate: the crash handler and the log come first so that anything after them is reported;
the one-instance lock is taken before the database file is even looked at; nothing is read before the sign-in
window has unwrapped the database key; the database is then inspected, backed up and migrated before any
window can write to it. Every environment problem met on the way is shown
as a clear French message, and the process exits without having written anything.
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from accomp_desktop import __version__
from accomp_desktop.cli import Options
from accomp_desktop.crash import CrashHandler
from accomp_desktop.domain.referentiel import Referentiel, ReferentielError, load_referentiel
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.logs import setup_logging
from accomp_desktop.services.agenda import AgendaService
from accomp_desktop.services.audit import AuditService
from accomp_desktop.services.caselist import CaseListService
from accomp_desktop.services.diagnostic import DiagnosticService
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.services.plan import PlanService
from accomp_desktop.services.signin import PASSPHRASE_VARIABLE, Account, SignInService, Start, Unlocked
from accomp_desktop.settings import Settings, load_settings, save_settings
from accomp_desktop.storage.errors import StorageError
from accomp_desktop.storage.location import DataFolder, InstanceLock, default_data_dir
from accomp_desktop.storage.session import Store
from accomp_desktop.ui.main_window import MainWindow, show_crash_reports
from accomp_desktop.ui.pdf_printing import clear_temp_documents
from accomp_desktop.ui.qtlog import install_qt_log_handler
from accomp_desktop.ui.signin_dialog import SignInDialog
from accomp_desktop.ui.style import STYLE_SHEET
from accomp_desktop.ui.tasks import TaskRunner, UserError

log = logging.getLogger("accomp.app")

EXIT_ENVIRONMENT_ERROR = 2


def load_project_referentiel(folder: DataFolder) -> Referentiel:
    """The département's own référentiel when it placed one in the data folder, else the shipped one."""
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
    return app


def _fail(message: str, quit_after: float | None) -> int:
    """Show a blocking start-up error (auto-closed in smoke tests) and return the exit code."""
    print(message, file=sys.stderr)
    log.error("start-up refused: %s", message.splitlines()[0])
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
    except StorageError as error:
        return _fail(str(error), options.quit_after)
    try:
        return _run_locked(app, folder, options, crash, started)
    finally:
        lock.release()
        crash.uninstall()


def _sign_in(signin: SignInService, runner: TaskRunner, start: Start, options: Options,
             settings: Settings) -> Unlocked | None:
    """The sign-in window; None when it is closed without signing in."""
    dialog = SignInDialog(signin, runner, start=start, demo=options.demo,
                          last_profile_id=settings.current_professional_id)
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
            QTimer.singleShot(0, lambda: dialog.sign_in_now(profile_id, passphrase))
            return _exec(dialog)
    if options.quit_after is not None:
        QTimer.singleShot(int(options.quit_after * 1000), dialog.reject)
    return _exec(dialog)


def _exec(dialog: SignInDialog) -> Unlocked | None:
    dialog.exec()
    return dialog.unlocked


def _run_locked(app: QApplication, folder: DataFolder, options: Options, crash: CrashHandler, started: float) -> int:
    settings = load_settings(folder.settings_file)
    window: MainWindow | None = None

    def storage_error(error: UserError) -> None:
        QMessageBox.warning(window, "Accomp Desktop", str(error))

    runner = TaskRunner(storage_error)
    try:
        referentiel = load_project_referentiel(folder)
        signin = SignInService(folder, backups_kept=settings.backups_kept)
        start = signin.start()
        if options.demo and start is not Start.SIGN_IN:
            _prepare_demo(signin, referentiel, options.demo_size)
            start = Start.SIGN_IN
    except (ReferentielError, StorageError, RuleError) as error:
        runner.shutdown()
        return _fail(str(error), options.quit_after)
    unlocked = _sign_in(signin, runner, start, options, settings)
    if unlocked is None:
        runner.shutdown()
        log.info("sign-in window closed without signing in")
        return 0
    log.info("database opened %.0f ms after the passphrase was submitted", unlocked.opened_in * 1000)
    store = unlocked.store
    try:
        directory = DirectoryService(store)
        audit = AuditService(store)
        purged = audit.purge()  # entries are kept 12 months (CNIL), then removed
        if purged:
            log.info("audit log: %d entries older than 12 months purged", purged)
        window = MainWindow(
            directory=directory,
            cases=CaseListService(store),
            dossiers=DossierService(store),
            diagnostic=DiagnosticService(store, referentiel),
            plan=PlanService(store, referentiel),
            agenda=AgendaService(store),
            audit=audit,
            runner=runner,
            data_dir=folder.root,
            window_state_file=folder.window_state_file,
            demo=options.demo,
            started=started,
            account=Account(signin, unlocked),
            lock_after_minutes=settings.lock_after_minutes,
        )
        crash.on_report = lambda report: window.crash_reported.emit(str(report)) if window else None
        window.set_professional(unlocked.professional)
        settings.current_professional_id = unlocked.professional.id
        try:
            save_settings(settings, folder.settings_file)
        except OSError as error:
            log.warning("settings not saved: %s", error)
        window.show()
        shown = window
        QTimer.singleShot(0, lambda: show_crash_reports(shown, crash.pending_reports(), crash.acknowledge))
        if options.quit_after is not None:
            QTimer.singleShot(int(options.quit_after * 1000), window.close)
        clear_temp_documents()  # left by a session that crashed
        code = app.exec()
        crash.on_report = None  # the window is going away
        runner.shutdown()
        clear_temp_documents()
        log.info("Accomp Desktop closed (exit code %d)", code)
        return code
    finally:
        store.close()


def _prepare_demo(signin: SignInService, referentiel: Referentiel, size: int) -> None:
    """First start of the demonstration: its encrypted database, filled, each profile given the demo passphrase."""
    from accomp_desktop.services.demo import DemoRefused, ensure_demo  # only demo starts need it

    def fill(store: Store) -> None:
        try:
            summary = ensure_demo(store, referentiel, size=size)
        except DemoRefused as refused:
            raise RuleError(str(refused)) from None
        log.info("demo database ready: %d dossiers (created: %s)", summary.dossiers, summary.created)

    signin.prepare_demo(fill)
