"""The outbox: every change of a shared table becomes field operations in the same transaction.

SQLite triggers write them, so no write path can forget — the services' ORM, a bulk update, the
anonymisation's statements, a restore script. For each shared table of
:data:`accomp_desktop.domain.replication.TABLES`:

- an insert gives one operation per travelling column;
- an update of a travelling column gives one operation for that column — or, while an operation of the same
  field is still unsent, changes that one (autosave writes every second while someone types; the partner needs
  the text, not each keystroke); its ``base`` stays the hub sequence its author had seen first;
- a deletion gives a tombstone (field ``_deleted``).

``site_seq`` is contiguous per machine (one counter in ``sync_site``), so the hub sees a lost batch as a gap.
``sync_site.capture`` is 0 while pulled changes are applied (they are not this machine's to send back) and
while the demonstration fills a database in bulk. ``sync_fields`` keeps, per field, the hub sequence of the
value this machine last saw: the ``base`` of its next edit of that field.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from accomp_desktop.domain.replication import DELETED, TABLES, Table

SITE_CODE = "sync.site_code"
"""The number the hub gave this machine when it joined (its dossier references carry it)."""
CURSOR = "sync.cursor"
LAST_SUCCESS = "sync.last_success"

_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
_OP_ID = "lower(hex(randomblob(16)))"
_COLUMNS = "site_seq, op_id, entity, entity_id, field, value, base, author, at"
_LIVE = "(SELECT capture FROM sync_site WHERE id = 1) = 1"

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS sync_site ("
    " id INTEGER PRIMARY KEY CHECK (id = 1), site_id TEXT NOT NULL, seq INTEGER NOT NULL DEFAULT 0,"
    " capture INTEGER NOT NULL DEFAULT 1)",
    "CREATE TABLE IF NOT EXISTS sync_outbox ("
    " site_seq INTEGER PRIMARY KEY, op_id TEXT NOT NULL UNIQUE, entity TEXT NOT NULL, entity_id TEXT NOT "
    "NULL,"
    " field TEXT NOT NULL, value, base INTEGER NOT NULL DEFAULT 0, author TEXT, at TEXT NOT NULL,"
    " sent INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX IF NOT EXISTS ix_sync_outbox_field ON sync_outbox (entity, entity_id, field, sent)",
    "CREATE TABLE IF NOT EXISTS sync_fields ("
    " entity TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL, hub_seq INTEGER NOT NULL,"
    " PRIMARY KEY (entity, entity_id, field)) WITHOUT ROWID",
)


def _author(row: str) -> str:
    return f"coalesce({row}.updated_by, {row}.created_by)"


def _insert_trigger(table: Table) -> str:
    n = len(table.columns)
    values = ",\n".join(
        f"((SELECT seq FROM sync_site WHERE id = 1) - {n - i - 1}, {_OP_ID}, '{table.name}', NEW.id, "
        f"'{column}', "
        f'NEW."{column}", 0, {_author("NEW")}, {_NOW})'
        for i, column in enumerate(table.columns)
    )
    return (
        f"CREATE TRIGGER sync_ins_{table.name} AFTER INSERT ON {table.name} WHEN {_LIVE}\nBEGIN\n"
        f"UPDATE sync_site SET seq = seq + {n} WHERE id = 1;\n"
        f"INSERT INTO sync_outbox ({_COLUMNS}) "
        "VALUES\n"
        f"{values};\nEND"
    )


def _update_trigger(table: Table, column: str) -> str:
    key = f"entity = '{table.name}' AND entity_id = NEW.id AND field = '{column}'"
    unsent = f"SELECT 1 FROM sync_outbox WHERE {key} AND sent = 0"
    return (
        f'CREATE TRIGGER sync_upd_{table.name}_{column} AFTER UPDATE OF "{column}" ON {table.name}\n'
        f'WHEN NEW."{column}" IS NOT OLD."{column}" AND {_LIVE}\nBEGIN\n'
        f'UPDATE sync_outbox SET value = NEW."{column}", author = {_author("NEW")}, at = {_NOW} '
        f"WHERE {key} AND sent = 0;\n"
        f"UPDATE sync_site SET seq = seq + 1 WHERE id = 1 AND NOT EXISTS ({unsent});\n"
        f"INSERT INTO sync_outbox ({_COLUMNS})\n"
        f"SELECT (SELECT seq FROM sync_site WHERE id = 1), {_OP_ID}, '{table.name}', NEW.id, '{column}', "
        f'NEW."{column}", coalesce((SELECT hub_seq FROM sync_fields WHERE {key}), 0), {_author("NEW")}, '
        f"{_NOW}\nWHERE NOT EXISTS ({unsent});\nEND"
    )


def _delete_trigger(table: Table) -> str:
    return (
        f"CREATE TRIGGER sync_del_{table.name} AFTER DELETE ON {table.name} WHEN {_LIVE}\nBEGIN\n"
        "UPDATE sync_site SET seq = seq + 1 WHERE id = 1;\n"
        f"INSERT INTO sync_outbox ({_COLUMNS}) "
        "VALUES\n"
        f"((SELECT seq FROM sync_site WHERE id = 1), {_OP_ID}, '{table.name}', OLD.id, '{DELETED}', 1, "
        f"0, {_author('OLD')}, {_NOW});\nEND"
    )


def capture_statements(existing: dict[str, set[str]] | None = None) -> list[str]:
    """Every trigger of the outbox, from the shared tables' description — limited to the tables and columns
    of ``existing`` (a migration installs them for the schema as it is at its step; the next one that adds a
    table installs them again)."""
    statements: list[str] = []
    for table in TABLES.values():
        if existing is not None:
            if table.name not in existing:
                continue
            table = Table(table.name, tuple(c for c in table.columns if c in existing[table.name]))
        statements.append(_insert_trigger(table))
        statements.extend(_update_trigger(table, column) for column in table.columns)
        statements.append(_delete_trigger(table))
    return statements


def install_capture(connection: Connection) -> None:
    """Create the outbox's tables and (re)create its triggers: called by the migrations each time the shared
    columns change."""
    for statement in SCHEMA:
        connection.execute(text(statement))
    if connection.execute(text("SELECT count(*) FROM sync_site")).scalar_one() == 0:
        connection.execute(
            text("INSERT INTO sync_site (id, site_id, seq, capture) VALUES (1, :site, 0, 1)"),
            {"site": str(uuid.uuid4())},
        )
    names = connection.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB 'sync_*'")
    ).scalars()
    for name in list(names):
        connection.execute(text(f'DROP TRIGGER "{name}"'))
    tables = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars().all()
    existing = {
        name: {row[1] for row in connection.execute(text(f'PRAGMA table_info("{name}")'))}
        for name in tables
        if name in TABLES
    }
    for statement in capture_statements(existing):
        connection.execute(text(statement))


def set_capture(connection: Connection, on: bool) -> None:
    connection.execute(text("UPDATE sync_site SET capture = :on WHERE id = 1"), {"on": int(on)})


@dataclass(frozen=True, slots=True)
class Operation:
    """One field operation, as it travels."""

    op_id: str
    site_id: str
    site_seq: int
    entity: str
    entity_id: str
    field: str
    value: Any
    base: int
    author: str | None
    at: str


def site_id(connection: Connection) -> str:
    return str(connection.execute(text("SELECT site_id FROM sync_site WHERE id = 1")).scalar_one())


def pending(connection: Connection, *, limit: int = 1000) -> list[Operation]:
    """The oldest operations not yet acknowledged by the hub, in ``site_seq`` order: about ``limit`` of them,
    never ending in the middle of a row's fields (the hub classifies a row by all of them together)."""
    site = site_id(connection)
    rows = connection.execute(
        text(
            "SELECT op_id, site_seq, entity, entity_id, field, value, base, author, at FROM sync_outbox "
            "ORDER BY site_seq"
        )
    )
    batch: list[Operation] = []
    for r in rows:
        if len(batch) >= limit and (r.entity, r.entity_id) != (batch[-1].entity, batch[-1].entity_id):
            break
        batch.append(
            Operation(
                r.op_id, site, r.site_seq, r.entity, r.entity_id, r.field, r.value, r.base, r.author, r.at
            )
        )
    rows.close()
    return batch


