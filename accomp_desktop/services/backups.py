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

from accomp_desktop.storage.backup import backup_database
from accomp_desktop.storage.errors import DatabaseDamaged, StorageError
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.migrate import inspect_file

log = logging.getLogger("accomp.backups")

DAY = 24 * 3600.0
_NAME = re.compile(r"accomp-(\d{8}-\d{6})-\d+-(.+)\.db$")
LABELS = {
    "daily": "quotidienne", "manual": "à la demande", "before-restore": "avant une restauration",
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
    def __init__(self, folder: DataFolder, key: bytes | None, *, keep: int = 10,
                 clock: Callable[[], float] = time.time) -> None:
        self._folder, self._key, self.keep, self._clock = folder, key, keep, clock

    def copies(self) -> list[BackupCopy]:
        """The backups, newest first."""
        found = []
        for path in self._folder.backups.glob("accomp-*.db"):
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
        try:
            path = backup_database(self._folder.database, self._folder.backups, label=label, keep=self.keep,
                                   key=self._key)
        except OSError as error:
            raise StorageError(f"La sauvegarde n'a pas pu être écrite ({error.strerror}). Vérifiez la place "
                               f"libre dans {self._folder.backups}.") from None
        self._copy_key_file()
        return next(c for c in self.copies() if c.path == path)

    def take_daily_if_due(self) -> BackupCopy | None:
        return self.take("daily") if self.due() else None

    def restore(self, copy: Path) -> BackupCopy:
        """Put ``copy`` in place of the database (which must be closed). Returns the safety copy of the
        database as it was, so that a restore can itself be undone."""
        try:
            inspect_file(copy, full_check=True, key=self._key)
        except StorageError as error:
            raise DatabaseDamaged(copy, f"cette sauvegarde ne peut pas être restaurée ({error})") from None
        database = self._folder.database
        incoming = database.with_name(database.name + ".restoring")
        try:
            shutil.copyfile(copy, incoming)  # first: the safety copy below may prune the oldest backups
            with incoming.open("rb") as handle:
                os.fsync(handle.fileno())
        except OSError as error:  # a full disk: nothing replaced, no half copy left behind
            incoming.unlink(missing_ok=True)
            raise StorageError(f"La sauvegarde n'a pas pu être remise en place ({error.strerror}). La base "
                               "actuelle n'a pas été touchée ; vérifiez la place libre sur le disque.") from None
        safety = self.take("before-restore")
        for suffix in ("-wal", "-shm"):  # they belong to the database being replaced
            Path(str(database) + suffix).unlink(missing_ok=True)
        incoming.replace(database)
        log.info("backup %s restored (previous database kept as %s)", copy.name, safety.path.name)
        return safety

    def _copy_key_file(self) -> None:
        keys = self._folder.keys_file
        if keys.exists():
            shutil.copyfile(keys, self._folder.backups / "keys.json")
