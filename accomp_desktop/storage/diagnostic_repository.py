"""Reading and writing a dossier's shared diagnostic: its theme entries, texts, change history, validations.

Like :mod:`repositories`, every function takes the service's session and returns frozen dataclasses.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from accomp_desktop.domain.enums import ObstacleLevel, Role, Side
from accomp_desktop.domain.model import (
    Audit,
    DiagnosticApproval,
    DiagnosticChange,
    DiagnosticEntry,
    DiagnosticValidation,
)
from accomp_desktop.domain.replication import stable_id
from accomp_desktop.storage.models import (
    DiagnosticApprovalRow,
    DiagnosticChangeRow,
    DiagnosticEntryRow,
    DiagnosticSituationRow,
    DiagnosticTextRow,
    DiagnosticValidationRow,
    new_id,
    utcnow,
)

MERGE_WINDOW = timedelta(minutes=10)
"""Changes of one field by one author closer than this are one edit in the history."""


def _entry(row: DiagnosticEntryRow, situations: tuple[str, ...]) -> DiagnosticEntry:
    return DiagnosticEntry(
        id=row.id,
        dossier_id=row.dossier_id,
        theme_code=row.theme_code,
        side=Side(row.side),
        level=ObstacleLevel(row.level),
        situations=situations,
        comment=row.comment,
        confidential=row.confidential,
        audit=Audit(row.created_at, row.created_by, row.updated_at, row.updated_by),
    )


def entries_of(session: Session, dossier_id: str) -> dict[str, DiagnosticEntry]:
    rows = session.scalars(
        select(DiagnosticEntryRow).where(
            DiagnosticEntryRow.dossier_id == dossier_id, DiagnosticEntryRow.deleted_at.is_(None)
        )
    )
    ticked: dict[str, list[str]] = {}
    for entry_id, label in session.execute(
        select(DiagnosticSituationRow.entry_id, DiagnosticSituationRow.label)
        .where(DiagnosticSituationRow.dossier_id == dossier_id, DiagnosticSituationRow.deleted_at.is_(None))
        .order_by(DiagnosticSituationRow.label)
    ):
        ticked.setdefault(entry_id, []).append(label)
    return {row.theme_code: _entry(row, tuple(ticked.get(row.id, ()))) for row in rows}


def _save_situations(
    session: Session, entry_id: str, dossier_id: str, labels: tuple[str, ...], author_id: str
) -> None:
    """One row per ticked situation: untick marks it deleted, tick again revives the same row (its id is the
    entry and the label), so each tick travels on its own."""
    rows = {
        row.label: row
        for row in session.scalars(
            select(DiagnosticSituationRow).where(DiagnosticSituationRow.entry_id == entry_id)
        )
    }
    wanted = set(labels)
    for label in wanted - rows.keys():
        session.add(
            DiagnosticSituationRow(
                id=stable_id(entry_id, label),
                entry_id=entry_id,
                dossier_id=dossier_id,
                label=label,
                created_by=author_id,
                updated_by=author_id,
            )
        )
    for label, row in rows.items():
        if label in wanted and row.deleted_at is not None:
            row.deleted_at, row.deleted_by, row.updated_by = None, None, author_id
        elif label not in wanted and row.deleted_at is None:
            row.deleted_at, row.deleted_by, row.updated_by = utcnow(), author_id, author_id


def save_entry(session: Session, entry: DiagnosticEntry, *, author_id: str) -> None:
    """Insert or update the dossier's entry for the theme (one per dossier and theme)."""
    row = session.scalars(
        select(DiagnosticEntryRow).where(
            DiagnosticEntryRow.dossier_id == entry.dossier_id,
            DiagnosticEntryRow.theme_code == entry.theme_code,
        )
    ).first()
    if row is None:
        row = DiagnosticEntryRow(
            id=entry.id, dossier_id=entry.dossier_id, theme_code=entry.theme_code, created_by=author_id
        )
        session.add(row)
    row.side = entry.side.value
    row.level = entry.level.value
    row.comment = entry.comment
    row.confidential = entry.confidential
    row.updated_by = author_id
    row.deleted_at = None
    session.flush()
    _save_situations(session, row.id, entry.dossier_id, entry.situations, author_id)
    session.flush()


def texts_of(session: Session, dossier_id: str) -> tuple[str, str]:
    """The strengths and the person's own words ("", "" when nothing was written yet)."""
    row = session.scalars(select(DiagnosticTextRow).where(DiagnosticTextRow.dossier_id == dossier_id)).first()
    return (row.strengths, row.wishes) if row is not None else ("", "")


def save_texts(session: Session, dossier_id: str, *, strengths: str, wishes: str, author_id: str) -> None:
    row = session.scalars(select(DiagnosticTextRow).where(DiagnosticTextRow.dossier_id == dossier_id)).first()
    if row is None:
        row = DiagnosticTextRow(
            id=stable_id(dossier_id, "texts"), dossier_id=dossier_id, created_by=author_id
        )
        session.add(row)
    row.strengths, row.wishes, row.updated_by = strengths, wishes, author_id
    session.flush()


