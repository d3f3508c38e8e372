"""Logging set-up: one named logger per subsystem, all written to a rotating file in the data folder.

The log helps support understand a problem; it never holds a person's data (names, notes, diagnostics):
code logs identifiers and counts only.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE = "accomp.log"
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup_logging(logs_dir: Path, *, level: int = logging.INFO) -> Path:
    """Send every ``accomp.*`` record to ``logs_dir/accomp.log`` (1 MB × 5 files) and warnings to stderr."""
    logs_dir.mkdir(parents=True, exist_ok=True)
    path = logs_dir / LOG_FILE
    root = logging.getLogger("accomp")
    root.setLevel(level)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(file_handler)
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(console)
    root.propagate = False
    return path
