"""Backups the professional never has to think about, and a restore they can trust.

A backup is taken each day the application is used (and before every schema migration, by
:func:`storage.migrate.open_database`); it is encrypted with the same key as the database, so it is as
unreadable as the database itself, and the key file is copied beside the backups. Restoring checks the
chosen copy first (it opens with the key, passes SQLite's integrity check and has a schema this version
knows), keeps a copy of the current database, then puts the backup in place in one rename.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from accomp_desktop.domain.model import CopyFacts
from accomp_desktop.storage.backup import (
    BackupUnusable,
    backup_database,
    damaged_parts,
    verified_copies,
    verify_copy,
)
from accomp_desktop.storage.errors import DatabaseDamaged, DiskFull, StorageError, os_reason
from accomp_desktop.storage.location import DataFolder

log = logging.getLogger("accomp.backups")

DAY = 24 * 3600.0


class BackupFailed(StorageError):
    def __init__(self, why: str) -> None:
        super().__init__(
            f"La sauvegarde n'a pas pu être faite : {why}. La base n'a pas été touchée ; une nouvelle "
            "sauvegarde sera tentée dans une heure (ou Fichier › Sauvegardes › Sauvegarder maintenant)."
        )


_NAME = re.compile(r"accomp-(\d{8}-\d{6})-\d+-(.+)\.db$")
LABELS = {
    "daily": "quotidienne",
    "manual": "à la demande",
    "before-restore": "avant une restauration",
    "before-encryption": "avant le chiffrement",
}


@dataclass(frozen=True, slots=True)
class BackupCopy:
    path: Path
    taken_at: datetime
    label: str
    size: int

    @property
    def reason(self) -> str:
        """Why the copy was taken, in French."""
        if self.label.startswith("before-") and self.label not in LABELS:
            return f"avant la mise à jour {self.label.removeprefix('before-')}"
        return LABELS.get(self.label, self.label)


class BackupService:
    def __init__(
        self, folder: DataFolder, key: bytes | None, *, keep: int = 10, clock: Callable[[], float] = time.time
    ) -> None:
        self._folder, self._key, self.keep, self._clock = folder, key, keep, clock

    def copies(self) -> list[BackupCopy]:
        """The verified backups, newest first (an empty file an older version left is no backup)."""
        found = []
        for path in verified_copies(self._folder.backups):
            match = _NAME.match(path.name)
            if match is None:
                continue
            taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
            found.append(BackupCopy(path, taken, match.group(2), path.stat().st_size))
        return sorted(found, key=lambda c: c.path.name, reverse=True)

    def due(self) -> bool:
        """No backup yet in the last 24 hours."""
        newest = max((c.path.stat().st_mtime for c in self.copies()), default=None)
        return newest is None or self._clock() - newest >= DAY

    def take(self, label: str = "manual") -> BackupCopy:
        """A verified copy of the database; :class:`BackupFailed` says why not (and nothing is left of it)."""
        try:
            path = backup_database(
                self._folder.database, self._folder.backups, label=label, keep=self.keep, key=self._key
            )
        except OSError as error:
            raise BackupFailed(f"{os_reason(error)} ({self._folder.backups})") from None
        except DiskFull:
            raise BackupFailed(f"le disque est plein ({self._folder.backups})") from None
        except BackupUnusable as unusable:  # the copy of a damaged database does not verify
            raise BackupFailed(f"la base elle-même est endommagée — {unusable.reason.rstrip('.')}") from None
        except DatabaseDamaged:
            raise BackupFailed(
                "la base elle-même est endommagée : restaurez la dernière sauvegarde saine"
            ) from None
        except StorageError as error:
            raise BackupFailed(str(error).rstrip(".")) from None
        try:
            self._copy_key_file()
        except OSError as error:
            log.warning("key file not copied beside the backups: %s", error.strerror)
        return next(c for c in self.copies() if c.path == path)

    def check_then_back_up(self) -> BackupCopy | None:
        """At start: the database's integrity checked (a damaged part is named at once, before anyone meets it
        in a dossier that no longer opens), then the day's backup if due."""
        self.check_database()
        return self.take_daily_if_due()

    def take_daily_if_due(self) -> BackupCopy | None:
        """The day's backup when none was taken in the last 24 hours. A failure says why; when the database
        itself is damaged, :class:`DatabaseDamaged` names the damaged part (SQLite's integrity check)."""
        if not self.due():
            return None
        try:
            return self.take("daily")
        except BackupFailed:
            self.check_database()  # damaged: this raises, naming the part; else the failure was elsewhere
            raise

    def facts(self, copy: Path) -> CopyFacts:
        """Verify a copy and say what it holds (:class:`BackupUnusable` when it cannot be restored)."""
        return verify_copy(copy, self._key)

    def current_facts(self) -> CopyFacts | None:
        """What the database holds now (None when it cannot be read: then any good backup is better)."""
        try:
            return verify_copy(self._folder.database, self._key)
        except BackupUnusable:
            return None

    def check_database(self) -> None:
        """SQLite's integrity check of the database in use; :class:`DatabaseDamaged` names the damaged
        part."""
        from contextlib import closing

        from accomp_desktop.storage.engine import connect

        with closing(connect(self._folder.database, self._key, read_only=True)) as connection:
            problems = [row[0] for row in connection.execute("PRAGMA quick_check(20)")]
        if problems != ["ok"]:
            raise DatabaseDamaged(self._folder.database, damaged_parts(problems))

    def restore(self, copy: Path) -> BackupCopy:
        """Put ``copy`` in place of the database (which must be closed), once verified. Returns the safety
        copy of the database as it was, so that a restore can itself be undone (none when the database is too
        damaged to be copied: it is then kept beside, as ``accomp.db.damaged``)."""
        verify_copy(copy, self._key)
        database = self._folder.database
        incoming = database.with_name(database.name + ".restoring")
        try:
            shutil.copyfile(copy, incoming)  # first: the safety copy below may prune the oldest backups
            with incoming.open("rb") as handle:
                os.fsync(handle.fileno())
        except OSError as error:  # a full disk: nothing replaced, no half copy left behind
            incoming.unlink(missing_ok=True)
            raise StorageError(
                f"La sauvegarde n'a pas pu être remise en place ({error.strerror}). La base "
                "actuelle n'a pas été touchée ; vérifiez la place libre sur le disque."
            ) from None
        try:
            safety = self.take("before-restore")
        except BackupFailed:  # a database too damaged to copy: kept aside as it is, never lost
            shutil.copyfile(database, database.with_name(database.name + ".damaged"))
            safety = BackupCopy(
                database.with_name(database.name + ".damaged"),
                datetime.now(),
                "damaged",
                database.stat().st_size,
            )
        for suffix in ("-wal", "-shm"):  # they belong to the database being replaced
            Path(str(database) + suffix).unlink(missing_ok=True)
        incoming.replace(database)
        log.info("backup %s restored (previous database kept as %s)", copy.name, safety.path.name)
        return safety

    def _copy_key_file(self) -> None:
        keys = self._folder.keys_file
        if keys.exists():
            shutil.copyfile(keys, self._folder.backups / "keys.json")
