"""SQLite's low-level failures turned into the typed French errors a person reads (defined in
:mod:`accomp_desktop.domain.errors`, where the interface finds them without going through storage)."""

from __future__ import annotations

from pathlib import Path

from accomp_desktop.domain.errors import (
    AlreadyRunning,
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseTooNew,
    DatabaseUnreadable,
    DiskFull,
    FileNotWritten,
    InstanceNotAnswering,
    RecordGone,
    StorageError,
    os_reason,
)

__all__ = [
    "StorageError",
    "RecordGone",
    "AlreadyRunning",
    "InstanceNotAnswering",
    "DatabaseUnreadable",
    "DatabaseDamaged",
    "DatabaseTooNew",
    "DatabaseBusy",
    "DiskFull",
    "FileNotWritten",
    "os_reason",
    "translate_sqlite_error",
]


# SQLite result codes (sqlite3.Error.sqlite_errorname, Python >= 3.11) mapped to what the user is told.
_BUSY = {"SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_RECOVERY"}
_FULL = {"SQLITE_FULL", "SQLITE_IOERR_WRITE"}
_DAMAGED = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}
_UNREADABLE = {"SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_READONLY", "SQLITE_AUTH"}


def translate_sqlite_error(error: BaseException, path: Path) -> StorageError | None:
    """The user-facing error for a low-level SQLite failure, or None when it is a bug to report.

    Accepts a ``sqlite3.Error`` or SQLAlchemy's wrapper (whose ``orig`` is the ``sqlite3.Error``).
    """
    original = getattr(error, "orig", None) or error
    name = getattr(original, "sqlite_errorname", "") or ""
    if name in _BUSY or name.startswith("SQLITE_BUSY"):
        return DatabaseBusy()
    if name in _FULL:
        return DiskFull()
    if name in _DAMAGED or name.startswith(
        "SQLITE_CORRUPT"
    ):  # SQLite's English text is not repeated to the user
        return DatabaseDamaged(
            path, "en-tête illisible, ou clé d'un autre poste" if name == "SQLITE_NOTADB" else "pages abîmées"
        )
    if name in _UNREADABLE or name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY")):
        return DatabaseUnreadable(path, f"Accès refusé ou fichier en lecture seule ({original}).")
    return None
