"""Brings what the database says changed to the GUI thread, for the places that show it.

Writes commit on worker threads (and another process's writes are noticed on a watcher thread): the relay
re-emits each :class:`~accomp_desktop.domain.changes.Changes` as a Qt signal, which Qt queues to the GUI
thread where the views live. The relay holds no widget; the source holds only the relay, until :meth:`close`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from accomp_desktop.domain.changes import Changes, ChangeSource


class ChangeRelay(QObject):
    arrived = Signal(object)  # Changes, delivered on the GUI thread

    def __init__(self, source: ChangeSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe = source.subscribe(self._announce)

    def _announce(self, changes: Changes) -> None:
        self.arrived.emit(changes)  # from any thread: a queued delivery to receivers on the GUI thread

    def close(self) -> None:
        """No more deliveries (the window is closing; the store may outlive it)."""
        self._unsubscribe()
