"""The one way off the UI thread: database and PDF work runs on a single worker, results come back by signal.

A single worker because SQLite has one writer: queued jobs run in order and never fight for the lock. The
background function must not touch widgets; its result (frozen dataclasses) is handed to ``on_done`` on the
main thread. Errors meant for the user (:class:`StorageError` from the environment, :class:`RuleError` from
the rules) go to ``on_error``, whose ``str()`` is a French message. Any other exception is a bug: it is
reported to the crash handler (on the main thread), and ``on_error`` still receives a French message, so a
window that waits for a job (« Préparation du plan… ») always gets its buttons back.

**Qt objects live and die on the GUI thread.** A job's callbacks and its work function often hold widgets (a
bound method, a closure over ``self``). A Qt object whose last Python reference is dropped on the worker is
destroyed there — that froze and crashed the sign-in window. So, by construction, the worker never holds the
last reference to anything of a job: the work function, ``on_done`` and ``on_error`` are kept by the runner on
the main thread until the job is delivered; the worker takes the work function from a holder it empties, drops
it as soon as it returns, and hands the outcome over through a table before it signals, keeping no reference
to it. Only the main thread ever releases them.
"""

from __future__ import annotations

import itertools
import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal

from accomp_desktop.domain.errors import RuleError, StorageError

if TYPE_CHECKING:
    from concurrent.futures import Executor

T = TypeVar("T")
UserError = StorageError | RuleError
ErrorHandler = Callable[[UserError], None]

log = logging.getLogger("accomp.tasks")


class UnexpectedError(StorageError):
    """What the professional reads when a job failed on a bug: reported, and the window goes on."""

    def __init__(self) -> None:
        super().__init__(
            "Erreur inattendue ; un rapport d'incident a été enregistré et vos données enregistrées sont "
            "intactes. Réessayez, ou transmettez le rapport à votre support informatique."
        )


class Runner(Protocol):
    def run(
        self, work: Callable[[], T], on_done: Callable[[T], None], on_error: ErrorHandler | None = None
    ) -> None: ...

    def shutdown(self) -> None: ...


def _deliver(
    outcome: tuple[bool, Any],
    on_done: Callable[[Any], None],
    on_error: ErrorHandler | None,
    fallback: ErrorHandler,
) -> None:
    """On the main thread: the result to ``on_done``, a refusal to ``on_error``, a bug to the crash handler
    and a French message to ``on_error``."""
    succeeded, value = outcome
    if succeeded:
        on_done(value)
        return
    if not isinstance(value, (StorageError, RuleError)):
        sys.excepthook(type(value), value, value.__traceback__)  # the crash handler writes its report
        value = UnexpectedError()
    (on_error or fallback)(value)


class _Job:
    """What the main thread keeps of a job until it is delivered (and so releases itself)."""

    __slots__ = ("on_done", "on_error", "work")

    def __init__(
        self, work: Callable[[], Any], on_done: Callable[[Any], None], on_error: ErrorHandler | None
    ) -> None:
        self.work, self.on_done, self.on_error = work, on_done, on_error


class TaskRunner(QObject):
    """Runs work on one background thread and calls back on the main thread."""

    _finished = Signal(int)  # a job id: its outcome waits in the table

    def __init__(
        self,
        on_storage_error: ErrorHandler,
        executor_factory: Callable[[], Executor] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``executor_factory`` is for tests that must control when the worker lets go of a job."""
        super().__init__(parent)
        self._executor: Executor | None = None  # started with the first task, after the first paint
        self._factory = executor_factory
        self._fallback = on_storage_error
        self._ids = itertools.count(1)
        self._jobs: dict[int, _Job] = {}  # main thread only
        self._outcomes: dict[int, tuple[bool, Any]] = {}  # written by the worker, read by the main thread
        self._lock = threading.Lock()
        # Emitted only from the worker thread, so the default connection queues the call to the main thread.
        # (Naming Qt.ConnectionType here would build the whole Qt namespace, ~50 ms, before the first window.)
        self._finished.connect(self._deliver)

    def run(
        self, work: Callable[[], T], on_done: Callable[[T], None], on_error: ErrorHandler | None = None
    ) -> None:
        job_id = next(self._ids)
        self._jobs[job_id] = _Job(work, on_done, on_error)  # kept here: the main thread releases them
        holder: list[Callable[[], Any]] = [work]
        outcomes, lock, finished = self._outcomes, self._lock, self._finished

        def job() -> None:  # on the worker: holds nothing of the job once it has signalled
            function = holder.pop()
            try:
                outcome: tuple[bool, Any] = (True, function())
            except BaseException as error:  # noqa: BLE001 - every failure is delivered on the main thread
                outcome = (False, error)
            del function
            with lock:
                outcomes[job_id] = outcome
            del outcome
            finished.emit(job_id)

        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = (
                self._factory()
                if self._factory is not None
                else ThreadPoolExecutor(max_workers=1, thread_name_prefix="accomp-db")
            )
        self._executor.submit(job)

    def _deliver(self, job_id: int) -> None:
        job = self._jobs.pop(job_id, None)
        with self._lock:
            outcome = self._outcomes.pop(job_id, None)
        if job is None or outcome is None:
            return  # the runner was shut down meanwhile: its window is gone, nobody waits for this any more
        _deliver(outcome, job.on_done, job.on_error, self._fallback)

    @property
    def pending(self) -> int:
        """Jobs not yet delivered (tests, and the close of the window)."""
        return len(self._jobs)

    def shutdown(self) -> None:
        """Finish queued work (an edit being saved must reach the disk) before the application exits. Jobs
        that finished but were not delivered are released here, on the main thread."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
        with self._lock:
            self._outcomes.clear()
        self._jobs.clear()


class ImmediateRunner:
    """Runs work at once on the calling thread: for tests, where determinism matters more than fluidity.
    Failures are delivered as :class:`TaskRunner` delivers them."""

    def __init__(self, on_storage_error: ErrorHandler) -> None:
        self._fallback = on_storage_error

    def run(
        self, work: Callable[[], T], on_done: Callable[[T], None], on_error: ErrorHandler | None = None
    ) -> None:
        try:
            outcome: tuple[bool, Any] = (True, work())
        except Exception as error:  # noqa: BLE001 - delivered as the real runner does
            outcome = (False, error)
        _deliver(outcome, on_done, on_error, self._fallback)

    def shutdown(self) -> None:
        pass
