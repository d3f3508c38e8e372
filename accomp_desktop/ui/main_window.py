"""The main window, opened for the signed-in professional: the workspace with its three places, menus, a
status bar, and the session lock.

Window geometry is remembered apart from the user settings (``window-state.json``), as Qt bytes in base64:
never a pickled Qt object.
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from accomp_desktop.domain.changes import Changes, ChangeSource
from accomp_desktop.domain.enums import Role
from accomp_desktop.domain.errors import DatabaseDamaged
from accomp_desktop.domain.model import Binome, Professional
from accomp_desktop.jsonfile import read_json, write_json_atomic
from accomp_desktop.licences import Library, bundled_libraries
from accomp_desktop.services.backups import BackupService
from accomp_desktop.services.signin import Account
from accomp_desktop.services.workspace import WorkspaceServices
from accomp_desktop.ui.about_dialog import AboutDialog
from accomp_desktop.ui.admin.account_dialogs import ChangePassphraseDialog, GrantAccessDialog
from accomp_desktop.ui.admin.audit_dialog import AuditDialog
from accomp_desktop.ui.admin.backups_dialog import BackupsDialog
from accomp_desktop.ui.admin.first_use_guide import FirstUseGuide
from accomp_desktop.ui.admin.page import AdminPage
from accomp_desktop.ui.agenda.page import AgendaPage
from accomp_desktop.ui.change_relay import ChangeRelay
from accomp_desktop.ui.diagnostic.page import AUTOSAVE_MS, DiagnosticPage
from accomp_desktop.ui.dossiers.place import DossiersPlace
from accomp_desktop.ui.lock import SessionLock
from accomp_desktop.ui.sync_panel import JoinHubDialog, SyncPanel
from accomp_desktop.ui.tasks import Runner, UserError

log = logging.getLogger("accomp.ui")

PLACES = ("Dossiers", "Diagnostic", "Agenda", "Administration")
ADMINISTRATION = 3
"""The place of the administration of the dispositif: listed for administrators only."""


class Workspace(QWidget):
    """The navigation list on the left and the current place on the right.

    What the database says changed (``changes``: this window's writes, another process's) reaches each place:
    the one on screen at once, the others when they are shown — nothing is read for a place no one looks at.
    """

    def __init__(
        self,
        services: WorkspaceServices,
        runner: Runner,
        autosave_ms: int = AUTOSAVE_MS,
        changes: ChangeSource | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._pending: dict[int, Changes] = {}  # by place index: what its next showing must read again
        self.relay: ChangeRelay | None = None
        self.navigation = QListWidget()
        self.navigation.setAccessibleName("Navigation")
        self.navigation.setObjectName("navigation")
        self.navigation.addItems(PLACES)
        self.navigation.setFixedWidth(170)
        diagnostic = services.diagnostic
        self.dossiers = DossiersPlace(
            services.directory,
            services.cases,
            services.dossiers,
            services.plan,
            runner,
            diagnostic.theme_labels(),
        )
        self.diagnostic = DiagnosticPage(diagnostic, diagnostic.referentiel, runner, autosave_ms=autosave_ms)
        self.dossiers.dossier_opened.connect(self.diagnostic.show_dossier)
        self.dossiers.page.diagnostic_requested.connect(self._open_diagnostic)
        self.diagnostic.changed.connect(lambda _text: self.dossiers.page.reload())
        self.places = QStackedWidget()
        self.agenda = AgendaPage(services.agenda, runner)
        self.dossiers.page.preparation = services.preparation
        self.dossiers.page.conflicts = services.conflicts
        self.dossiers.page.access_request = services.access_request
        self.dossiers.teams_loaded.connect(self.agenda.set_teams)
        self.administration = AdminPage(services.directory, services.administration, runner)
        for page in (self.dossiers, self.diagnostic, self.agenda, self.administration):
            self.places.addWidget(page)
        self.show_administration(False)
        self.navigation.currentRowChanged.connect(self._show_place)
        self.navigation.setCurrentRow(0)
        layout = QHBoxLayout(self)
        layout.addWidget(self.navigation)
        layout.addWidget(self.places, stretch=1)
        if changes is not None:
            self.relay = ChangeRelay(changes, self)
            # Queued even from the GUI thread: a view never reads again in the middle of the write's own
            # callback.
            self.relay.arrived.connect(self.take_changes, Qt.ConnectionType.QueuedConnection)

    def take_changes(self, changes: Changes) -> None:
        for index in range(len(PLACES)):
            self._pending[index] = self._pending.get(index, Changes()) | changes
        self._apply_pending()

    def _apply_pending(self) -> None:
        index = self.places.currentIndex()
        changes = self._pending.pop(index, None)
        if changes:
            place: DossiersPlace | DiagnosticPage | AgendaPage | AdminPage = (
                self.dossiers,
                self.diagnostic,
                self.agenda,
                self.administration,
            )[index]
            place.apply_changes(changes)

    def go_to(self, index: int) -> None:
        if not self.navigation.item(index).isHidden():
            self.navigation.setCurrentRow(index)

    def show_administration(self, shown: bool) -> None:
        """The Administration place is listed for administrators only (its service refuses anyone else)."""
        self.navigation.item(ADMINISTRATION).setHidden(not shown)
        if not shown and self.navigation.currentRow() == ADMINISTRATION:
            self.go_to(0)

    def _show_place(self, index: int) -> None:
        self.places.setCurrentIndex(index)
        # Each place reads its data when shown: start-up paints sooner, and nothing is read for nobody.
        self.diagnostic.set_active(index == 1)
        self.agenda.set_active(index == 2)
        self.administration.set_active(index == ADMINISTRATION)
        self._apply_pending()

    def _open_diagnostic(self, dossier_id: str) -> None:
        self.diagnostic.show_dossier(dossier_id)
        self.go_to(1)


class MainWindow(QMainWindow):
    first_painted = Signal(float)  # seconds since process start
    professional_changed = Signal(object)  # Professional | None
    crash_reported = Signal(str)  # path of a report; may be emitted from any thread
    restore_requested = Signal(object)  # Path of a backup: the application closes, restores and reopens

    def __init__(
        self,
        *,
        services: WorkspaceServices,
        runner: Runner,
        data_dir: Path,
        window_state_file: Path,
        demo: bool,
        started: float,
        account: Account | None = None,
        lock_after_minutes: int = 0,
        autosave_delay_ms: int = AUTOSAVE_MS,
        backups: BackupService | None = None,
        changes: ChangeSource | None = None,
        sync_runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._directory, self.account, self._backups = services.directory, account, backups
        self.restore_to: Path | None = None
        self.dialog: QWidget | None = None  # the last account dialog opened (tests drive it)
        self._started = started
        self._painted = False
        self._audit, self._runner = services.audit, runner
        self.audit_dialog: AuditDialog | None = None
        self._closing_confirmed = False
        self._window_state_file = window_state_file
        self._data_dir = data_dir
        self.professional: Professional | None = None
        self.setWindowTitle("Accomp Desktop — démonstration" if demo else "Accomp Desktop")
        self.setMinimumSize(800, 560)

        self._administration = services.administration
        self.guide: FirstUseGuide | None = None
        self.workspace = Workspace(services, runner, autosave_ms=autosave_delay_ms, changes=changes)
        self.workspace.administration.changed.connect(self._directory_changed)
        self.workspace.agenda.changed.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.workspace.diagnostic.changed.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.workspace.dossiers.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.setCentralWidget(self.workspace)
        self.lock: SessionLock | None = None
        if account is not None:
            self.lock = SessionLock(self, account, runner, lock_after_minutes)

        self.who_label = QLabel()
        self.statusBar().addPermanentWidget(self.who_label)
        self.sync_panel = SyncPanel(services.hub, sync_runner, parent=self)
        self.statusBar().addPermanentWidget(self.sync_panel.label)
        if demo:
            demo_label = QLabel("Base de démonstration : personnes fictives")
            demo_label.setObjectName("demoBadge")
            self.statusBar().addPermanentWidget(demo_label)
        self._build_menus()
        self._where_before: dict[str, dict[str, object]] = {}
        self._restore_geometry()
        self.crash_reported.connect(self._tell_crash)
        # Saved as the professional moves, not only on close: after a crash the app reopens where it was.
        self.workspace.navigation.currentRowChanged.connect(lambda _row: self._save_geometry())
        self.workspace.dossiers.dossier_opened.connect(lambda _id: self._save_geometry())

    # --- menus --------------------------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], object], shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Fichier")
        self.new_dossier_action = self._action(
            "&Nouveau dossier…", self.new_dossier, QKeySequence(QKeySequence.StandardKey.New)
        )
        file_menu.addAction(self.new_dossier_action)
        file_menu.addSeparator()
        if self.lock is not None:
            file_menu.addAction(self.lock.action)
            file_menu.addAction(self._action("Changer ma phrase de passe…", self.change_passphrase))
            self.grant_action = self._action("Donner l'accès à un collègue…", self.grant_access)
            file_menu.addAction(self.grant_action)
        file_menu.addAction(self.sync_panel.sync_action)
        file_menu.addAction(self.sync_panel.join_action)
        self.sync_panel.join_action.triggered.connect(self.join_hub)
        file_menu.addSeparator()
        file_menu.addAction(self._action("Ouvrir le dossier des données", self._open_data_dir))
        file_menu.addAction(self._action("Journal d'audit…", self.show_audit))
        if self._backups is not None:
            file_menu.addAction(self._action("Sauvegardes…", self.show_backups))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quitter", self.close, QKeySequence(QKeySequence.StandardKey.Quit)))
        go_menu = self.menuBar().addMenu("&Aller à")
        for index, name in enumerate(PLACES):
            go_menu.addAction(self._action(name, self._go_to(index), QKeySequence(f"Ctrl+{index + 1}")))
        help_menu = self.menuBar().addMenu("&Aide")
        help_menu.addAction(self._action("À propos d'Accomp Desktop", self._about))

    def join_hub(self) -> None:
        dialog = JoinHubDialog(self.sync_panel, self)
        self.dialog = dialog
        dialog.open()

    def show_audit(self) -> None:
        if self.professional is None:
            return
        dialog = AuditDialog(self._audit, self._runner, self.professional.id, self)
        self.audit_dialog = dialog
        dialog.open()

    def show_backups(self) -> None:
        assert self._backups is not None
        dialog = BackupsDialog(self._backups, self._runner, self)
        dialog.restore_requested.connect(self._restore)
        self.dialog = dialog
        dialog.open()

    def _restore(self, backup: Path) -> None:
        if self.workspace.dossiers.page.has_unsaved_text():
            QMessageBox.information(
                self,
                "Restaurer une sauvegarde",
                "Une saisie de la page du dossier n'est pas "
                "enregistrée : enregistrez-la ou abandonnez-la, puis recommencez.",
            )
            return
        self.restore_to = backup
        self.close()

    def new_dossier(self) -> None:
        if self.professional is None:
            return
        self.workspace.go_to(0)
        self.workspace.dossiers.new_dossier()

    def _go_to(self, index: int) -> Callable[[], None]:
        return lambda: self.workspace.go_to(index)

    def _open_data_dir(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_dir)))

    def _about(self) -> None:
        def show(libraries: list[Library]) -> None:
            dialog = AboutDialog(self._data_dir, libraries, self)
            self.dialog = dialog
            dialog.open()

        self._runner.run(bundled_libraries, show)

    def tell_backup_problem(self, error: UserError) -> None:
        """A daily backup that failed: said in the window (never as a crash). A damaged database is told at
        once, with the way to the backups; anything else stays in the status bar until the next hour's try."""
        log.warning("daily backup failed: %s", type(error).__name__)
        if isinstance(error, DatabaseDamaged):
            box = QMessageBox(
                QMessageBox.Icon.Critical, "Base de données endommagée", str(error), parent=self
            )
            box.setInformativeText(
                "Les dossiers touchés peuvent ne plus s'ouvrir. Restaurez la dernière sauvegarde "
                "saine avant de continuer à saisir."
            )
            if self._backups is not None:
                restore = box.addButton("Ouvrir les sauvegardes…", QMessageBox.ButtonRole.AcceptRole)
                restore.clicked.connect(self.show_backups)
            box.addButton("Plus tard", QMessageBox.ButtonRole.RejectRole)
            self.dialog = box
            box.open()
            return
        self.statusBar().showMessage(f"⚠ {error}")

    def _tell_crash(self, report: str) -> None:
        self.statusBar().showMessage(
            "Une erreur inattendue s'est produite ; vos données enregistrées sont intactes. "
            f"Un rapport a été enregistré : {report}"
        )

    # --- who am I -------------------------------------------------------------------------------------

    def change_passphrase(self) -> None:
        assert self.account is not None
        dialog = ChangePassphraseDialog(self.account, self._runner, self)
        dialog.succeeded.connect(lambda _r: self.statusBar().showMessage("Phrase de passe changée.", 8000))
        self.dialog = dialog
        dialog.open()

    def grant_access(self) -> None:
        account = self.account
        assert account is not None
        if not account.is_admin:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                "Donner l'accès à un collègue",
                "Seul un administrateur du dispositif donne l'accès à ce poste, avec la fonction que "
                "la coordination a donnée au collègue.",
                parent=self,
            )
            self.dialog = box
            box.open()
            return

        def show(colleagues: list[tuple[Professional, bool]]) -> None:
            dialog = GrantAccessDialog(account, self._runner, colleagues, self)
            dialog.succeeded.connect(
                lambda colleague: self.statusBar().showMessage(
                    f"{colleague.display_name} peut maintenant se connecter sur ce poste avec sa phrase "
                    "de passe.",
                    8000,
                )
            )
            self.dialog = dialog
            dialog.open()

        self._runner.run(account.colleagues, show)

    def set_professional(self, professional: Professional) -> None:
        log.info("workspace opened for professional %s", professional.id)
        self.professional = professional
        admin = " — administrateur" if professional.admin else ""
        self.who_label.setText(f"{professional.display_name} — {professional.role.label}{admin}")
        self.workspace.dossiers.show_for(professional.id)
        self.workspace.diagnostic.set_professional(professional)
        self.workspace.agenda.set_professional(professional)
        self.workspace.administration.set_professional(professional, self.account)
        self.workspace.show_administration(professional.admin)
        self._return_where_it_was()
        self.professional_changed.emit(professional)
        if professional.admin:  # a fresh data folder: the guide to a first binôme
            self._runner.run(self._directory.is_empty, lambda empty: self.offer_guide() if empty else None)

    # --- the dispositif's set-up --------------------------------------------------------------------

    def offer_guide(self) -> None:
        """The first-use guide: a territory, a binôme and its other member, then a first dossier."""
        professional = self.professional
        if professional is None or not professional.admin:
            return
        if professional.role not in (Role.CONSEILLER, Role.TRAVAILLEUR_SOCIAL):
            self.workspace.go_to(ADMINISTRATION)  # a coordinator sets binômes up there
            self.statusBar().showMessage(
                "Aucun binôme encore : créez les professionnels, un territoire et un binôme "
                "dans Administration.",
                15000,
            )
            return
        guide = FirstUseGuide(self._administration, self._runner, professional, self)
        guide.finished_set_up.connect(self._set_up)
        self.guide = guide
        guide.open()

    def _set_up(self, binome: Binome, first_dossier: bool) -> None:
        if first_dossier:  # once the new binôme is read: the form offers it
            self.workspace.dossiers.teams_loaded.connect(
                self._first_dossier, Qt.ConnectionType.SingleShotConnection
            )
        self.statusBar().showMessage(f"{binome.name} créé : vous pouvez ouvrir vos premiers dossiers.", 8000)
        self.workspace.dossiers.refresh_directory()  # now, not when the list is next shown: the form needs it

    def _first_dossier(self, _teams: object) -> None:
        self.new_dossier()

    def _directory_changed(self, message: str) -> None:
        """Professionals, binômes or territories changed: said; the places read them again on the change
        itself (without a change source — a window built alone — at once)."""
        self.statusBar().showMessage(message, 8000)
        if self.workspace.relay is None:
            self.workspace.dossiers.refresh_directory()

    # --- window state ---------------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        state = read_json(self._window_state_file)
        geometry = _decode(state.get("geometry"))
        if geometry is None or not self.restoreGeometry(QByteArray(geometry)):
            self.resize(1100, 720)
        header = _decode(state.get("case_list_header"))
        if header is not None:
            self.workspace.dossiers.cases.restore_header_state(header)
        agenda = state.get("agenda")
        if isinstance(agenda, dict):
            self.workspace.agenda.restore_view_state(agenda)

        # Where each professional was (dossier, place) is kept per profile: the next one to sign in on this
        # computer never lands on the previous one's dossier. (An older file's single "where" is not reused.)
        where = state.get("where_by_profile")
        self._where_before = (
            {key: value for key, value in where.items() if isinstance(value, dict)}
            if isinstance(where, dict)
            else {}
        )

    def _save_geometry(self) -> None:
        """Write the window state: geometry, list columns, and where the professional is (for a restart)."""
        qt_state = {
            "geometry": bytes(self.saveGeometry().data()),
            "case_list_header": self.workspace.dossiers.cases.header_state(),
        }
        dossiers = self.workspace.dossiers
        detail = dossiers.page.detail
        where = {
            "place": self.workspace.places.currentIndex(),
            "dossier": self.workspace.diagnostic.dossier_id or (detail.dossier.id if detail else ""),
            "on_dossier_page": dossiers.stack.currentWidget() is dossiers.page,
        }
        state: dict[str, object] = {
            key: base64.b64encode(value).decode("ascii") for key, value in qt_state.items()
        }
        by_profile = dict(self._where_before)
        if self.professional is not None:
            by_profile[self.professional.id] = where
        self._where_before = by_profile
        try:
            write_json_atomic(
                self._window_state_file,
                state | {"where_by_profile": by_profile, "agenda": self.workspace.agenda.view_state()},
            )
        except OSError as error:  # a full disk must not stop the window from closing
            log.warning("window state not saved: %s", error)

    def _return_where_it_was(self) -> None:
        """After a restart (or a crash), the professional finds the dossier and place they were working on."""
        if self.professional is None:
            return
        where = self._where_before.get(self.professional.id, {})
        dossier = where.get("dossier")
        if not isinstance(dossier, str) or not dossier:
            return
        if where.get("on_dossier_page"):
            self.workspace.dossiers.open_dossier(dossier)
        else:
            self.workspace.diagnostic.show_dossier(dossier)
        place = where.get("place")
        if isinstance(place, int) and 0 <= place < len(PLACES):
            self.workspace.go_to(place)

    def closeEvent(self, event: QCloseEvent) -> None:
        page = self.workspace.dossiers.page
        if page.has_unsaved_text() and not self._closing_confirmed:
            event.ignore()  # ask first; close again once the professional agrees to drop the text
            self.workspace.go_to(0)
            self.workspace.dossiers.stack.setCurrentWidget(page)
            page.confirm_leave(self._close_confirmed)
            return
        self.workspace.diagnostic.flush()  # the worker finishes queued saves before the application exits
        self.sync_panel.shutdown()  # a round under way ends (its steps are whole) before the store closes
        if self.workspace.relay is not None:
            self.workspace.relay.close()  # the store outlives the window (a restore reopens one)
        self._save_geometry()
        super().closeEvent(event)

    def _close_confirmed(self) -> None:
        self._closing_confirmed = True
        self.close()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            elapsed = time.perf_counter() - self._started
            log.info("window painted %.0f ms after start (at %.3f)", elapsed * 1000, time.time())
            self.first_painted.emit(elapsed)


def _decode(value: object) -> bytes | None:
    """Bytes saved as base64 in the window state file; None when absent or damaged."""
    if not isinstance(value, str):
        return None
    try:
        return base64.b64decode(value, validate=True)
    except ValueError:
        return None


def show_crash_reports(parent: QWidget, reports: list[Path], acknowledge: Callable[[Path], Path]) -> None:
    """Tell the user, once, that the last session ended on an error and where the report is."""
    if not reports:
        return
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Incident lors de la dernière utilisation")
    box.setText(
        "Accomp Desktop s'est arrêté sur une erreur lors de la dernière utilisation. "
        "Vos saisies enregistrées sont conservées."
    )
    kept = [acknowledge(report) for report in reports]  # the path said is where the report is from now on
    box.setInformativeText(
        "Un rapport technique (sans données personnelles) a été enregistré. Vous pouvez le transmettre "
        f"à votre support informatique :\n{kept[-1]}"
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()  # not exec(): the start-up never blocks on it (and --quit-after still quits)
