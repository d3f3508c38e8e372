"""Reading and writing the dispositif's directory: territories, binôme memberships over time, the set-up's
history.

Professionals and binômes themselves are read and added in :mod:`repositories` (every part of the
application needs them); what only the administration and the access rules need lives here. Like the other
repositories, every function takes the service's session and returns frozen dataclasses.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from accomp_desktop.domain.enums import DossierStatus, Role
from accomp_desktop.domain.model import Binome, DirectoryChange, Membership, Professional, Territory
from accomp_desktop.storage.errors import RecordGone
from accomp_desktop.storage.models import (
    BinomeRow,
    DirectoryChangeRow,
    DossierRow,
    MembershipRow,
    ProfessionalRow,
    TerritoryRow,
)
from accomp_desktop.storage.repositories import to_binome, to_professional


def binome_ids_of(session: Session, professional_id: str) -> frozenset[str]:
    """The binômes a professional belongs to now (his scope)."""
    rows = session.scalars(
        select(BinomeRow.id).where(
            BinomeRow.deleted_at.is_(None),
            or_(
                BinomeRow.conseiller_id == professional_id, BinomeRow.travailleur_social_id == professional_id
            ),
        )
    )
    return frozenset(rows)


def update_professional(
    session: Session, professional_id: str, values: dict[str, Any], *, author_id: str
) -> Professional:
    row = session.get(ProfessionalRow, professional_id)
    if row is None or row.deleted_at is not None:
        raise RecordGone("Ce professionnel")
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_by = author_id
    session.flush()
    return to_professional(row)


def update_binome(session: Session, binome_id: str, values: dict[str, Any], *, author_id: str) -> Binome:
    row = session.get(BinomeRow, binome_id)
    if row is None or row.deleted_at is not None:
        raise RecordGone("Ce binôme")
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_by = author_id
    session.flush()
    return to_binome(row)


def admins_count(session: Session) -> int:
    return len(
        list(
            session.scalars(
                select(ProfessionalRow.id).where(
                    ProfessionalRow.admin.is_(True),
                    ProfessionalRow.deactivated_on.is_(None),
                    ProfessionalRow.deleted_at.is_(None),
                )
            )
        )
    )


# --- territories ----------------------------------------------------------------------------------------


def _territory(row: TerritoryRow) -> Territory:
    return Territory(row.id, row.name, tuple(row.postcodes.split()))


def territories(session: Session) -> list[Territory]:
    rows = session.scalars(
        select(TerritoryRow).where(TerritoryRow.deleted_at.is_(None)).order_by(TerritoryRow.name)
    )
    return [_territory(row) for row in rows]


def territory_named(session: Session, name: str) -> Territory | None:
    row = session.scalar(
        select(TerritoryRow).where(TerritoryRow.name == name, TerritoryRow.deleted_at.is_(None))
    )
    return _territory(row) if row is not None else None


def save_territory(session: Session, territory: Territory, *, author_id: str) -> tuple[Territory, str]:
    """Add or change a territory; returns it with its former name ("" for a new one). Binômes follow a
    rename."""
    row = session.get(TerritoryRow, territory.id)
    postcodes = " ".join(territory.postcodes)
    if row is None:
        row = TerritoryRow(
            id=territory.id,
            name=territory.name,
            postcodes=postcodes,
            created_by=author_id,
            updated_by=author_id,
        )
        session.add(row)
        former = ""
    else:
        former = row.name
        row.name, row.postcodes, row.updated_by = territory.name, postcodes, author_id
        if former != territory.name:
            session.execute(
                update(BinomeRow).where(BinomeRow.territory == former).values(territory=territory.name)
            )
    session.flush()
    return _territory(row), former


# --- memberships ----------------------------------------------------------------------------------------


def _membership(row: MembershipRow) -> Membership:
    return Membership(row.binome_id, row.professional_id, Role(row.role), row.since, row.until)


def memberships(session: Session, binome_id: str | None = None) -> list[Membership]:
    """Who followed which binôme when: current members first (``until`` None), then by start, latest first."""
    statement = select(MembershipRow).where(MembershipRow.deleted_at.is_(None))
    if binome_id is not None:
        statement = statement.where(MembershipRow.binome_id == binome_id)
    rows = session.scalars(statement.order_by(MembershipRow.until.is_not(None), MembershipRow.since.desc()))
    return [_membership(row) for row in rows]


def open_membership(
    session: Session, *, binome_id: str, professional_id: str, role: Role, since: date, author_id: str
) -> None:
    session.add(
        MembershipRow(
            binome_id=binome_id,
            professional_id=professional_id,
            role=role.value,
            since=since,
            created_by=author_id,
            updated_by=author_id,
        )
    )
    session.flush()


def close_membership(
    session: Session, *, binome_id: str, professional_id: str, role: Role, until: date, author_id: str
) -> None:
    """End a member's time in a binôme; one recorded before memberships were kept is written whole, from the
    binôme's creation."""
    rows = list(
        session.scalars(
            select(MembershipRow).where(
                MembershipRow.binome_id == binome_id,
                MembershipRow.professional_id == professional_id,
                MembershipRow.until.is_(None),
                MembershipRow.deleted_at.is_(None),
            )
        )
    )
    for row in rows:
        row.until, row.updated_by = until, author_id
    binome = session.get(BinomeRow, binome_id)
    if not rows and binome is not None:
        session.add(
            MembershipRow(
                binome_id=binome_id,
                professional_id=professional_id,
                role=role.value,
                since=min(binome.created_at.date(), until),
                until=until,
                created_by=author_id,
                updated_by=author_id,
            )
        )
    session.flush()


