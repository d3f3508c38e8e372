"""The task runner: results and refusals come back on the main thread, bugs are reported and still give the
window its buttons back, and nothing a job holds is ever released — hence destroyed — on the worker thread."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from accomp_desktop.domain.errors import RuleError
from accomp_desktop.ui.tasks import TaskRunner, UnexpectedError, UserError


class LingeringExecutor(Executor):
    """Runs each job on a thread of its own that keeps the job until told to let go — as a real worker may,
    for a while, after the job has signalled. Whatever the job still holds is then released on that thread."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.threads: list[threading.Thread] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        holding = [fn]

        def worker() -> None:
            holding[0]()
            future.set_result(None)
            self.release.wait(10)
            holding.clear()  # the last reference the worker had: dropped here, on this thread
            gc.collect()

        thread = threading.Thread(target=worker, name="lingering-worker")
        self.threads.append(thread)
        thread.start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.release.set()
        for thread in self.threads:
            thread.join(10)


class Probe(QWidget):
    """A widget that says on which thread it was destroyed."""

    died_on: list[str] = []

    def done(self, _value: object) -> None:
        pass

    def __del__(self) -> None:
        Probe.died_on.append(threading.current_thread().name)


def test_a_widget_a_finished_job_held_is_destroyed_on_the_main_thread(qtbot: QtBot) -> None:
    executor = LingeringExecutor()
    runner = TaskRunner(pytest.fail, executor_factory=lambda: executor)
    Probe.died_on = []
    probe = Probe()
    runner.run(lambda: probe.objectName() and 1, probe.done)  # both the work and the callback hold the widget
    del probe
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=5000)  # delivered on the main thread
    gc.collect()
    assert Probe.died_on == ["MainThread"]  # released by the main thread as soon as it was delivered
    runner.shutdown()  # the worker lets go of the job now: it holds nothing of it any more
    gc.collect()
    assert Probe.died_on == ["MainThread"]


def test_results_refusals_and_bugs_come_back_on_the_main_thread(qtbot: QtBot) -> None:
    fallback: list[UserError] = []
    runner = TaskRunner(fallback.append)
    seen: list[tuple[str, object]] = []

    def record(kind: str) -> Callable[[object], None]:
        return lambda value: seen.append((threading.current_thread().name, (kind, value)))

    def refuse() -> int:
        raise RuleError("Refusé par la règle.")

    def bug() -> int:
        raise KeyError("oops")

    runner.run(lambda: 42, record("done"))
    runner.run(refuse, record("done"), record("error"))
    reported: list[BaseException] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.excepthook", lambda _type, error, _tb: reported.append(error))
        runner.run(bug, record("done"), record("error"))
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=5000)
    runner.shutdown()
    assert all(thread == "MainThread" for thread, _ in seen)
    outcomes = [outcome for _, outcome in seen]
    assert outcomes[0] == ("done", 42)
    assert outcomes[1][0] == "error" and str(outcomes[1][1]) == "Refusé par la règle."
    assert outcomes[2][0] == "error" and isinstance(outcomes[2][1], UnexpectedError)  # the buttons come back
    assert len(reported) == 1 and isinstance(reported[0], KeyError)  # and the crash handler has the bug
    assert fallback == []
