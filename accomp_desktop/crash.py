"""The crash handler: unexpected errors become a report file that the next start shows to the user.

Installed first thing at start. Python exceptions (main thread and workers) go through ``sys.excepthook`` /
``threading.excepthook``; hard crashes (segfault in Qt, abort) are caught by ``faulthandler``, which writes to
a file we turn into a report at the next start. Reports hold the software's state (versions, traceback),
never a person's data.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

from accomp_desktop import __version__

log = logging.getLogger("accomp.crash")

FATAL_LOG = "fatal.log"
FREEZE_LOG = "freeze.log"  # written by the watchdog (ui.instance) when the window stops answering


def redacted_traceback(value: BaseException, tb: TracebackType | None) -> str:
    """Where the error happened (every frame, for the chained causes too), without the errors' messages: a
    message can quote a person's data (a database error lists the values it was writing), and reports and logs
    must hold none. The code lines shown come from the program's source, not from data."""
    parts: list[str] = []
    seen: set[int] = set()
    error: BaseException | None = value
    frames = tb
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        kind = type(error)
        parts.append(
            "Traceback (most recent call last):\n"
            + "".join(traceback.format_tb(frames))
            + f"{kind.__module__}.{kind.__qualname__} (message omitted: it may quote personal data)\n"
        )
        error = error.__cause__ or error.__context__
        frames = error.__traceback__ if error is not None else None
    return "\nWhich was raised while handling:\n".join(reversed(parts))


class CrashHandler:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.on_report: Callable[[Path], None] | None = None
        """Called (on the thread that failed) after a report is written; the UI uses it to tell the user."""
        self._fatal_file: IO[str] | None = None

    def install(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._collect_fatal_log()
        self._fatal_file = open(self.folder / FATAL_LOG, "a", encoding="utf-8")
        faulthandler.enable(file=self._fatal_file, all_threads=True)
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook

    def uninstall(self) -> None:
        faulthandler.disable()
        sys.excepthook = sys.__excepthook__
        threading.excepthook = threading.__excepthook__
        if self._fatal_file is not None:
            self._fatal_file.close()
            self._fatal_file = None

    def _collect_fatal_log(self) -> None:
        """A non-empty fatal or freeze log means the previous run died hard or stopped answering: make it a
        report and start afresh."""
        for name, title in (
            (FATAL_LOG, "Arrêt brutal de l'application (erreur fatale)"),
            (FREEZE_LOG, "L'application a cessé de répondre"),
        ):
            path = self.folder / name
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except FileNotFoundError:
                continue
            if text.strip():
                self.write_report(title, text)
            path.write_text("", encoding="utf-8")

    def _excepthook(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        self.report_exception(kind, value, tb)

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.report_exception(args.exc_type, args.exc_value, args.exc_traceback)

    def report_exception(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> Path | None:
        details = redacted_traceback(value, tb)
        log.error("unexpected error:\n%s", details)
        report = self.write_report("Erreur inattendue", details)
        if report is not None and self.on_report is not None:
            self.on_report(report)
        return report

    def write_report(self, title: str, details: str) -> Path | None:
        """The report, whole or not at all (a full disk leaves no empty report to be shown at the next
        start)."""
        import platform  # only when something went wrong: ~7 ms less before the first window
        from datetime import datetime

        from accomp_desktop.jsonfile import write_bytes_atomic

        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.folder / f"crash-{stamp}.txt"
        header = (
            f"{title}\nAccomp Desktop {__version__}\nPython {platform.python_version()} "
            f"on {platform.platform()}\n{datetime.now().isoformat(timespec='seconds')}\n\n"
        )
        try:
            write_bytes_atomic(path, (header + details).encode("utf-8"))
        except OSError as error:
            log.error("crash report not written: %s", error.strerror)
            return None
        return path

    def pending_reports(self) -> list[Path]:
        """Reports the user has not been shown yet, oldest first (an empty file is no report)."""
        return sorted(p for p in self.folder.glob("crash-*.txt") if p.stat().st_size > 0)

    def acknowledge(self, report: Path) -> Path:
        """Keep the report for support but stop showing it at start; returns where it is kept now."""
        kept = report.with_name(report.stem.replace("crash-", "seen-", 1) + ".txt")
        try:
            report.rename(kept)
        except OSError:
            return report
        return kept
