"""Synchronising this machine with the département's hub: push the outbox, pull the partner's changes, check.

One round (:meth:`SyncClient.sync`), never on the UI thread (the window runs it on a worker):

1. **push** the outbox in batches: each batch is marked sent first (a later edit of the same field makes a new
   operation), then acknowledged operations leave the outbox. A lost acknowledgement only means a resend the
   hub recognises; a gap makes the hub stop and say where to resume; a machine restored from an older copy is
   told so and renumbers what it still has to send after what the hub holds.
2. **pull** from the cursor in pages, each applied in one transaction with its new cursor (a cut connection
   leaves the machine at the last whole page);
3. **check** each dossier the round touched: its hash here and on the hub (for what this machine may read);
   a dossier that differs — and has nothing waiting to be sent — is downloaded again whole.

Nothing here knows how the hub is reached: a :class:`Transport` does (HTTPS for the desktop, the hub's own
code in process for the tests that drive a real PostgreSQL). Every failure of the network becomes
:class:`HubUnreachable`, a calm state the window shows, not an error.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from accomp_desktop.domain.changes import Area, Changes
from accomp_desktop.domain.errors import HubRefused, HubUnreachable
from accomp_desktop.domain.replication import to_wire
from accomp_desktop.storage import outbox, replica
from accomp_desktop.storage.session import Store

log = logging.getLogger("accomp.sync")

CURSOR, LAST_SUCCESS, SITE_CODE = outbox.CURSOR, outbox.LAST_SUCCESS, outbox.SITE_CODE
MAX_ROUNDS = 10_000
"""Batches in one sync at most: a hub answering nonsense forever must not hold the worker for ever."""


class Transport(Protocol):
    def push(self, operations: list[dict[str, Any]]) -> Mapping[str, Any]: ...

    def pull(self, cursor: int) -> Mapping[str, Any]: ...

    def hashes(self, dossier_ids: list[str]) -> Mapping[str, str]: ...

    def dossier(self, dossier_id: str) -> Mapping[str, Any]: ...


@dataclass(frozen=True, slots=True)
class SyncReport:
    pushed: int
    pulled: int
    forgotten: int
    repaired: list[str]
    dossiers: frozenset[str]
    """The dossiers changed by what was received: open views of them refresh."""


@dataclass(frozen=True, slots=True)
class SyncStatus:
    configured: bool
    pending: int
    last_success: datetime | None


class SyncClient:
    """One machine's synchronisation with the hub through ``transport``."""

    def __init__(self, store: Store, transport: Transport, *, batch: int = 1000) -> None:
        self._store = store
        self._transport = transport
        self._batch = batch

    # --- set-up -----------------------------------------------------------------------------------------

    def site_id(self) -> str:
        with self._store.engine.connect() as connection:
            return outbox.site_id(connection)

    def joined(self, *, site_code: int, first_upload: bool) -> None:
        """After enrolment: remember the machine's number (its references carry it) and, for a machine that
        already holds dossiers and has never been synchronised, queue its whole content for the first push."""
        with self._store.engine.begin() as connection:
            outbox.set_state(connection, SITE_CODE, str(site_code))
            outbox.set_state(connection, CURSOR, "0")
            if first_upload:
                count = outbox.enqueue_everything(connection)
                log.info("first upload: %d operations queued", count)

    def status(self) -> SyncStatus:
        return sync_status(self._store)

    # --- a round ----------------------------------------------------------------------------------------

    def sync(self) -> SyncReport:
        pushed = self._push()
        pulled, forgotten, touched = self._pull()
        repaired = self._check(touched)
        with self._store.engine.begin() as connection:
            outbox.set_state(connection, LAST_SUCCESS, datetime.now(UTC).isoformat(timespec="seconds"))
        if touched or repaired:  # open views read again (the « what changed » notification)
            self._store.changes.publish(Changes.of(*Area, dossiers=touched | set(repaired), outside=True))
        return SyncReport(pushed, pulled, forgotten, repaired, frozenset(touched))

    def _push(self) -> int:
        pushed = 0
        for _ in range(MAX_ROUNDS):
            with self._store.engine.begin() as connection:
                batch = outbox.pending(connection, limit=self._batch)
                if not batch:
                    return pushed
                outbox.mark_sent(connection, batch[-1].site_seq)
            answer = self._transport.push(
                [
                    {
                        "op_id": op.op_id,
                        "site_seq": op.site_seq,
                        "entity": op.entity,
                        "entity_id": op.entity_id,
                        "field": op.field,
                        "value": to_wire(op.value),
                        "base": op.base,
                        "author": op.author,
                        "at": op.at,
                    }  # fmt: skip
                    for op in batch
                ]
            )
            try:
                acknowledged = int(answer["acknowledged"])
                hub_seqs = {str(k): int(v) for k, v in dict(answer.get("hub_seqs", {})).items()}
            except (KeyError, TypeError, ValueError):
                raise HubUnreachable("Le hub a renvoyé une réponse illisible ; rien n'a été perdu.") from None
            with self._store.engine.begin() as connection:
                if answer.get("behind"):
                    log.warning("the hub holds this machine's operations up to %d: renumbering", acknowledged)
                    outbox.renumber_after(connection, acknowledged, known=hub_seqs)
                    continue
                before = outbox.pending_count(connection)
                outbox.acknowledge(connection, acknowledged, hub_seqs)
                pushed += before - outbox.pending_count(connection)
            if answer.get("gap"):
                log.warning("the hub found a gap after %d: resending from there", acknowledged)
        raise HubUnreachable("L'envoi vers le hub ne progresse pas ; il sera repris plus tard.")

    def _pull(self) -> tuple[int, int, set[str]]:
        pulled = forgotten = 0
        touched: set[str] = set()
        site = self.site_id()
        for _ in range(MAX_ROUNDS):
            with self._store.engine.connect() as connection:
                cursor = int(outbox.state(connection, CURSOR) or 0)
            page = self._transport.pull(cursor)
            try:
                rows, forget = list(page["rows"]), [tuple(f) for f in page["forget"]]
                new_cursor, more = int(page["cursor"]), bool(page["more"])
            except (KeyError, TypeError, ValueError):
                raise HubUnreachable("Le hub a renvoyé une réponse illisible ; rien n'a été perdu.") from None
            if new_cursor < cursor:
                raise HubUnreachable(
                    "Le hub semble avoir été restauré depuis une sauvegarde plus ancienne : la "
                    "synchronisation "
                    "attend l'administrateur (rien n'a été effacé sur ce poste)."
                )
            with self._store.engine.begin() as connection:
                touched |= replica.apply_pull(connection, rows, forget, own_site=site)  # type: ignore[arg-type]
                outbox.set_state(connection, CURSOR, str(new_cursor))
            if forget:
                with self._store.engine.connect() as connection:
                    replica.empty_journal(connection)
            pulled += len(rows)
            forgotten += len(forget)
            if not more:
                return pulled, forgotten, touched
        raise HubUnreachable("La réception depuis le hub ne progresse pas ; elle sera reprise plus tard.")

    def _check(self, dossier_ids: set[str]) -> list[str]:
        """Compare each dossier with the hub; download again those that diverged."""
        with self._store.engine.connect() as connection:
            if outbox.pending_count(connection):
                return []  # edits made during the round: compared at the next one, once sent
            held = set(replica.dossier_ids(connection))
        ids = sorted(dossier_ids & held)
        if not ids:
            return []
        theirs = self._transport.hashes(ids)
        with self._store.engine.connect() as connection:
            ours = replica.local_hashes(connection, ids)
        repaired = []
        for dossier_id in ids:
            if theirs.get(dossier_id) not in (None, ours[dossier_id]):
                log.warning("dossier %s differs from the hub: downloading it again", dossier_id)
                whole = self._transport.dossier(dossier_id)
                with self._store.engine.begin() as connection:
                    replica.replace_dossier(connection, dossier_id, list(whole["rows"]))
                repaired.append(dossier_id)
        return repaired


def sync_status(store: Store) -> SyncStatus:
    """Whether the machine is joined to a hub, what waits to be sent, the last successful round."""
    with store.engine.connect() as connection:
        last = outbox.state(connection, LAST_SUCCESS)
        return SyncStatus(
            configured=outbox.state(connection, SITE_CODE) is not None,
            pending=outbox.pending_count(connection),
            last_success=datetime.fromisoformat(last) if last else None,
        )


__all__ = ["HubRefused", "HubUnreachable", "SyncClient", "SyncReport", "SyncStatus", "Transport"]
