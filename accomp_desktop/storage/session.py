"""Units of work: one short session per service call, committed on success, rolled back on failure.

Low-level SQLite failures a user can do something about (locked file, full disk, damage) are turned into
the typed, French :mod:`accomp_desktop.storage.errors` here, so no caller has to read error texts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from accomp_desktop.storage.errors import translate_sqlite_error


class Store:
    """The open database of the application: hands out units of work."""

    def __init__(self, engine: Engine, path: Path | None = None) -> None:
        self.engine = engine
        self.path = path or Path(":memory:")
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
            session.commit()
        except DBAPIError as error:
            session.rollback()
            translated = translate_sqlite_error(error, self.path)
            if translated is None:
                raise
            raise translated from error
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()
