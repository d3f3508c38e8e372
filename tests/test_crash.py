"""The crash handler writes a report for any unexpected error and shows it at the next start."""

import sys
import threading
from pathlib import Path

import pytest

from accomp_desktop.crash import FATAL_LOG, CrashHandler


def test_uncaught_exception_becomes_a_report(tmp_path: Path) -> None:
    handler = CrashHandler(tmp_path)
    handler.install()
    seen: list[Path] = []
    handler.on_report = seen.append
    try:
        try:
            name = "".join(["Zé", "phyrine"])  # built, so that no source line shown in the report holds it
            try:
                {}[name]  # a message quoting a person's data, as a database error would
            except KeyError as error:
                raise RuntimeError(f"boom in a slot for {name}") from error
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # what Python does for an uncaught exception
    finally:
        handler.uninstall()
    reports = handler.pending_reports()
    assert len(reports) == 1 and seen == reports
    text = reports[0].read_text(encoding="utf-8")
    assert "Erreur inattendue" in text and "builtins.RuntimeError (message omitted" in text
    assert "builtins.KeyError" in text and "test_uncaught_exception_becomes_a_report" in text
    assert "Zéphyrine" not in text and "Zéphyrine" not in (tmp_path / FATAL_LOG).read_text(encoding="utf-8")
    handler.acknowledge(reports[0])
    assert handler.pending_reports() == []


def test_worker_thread_exception_becomes_a_report(tmp_path: Path) -> None:
    handler = CrashHandler(tmp_path)
    handler.install()
    try:
        worker = threading.Thread(target=lambda: 1 / 0)
        worker.start()
        worker.join()
    finally:
        handler.uninstall()
    (report,) = handler.pending_reports()
    assert "ZeroDivisionError" in report.read_text(encoding="utf-8")


def test_a_hard_crash_log_is_reported_at_next_start(tmp_path: Path) -> None:
    (tmp_path / FATAL_LOG).write_text("Fatal Python error: Segmentation fault\n", encoding="utf-8")
    handler = CrashHandler(tmp_path)
    handler.install()
    handler.uninstall()
    (report,) = handler.pending_reports()
    assert "Segmentation fault" in report.read_text(encoding="utf-8")
    assert (tmp_path / FATAL_LOG).read_text(encoding="utf-8") == ""


def test_a_full_disk_leaves_no_empty_report_to_show(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    handler = CrashHandler(tmp_path)
    (tmp_path / "crash-20261129-000000-000000.txt").write_bytes(
        b""
    )  # left by an older version on a full disk

    def full(_path: Path, _data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("accomp_desktop.jsonfile.write_bytes_atomic", full)
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        assert handler.report_exception(RuntimeError, error, error.__traceback__) is None
    assert handler.pending_reports() == []  # nothing to say « incident » about at the next start