def record_change(
    session: Session, *, dossier_id: str, part: str, field: str, old: str, new: str, author_id: str
) -> None:
    """Add a change to the history, merging it with the author's previous change of the same field if
    recent."""
    now = utcnow()
    last = session.scalars(
        select(DiagnosticChangeRow)
        .where(
            DiagnosticChangeRow.dossier_id == dossier_id,
            DiagnosticChangeRow.part == part,
            DiagnosticChangeRow.field == field,
            DiagnosticChangeRow.deleted_at.is_(None),
        )
        .order_by(DiagnosticChangeRow.updated_at.desc())
        .limit(1)
    ).first()
    if last is not None and last.created_by == author_id and now - last.updated_at < MERGE_WINDOW:
        if last.old_value == new:  # typed and then undone: nothing changed after all
            session.delete(last)
        else:
            last.new_value = new
            last.updated_at = now
        session.flush()
        return
    session.add(
        DiagnosticChangeRow(
            dossier_id=dossier_id,
            part=part,
            field=field,
            old_value=old,
            new_value=new,
            created_by=author_id,
            updated_by=author_id,
            created_at=now,
            updated_at=now,
        )
    )
    session.flush()


def changes_of(session: Session, dossier_id: str) -> list[DiagnosticChange]:
    """The diagnostic's history, most recent first."""
    rows = session.scalars(
        select(DiagnosticChangeRow)
        .where(DiagnosticChangeRow.dossier_id == dossier_id, DiagnosticChangeRow.deleted_at.is_(None))
        .order_by(DiagnosticChangeRow.updated_at.desc())
    )
    return [
        DiagnosticChange(r.updated_at, r.created_by, r.part, r.field, r.old_value, r.new_value) for r in rows
    ]


def add_validation(session: Session, validation: DiagnosticValidation, *, author_id: str) -> None:
    session.add(
        DiagnosticValidationRow(
            id=validation.id,
            dossier_id=validation.dossier_id,
            validated_on=validation.validated_on,
            conseiller_id=validation.conseiller_id,
            travailleur_social_id=validation.travailleur_social_id,
            person_agreement=validation.person_agreement,
            snapshot=json.dumps(validation.snapshot, ensure_ascii=False),
            created_by=author_id,
            updated_by=author_id,
        )
    )
    session.flush()


def validations_of(session: Session, dossier_id: str) -> list[DiagnosticValidation]:
    """The joint validations, oldest first."""
    rows = session.scalars(
        select(DiagnosticValidationRow)
        .where(DiagnosticValidationRow.dossier_id == dossier_id, DiagnosticValidationRow.deleted_at.is_(None))
        .order_by(DiagnosticValidationRow.validated_on, DiagnosticValidationRow.created_at)
    )
    return [
        DiagnosticValidation(
            r.id,
            r.dossier_id,
            r.validated_on,
            r.conseiller_id,
            r.travailleur_social_id,
            r.person_agreement,
            json.loads(r.snapshot),
        )
        for r in rows
    ]


def approvals_of(session: Session, dossier_id: str) -> list[DiagnosticApproval]:
    """The approvals still waiting (one per professional at most), oldest first."""
    rows = session.scalars(
        select(DiagnosticApprovalRow)
        .where(DiagnosticApprovalRow.dossier_id == dossier_id, DiagnosticApprovalRow.deleted_at.is_(None))
        .order_by(DiagnosticApprovalRow.created_at)
    )
    return [
        DiagnosticApproval(r.id, r.professional_id, Role(r.role), r.approved_on, r.fingerprint) for r in rows
    ]


def add_approval(
    session: Session, dossier_id: str, professional_id: str, role: Role, approved_on: date, fingerprint: str
) -> None:
    """Record his approval in place of any earlier one of his."""
    withdraw_approvals(session, dossier_id, professional_id, author_id=professional_id)
    session.add(
        DiagnosticApprovalRow(
            id=new_id(),
            dossier_id=dossier_id,
            professional_id=professional_id,
            role=role.value,
            approved_on=approved_on,
            fingerprint=fingerprint,
            created_by=professional_id,
            updated_by=professional_id,
        )
    )
    session.flush()


def withdraw_approvals(
    session: Session, dossier_id: str, professional_id: str | None = None, *, author_id: str
) -> None:
    """Close the waiting approvals of the dossier (or of one professional): kept, marked deleted."""
    statement = select(DiagnosticApprovalRow).where(
        DiagnosticApprovalRow.dossier_id == dossier_id, DiagnosticApprovalRow.deleted_at.is_(None)
    )
    if professional_id is not None:
        statement = statement.where(DiagnosticApprovalRow.professional_id == professional_id)
    for row in session.scalars(statement):
        row.deleted_at, row.deleted_by = utcnow(), author_id
    session.flush()
