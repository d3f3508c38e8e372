"""The outbox's invariant on a database written with capture on and never synchronised: for every row of every
shared table, each travelling column's latest operation holds its current value, and every removed row has
its tombstone. The ``store`` fixture checks it after each test, so every service test is also a test that its
writes travel (a write path that slipped past the outbox fails there)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text

from accomp_desktop.domain.replication import DELETED, TABLES


def outbox_mismatches(engine: Engine) -> list[str]:
    """What the outbox misses or gets wrong, in words; [] when it describes the database exactly."""
    with engine.connect() as connection:
        if connection.execute(text("SELECT value FROM app_meta WHERE key = 'demo'")).first() is not None:
            return []  # the demonstration writes in bulk without capture
        if connection.execute(text("SELECT count(*) FROM sync_fields")).scalar_one():
            return []  # synchronised: what was acknowledged has left the outbox
        latest: dict[tuple[str, str, str], Any] = {}
        for entity, entity_id, field, value in connection.execute(
            text("SELECT entity, entity_id, field, value FROM sync_outbox ORDER BY site_seq")
        ):
            latest[(entity, entity_id, field)] = value
        seqs = [
            row[0] for row in connection.execute(text("SELECT site_seq FROM sync_outbox ORDER BY site_seq"))
        ]
        problems: list[str] = []
        if seqs != list(range(1, len(seqs) + 1)):
            problems.append(f"site_seq not contiguous from 1: {seqs[:20]}…")
        live: set[tuple[str, str]] = set()
        for table in TABLES.values():
            columns = ", ".join(f'"{c}"' for c in table.columns)
            for row in connection.execute(text(f"SELECT id, {columns} FROM {table.name}")):
                live.add((table.name, row[0]))
                for column, value in zip(table.columns, row[1:], strict=True):
                    key = (table.name, row[0], column)
                    if key not in latest:
                        problems.append(f"no operation for {table.name}.{column} of {row[0]}")
                    elif latest[key] != value:
                        problems.append(
                            f"{table.name}.{column} of {row[0]}: outbox {latest[key]!r}, row {value!r}"
                        )
        for entity, entity_id, field in latest:
            if (entity, entity_id) not in live and (entity, entity_id, DELETED) not in latest:
                problems.append(f"{entity} {entity_id} removed without a tombstone ({field})")
        return problems