def binomes_with_member(session: Session, professional_id: str) -> list[Binome]:
    rows = session.scalars(
        select(BinomeRow).where(
            BinomeRow.deleted_at.is_(None),
            or_(
                BinomeRow.conseiller_id == professional_id, BinomeRow.travailleur_social_id == professional_id
            ),
        )
    )
    return [to_binome(row) for row in rows]


# --- the set-up's history -------------------------------------------------------------------------------


def add_change(session: Session, *, kind: str, subject_id: str, summary: str, author_id: str | None) -> None:
    session.add(
        DirectoryChangeRow(
            kind=kind, subject_id=subject_id, summary=summary, created_by=author_id, updated_by=author_id
        )
    )
    session.flush()


def changes(session: Session, limit: int = 2000) -> list[DirectoryChange]:
    """The latest changes first, each with its author's name."""
    rows = session.execute(
        select(
            DirectoryChangeRow.created_at,
            ProfessionalRow.first_name,
            ProfessionalRow.last_name,
            DirectoryChangeRow.kind,
            DirectoryChangeRow.summary,
        )
        .outerjoin(ProfessionalRow, ProfessionalRow.id == DirectoryChangeRow.created_by)
        .order_by(DirectoryChangeRow.created_at.desc(), DirectoryChangeRow.id)
        .limit(limit)
    ).all()
    return [
        DirectoryChange(at, f"{first} {last}" if last else "—", kind, summary)
        for at, first, last, kind, summary in rows
    ]


def professional_with_email(session: Session, email: str) -> str | None:
    """The id of the (not deleted) professional who has this e-mail address."""
    return session.scalar(
        select(ProfessionalRow.id).where(ProfessionalRow.email == email, ProfessionalRow.deleted_at.is_(None))
    )


def open_dossier_ids(session: Session, binome_id: str) -> list[str]:
    """The binôme's dossiers not exited (a replacement in the binôme is noted in each)."""
    return list(
        session.scalars(
            select(DossierRow.id).where(
                DossierRow.binome_id == binome_id,
                DossierRow.deleted_at.is_(None),
                DossierRow.status != DossierStatus.SORTIE.value,
            )
        )
    )