def pending_count(connection: Connection) -> int:
    return int(connection.execute(text("SELECT count(*) FROM sync_outbox")).scalar_one())


def mark_sent(connection: Connection, up_to: int) -> None:
    """The operations up to ``up_to`` are on their way: a later edit of the same field makes a new operation
    rather than changing one the hub may already hold."""
    connection.execute(
        text("UPDATE sync_outbox SET sent = 1 WHERE site_seq <= :s AND sent = 0"), {"s": up_to}
    )


def acknowledge(connection: Connection, up_to: int, hub_seqs: dict[str, int]) -> None:
    """The hub holds every operation up to ``up_to``: drop them, and remember the hub sequence each applied
    operation received (``hub_seqs`` by ``op_id``) as the base of the next edit of its field."""
    rows = connection.execute(
        text("SELECT op_id, entity, entity_id, field FROM sync_outbox WHERE site_seq <= :s"), {"s": up_to}
    ).all()
    seen = [
        {"entity": r.entity, "entity_id": r.entity_id, "field": r.field, "hub_seq": hub_seqs[r.op_id]}
        for r in rows
        if r.op_id in hub_seqs
    ]
    if seen:
        remember(connection, seen)
    connection.execute(text("DELETE FROM sync_outbox WHERE site_seq <= :s"), {"s": up_to})


