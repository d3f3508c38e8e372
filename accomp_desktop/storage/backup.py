"""Consistent copies of the database file, taken before every migration and on demand, each one verified.

SQLite's online backup API (and ``VACUUM INTO`` for an encrypted file) copies a coherent snapshot even while
the WAL holds recent commits, which a plain file copy would miss. A copy counts only once it is whole and
verified: written under a temporary name, synced, opened with the key and checked, then renamed. Only the most
recent verified copies are kept, so backups never fill the disk — and never push out the last good one.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

from accomp_desktop.domain.model import CopyFacts
from accomp_desktop.storage.engine import connect, raw_key
from accomp_desktop.storage.errors import DatabaseDamaged, StorageError, translate_sqlite_error
from accomp_desktop.storage.location import is_plain

log = logging.getLogger("accomp.storage.backup")

DEFAULT_KEEP = 10
PAGE = 4096  # SQLCipher's page size: a file of another length was cut short
REQUIRED_TABLES = frozenset(
    {"alembic_version", "professionals", "binomes", "persons", "dossiers"}
)  # since 0001


class BackupUnusable(StorageError):
    """A file that is no backup this computer can restore: the reason in one French sentence, nothing
    touched."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"La sauvegarde {path.name} ne peut pas être utilisée : {reason} Rien n'a été modifié."
        )
        self.reason = reason


def verify_copy(path: Path, key: bytes | None) -> CopyFacts:
    """Open ``path`` read-only with the key and check it: integrity, a known schema revision, the tables a
    database of this application has. :class:`BackupUnusable` names what is wrong — empty, not encrypted,
    made on another computer, cut short or damaged — in one sentence."""
    from accomp_desktop.storage.migrate import KNOWN_REVISIONS

    try:
        size = path.stat().st_size
    except OSError:
        raise BackupUnusable(path, "le fichier est introuvable ou illisible.") from None
    if size == 0:
        raise BackupUnusable(path, "le fichier est vide, ce n'est pas une sauvegarde.")
    if key is not None and is_plain(path):
        raise BackupUnusable(
            path, "le fichier n'est pas chiffré : ce n'est pas une sauvegarde d'Accomp Desktop."
        )
    try:
        with closing(connect(path, key, read_only=True)) as connection:
            tables = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not REQUIRED_TABLES <= tables:
                raise BackupUnusable(path, "ce n'est pas une base d'Accomp Desktop.")
            (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone() or ("",)
            problems = [row[0] for row in connection.execute("PRAGMA quick_check(20)")]
            dossiers = connection.execute(
                "SELECT count(*) FROM dossiers WHERE deleted_at IS NULL"
            ).fetchone()[0]
    except BackupUnusable:
        raise
    except Exception as error:  # noqa: BLE001 - sqlite3's and sqlcipher3's errors share no base class
        if not hasattr(error, "sqlite_errorname"):
            raise
        if getattr(error, "sqlite_errorname", "") == "SQLITE_NOTADB" and size % PAGE == 0:
            raise BackupUnusable(
                path,
                "elle ne s'ouvre pas avec la clé de ce poste : elle a été faite sur un autre "
                "poste ou pour une autre installation.",
            ) from None
        raise BackupUnusable(path, "le fichier est endommagé (coupé ou abîmé).") from None
    if problems != ["ok"]:
        raise BackupUnusable(
            path, f"le contrôle d'intégrité signale {len(problems)} erreur(s) ({damaged_parts(problems)})."
        )
    if revision not in KNOWN_REVISIONS:
        raise BackupUnusable(
            path, f"elle vient d'une version plus récente d'Accomp Desktop (schéma « {revision} »)."
        )
    return CopyFacts(str(revision), int(dossiers))


def damaged_parts(problems: list[str]) -> str:
    """The tables and indexes SQLite's integrity check names, or its pages: « la partie touchée »."""
    names = sorted({match for line in problems for match in re.findall(r"(?:index|table|tree) (\w+)", line)})
    if names:
        return "partie touchée : " + ", ".join(names)
    pages = sorted({int(p) for line in problems for p in re.findall(r"[Pp]age (\d+)", line)})
    return f"pages {', '.join(map(str, pages[:5]))}" if pages else problems[0][:80]


def backup_database(
    source: Path, backups_dir: Path, *, label: str, keep: int = DEFAULT_KEEP, key: bytes | None = None
) -> Path:
    """Copy ``source`` into ``backups_dir`` as ``accomp-<timestamp>-<label>.db``, verified, and prune old
    copies.

    The copy is written under a temporary name, synced to disk and verified (:func:`verify_copy`) before it
    takes its name: a copy that did not verify is never listed, kept nor counted, and a failure removes it.
    Pruning keeps the ``keep`` newest verified copies (the one just made among them: the last good copy is
    never deleted). An encrypted database is copied with ``VACUUM INTO``, which keeps it encrypted with the
    same key (the backup API cannot write to a keyless file): a backup never holds a readable copy of anyone's
    data. Raises :class:`OSError`, a :class:`StorageError` (disk full, damaged source), or
    :class:`BackupUnusable`.
    """
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir / f"accomp-{stamp}-{label}.db"
    partial = backups_dir / f".{target.name}.partial"
    try:
        if key is not None:
            with closing(connect(source, key)) as src:
                src.execute("VACUUM INTO ?", (str(partial),))
        else:
            src = sqlite3.connect(source)
            try:
                dst = sqlite3.connect(partial)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            finally:
                src.close()
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        verify_copy(partial, key)
        partial.replace(target)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        translated = translate_sqlite_error(error, source) if hasattr(error, "sqlite_errorname") else None
        if translated is not None:
            raise translated from None
        raise
    log.info("backup written and verified: %s", target)
    prune(backups_dir, keep)
    return target


def verified_copies(backups_dir: Path) -> list[Path]:
    """The copies that took their name (hence verified), oldest first; empty files left by older versions are
    no copies."""
    return sorted(p for p in backups_dir.glob("accomp-*.db") if p.is_file() and p.stat().st_size > 0)


def prune(backups_dir: Path, keep: int) -> None:
    """Keep the ``keep`` newest verified copies (at least one); remove the empty files of older versions."""
    for empty in backups_dir.glob("accomp-*.db"):
        if empty.is_file() and empty.stat().st_size == 0:
            empty.unlink(missing_ok=True)
    for stale in backups_dir.glob(".accomp-*.partial"):  # left by a crash while a copy was written
        stale.unlink(missing_ok=True)
    for old in verified_copies(backups_dir)[: -max(keep, 1)]:
        old.unlink(missing_ok=True)


def _row_counts(connection: Any) -> dict[str, int]:
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE "
            "'CREATE VIRTUAL%' AND name NOT LIKE 'dossier_search_%'"
        )
    ]
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
        plain.execute(f'ATTACH DATABASE ? AS encrypted KEY "{raw_key(key)}"', (str(encrypted),))
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
