"""Logging set-up: one named logger per subsystem, all written to a file in the data folder, rolled over at
start.

The log helps support understand a problem; it never holds a person's data (names, notes, diagnostics):
code logs identifiers and counts only.

The files roll over at each start once the current one passes 1 MB (``accomp.log`` → ``.1`` … ``.5``), rather
than through ``logging.handlers.RotatingFileHandler``: importing that module (sockets, pickle, queues) cost
~14 ms before the first window, and a session writes a few kilobytes.
"""

from __future__ import annotations

import logging
from pathlib import Path

LOG_FILE = "accomp.log"
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
KEPT = 5


def roll_over(path: Path, *, max_bytes: int = MAX_BYTES, kept: int = KEPT) -> None:
    """Shift ``path`` to ``path.1`` (``.1`` to ``.2``…, the oldest dropped) once it has grown past
    ``max_bytes``.
    A file that cannot be moved stays where it is: logging goes on in it."""
    try:
        if path.stat().st_size < max_bytes:
            return
        for number in range(kept - 1, 0, -1):
            older = path.with_name(f"{path.name}.{number}")
            if older.exists():
                older.replace(path.with_name(f"{path.name}.{number + 1}"))
        path.replace(path.with_name(f"{path.name}.1"))
    except OSError:
        return


def setup_logging(logs_dir: Path, *, level: int = logging.INFO) -> Path:
    """Send every ``accomp.*`` record to ``logs_dir/accomp.log`` and warnings to stderr."""
    logs_dir.mkdir(parents=True, exist_ok=True)
    path = logs_dir / LOG_FILE
    root = logging.getLogger("accomp")
    root.setLevel(level)
    for handler in list(root.handlers):  # closed before the roll-over: Windows cannot rename an open file
        root.removeHandler(handler)
        handler.close()
    roll_over(path)
    file_handler = logging.FileHandler(path, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(file_handler)
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(console)
    root.propagate = False
    return path
