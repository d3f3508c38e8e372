"""Consistent copies of the database file, taken before every migration and on demand.

SQLite's online backup API copies a coherent snapshot even while the WAL holds recent commits, which a
plain file copy would miss. Only the most recent copies are kept, so backups never fill the disk.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

from accomp_desktop.storage.engine import connect, raw_key
from accomp_desktop.storage.errors import DatabaseDamaged
from accomp_desktop.storage.location import is_plain

log = logging.getLogger("accomp.storage.backup")

DEFAULT_KEEP = 10


def backup_database(
    source: Path, backups_dir: Path, *, label: str, keep: int = DEFAULT_KEEP, key: bytes | None = None
) -> Path:
    """Copy ``source`` into ``backups_dir`` as ``accomp-<timestamp>-<label>.db`` and prune old copies.

    An encrypted database is copied with ``VACUUM INTO``, which keeps it encrypted with the same key (the
    backup API cannot write to a keyless file): a backup never holds a readable copy of anyone's data.
    """
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir / f"accomp-{stamp}-{label}.db"
    if key is not None:
        with closing(connect(source, key)) as src:
            src.execute("VACUUM INTO ?", (str(target),))
    else:
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


def _row_counts(connection: Any) -> dict[str, int]:
    tables = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE "
        "'CREATE VIRTUAL%' AND name NOT LIKE 'dossier_search_%'")]
    return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def encrypt_in_place(path: Path, key: bytes) -> None:
    """Turn the plain SQLite file at ``path`` into an encrypted one, safely: the encrypted copy is written
    beside it, checked (integrity and the row count of every table), and only then put in its place in one
    rename. Until that rename the plain file is untouched; after it, no plain copy remains."""
    encrypted = path.with_name(path.name + ".encrypting")
    encrypted.unlink(missing_ok=True)
    with closing(connect(path, None)) as plain:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = plain.execute("PRAGMA user_version").fetchone()[0]
        counts = _row_counts(plain)
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY \"{raw_key(key)}\"", (str(encrypted),))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        plain.execute("DETACH DATABASE encrypted")
    with closing(connect(encrypted, key)) as check:
        good = check.execute("PRAGMA quick_check").fetchone()[0] == "ok" and _row_counts(check) == counts
    if not good:
        encrypted.unlink(missing_ok=True)
        raise DatabaseDamaged(path, "la copie chiffrée ne correspond pas à l'original, rien n'a été changé")
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    encrypted.replace(path)


def encrypt_plain_files(database: Path, backups_dir: Path, key: bytes) -> int:
    """Encrypt, once, the plain database of the foundation and its plain backups: after this, no file of the
    data folder can be read without a passphrase. Returns how many files were converted."""
    converted = 0
    for path in [database, *sorted(backups_dir.glob("accomp-*.db"))]:
        if path.exists() and path.stat().st_size and is_plain(path):
            encrypt_in_place(path, key)
            converted += 1
    if converted:
        log.info("%d plain database files encrypted", converted)
    return converted
