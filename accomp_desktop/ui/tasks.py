"""The one way off the UI thread: database and PDF work runs on a single worker, results come back by signal.

A single worker because SQLite has one writer: queued jobs run in order and never fight for the lock. The
background function must not touch widgets; its result (frozen dataclasses) is handed to ``on_done`` on the
main thread. Errors meant for the user (:class:`StorageError` from the environment, :class:`RuleError` from
the rules) go to ``on_error``, whose ``str()`` is a French message; any other exception is a bug and is
re-raised on the main thread, where the crash handler reports it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal

from accomp_desktop.domain.errors import RuleError
from accomp_desktop.storage.errors import StorageError

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

T = TypeVar("T")
UserError = StorageError | RuleError
ErrorHandler = Callable[[UserError], None]


class Runner(Protocol):
    def run(
        self, work: Callable[[], T], on_done: Callable[[T], None], on_error: ErrorHandler | None = None
    ) -> None: ...

    def shutdown(self) -> None: ...


def _deliver_error(error: Exception, on_error: ErrorHandler | None, fallback: ErrorHandler) -> None:
    if isinstance(error, (StorageError, RuleError)):
        (on_error or fallback)(error)
    else:
        raise error


class TaskRunner(QObject):
    """Runs work on one background thread and calls back on the main thread."""

    _back_on_main_thread = Signal(object)

    def __init__(self, on_storage_error: ErrorHandler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor: ThreadPoolExecutor | None = None  # started with the first task, after the first paint
        self._fallback = on_storage_error
        # Emitted only from the worker thread, so the default connection queues the call to the main thread.
        # (Naming Qt.ConnectionType here would build the whole Qt namespace, ~50 ms, before the first window.)
        self._back_on_main_thread.connect(self._call)

    def run(
        self, work: Callable[[], T], on_done: Callable[[T], None], on_error: ErrorHandler | None = None
    ) -> None:
        def job() -> None:
            try:
                result = work()
            except Exception as error:
                failure = error
                self._back_on_main_thread.emit(lambda: _deliver_error(failure, on_error, self._fallback))
            else:
                self._back_on_main_thread.emit(lambda: on_done(result))

        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="accomp-db")
        self._executor.submit(job)

    def _call(self, callback: Callable[[], None]) -> None:
        callback()

    def shutdown(self) -> None:
        """Finish queued work (an edit being saved must reach the disk) before the application exits."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)


class ImmediateRunner:
    """Runs work at once on the calling thread: for tests, where determinism matters more than fluidity."""

    def __init__(self, on_storage_error: ErrorHandler) -> None:
        self._fallback = on_storage_error

    def run(
        self, work: Callable[[], T], on_done: Callable[[T], None], on_error: ErrorHandler | None = None
    ) -> None:
        try:
            result = work()
        except Exception as error:
            _deliver_error(error, on_error, self._fallback)
        else:
            on_done(result)

    def shutdown(self) -> None:
        pass
