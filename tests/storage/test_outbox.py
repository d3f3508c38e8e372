"""The outbox: each change of a shared table gives field operations in its own transaction, contiguous per
machine, one per field while unsent; nothing when capture is off; the whole database at a first push."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from accomp_desktop.domain.replication import DELETED, LOCAL_COLUMNS, LOCAL_ONLY, TABLES
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.storage import outbox
from accomp_desktop.storage.models import Base
from accomp_desktop.storage.session import Store
from tests.factories import add_dossier, seed
from tests.outbox_check import outbox_mismatches


def test_every_table_and_column_is_shared_or_said_local() -> None:
    """A new table or column must be placed: travelling, or derived / local on purpose."""
    assert set(Base.metadata.tables) <= set(TABLES) | LOCAL_ONLY
    for name, table in TABLES.items():
        model = {column.name for column in Base.metadata.tables[name].columns}
        assert set(table.columns) <= model, name
        assert model - set(table.columns) <= LOCAL_COLUMNS, (name, model - set(table.columns))


def test_triggers_cover_every_travelling_column(store: Store) -> None:
    with store.engine.connect() as connection:
        triggers = set(
            connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB 'sync_*'")
            ).scalars()
        )
    expected = {f"sync_ins_{t}" for t in TABLES} | {f"sync_del_{t}" for t in TABLES}
    expected |= {f"sync_upd_{t.name}_{c}" for t in TABLES.values() for c in t.columns}
    assert triggers == expected


def _ops(store: Store, entity: str, entity_id: str) -> list[tuple[int, str, object, int]]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT site_seq, field, value, sent FROM sync_outbox WHERE entity = :e AND entity_id = :i "
                "ORDER BY site_seq"
            ),
            {"e": entity, "i": entity_id},
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_an_edit_coalesces_while_unsent_and_starts_anew_once_sent(store: Store) -> None:
    conseiller, social, binome = seed(store)
    dossier_id = add_dossier(store, binome.id, social.id)
    service = DossierService(store)
    note = service.add_note(dossier_id, "Premier jet", author_id=social.id).notes[0]
    for typed in ("Premier jet, suite", "Premier jet, suite et fin"):
        service.edit_note(note.note.id, typed, author_id=social.id)
    texts = [(field, value) for _, field, value, _ in _ops(store, "notes", note.note.id) if field == "text"]
    assert texts == [("text", "Premier jet, suite et fin")]  # one operation: the partner needs the text

    with store.engine.begin() as connection:
        last = max(op.site_seq for op in outbox.pending(connection))
        outbox.mark_sent(connection, last)
    service.edit_note(note.note.id, "Réécrit après l'envoi", author_id=social.id)
    texts = [(value, sent) for _, field, value, sent in _ops(store, "notes", note.note.id) if field == "text"]
    assert texts == [("Premier jet, suite et fin", 1), ("Réécrit après l'envoi", 0)]


def test_acknowledged_operations_leave_and_become_the_base_of_the_next_edit(store: Store) -> None:
    conseiller, social, binome = seed(store)
    dossier_id = add_dossier(store, binome.id, social.id)
    service = DossierService(store)
    note = service.add_note(dossier_id, "Avant", author_id=social.id).notes[0]
    with store.engine.begin() as connection:
        ops = outbox.pending(connection)
        outbox.mark_sent(connection, ops[-1].site_seq)
        outbox.acknowledge(connection, ops[-1].site_seq, {op.op_id: 1000 + i for i, op in enumerate(ops)})
        assert outbox.pending_count(connection) == 0
        text_op = next(op for op in ops if op.entity == "notes" and op.field == "text")
    service.edit_note(note.note.id, "Après", author_id=social.id)
    with store.engine.connect() as connection:
        after = outbox.pending(connection)
    (op,) = [op for op in after if op.entity == "notes" and op.field == "text"]
    assert (op.field, op.value, op.base) == ("text", "Après", 1000 + ops.index(text_op))
    assert after[0].site_seq == ops[-1].site_seq + 1  # contiguous across acknowledgements


def test_a_removed_row_leaves_a_tombstone(store: Store) -> None:
    _, social, binome = seed(store)
    dossier_id = add_dossier(store, binome.id, social.id)
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM dossier_events WHERE dossier_id = :d"), {"d": dossier_id})
    with store.engine.connect() as connection:
        tombstones = connection.execute(
            text("SELECT count(*) FROM sync_outbox WHERE field = :f"), {"f": DELETED}
        )
        assert tombstones.scalar_one() >= 1
    assert outbox_mismatches(store.engine) == []


def test_the_check_catches_a_write_that_escaped_the_outbox(store: Store) -> None:
    """The invariant every store fixture checks must be able to fail: a write made with capture off."""
    _, social, binome = seed(store)
    dossier_id = add_dossier(store, binome.id, social.id)
    with store.engine.begin() as connection:
        outbox.set_capture(connection, False)
        connection.execute(
            text("UPDATE dossiers SET exit_bilan = 'hors outbox' WHERE id = :d"), {"d": dossier_id}
        )
        outbox.set_capture(connection, True)
    assert any("exit_bilan" in problem for problem in outbox_mismatches(store.engine))
    with store.engine.begin() as connection:  # put it right, for the fixture's own check
        connection.execute(text("UPDATE dossiers SET exit_bilan = '' WHERE id = :d"), {"d": dossier_id})


def test_a_first_push_carries_the_whole_database_row_by_row(store: Store) -> None:
    _, social, binome = seed(store)
    for name in ("Lefèvre", "N'Diaye", "Bénard-Dupré"):
        add_dossier(store, binome.id, social.id, last_name=name)
    with store.engine.begin() as connection:
        outbox.set_capture(connection, False)
        connection.execute(text("UPDATE persons SET city = 'Troyes'"))  # written without capture
        outbox.set_capture(connection, True)
        count = outbox.enqueue_everything(connection)
        ops = outbox.pending(connection, limit=10_000)
    assert count == len(ops) and [op.site_seq for op in ops] == list(range(1, count + 1))
    assert outbox_mismatches(store.engine) == []
    rows_seen: list[tuple[str, str]] = []
    for op in ops:  # each row's fields together: a batch boundary never splits a row
        if not rows_seen or rows_seen[-1] != (op.entity, op.entity_id):
            assert (op.entity, op.entity_id) not in rows_seen
            rows_seen.append((op.entity, op.entity_id))
    with store.engine.connect() as connection:
        batch = outbox.pending(connection, limit=5)
    assert len(batch) == len(TABLES["professionals"].columns)  # ends at the end of the first row


def test_the_orientation_date_travels_as_stored(store: Store) -> None:
    _, social, binome = seed(store)
    dossier_id = add_dossier(store, binome.id, social.id)
    values = {field: value for _, field, value, _ in _ops(store, "dossiers", dossier_id)}
    assert values["orientation_date"] == date(2026, 11, 2).isoformat() or values["orientation_date"]
