"""Opening the database safely: check the file, back it up, bring its schema to the current revision.

The order matters for the promise "a damaged or newer file is never overwritten": the file is inspected
with a plain read-only look first, and only when it is a healthy Accomp Desktop database of a known
revision is an engine (which switches the file to WAL) opened on it. A migration always runs after a
backup copy.

Alembic is imported only when a migration is due: at an ordinary start the file's revision is compared with
:data:`KNOWN_REVISIONS` (kept equal to the migrations folder by a test), which saves ~230 ms of start-up.
"""

from __future__ import annotations

import logging
import os
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from accomp_desktop.storage.backup import backup_database
from accomp_desktop.storage.engine import connect, make_engine
from accomp_desktop.storage.errors import (
    DatabaseDamaged,
    DatabaseTooNew,
    DatabaseUnreadable,
    translate_sqlite_error,
)
from accomp_desktop.storage.location import DataFolder

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger("accomp.storage.migrate")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
KNOWN_REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
    "0014",
    "0015",
    "0016",
    "0017",
    "0018",
    "0019",
    "0020",
    "0021",
    "0022",
)
"""Every revision of the migrations folder, oldest first; the last one is the head."""


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return KNOWN_REVISIONS[-1]


def inspect_file(path: Path, *, full_check: bool = False, key: bytes | None = None) -> str | None:
    """The schema revision of the file at ``path``: None for a new (missing or empty) file.

    Raises :class:`DatabaseUnreadable`, :class:`DatabaseDamaged` or :class:`DatabaseTooNew`, and writes
    nothing.
    ``full_check`` adds SQLite's page-by-page ``quick_check``: 5.8 s on a 1 GB file, so it runs only before a
    migration; at an ordinary start a damaged page is met, and reported, when it is read.
    """
    if not path.exists():
        return None
    if not path.is_file():
        raise DatabaseUnreadable(path, "Ce chemin n'est pas un fichier.")
    if not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseUnreadable(path, "Vous n'avez pas les droits de lecture et d'écriture sur ce fichier.")
    if path.stat().st_size == 0:
        return None
    try:
        # Opened read-only through a URI so that inspecting can never create or change anything.
        with closing(connect(path, key, read_only=True)) as connection:
            tables = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            check = connection.execute("PRAGMA quick_check").fetchone() if full_check else ("ok",)
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except Exception as error:  # noqa: BLE001 - sqlite3's and sqlcipher3's errors share no base class
        if not hasattr(error, "sqlite_errorname"):
            raise
        translated = translate_sqlite_error(error, path)
        raise (translated or DatabaseDamaged(path, str(error))) from None
    if check is None or check[0] != "ok":
        raise DatabaseDamaged(path, "contrôle d'intégrité en échec")
    if revision is None:
        if tables:
            raise DatabaseDamaged(path, "tables inconnues, aucune version de schéma")
        return None
    if revision not in KNOWN_REVISIONS:
        raise DatabaseTooNew(path, revision)
    return str(revision)


def upgrade(engine: Engine, target: str = "head") -> None:
    """Apply the migrations up to ``target`` on ``engine``'s database, in one transaction."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), target)


def open_database(folder: DataFolder, *, backups_kept: int = 10, key: bytes | None = None) -> Engine:
    """An engine on the folder's database (encrypted with ``key`` when given), created or migrated to the
    current schema as needed."""
    path = folder.database
    current = inspect_file(path, key=key)
    head = head_revision()
    if current is not None and current != head:
        inspect_file(path, full_check=True, key=key)  # never migrate, nor back up as good, a damaged file
        backup = backup_database(path, folder.backups, label=f"before-{head}", keep=backups_kept, key=key)
        log.info("migrating %s from %s to %s (backup %s)", path, current, head, backup.name)
    engine = make_engine(path, key)
    if current == head:
        return engine
    try:
        upgrade(engine)
    except DBAPIError as error:
        engine.dispose()
        translated = translate_sqlite_error(error, path)
        if translated is None:
            raise
        raise translated from None
    return engine
