"""The data folder (database, logs, crash reports, backups, settings) and the one-instance lock.

The folder comes from platformdirs (``~/.local/share/accomp-desktop`` on Linux, ``%LOCALAPPDATA%`` on
Windows) unless ``--data-dir`` says otherwise. Demonstration data lives in its own sub-folder so that it can
never mix with a real caseload.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs
from filelock import FileLock, Timeout

from accomp_desktop.resources import resource_path
from accomp_desktop.storage.errors import AlreadyRunning, DatabaseUnreadable

APP_NAME = "accomp-desktop"
PLAIN_HEADER = b"SQLite format 3\x00"


def is_plain(path: Path) -> bool:
    """A plain SQLite file (readable by anyone) rather than an encrypted one (whose header is random)."""
    with path.open("rb") as handle:
        return handle.read(16) == PLAIN_HEADER


def default_data_dir(*, demo: bool = False) -> Path:
    base = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return base / "demo" if demo else base


@dataclass(frozen=True, slots=True)
class DataFolder:
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
    def referentiel_override(self) -> Path:
        """A département's own référentiel, used instead of the shipped one when present."""
        return self.root / "referentiel.toml"

    @property
    def referentiel_file(self) -> Path:
        """The référentiel in force: the département's own when placed here, else the one shipped."""
        return self.referentiel_override if self.referentiel_override.exists() else resource_path("referentiel.toml")

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

    An OS-level lock (``flock`` / ``LockFileEx``) is released by the system if the process dies, so a crash
    never leaves a stale lock behind.
    """

    def __init__(self, folder: DataFolder) -> None:
        self._folder = folder
        self._lock = FileLock(str(folder.root / "accomp.lock"), timeout=0)

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            raise AlreadyRunning(self._folder.root) from None

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()
