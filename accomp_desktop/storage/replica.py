"""Applying what the hub sends: rows changed by the partner, and rows this machine must forget.

All in one transaction with the outbox's capture off (these changes are not this machine's to send back):

- a field with an operation still in the outbox is left as it is — a pending local edit is never replaced by a
  pull (DHIS2's rule); its operation reaches the hub later and the hub's rules decide;
- a row the hub removed is removed; a row seen for the first time is inserted whole;
- derived columns are recomputed here, never received: the person's sort key and search terms, the dossier's
  last contact date (the search index and the list's sort copy follow by their triggers);
- « forget »: rows this machine may no longer read (consent withdrawn, an entry made confidential, a dossier
  moved to another binôme) are deleted with ``secure_delete`` on, and the WAL is emptied after the commit, so
  their text stays neither in the file's free pages nor in its journal;
- foreign keys are checked at the commit: a reference to a row this machine may not read (an objective that
  answers a social entry, on France Travail's side without consent) is set to NULL.

The hub sequence of each field received is remembered in ``sync_fields``: the base of the next local edit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, text

from accomp_desktop.domain.replication import CONFLICTS, DELETED, TABLES, dossier_hash, from_wire
from accomp_desktop.domain.text import name_sort_key, search_index_terms
from accomp_desktop.storage import outbox
from accomp_desktop.storage.models import utcnow

_LOCAL_DEFAULTS: dict[str, dict[str, Any]] = {"actions": {"position": 0}}
"""Values of local columns a received row needs (an action's position: ordered by creation until moved)."""
_NULLABLE_REFERENCES = {
    ("objectives", "diagnostic_entry_id"),
    ("actions", "objective_id"),
    ("appointments", "dossier_id"),
}


def apply_pull(
    connection: Connection,
    rows: Iterable[Mapping[str, Any]],
    forget: Iterable[tuple[str, str]],
    *,
    own_site: str = "",
) -> set[str]:
    """Apply one pulled page; returns the ids of the dossiers it touched. The caller commits (with the new
    cursor in the same transaction)."""
    connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    outbox.set_capture(connection, False)
    touched: set[str] = set()
    news: set[str] = set()  # dossiers a change from the partner's machine reached
    seen: list[dict[str, Any]] = []
    own: list[dict[str, Any]] = []
    persons: set[str] = set()
    contacts: set[str] = set()
    # parents before children: a page holds each row's latest values, so only the order of tables matters
    # (a dossier's triggers copy its person's sort key at insert)
    order = {name: index for index, name in enumerate(TABLES)}
    page = sorted(rows, key=lambda r: order.get(r["entity"], len(order)))
    waiting = outbox.all_pending_fields(connection)
    held = _held(connection, page)
    for row in page:
        entity, entity_id = row["entity"], row["id"]
        table = TABLES.get(entity)
        if table is None:
            continue  # a table of a newer version: kept on the hub, not here
        data = {k: from_wire(v) for k, v in row["data"].items()}
        pending = waiting.get((entity, entity_id), set())
        exists = (entity, entity_id) in held
        if DELETED in pending:
            continue  # removed here, not yet told to the hub: stays removed
        if data.get(DELETED):
            if exists:
                connection.execute(text(f"DELETE FROM {entity} WHERE id = :id"), {"id": entity_id})
            continue
        if not exists and not row.get("full"):
            continue  # a change to a row this machine does not hold: the dossier's check will fetch it whole
        values = {c: data[c] for c in table.columns if c in data and c not in pending}
        if not values:
            continue
        if exists:
            assignments = ", ".join(f'"{c}" = :{c}' for c in values)
            connection.execute(
                text(f"UPDATE {entity} SET {assignments}, updated_at = :_now WHERE id = :_id"),
                {**values, "_now": utcnow(), "_id": entity_id},
            )
        else:
            values = {**_LOCAL_DEFAULTS.get(entity, {}), **values}
            columns = ", ".join(f'"{c}"' for c in values)
            marks = ", ".join(f":{c}" for c in values)
            connection.execute(
                text(
                    f"INSERT INTO {entity} (id, {columns}, updated_at, updated_by) VALUES (:_id, "
                    f"{marks}, :_now, :_by)"
                ),
                {**values, "_id": entity_id, "_now": utcnow(), "_by": data.get("created_by")},
            )
        origins = row.get("origins", {})
        from_partner = False
        for name, seq in row.get("seqs", {}).items():
            if name in values:
                mine = bool(own_site) and origins.get(name) == own_site  # its own change, sent back
                (own if mine else seen).append(
                    {"entity": entity, "entity_id": entity_id, "field": name, "hub_seq": seq}
                )
                from_partner |= not mine
        if entity == "persons" and ("last_name" in values or "first_name" in values):
            persons.add(entity_id)
        dossier = entity_id if entity == "dossiers" else data.get("dossier_id")
        if dossier:
            touched.add(dossier)
            if from_partner:
                news.add(dossier)
            if entity == "appointments":
                contacts.add(dossier)
    for entity, entity_id in forget:
        if entity in TABLES:
            _forget(connection, entity, entity_id)
            if entity == "dossiers":
                touched.add(entity_id)
    if seen:
        outbox.remember(connection, seen, received=True)
    if own:
        outbox.remember(connection, own)
    present = {
        d for d in news if connection.execute(text("SELECT 1 FROM dossiers WHERE id = :d"), {"d": d}).first()
    }
    if present:
        outbox.mark_news(connection, present)
    _derive(connection, persons, contacts)
    _loosen_references(connection)
    outbox.set_capture(connection, True)
    return touched


def _held(connection: Connection, page: list[Mapping[str, Any]]) -> set[tuple[str, str]]:
    """Which rows of a page this machine already holds: one query per table, not one per row."""
    wanted: dict[str, list[str]] = {}
    for row in page:
        if row["entity"] in TABLES:
            wanted.setdefault(row["entity"], []).append(row["id"])
    held: set[tuple[str, str]] = set()
    for entity, ids in wanted.items():
        found = connection.execute(
            text(f"SELECT id FROM {entity} WHERE id IN (SELECT value FROM json_each(:ids))"),
            {"ids": json.dumps(ids)},
        )
        held.update((entity, row_id) for row_id in found.scalars())
    return held


def _forget(connection: Connection, entity: str, entity_id: str) -> None:
    connection.exec_driver_sql("PRAGMA secure_delete = ON")
    connection.execute(text(f"DELETE FROM {entity} WHERE id = :id"), {"id": entity_id})
    connection.execute(
        text("DELETE FROM sync_fields WHERE entity = :e AND entity_id = :i"), {"e": entity, "i": entity_id}
    )


def _derive(connection: Connection, persons: set[str], contacts: set[str]) -> None:
    """What each machine computes for itself from what it received."""
    for person_id in persons:
        found = connection.execute(
            text("SELECT last_name, first_name FROM persons WHERE id = :id"), {"id": person_id}
        ).first()
        if found is not None:
            connection.execute(
                text("UPDATE persons SET sort_key = :s, search_terms = :t WHERE id = :id"),
                {
                    "s": name_sort_key(found[0], found[1]),
                    "t": search_index_terms(found[0], found[1]),
                    "id": person_id,
                },
            )
    for dossier_id in contacts:
        connection.execute(
            text(
                "UPDATE dossiers SET last_contact_date = (SELECT date(max(start)) FROM appointments "
                "WHERE dossier_id = :d AND deleted_at IS NULL AND attendance = 'honoured') WHERE id = :d"
            ),
            {"d": dossier_id},
        )


def _loosen_references(connection: Connection) -> None:
    """A row pointing at a row this machine may not hold keeps its content, not the pointer; a row whose
    required parent is absent cannot be shown and is left out (it comes back whole if it becomes readable)."""
    for table, rowid, _parent, fkid in connection.exec_driver_sql("PRAGMA foreign_key_check").all():
        column = connection.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")').all()
        names = [c[3] for c in column if c[0] == fkid]
        if names and (table, names[0]) in _NULLABLE_REFERENCES:
            connection.exec_driver_sql(f'UPDATE "{table}" SET "{names[0]}" = NULL WHERE rowid = ?', (rowid,))
        else:
            connection.exec_driver_sql(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))


