"""The audit log: who opened or changed which part of which dossier, and when — never what it contained.

Each entry's hash covers the previous entry's hash and the entry itself (SHA-256), so a changed, inserted
or removed entry breaks the chain from that point. Entries older than 12 months are purged; the hash of the
last purged entry is kept as the anchor the chain starts from, so the purge itself does not break it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy.orm import Session

from accomp_desktop.domain.rules import add_months
from accomp_desktop.services.gate import actor
from accomp_desktop.storage import audit_repository as log_rows
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.models import AuditRow, utcnow
from accomp_desktop.storage.session import Store

GENESIS = "0" * 64
ANCHOR_KEY = "audit_anchor"
RETENTION_MONTHS = 12
SAME_ACCESS = timedelta(minutes=10)


class AuditAction(Enum):
    OPEN = "open"
    CHANGE = "change"


ACTION_LABELS = {AuditAction.OPEN.value: "Consultation", AuditAction.CHANGE.value: "Modification"}
PART_LABELS = {
    "dossier": "Dossier (identité, journal)",
    "diagnostic": "Diagnostic partagé",
    "notes": "Journal du binôme",
    "identity": "Identité et coordonnées",
    "consent": "Accord de partage",
    "plan": "Plan d'action",
    "access_request": "Export complet (droit d'accès)",
    "directory": "Annuaire du dispositif (professionnels, territoires, binômes)",
    "access": "Accès au poste (profil, fonction, phrase de passe)",
    "conflicts": "Conflits à résoudre (deux versions d'un texte)",
}


@dataclass(frozen=True, slots=True)
class AuditLine:
    seq: int
    at: datetime
    who: str
    dossier: str  # reference, or "—"
    part: str
    action: str


@dataclass(frozen=True, slots=True)
class ChainCheck:
    ok: bool
    checked: int
    first_broken: int | None = None

    @property
    def sentence(self) -> str:
        if self.ok:
            return f"Journal intact : {self.checked} entrées vérifiées, aucune modification détectée."
        return (
            f"Journal altéré : l'entrée n° {self.first_broken} ne correspond plus à la chaîne. Signalez-le à "
            "votre responsable et au délégué à la protection des données."
        )


def entry_hash(
    prev_hash: str,
    seq: int,
    at: datetime,
    professional_id: str,
    dossier_id: str | None,
    part: str,
    action: str,
) -> str:
    payload = "|".join((prev_hash, str(seq), at.isoformat(), professional_id, dossier_id or "", part, action))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(
    session: Session, *, professional_id: str, dossier_id: str | None, part: str, action: AuditAction
) -> None:
    """Append one entry, in the caller's unit of work (it commits or rolls back with the change itself).

    The same access repeated within a few minutes (autosave while typing, reopening a page) is one entry.
    """
    last = log_rows.last_entry(session)
    if (
        last is not None
        and (last.professional_id, last.dossier_id, last.part, last.action)
        == (professional_id, dossier_id, part, action.value)
        and utcnow() - last.at < SAME_ACCESS
    ):
        return
    prev_hash = last.hash if last else (repo.get_meta(session, ANCHOR_KEY) or GENESIS)
    seq = (last.seq if last else _purged_up_to(session)) + 1
    at = utcnow()
    session.add(
        AuditRow(
            seq=seq,
            at=at,
            professional_id=professional_id,
            dossier_id=dossier_id,
            part=part,
            action=action.value,
            prev_hash=prev_hash,
            hash=entry_hash(prev_hash, seq, at, professional_id, dossier_id, part, action.value),
        )
    )
    session.flush()


def _purged_up_to(session: Session) -> int:
    value = repo.get_meta(session, "audit_purged_up_to")
    return int(value) if value else 0


class AuditService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def record(self, *, professional_id: str, dossier_id: str | None, part: str, action: AuditAction) -> None:
        with self._store.unit_of_work() as session:
            record(session, professional_id=professional_id, dossier_id=dossier_id, part=part, action=action)

    def lines(self, *, viewer_id: str, dossier_id: str | None = None, limit: int = 1000) -> list[AuditLine]:
        """The most recent entries, newest first (for one dossier, or all): an administrator reads them all, a
        professional those of his binômes' dossiers and his own."""
        with self._store.unit_of_work() as session:
            viewer = actor(session, viewer_id)
            rows = log_rows.recent_entries(
                session,
                limit=limit,
                dossier_id=dossier_id,
                viewer_id=viewer.id,
                binome_ids=None if viewer.admin else frozenset(viewer.binome_ids),
            )
            names = repo.professional_names(session, {r.professional_id for r in rows})
            references = log_rows.dossier_references(session)
            return [
                AuditLine(
                    r.seq,
                    r.at,
                    names.get(r.professional_id, "—"),
                    references.get(r.dossier_id, "—"),
                    PART_LABELS.get(r.part, r.part),
                    ACTION_LABELS.get(r.action, r.action),
                )
                for r in rows
            ]

    def verify(self) -> ChainCheck:
        """Recompute the chain from its anchor; the first entry that does not match is reported."""
        with self._store.unit_of_work() as session:
            expected_prev = repo.get_meta(session, ANCHOR_KEY) or GENESIS
            expected_seq = _purged_up_to(session) + 1
            checked = 0
            for row in log_rows.entries_in_order(session):
                good = (
                    row.seq == expected_seq
                    and row.prev_hash == expected_prev
                    and row.hash
                    == entry_hash(
                        row.prev_hash,
                        row.seq,
                        row.at,
                        row.professional_id,
                        row.dossier_id,
                        row.part,
                        row.action,
                    )
                )
                if not good:
                    return ChainCheck(False, checked, row.seq)
                expected_prev, expected_seq, checked = row.hash, row.seq + 1, checked + 1
            return ChainCheck(True, checked)

    def purge(self, *, now: datetime | None = None) -> int:
        """Remove entries older than 12 months, keeping the chain verifiable from the last one removed."""
        limit = add_months((now or utcnow()).date(), -RETENTION_MONTHS)
        # A day's margin for the database's own trigger, which refuses younger deletions.
        cutoff = datetime.combine(limit, datetime.min.time()) - timedelta(days=1)
        with self._store.unit_of_work() as session:
            last = log_rows.last_before(session, cutoff)
            if last is None:
                return 0
            seq, last_hash = last
            removed = log_rows.delete_up_to(session, seq)
            repo.set_meta(session, ANCHOR_KEY, last_hash)
            repo.set_meta(session, "audit_purged_up_to", str(seq))
            return removed
