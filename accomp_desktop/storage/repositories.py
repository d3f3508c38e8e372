"""Repositories: read and write rows, hand back the domain's frozen dataclasses.

Each function takes an open :class:`~sqlalchemy.orm.Session` (the service owns the unit of work) and never
returns an ORM object, so nothing attached to a session can leak into the interface or across threads.
Soft-deleted rows are invisible to every reader here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accomp_desktop.domain.enums import DossierStatus, ExitMotif, Institution, Role, Route
from accomp_desktop.domain.model import (
    Audit,
    Binome,
    CaseloadCount,
    Dossier,
    DossierEvent,
    ExitRecord,
    Person,
    Professional,
)
from accomp_desktop.storage.models import (
    AppMeta,
    BinomeRow,
    DossierEventRow,
    DossierRow,
    PersonRow,
    ProfessionalRow,
    Record,
    utcnow,
)


def _audit(row: Record) -> Audit:
    return Audit(
        created_at=row.created_at, created_by=row.created_by, updated_at=row.updated_at, updated_by=row.updated_by
    )


# --- application facts ---------------------------------------------------------------------------------


def get_meta(session: Session, key: str) -> str | None:
    row = session.get(AppMeta, key)
    return row.value if row else None


def set_meta(session: Session, key: str, value: str) -> None:
    session.merge(AppMeta(key=key, value=value))


# --- professionals and binômes -------------------------------------------------------------------------


def to_professional(row: ProfessionalRow) -> Professional:
    return Professional(
        id=row.id,
        first_name=row.first_name,
        last_name=row.last_name,
        institution=Institution(row.institution),
        role=Role(row.role),
        email=row.email,
        phone=row.phone,
        audit=_audit(row),
    )


def add_professional(session: Session, professional: Professional, *, author_id: str | None) -> Professional:
    row = ProfessionalRow(
        id=professional.id,
        first_name=professional.first_name,
        last_name=professional.last_name,
        institution=professional.institution.value,
        role=professional.role.value,
        email=professional.email,
        phone=professional.phone,
        created_by=author_id,
        updated_by=author_id,
    )
    session.add(row)
    session.flush()
    return to_professional(row)


def list_professionals(session: Session) -> list[Professional]:
    rows = session.scalars(
        select(ProfessionalRow)
        .where(ProfessionalRow.deleted_at.is_(None))
        .order_by(func.lower(ProfessionalRow.last_name), func.lower(ProfessionalRow.first_name))
    )
    return [to_professional(row) for row in rows]


def get_professional(session: Session, professional_id: str) -> Professional | None:
    row = session.get(ProfessionalRow, professional_id)
    return to_professional(row) if row is not None and row.deleted_at is None else None


def to_binome(row: BinomeRow) -> Binome:
    return Binome(
        id=row.id,
        name=row.name,
        territory=row.territory,
        conseiller_id=row.conseiller_id,
        travailleur_social_id=row.travailleur_social_id,
        audit=_audit(row),
    )


def add_binome(session: Session, binome: Binome, *, author_id: str | None) -> Binome:
    row = BinomeRow(
        id=binome.id,
        name=binome.name,
        territory=binome.territory,
        conseiller_id=binome.conseiller_id,
        travailleur_social_id=binome.travailleur_social_id,
        created_by=author_id,
        updated_by=author_id,
    )
    session.add(row)
    session.flush()
    return to_binome(row)


def binomes_of(session: Session, professional_id: str) -> list[Binome]:
    rows = session.scalars(
        select(BinomeRow)
        .where(BinomeRow.deleted_at.is_(None))
        .where(
            (BinomeRow.conseiller_id == professional_id) | (BinomeRow.travailleur_social_id == professional_id)
        )
        .order_by(BinomeRow.name)
    )
    return [to_binome(row) for row in rows]


# --- persons and dossiers ------------------------------------------------------------------------------


def to_person(row: PersonRow) -> Person:
    return Person(
        id=row.id,
        last_name=row.last_name,
        first_name=row.first_name,
        birth_date=row.birth_date,
        phone=row.phone,
        email=row.email,
        address=row.address,
        postcode=row.postcode,
        city=row.city,
        france_travail_id=row.france_travail_id,
        rsa=row.rsa,
        audit=_audit(row),
    )


def add_person(session: Session, person: Person, *, author_id: str | None) -> Person:
    row = PersonRow(
        id=person.id,
        last_name=person.last_name,
        first_name=person.first_name,
        birth_date=person.birth_date,
        phone=person.phone,
        email=person.email,
        address=person.address,
        postcode=person.postcode,
        city=person.city,
        france_travail_id=person.france_travail_id,
        rsa=person.rsa,
        created_by=author_id,
        updated_by=author_id,
    )
    session.add(row)
    session.flush()
    return to_person(row)


def get_person(session: Session, person_id: str) -> Person | None:
    row = session.get(PersonRow, person_id)
    return to_person(row) if row is not None and row.deleted_at is None else None


def to_dossier(row: DossierRow) -> Dossier:
    exit_record = (
        ExitRecord(exit_date=row.exit_date, motif=ExitMotif(row.exit_motif), bilan=row.exit_bilan)
        if row.exit_date is not None and row.exit_motif is not None
        else None
    )
    return Dossier(
        id=row.id,
        reference=row.reference,
        person_id=row.person_id,
        binome_id=row.binome_id,
        route=Route(row.route),
        status=DossierStatus(row.status),
        orientation_date=row.orientation_date,
        oriented_by=row.oriented_by,
        orientation_reasons=row.orientation_reasons,
        person_agreement=row.person_agreement,
        entry_date=row.entry_date,
        planned_end=row.planned_end,
        renewed=row.renewed,
        exit=exit_record,
        audit=_audit(row),
    )


def add_dossier(session: Session, dossier: Dossier, *, author_id: str | None) -> Dossier:
    row = DossierRow(
        id=dossier.id,
        reference=dossier.reference,
        person_id=dossier.person_id,
        binome_id=dossier.binome_id,
        route=dossier.route.value,
        status=dossier.status.value,
        orientation_date=dossier.orientation_date,
        oriented_by=dossier.oriented_by,
        orientation_reasons=dossier.orientation_reasons,
        person_agreement=dossier.person_agreement,
        entry_date=dossier.entry_date,
        planned_end=dossier.planned_end,
        renewed=dossier.renewed,
        exit_date=dossier.exit.exit_date if dossier.exit else None,
        exit_motif=dossier.exit.motif.value if dossier.exit else None,
        exit_bilan=dossier.exit.bilan if dossier.exit else "",
        created_by=author_id,
        updated_by=author_id,
    )
    session.add(row)
    session.flush()
    return to_dossier(row)


def get_dossier(session: Session, dossier_id: str) -> Dossier | None:
    row = session.get(DossierRow, dossier_id)
    return to_dossier(row) if row is not None and row.deleted_at is None else None


def soft_delete(session: Session, row_type: type[Record], record_id: str, *, author_id: str) -> bool:
    """Mark a record deleted (who, when) without removing it; False when there was nothing to delete."""
    row = session.get(row_type, record_id)
    if row is None or row.deleted_at is not None:
        return False
    row.deleted_at = utcnow()
    row.deleted_by = author_id
    session.flush()
    return True


def references_of_year(session: Session, year: int) -> list[str]:
    return list(session.scalars(select(DossierRow.reference).where(DossierRow.reference.like(f"AG-{year:04d}-%"))))


def add_event(
    session: Session, *, dossier_id: str, kind: str, occurred_on: date, details: str, author_id: str | None
) -> DossierEvent:
    row = DossierEventRow(
        dossier_id=dossier_id,
        kind=kind,
        occurred_on=occurred_on,
        details=details,
        created_by=author_id,
        updated_by=author_id,
    )
    session.add(row)
    session.flush()
    return DossierEvent(
        id=row.id,
        dossier_id=row.dossier_id,
        kind=row.kind,
        occurred_on=row.occurred_on,
        author_id=row.created_by,
        details=row.details,
        at=row.created_at,
    )


def caseload(session: Session, binome_ids: Sequence[str]) -> list[CaseloadCount]:
    """Dossiers per status for each binôme, counted in SQL."""
    rows = session.execute(
        select(DossierRow.binome_id, DossierRow.status, func.count())
        .where(DossierRow.deleted_at.is_(None), DossierRow.binome_id.in_(binome_ids))
        .group_by(DossierRow.binome_id, DossierRow.status)
    )
    counts: dict[str, dict[DossierStatus, int]] = {binome_id: {} for binome_id in binome_ids}
    for binome_id, status, count in rows:
        counts[binome_id][DossierStatus(status)] = count
    return [CaseloadCount(binome_id=b, by_status=counts[b]) for b in binome_ids]
