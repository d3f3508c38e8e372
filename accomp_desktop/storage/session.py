"""Units of work: one short session per service call, committed on success, rolled back on failure.

Low-level SQLite failures a user can do something about (locked file, full disk, damage) are turned into
the typed, French :mod:`accomp_desktop.storage.errors` here, so no caller has to read error texts. Once
committed, what a unit of work changed goes out on the store's feed (:mod:`accomp_desktop.storage.changes`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from accomp_desktop.storage.changes import ChangeFeed, OutsideWatcher, collect_changes, take_changes
from accomp_desktop.storage.errors import translate_sqlite_error


class Store:
    """The open database of the application: hands out units of work."""

    def __init__(self, engine: Engine, path: Path | None = None) -> None:
        self.engine = engine
        self.path = path or Path(":memory:")
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        collect_changes(self._sessions)
        self.changes = ChangeFeed()
        self._watcher: OutsideWatcher | None = None

    def watch_outside(self, interval: float = 2.0) -> None:
        """Also report what other processes commit to the file (looked at every ``interval`` seconds)."""
        if self._watcher is None and self.path != Path(":memory:"):
            self._watcher = OutsideWatcher(self.engine, self.changes, interval)
            self._watcher.start()

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
            session.commit()
            changes, wrote = take_changes(session)
            if wrote and self._watcher is not None:
                # Our own commit (app_meta included) is not news; a mere read must not hide another's commit.
                self._watcher.absorb()
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
        self.changes.publish(changes)

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        self.engine.dispose()
