"""Start-up and wiring: crash handler, logging, Qt application, data folder lock, database, services, window.

The order is deliberate: the crash handler and the log come first so that anything after them is reported;
the one-instance lock is taken before the database file is even looked at; the database is inspected,
backed up and migrated before any window can write to it. Every environment problem met on the way is shown
as a clear French message, and the process exits without having written anything.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from accomp_desktop import __version__
from accomp_desktop.cli import Options
from accomp_desktop.crash import CrashHandler
from accomp_desktop.domain.referentiel import Referentiel, ReferentielError, load_referentiel
from accomp_desktop.logs import setup_logging
from accomp_desktop.services.agenda import AgendaService
from accomp_desktop.services.audit import AuditService
from accomp_desktop.services.caselist import CaseListService
from accomp_desktop.services.diagnostic import DiagnosticService
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.services.plan import PlanService
from accomp_desktop.settings import load_settings, save_settings
from accomp_desktop.storage.errors import StorageError
from accomp_desktop.storage.location import DataFolder, InstanceLock, default_data_dir
from accomp_desktop.storage.migrate import open_database
from accomp_desktop.storage.session import Store
from accomp_desktop.ui.main_window import MainWindow, show_crash_reports
from accomp_desktop.ui.pdf_printing import clear_temp_documents
from accomp_desktop.ui.qtlog import install_qt_log_handler
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


def _run_locked(app: QApplication, folder: DataFolder, options: Options, crash: CrashHandler, started: float) -> int:
    settings = load_settings(folder.settings_file)
    try:
        referentiel = load_project_referentiel(folder)
        engine = open_database(folder, backups_kept=settings.backups_kept)
    except (ReferentielError, StorageError) as error:
        return _fail(str(error), options.quit_after)
    store = Store(engine, folder.database)
    try:
        if options.demo:
            from accomp_desktop.services.demo import DemoRefused, ensure_demo  # only demo starts need it

            try:
                summary = ensure_demo(store, referentiel, size=options.demo_size)
                log.info("demo database ready: %d dossiers (created: %s)", summary.dossiers, summary.created)
            except DemoRefused as refused:
                QMessageBox.warning(None, "Démonstration", str(refused))
        directory = DirectoryService(store)
        audit = AuditService(store)
        purged = audit.purge()  # entries are kept 12 months (CNIL), then removed
        if purged:
            log.info("audit log: %d entries older than 12 months purged", purged)

        def storage_error(error: UserError) -> None:
            QMessageBox.warning(window, "Accomp Desktop", str(error))

        runner = TaskRunner(storage_error)
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
        )

        def remember(professional: object) -> None:
            settings.current_professional_id = getattr(professional, "id", "")
            try:
                save_settings(settings, folder.settings_file)
            except OSError as error:
                log.warning("settings not saved: %s", error)

        window.professional_changed.connect(remember)
        crash.on_report = lambda report: window.crash_reported.emit(str(report))
        current = directory.professional(settings.current_professional_id) if settings.current_professional_id else None
        if current is not None:
            window.set_professional(current)
        else:
            window.ask_professional()
        window.show()
        QTimer.singleShot(0, lambda: show_crash_reports(window, crash.pending_reports(), crash.acknowledge))
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
