"""The audit log's rows: the last entry, the entries a viewer may read, all of them in order, and the purge.

The chain itself (what each entry's hash covers, when two accesses are one) is the audit service's; this
module only reads and writes the table (which the database keeps append-only, see migration 0009).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from accomp_desktop.storage.models import AuditRow, DossierRow


def last_entry(session: Session) -> AuditRow | None:
    return session.scalars(select(AuditRow).order_by(AuditRow.seq.desc()).limit(1)).first()


def recent_entries(
    session: Session, *, limit: int, dossier_id: str | None, binome_ids: frozenset[str] | None, viewer_id: str
) -> list[AuditRow]:
    """The newest entries first; ``binome_ids`` None reads them all (an administrator), else those of these
    binômes' dossiers and the viewer's own."""
    statement = select(AuditRow).order_by(AuditRow.seq.desc()).limit(limit)
    if dossier_id is not None:
        statement = statement.where(AuditRow.dossier_id == dossier_id)
    if binome_ids is not None:
        theirs = select(DossierRow.id).where(DossierRow.binome_id.in_(binome_ids))
        statement = statement.where(
            or_(AuditRow.dossier_id.in_(theirs), AuditRow.professional_id == viewer_id)
        )
    return list(session.scalars(statement))


def dossier_references(session: Session) -> dict[str | None, str]:
    """The reference of every dossier the log names."""
    named = select(AuditRow.dossier_id).distinct()
    rows = session.execute(select(DossierRow.id, DossierRow.reference).where(DossierRow.id.in_(named))).all()
    return {dossier_id: reference for dossier_id, reference in rows}


def entries_in_order(session: Session) -> Iterator[AuditRow]:
    yield from session.scalars(select(AuditRow).order_by(AuditRow.seq))


def last_before(session: Session, cutoff: datetime) -> tuple[int, str] | None:
    """The sequence number and hash of the newest entry older than ``cutoff``."""
    row = session.execute(
        select(AuditRow.seq, AuditRow.hash).where(AuditRow.at < cutoff).order_by(AuditRow.seq.desc()).limit(1)
    ).first()
    return (row.seq, row.hash) if row is not None else None


def delete_up_to(session: Session, seq: int) -> int:
    """Remove the entries up to ``seq``; how many."""
    removed = session.scalar(select(func.count()).where(AuditRow.seq <= seq)) or 0
    session.execute(delete(AuditRow).where(AuditRow.seq <= seq))
    return int(removed)
