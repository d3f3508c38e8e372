"""The data folder (database, logs, crash reports, backups, settings) and the one-instance lock.

The folder comes from platformdirs (``~/.local/share/accomp-desktop`` on Linux, ``%LOCALAPPDATA%`` on
Windows) unless ``--data-dir`` says otherwise. Demonstration data lives in its own sub-folder so that it can
never mix with a real caseload.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

from accomp_desktop.resources import resource_path
from accomp_desktop.storage.errors import AlreadyRunning, DatabaseUnreadable

APP_NAME = "accomp-desktop"
PLAIN_HEADER = b"SQLite format 3\x00"


def is_plain(path: Path) -> bool:
    """A plain SQLite file (readable by anyone) rather than an encrypted one (whose header is random)."""
    with path.open("rb") as handle:
        return handle.read(16) == PLAIN_HEADER


def default_data_dir(*, demo: bool = False) -> Path:
    import platformdirs  # on use: a --data-dir start (tests, benchmarks) never needs it

    base = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return base / "demo" if demo else base


class DataFolder(NamedTuple):  # a NamedTuple, not a dataclass: built ~7× faster, before the first window
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "accomp.db"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def crash_reports(self) -> Path:
        return self.root / "crash"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def keys_file(self) -> Path:
        """The database key wrapped by each professional's passphrase (see :mod:`storage.keys`)."""
        return self.root / "keys.json"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"

    @property
    def window_state_file(self) -> Path:
        return self.root / "window-state.json"

    @property
    def documents(self) -> Path:
        """The private folder of the copies opened in the system's PDF viewer (:mod:`private_folder`)."""
        return self.root / "documents-ouverts"

    @property
    def referentiel_override(self) -> Path:
        """A département's own référentiel, used instead of the shipped one when present."""
        return self.root / "referentiel.toml"

    @property
    def referentiel_file(self) -> Path:
        """The référentiel in force: the département's own when placed here, else the one shipped."""
        return (
            self.referentiel_override
            if self.referentiel_override.exists()
            else resource_path("referentiel.toml")
        )

    def create(self) -> None:
        """Create the folder tree; a folder that cannot be created gives a clear French message."""
        try:
            for folder in (self.root, self.logs, self.crash_reports, self.backups):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseUnreadable(
                self.root, f"Le dossier de données ne peut pas être créé ({error.strerror})."
            ) from None


class InstanceLock:
    """Refuses a second instance of the application on the same data folder.

    An OS-level lock (``flock`` / ``msvcrt.locking``) is released by the system if the process dies, so a
    crash never leaves a stale lock behind. Written on the two system calls rather than with the filelock
    package, whose import alone cost ~20 ms before the first window.
    """

    def __init__(self, folder: DataFolder) -> None:
        self._folder = folder
        self._path = folder.root / "accomp.lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise AlreadyRunning(self._folder.root, self.holder()) from None
        self._fd = fd
        try:  # who holds it: a relaunch that gets no answer from our window names the process to end
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        except OSError:
            pass

    def holder(self) -> int | None:
        """The process number written by the instance that holds the lock (None if unreadable)."""
        try:
            text = self._path.read_text(encoding="ascii", errors="replace").strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def release(self) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # the file's first byte; fails at once when another holds it

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
