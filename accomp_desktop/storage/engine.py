"""The one engine factory: every connection to the local database is made here.

SQLite is set up for durability first: write-ahead log (readers never block the writer), foreign keys
enforced, ``synchronous=FULL`` (a power cut never loses a committed edit) and a busy timeout so a brief
lock waits rather than fails. The security issue adds encryption in this one place.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

BUSY_TIMEOUT_MS = 5000


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # 64 MB of page cache instead of 2 MB: sorting 100,000 dossiers reads far more than 2 MB of pages.
        cursor.execute("PRAGMA cache_size=-65536")
    finally:
        cursor.close()


def make_engine(path: Path | None) -> Engine:
    """An engine on the database file at ``path``, or on a private in-memory database when ``path`` is None."""
    if path is None:
        engine = create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_pragmas)
    return engine