def remember(connection: Connection, fields: list[dict[str, Any]], *, received: bool = False) -> None:
    """Record the hub sequence of fields this machine now holds (``entity``, ``entity_id``, ``field``,
    ``hub_seq``); ``received``: they came from the partner, now (else: this machine's own, acknowledged)."""
    connection.execute(
        text(
            "INSERT INTO sync_fields (entity, entity_id, field, hub_seq, received_at) "
            f"VALUES (:entity, :entity_id, :field, :hub_seq, {_NOW if received else 'NULL'}) "
            "ON CONFLICT (entity, entity_id, field) DO UPDATE SET hub_seq = max(hub_seq, excluded.hub_seq), "
            "received_at = excluded.received_at"
        ),
        fields,
    )


def mark_news(connection: Connection, dossier_ids: set[str]) -> None:
    """These dossiers just received a change from the partner's machine."""
    connection.execute(
        text(
            f"INSERT INTO sync_news (dossier_id, received_at) VALUES (:d, {_NOW}) "
            "ON CONFLICT (dossier_id) DO UPDATE SET received_at = excluded.received_at"
        ),
        [{"d": dossier_id} for dossier_id in dossier_ids],
    )


def mark_opened(connection: Connection, dossier_id: str) -> None:
    """The dossier was opened here: what arrived before is no longer news."""
    connection.execute(
        text(f"UPDATE sync_news SET opened_at = {_NOW} WHERE dossier_id = :d"), {"d": dossier_id}
    )


def received_at(connection: Connection, entity: str, entity_ids: list[str]) -> dict[str, str]:
    """When each of these rows last received a value from the partner (rows never received: absent)."""
    rows = connection.execute(
        text(
            "SELECT entity_id, max(received_at) FROM sync_fields WHERE entity = :e AND received_at IS "
            "NOT NULL "
            "AND entity_id IN (SELECT value FROM json_each(:ids)) GROUP BY entity_id"
        ),
        {"e": entity, "ids": json.dumps(entity_ids)},
    )
    return {str(row[0]): str(row[1]) for row in rows}


