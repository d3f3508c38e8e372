"""Consistent copies of the database file, taken before every migration and on demand.

SQLite's online backup API copies a coherent snapshot even while the WAL holds recent commits, which a
plain file copy would miss. Only the most recent copies are kept, so backups never fill the disk.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path

log = logging.getLogger("accomp.storage.backup")

DEFAULT_KEEP = 10


def backup_database(source: Path, backups_dir: Path, *, label: str, keep: int = DEFAULT_KEEP) -> Path:
    """Copy ``source`` into ``backups_dir`` as ``accomp-<timestamp>-<label>.db`` and prune old copies."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir / f"accomp-{stamp}-{label}.db"
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    log.info("backup written: %s", target)
    for old in sorted(backups_dir.glob("accomp-*.db"))[:-keep]:
        old.unlink(missing_ok=True)
    return target
