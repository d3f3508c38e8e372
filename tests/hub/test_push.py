"""The hub's push on its own, each guard alone: a known operation is skipped, a gap stops the batch, a machine
that went back in time is told so — the network fates of the state machine mask one with the other."""

from __future__ import annotations

import uuid

from accomp_desktop.hub.store import Hub
from tests.hub.conftest import HubDatabase


def _op(seq: int, value: str, op_id: str | None = None) -> dict[str, object]:
    return {
        "op_id": op_id or uuid.uuid4().hex, "site_seq": seq, "entity": "territories", "entity_id": "t1",
        "field": "name", "value": value, "base": 0, "author": None, "at": "2026-11-22 10:00:00.000",
    }  # fmt: skip


def _name(hub_db: HubDatabase) -> object:
    with hub_db.owner() as connection:
        row = connection.execute("SELECT data->>'name' FROM hub_rows WHERE id = 't1'").fetchone()
    return row[0] if row else None


def test_each_guard_of_a_push_alone(hub_db: HubDatabase) -> None:
    with hub_db.connect() as connection:
        hub = Hub(connection)
        site = hub.enrol("p1").site_id
        first = _op(1, "Troyes")
        assert hub.push(site, [first]).acknowledged == 1
        again = hub.push(site, [first])  # a resend after a lost acknowledgement: recognised, nothing applied
        assert (again.acknowledged, again.gap, again.behind) == (1, False, False)
        assert list(again.hub_seqs) == [first["op_id"]]

        gap = hub.push(site, [_op(3, "Romilly"), _op(4, "Bar-sur-Aube")])  # the batch of seq 2 was lost
        assert (gap.acknowledged, gap.gap, gap.hub_seqs) == (1, True, {})
        assert _name(hub_db) == "Troyes"

        behind = hub.push(site, [_op(1, "Nogent")])  # a new operation under a number already used
        assert (behind.acknowledged, behind.behind) == (1, True)
        assert _name(hub_db) == "Troyes"

        resumed = hub.push(site, [_op(2, "Romilly"), _op(3, "Bar-sur-Aube")])
        assert (resumed.acknowledged, resumed.gap) == (3, False)
    assert _name(hub_db) == "Bar-sur-Aube"
    with hub_db.owner() as connection:
        count = connection.execute("SELECT count(*) FROM hub_ops").fetchone()
    assert count == (3,)