def all_pending_fields(connection: Connection) -> dict[tuple[str, str], set[str]]:
    """Every field with an operation not yet acknowledged, by row: a pull must not replace them."""
    pending: dict[tuple[str, str], set[str]] = {}
    for entity, entity_id, field in connection.execute(
        text("SELECT DISTINCT entity, entity_id, field FROM sync_outbox")
    ):
        pending.setdefault((entity, entity_id), set()).add(field)
    return pending


def enqueue_everything(connection: Connection) -> int:
    """Replace the outbox with the whole current content, as insert operations from ``site_seq`` 1: a
    machine's first push to a hub carries what it held before (including what was written without capture,
    the demonstration's data). Returns the number of operations."""
    connection.execute(text("DELETE FROM sync_outbox"))
    connection.execute(text("UPDATE sync_site SET seq = 0 WHERE id = 1"))
    for table in TABLES.values():
        # one row's fields stay together, in column order: a batch boundary never splits a row
        fields = " UNION ALL ".join(
            f"SELECT rowid AS r, {i} AS c, id, '{column}' AS field, \"{column}\" AS value, "
            f"coalesce(updated_by, created_by) AS author FROM {table.name}"
            for i, column in enumerate(table.columns)
        )
        connection.execute(
            text(
                "INSERT INTO sync_outbox (site_seq, op_id, entity, entity_id, field, value, base, "
                "author, at) "
                "SELECT (SELECT seq FROM sync_site WHERE id = 1) + row_number() OVER (ORDER BY r, c), "
                f"{_OP_ID}, '{table.name}', id, field, value, 0, author, {_NOW} FROM ({fields}) ORDER BY r, c"
            )
        )
        connection.execute(
            text(
                "UPDATE sync_site SET seq = (SELECT coalesce(max(site_seq), 0) FROM sync_outbox) WHERE id = 1"
            )
        )
    total = pending_count(connection)
    return total


def renumber_after(connection: Connection, acknowledged: int, *, known: dict[str, int]) -> None:
    """The hub holds this machine's operations up to ``acknowledged`` (it was restored from an older copy, or
    the hub from a newer one): drop those the hub recognised, and number what is left from ``acknowledged +
    1``, in order, so the next push continues the hub's sequence."""
    if known:
        connection.execute(
            text("DELETE FROM sync_outbox WHERE op_id IN (SELECT value FROM json_each(:ids))"),
            {"ids": json.dumps(list(known))},
        )
    rows = connection.execute(text("SELECT site_seq FROM sync_outbox ORDER BY site_seq")).scalars().all()
    offset = 1 << 40  # out of the way first: site_seq is the primary key
    connection.execute(text("UPDATE sync_outbox SET site_seq = site_seq + :o"), {"o": offset})
    for index, old in enumerate(rows, start=1):
        connection.execute(
            text("UPDATE sync_outbox SET site_seq = :new, sent = 0 WHERE site_seq = :old"),
            {"new": acknowledged + index, "old": old + offset},
        )
    connection.execute(text("UPDATE sync_site SET seq = :s WHERE id = 1"), {"s": acknowledged + len(rows)})


def state(connection: Connection, key: str) -> str | None:
    """A fact of the synchronisation kept with the data (cursor, machine number, last success)."""
    return connection.execute(text("SELECT value FROM app_meta WHERE key = :k"), {"k": key}).scalar()


def set_state(connection: Connection, key: str, value: str) -> None:
    connection.execute(
        text("INSERT INTO app_meta (key, value) VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value = :v"),
        {"k": key, "v": value},
    )


def holds_data(connection: Connection) -> bool:
    """Whether the machine holds anything shared yet (a directory at least)."""
    return bool(connection.execute(text("SELECT EXISTS (SELECT 1 FROM professionals)")).scalar())