def empty_journal(connection: Connection) -> None:
    """After forgetting, with the transaction committed: the WAL holds the deleted pages' old content until a
    checkpoint; this one copies and truncates it."""
    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def local_hashes(connection: Connection, dossier_ids: Iterable[str]) -> dict[str, str]:
    """:func:`domain.replication.dossier_hash` of each dossier as this machine holds it (one query per table
    for all the dossiers)."""
    ids = json.dumps(list(dossier_ids))
    grouped: dict[str, list[tuple[str, str, dict[str, Any]]]] = {d: [] for d in json.loads(ids)}
    chosen = "SELECT value FROM json_each(:ids)"
    for entity, table in TABLES.items():
        if entity == CONFLICTS:
            continue
        columns = ", ".join(f't."{c}"' for c in table.columns)
        if entity == "dossiers":
            owner, where = "t.id", f"t.id IN ({chosen})"
        elif table.dossier_column == "dossier_id":
            owner, where = "t.dossier_id", f"t.dossier_id IN ({chosen})"
        elif entity == "note_versions":
            owner = "(SELECT dossier_id FROM notes n WHERE n.id = t.note_id)"
            where = f"t.note_id IN (SELECT id FROM notes WHERE dossier_id IN ({chosen}))"
        elif entity == "appointment_participants":
            owner = "(SELECT dossier_id FROM appointments a WHERE a.id = t.appointment_id)"
            where = f"t.appointment_id IN (SELECT id FROM appointments WHERE dossier_id IN ({chosen}))"
        else:
            continue
        query = text(f"SELECT {owner}, t.id, {columns} FROM {entity} t WHERE {where}")
        for found in connection.execute(query, {"ids": ids}):
            grouped[found[0]].append((entity, found[1], dict(zip(table.columns, found[2:], strict=True))))
    return {dossier_id: dossier_hash(rows) for dossier_id, rows in grouped.items()}


def dossier_ids(connection: Connection) -> list[str]:
    return list(connection.execute(text("SELECT id FROM dossiers")).scalars())


def replace_dossier(connection: Connection, dossier_id: str, rows: list[Mapping[str, Any]]) -> None:
    """Download a diverged dossier again: every row the hub has for it, whole; rows held here that the hub
    does not have are removed (the hub's copy is the reference; this machine's pending edits were sent
    before the check)."""
    keep = {(row["entity"], row["id"]) for row in rows}
    outbox.set_capture(connection, False)
    connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for entity, table in reversed(list(TABLES.items())):
        if table.dossier_column != "dossier_id" and entity != "dossiers":
            continue
        column = "id" if entity == "dossiers" else "dossier_id"
        for (row_id,) in connection.execute(
            text(f"SELECT id FROM {entity} WHERE {column} = :d"), {"d": dossier_id}
        ):
            if (entity, row_id) not in keep:
                _forget(connection, entity, row_id)
    apply_pull(connection, [{**row, "full": True} for row in rows], [])
