"""The agenda's rows: appointments of some professionals over a period, their participants, a dossier's
appointments, the dossiers an appointment may be for, the last attended one, and outside commitments.

Who may see or change what is the agenda service's; this module only reads and writes the tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from accomp_desktop.domain.enums import Attendance, DossierStatus
from accomp_desktop.storage.models import (
    AppointmentParticipantRow,
    AppointmentRow,
    BinomeRow,
    BusyTimeRow,
    DossierRow,
    PersonRow,
    ProfessionalRow,
)


def appointment_rows(
    session: Session, professional_ids: list[str], start: datetime, end: datetime, *, with_cancelled: bool
) -> Sequence[Any]:
    """The appointments of these professionals that meet the period, by start: id, start, duration, type,
    mode, attendance, dossier id, place, notes, cancel reason, what to bring, the person's first and last
    names, the dossier's binôme and share consent, and the role of who made the appointment."""
    ids = select(AppointmentParticipantRow.appointment_id).where(
        AppointmentParticipantRow.professional_id.in_(professional_ids),
        AppointmentParticipantRow.deleted_at.is_(None),
    )
    # Plain columns on the connection, not ORM objects: a busy week has hundreds of appointments and the ORM's
    # identity bookkeeping was most of the cost of reading them.
    row = AppointmentRow
    statement = (
        select(
            row.id,
            row.start,
            row.duration_minutes,
            row.type,
            row.mode,
            row.attendance,
            row.dossier_id,
            row.place,
            row.notes,
            row.cancel_reason,
            row.to_bring,
            PersonRow.first_name,
            PersonRow.last_name,
            DossierRow.binome_id,
            DossierRow.share_consent,
            ProfessionalRow.role,
        )
        .outerjoin(DossierRow, DossierRow.id == row.dossier_id)
        .outerjoin(PersonRow, PersonRow.id == DossierRow.person_id)
        .outerjoin(ProfessionalRow, ProfessionalRow.id == row.created_by)
        .where(
            row.id.in_(ids),
            row.deleted_at.is_(None),
            row.start < end,
            row.start >= start - timedelta(hours=12),
        )
        .order_by(row.start)
    )
    if not with_cancelled:
        statement = statement.where(row.attendance != Attendance.CANCELLED.value)
    return session.connection().execute(statement).all()


def participants_of(session: Session, appointment_ids: Iterable[str]) -> dict[str, list[str]]:
    """The professionals of each appointment."""
    found: dict[str, list[str]] = {appointment_id: [] for appointment_id in appointment_ids}
    rows = session.connection().execute(
        select(AppointmentParticipantRow.appointment_id, AppointmentParticipantRow.professional_id).where(
            AppointmentParticipantRow.appointment_id.in_(bindparam("ids", expanding=True)),
            AppointmentParticipantRow.deleted_at.is_(None),
        ),
        {"ids": list(found)},
    )
    for appointment_id, professional_id in rows.all():
        found[appointment_id].append(professional_id)
    return found


def participant_ids(session: Session, appointment_id: str) -> list[str]:
    return list(
        session.scalars(
            select(AppointmentParticipantRow.professional_id).where(
                AppointmentParticipantRow.appointment_id == appointment_id,
                AppointmentParticipantRow.deleted_at.is_(None),
            )
        )
    )


def remove_participants(session: Session, appointment_id: str) -> None:
    """Before the appointment's participants are written again."""
    for participant in session.scalars(
        select(AppointmentParticipantRow).where(AppointmentParticipantRow.appointment_id == appointment_id)
    ):
        session.delete(participant)


def dossier_appointment_ids(session: Session, dossier_id: str) -> list[str]:
    """Every appointment of a dossier, by start (cancelled ones included)."""
    return list(
        session.scalars(
            select(AppointmentRow.id)
            .where(AppointmentRow.dossier_id == dossier_id, AppointmentRow.deleted_at.is_(None))
            .order_by(AppointmentRow.start)
        )
    )


def active_dossiers_of(session: Session, professional_id: str) -> list[tuple[str, str, str, str]]:
    """(id, reference, last name, first name) of the dossiers not exited of the professional's binômes, by
    name."""
    mine = select(BinomeRow.id).where(
        (BinomeRow.conseiller_id == professional_id) | (BinomeRow.travailleur_social_id == professional_id)
    )
    rows = session.execute(
        select(DossierRow.id, DossierRow.reference, PersonRow.last_name, PersonRow.first_name)
        .join(PersonRow, PersonRow.id == DossierRow.person_id)
        .where(
            DossierRow.binome_id.in_(mine),
            DossierRow.deleted_at.is_(None),
            DossierRow.status != DossierStatus.SORTIE.value,
        )
        .order_by(PersonRow.sort_key)
    )
    return [(r.id, r.reference, r.last_name, r.first_name) for r in rows]


def last_attended(session: Session, dossier_id: str) -> datetime | None:
    """When the dossier's last honoured appointment started."""
    return session.scalar(
        select(func.max(AppointmentRow.start)).where(
            AppointmentRow.dossier_id == dossier_id,
            AppointmentRow.deleted_at.is_(None),
            AppointmentRow.attendance == Attendance.HONOURED.value,
        )
    )


def replace_busy(session: Session, professional_id: str, source: str, rows: Iterable[BusyTimeRow]) -> None:
    """The busy times an import of ``source`` gave, in place of the previous import's."""
    for row in session.scalars(
        select(BusyTimeRow).where(
            BusyTimeRow.professional_id == professional_id,
            BusyTimeRow.source == source,
            BusyTimeRow.deleted_at.is_(None),
        )
    ):
        session.delete(row)
    session.add_all(rows)


def busy_rows(
    session: Session, professional_ids: list[str], start: datetime, end: datetime
) -> list[BusyTimeRow]:
    return list(
        session.scalars(
            select(BusyTimeRow)
            .where(
                BusyTimeRow.professional_id.in_(professional_ids),
                BusyTimeRow.start < end,
                BusyTimeRow.end > start,
                BusyTimeRow.deleted_at.is_(None),
            )
            .order_by(BusyTimeRow.start)
        )
    )
