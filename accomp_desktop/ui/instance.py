"""One running application per data folder, that a relaunch can reach — or knows it cannot.

The data folder's lock (:class:`~accomp_desktop.storage.location.InstanceLock`) says an instance runs; it does
not say whether that instance still shows a window. So the running instance answers on a local socket named
after its data folder: a relaunch asks it to bring its window to the front and waits for the answer. No answer
within a few seconds means the instance is stuck (or has no window): the relaunch says so in French, with the
process number to end. And a watchdog thread writes every thread's stack to the crash folder when the window
stops answering for long, so that the support has a trace of a freeze, and the next start says what happened.
"""

from __future__ import annotations

import faulthandler
import hashlib
import logging
import os
import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication

log = logging.getLogger("accomp.instance")

ASK = b"montrer\n"
ANSWER = b"ok\n"
ANSWER_WITHIN_MS = 3000
HEARTBEAT_MS = 1000
FROZEN_AFTER_S = 45.0
FREEZE_REPORT = "freeze.log"


def server_name(data_dir: Path) -> str:
    """Per user and per data folder (two users, or two folders, never answer for each other)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    return f"accomp-desktop-{user}-{digest}"


def ask_running_instance(data_dir: Path) -> bool:
    """True when the instance running on this data folder answered and brought its window to the front."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(ANSWER_WITHIN_MS):
        return False
    socket.write(ASK)
    socket.waitForBytesWritten(ANSWER_WITHIN_MS)
    answered = socket.waitForReadyRead(ANSWER_WITHIN_MS) and socket.readAll().data() == ANSWER
    socket.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    """Answers a relaunch: brings the window shown now (sign-in or main window) to the front."""

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(data_dir)
        if not self._server.listen(name):
            QLocalServer.removeServer(
                name
            )  # left behind by a process that died: we hold the lock, it is ours
            if not self._server.listen(name):
                log.warning("instance server not started: %s", self._server.errorString())
        self._server.newConnection.connect(self._answer)

    def _answer(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._show(s))

    def _show(self, socket: QLocalSocket) -> None:
        if socket.readAll().data() != ASK:
            socket.disconnectFromServer()
            return
        window = (
            QApplication.activeModalWidget()
            or QApplication.activeWindow()
            or next((w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()), None)
        )
        if window is None:  # nothing to show: let the relaunch say what to do
            socket.disconnectFromServer()
            return
        log.info("a relaunch asked for the window: brought to the front")
        window.showNormal()
        window.raise_()
        window.activateWindow()
        socket.write(ANSWER)
        socket.flush()
        socket.disconnectFromServer()


class Watchdog:
    """Writes every thread's stack to ``crash/freeze.log`` when the main thread stops beating for too long."""

    def __init__(self, crash_folder: Path, frozen_after: float = FROZEN_AFTER_S) -> None:
        self._path = crash_folder / FREEZE_REPORT
        self._frozen_after = frozen_after
        self._last = time.monotonic()
        self._stop = threading.Event()
        self._timer = QTimer()
        self._timer.setInterval(HEARTBEAT_MS)
        self._timer.timeout.connect(self.beat)
        self._thread = threading.Thread(target=self._watch, name="accomp-watchdog", daemon=True)

    def start(self) -> None:
        self._timer.start()
        self._thread.start()

    def beat(self) -> None:
        self._last = time.monotonic()

    def stop(self) -> None:
        self._timer.stop()
        self._stop.set()

    def _watch(self) -> None:
        reported = False
        while not self._stop.wait(1.0):
            silent = time.monotonic() - self._last
            if silent > self._frozen_after and not reported:
                reported = True  # once per freeze
                try:
                    with self._path.open("a", encoding="utf-8") as out:
                        out.write(
                            f"La fenêtre ne répond plus depuis {silent:.0f} s ; piles de tous les fils :\n"
                        )
                        out.flush()
                        faulthandler.dump_traceback(file=out, all_threads=True)
                except OSError as error:
                    log.warning("freeze stacks not written: %s", error)
                log.error("the window has not answered for %.0f s: stacks written to %s", silent, self._path)
            elif silent < self._frozen_after:
                reported = False
