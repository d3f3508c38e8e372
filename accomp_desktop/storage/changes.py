"""Every committed write reports what it changed, from the rows it wrote; other processes' writes are noticed.

A unit of work collects, at each flush, the parts (:class:`~accomp_desktop.domain.changes.Area`) and dossiers
of the rows it adds, changes or deletes, and of the bulk statements it runs; once committed, the
:class:`ChangeFeed` hands one :class:`~accomp_desktop.domain.changes.Changes` to its listeners. Deriving them
from the rows, rather than asking every write to say them, means no write can forget.

Writes by another connection to the same file — a batch command, another instance, later a sync — are seen
by :class:`OutsideWatcher` through SQLite's ``PRAGMA data_version``, and reported on the same feed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from accomp_desktop.domain.changes import Area, Changes
from accomp_desktop.storage.models import AuditRow, DossierRow

log = logging.getLogger(__name__)

Listener = Callable[[Changes], None]

# Each table belongs to one part; a table missing here (app_meta) changes nothing a view shows.
TABLE_PARTS: dict[str, Area] = {
    "persons": Area.PERSON,
    "dossiers": Area.DOSSIER,
    "dossier_events": Area.DOSSIER,
    "diagnostic_entries": Area.DIAGNOSTIC,
    "diagnostic_situations": Area.DIAGNOSTIC,
    "diagnostic_texts": Area.DIAGNOSTIC,
    "diagnostic_changes": Area.DIAGNOSTIC,
    "diagnostic_validations": Area.DIAGNOSTIC,
    "diagnostic_approvals": Area.DIAGNOSTIC,
    "objectives": Area.PLAN,
    "actions": Area.PLAN,
    "issued_plans": Area.PLAN,
    "appointments": Area.AGENDA,
    "appointment_participants": Area.AGENDA,
    "busy_times": Area.AGENDA,
    "notes": Area.NOTES,
    "note_versions": Area.NOTES,
    "professionals": Area.DIRECTORY,
    "binomes": Area.DIRECTORY,
    "binome_members": Area.DIRECTORY,
    "territories": Area.DIRECTORY,
    "directory_changes": Area.DIRECTORY,
    "audit_log": Area.AUDIT,
}
_KEY = "accomp_changes"  # where a session keeps what it has flushed so far
_WROTE = "accomp_wrote"  # whether it wrote at all (app_meta included): its commit moves the file's version


def _row_changes(row: object) -> Changes:
    table = getattr(row, "__tablename__", "")
    part = TABLE_PARTS.get(table)
    if part is None:
        return Changes()
    if isinstance(row, DossierRow):
        return Changes.of(part, dossiers=[row.id])
    if isinstance(row, AuditRow):
        return Changes.of(part)
    dossier = getattr(row, "dossier_id", None)
    # A row without a dossier column (a person, a participant, the directory) may concern any dossier.
    return Changes.of(part, dossiers=[dossier] if dossier else ([] if part is Area.DIRECTORY else None))


def _after_flush(session: Session, _context: Any) -> None:
    found: Changes = session.info.get(_KEY, Changes())
    if session.new or session.deleted or any(session.is_modified(row) for row in session.dirty):
        session.info[_WROTE] = True
    for row in (*session.new, *session.dirty, *session.deleted):
        if row in session.dirty and not session.is_modified(row):
            continue  # touched, not changed
        found |= _row_changes(row)
    session.info[_KEY] = found


def _bulk_statement(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    state.session.info[_WROTE] = True
    table = getattr(state.statement, "table", None)
    part = TABLE_PARTS.get(getattr(table, "name", ""))
    if part is not None:
        state.session.info[_KEY] = state.session.info.get(_KEY, Changes()) | Changes.of(part, dossiers=None)


def _after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)
    session.info.pop(_WROTE, None)


def collect_changes(sessions: sessionmaker[Session]) -> None:
    """Make every session of ``sessions`` collect what it writes (read back with :func:`take_changes`)."""
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _bulk_statement)
    event.listen(sessions, "after_soft_rollback", lambda session, _previous: _after_rollback(session))


def take_changes(session: Session) -> tuple[Changes, bool]:
    """What the session has written since it began (or since the last call), and whether it wrote at all."""
    changes: Changes = session.info.pop(_KEY, Changes())
    return changes, bool(session.info.pop(_WROTE, False))


class ChangeFeed:
    """Hands each committed :class:`Changes` to its listeners, on the thread that committed."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Listen from now on; call the returned function to stop."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, changes: Changes) -> None:
        if not changes:
            return
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(changes)
            except Exception:  # a listener's failure must not undo or hide a committed write
                log.exception("change listener failed")


class OutsideWatcher:
    """Notices commits made by other connections to the database file and publishes them as unknown changes.

    SQLite's ``data_version`` of one connection changes when any *other* connection commits — this process's
    own pooled connections included — so after each of its own commits the store calls :meth:`absorb`. A
    commit from outside in the microseconds between the two would be taken for our own: the next one shows it.
    """

    def __init__(self, engine: Engine, feed: ChangeFeed, interval: float = 2.0) -> None:
        self._connection = engine.raw_connection()
        self._feed = feed
        self._interval = interval
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._version = self._read()
        self._thread = threading.Thread(target=self._watch, name="outside-changes", daemon=True)

    def _read(self) -> int:
        cursor = self._connection.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            row = cursor.fetchone()
            return int(row[0]) if row else 0
        finally:
            cursor.close()

    def start(self) -> None:
        self._thread.start()

    def absorb(self) -> None:
        """Our own commit: not news."""
        with self._lock:
            if not self._stopped.is_set():
                self._version = self._read()

    def check(self) -> bool:
        """Whether another connection has committed since the last look; publishes it if so."""
        with self._lock:
            if self._stopped.is_set():
                return False
            try:
                version = self._read()
            except Exception:  # locked or gone for a moment: looked at again next time
                log.warning("could not read the database's data version", exc_info=True)
                return False
            changed, self._version = version != self._version, version
        if changed:
            self._feed.publish(Changes.everything(outside=True))
        return changed

    def _watch(self) -> None:
        while not self._stopped.wait(self._interval):
            self.check()

    def stop(self) -> None:
        with self._lock:
            self._stopped.set()
            self._connection.close()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
