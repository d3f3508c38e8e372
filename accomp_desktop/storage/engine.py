"""The one engine factory: every connection to the local database is made here.

SQLite is set up for durability first: write-ahead log (readers never block the writer), foreign keys
enforced, ``synchronous=FULL`` (a power cut never loses a committed edit) and a busy timeout so a brief lock
waits rather than fails. With a key, the file is encrypted by SQLCipher (``sqlcipher3``): the key is a raw
256-bit key (``x'…'``), so opening a connection skips SQLCipher's own key derivation (~130 ms each) — the
passphrase was already stretched once, at sign-in (:mod:`keys`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
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
        # Sorts and temporary indexes stay in memory: no temporary file, even an encrypted one, on the disk.
        cursor.execute("PRAGMA temp_store=MEMORY")
    finally:
        cursor.close()


def raw_key(key: bytes) -> str:
    """SQLCipher's notation for a raw key (no key derivation)."""
    return f"x'{key.hex()}'"


def connect(path: Path, key: bytes | None, *, read_only: bool = False) -> Any:
    """A DB-API connection outside SQLAlchemy (inspection, backups, conversion), keyed when ``key`` is
    given."""
    import sqlcipher3

    target = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)  # a URI needs an absolute path
    connection = sqlcipher3.connect(target, uri=read_only)
    if key is not None:
        connection.execute(f'PRAGMA key = "{raw_key(key)}"')
    return connection


def make_engine(path: Path | None, key: bytes | None = None) -> Engine:
    """An engine on the database file at ``path`` (encrypted with ``key`` when given), or on a private
    in-memory database when ``path`` is None."""
    if path is None:
        engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    elif key is not None:
        url = URL.create("sqlite+pysqlcipher", password=raw_key(key), database=str(path))
        engine = create_engine(url, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_pragmas)
    return engine
