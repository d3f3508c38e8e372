"""Sharing with the partner's machine, as the window shows it: a calm line in the status bar, « Synchroniser
maintenant », and « Relier ce poste au hub… » for the administrator.

Synchronisation runs on its own worker (the network may take seconds; the database worker must stay free for
the professional's edits), every :data:`INTERVAL_S` seconds while the machine is joined, and at once on
demand.
What it receives refreshes the open views through the « what changed » notification (the sync service
publishes
it). An unreachable hub is a state, not an error: the line says since when and how many edits wait here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain.errors import HubRefused, HubUnreachable
from accomp_desktop.services.sync import SyncReport, SyncStatus
from accomp_desktop.services.sync_http import HubLink
from accomp_desktop.ui.tasks import Runner, TaskRunner, UserError

INTERVAL_S = float(os.environ.get("ACCOMP_SYNC_INTERVAL", "60"))
"""Seconds between two synchronisations (the demonstration of two windows uses a few)."""


def _time(moment: datetime | None) -> str:
    if moment is None:
        return "jamais"
    local = moment.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return f"à {local:%H:%M}"
    return f"le {local:%d/%m à %H:%M}"


def _since(moment: datetime) -> str:
    local = moment.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return f"{local:%H:%M}"
    return f"le {local:%d/%m}"


def _waiting(count: int) -> str:
    if count == 0:
        return ""
    return f" · {count} modification{'s' if count > 1 else ''} à envoyer"


class SyncPanel(QObject):
    """The status line and the actions; ``runner`` is the synchronisation's own worker."""

    synced = Signal(object)  # SyncReport

    def __init__(self, hub: HubLink, runner: Runner | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hub = hub
        self._runner = runner if runner is not None else TaskRunner(self._failed, parent=self)
        self._busy = False
        self._unreachable_since: datetime | None = None
        self._status: SyncStatus | None = None
        self.label = QLabel()
        self.label.setObjectName("syncStatus")
        self.label.hide()
        self.sync_action = QAction("Synchroniser maintenant", self)
        self.sync_action.setShortcut("F9")
        self.sync_action.triggered.connect(self.sync_now)
        self.sync_action.setEnabled(False)
        self.join_action = QAction("Relier ce poste au hub du département…", self)
        self._timer = QTimer(self)
        self._timer.setInterval(int(INTERVAL_S * 1000))
        self._timer.timeout.connect(self.sync_now)

    def start(self) -> None:
        """After the first window is painted: read the state, then synchronise if the machine is joined."""
        self._runner.run(self._hub.status, self._show_status, self._status_failed)

    def _show_status(self, status: SyncStatus) -> None:
        self._status = status
        self.sync_action.setEnabled(status.configured)
        if not status.configured:
            self.label.hide()
            return
        self.label.show()
        if not self._timer.isActive():
            self._timer.start()
            self.sync_now()
        if self._busy:
            return
        if self._unreachable_since is not None:
            self.label.setText(
                f"Hub injoignable depuis {_since(self._unreachable_since)}{_waiting(status.pending)}"
            )
        else:
            self.label.setText(f"Synchronisé {_time(status.last_success)}{_waiting(status.pending)}")

    def sync_now(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.label.setText("Synchronisation…")
        self._runner.run(self._hub.sync, self._done, self._failed)

    def _done(self, report: SyncReport) -> None:
        self._busy = False
        self._unreachable_since = None
        self.label.setToolTip("")
        self.synced.emit(report)
        self._runner.run(self._hub.status, self._show_status, self._status_failed)

    def _failed(self, error: UserError) -> None:
        self._busy = False
        if isinstance(error, HubUnreachable):
            self._unreachable_since = self._unreachable_since or datetime.now().astimezone()
        elif isinstance(error, HubRefused):
            self._timer.stop()  # waits for an administrator: no point in asking every minute
            self.label.setText("Synchronisation arrêtée")
        self.label.setToolTip(str(error))
        self._runner.run(self._hub.status, self._show_status, self._status_failed)

    def _status_failed(self, error: UserError) -> None:
        """The state could not be read (the database busy a moment): said in the tooltip, read again at the
        next round — never retried at once, which would loop."""
        self.label.setToolTip(str(error))

    def join(
        self, url: str, code: str, on_done: Callable[[int], None], on_error: Callable[[UserError], None]
    ) -> None:
        def joined(number: int) -> None:
            on_done(number)
            self.start()

        self._runner.run(lambda: self._hub.join(url, code), joined, on_error)

    def shutdown(self) -> None:
        self._timer.stop()
        self._runner.shutdown()


class JoinHubDialog(QDialog):
    """The hub's address and the one-time code an administrator issued (``accomp-hub code``)."""

    def __init__(self, panel: SyncPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Relier ce poste au hub du département")
        self.setMinimumWidth(520)
        self._panel = panel
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Le hub partage les dossiers de vos binômes avec le poste de votre partenaire. Ce que vous "
            "saisissez reste sur ce poste et part dès que le hub est joignable."
        )
        intro.setWordWrap(True)  # else the dialog is as wide as its sentence
        layout.addWidget(intro)
        form = QFormLayout()
        self.address = QLineEdit()
        self.address.setPlaceholderText("https://hub.departement.fr:8443")
        self.code = QLineEdit()
        self.code.setPlaceholderText("ABCD-EFGH-JKLM")
        form.addRow("Adresse du hub :", self.address)
        form.addRow("Code d'inscription :", self.code)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("errorText")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Relier")
        self.buttons.accepted.connect(self._join)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _join(self) -> None:
        if not self.address.text().strip() or not self.code.text().strip():
            self.message.setText("Indiquez l'adresse du hub et le code d'inscription.")
            return
        self.buttons.setEnabled(False)
        self.message.setText("Inscription auprès du hub…")
        self._panel.join(self.address.text(), self.code.text(), self._joined, self._refused)

    def _joined(self, number: int) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(f"Poste inscrit (n° {number}) : la première synchronisation commence.")
        self.accept()

    def _refused(self, error: UserError) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(str(error))
