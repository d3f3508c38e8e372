"""Reading and writing the joint action plan: objectives, actions in their order, and the plans issued.

Like :mod:`repositories`, every function takes the service's session and returns frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accomp_desktop.domain.enums import ActionStatus, AppointmentType, Attendance, CarrierKind, Side
from accomp_desktop.domain.model import Action, Deadline, IssuedPlan, NextAppointment, Objective
from accomp_desktop.storage.models import (
    ActionRow,
    AppointmentParticipantRow,
    AppointmentRow,
    DiagnosticEntryRow,
    DossierRow,
    IssuedPlanRow,
    ObjectiveRow,
    PersonRow,
    ProfessionalRow,
)


def _action(row: ActionRow) -> Action:
    return Action(
        id=row.id,
        dossier_id=row.dossier_id,
        label=row.label,
        side=Side(row.side),
        carrier=CarrierKind(row.carrier),
        status=ActionStatus(row.status),
        objective_id=row.objective_id,
        carrier_name=row.carrier_name,
        start_date=row.start_date,
        due_date=row.due_date,
        result_note=row.result_note,
        position=row.position,
    )


def objectives_of(session: Session, dossier_id: str) -> list[Objective]:
    rows = session.scalars(
        select(ObjectiveRow)
        .where(ObjectiveRow.dossier_id == dossier_id, ObjectiveRow.deleted_at.is_(None))
        .order_by(ObjectiveRow.created_at)
    )
    return [
        Objective(
            id=r.id,
            dossier_id=r.dossier_id,
            theme_code=r.theme_code,
            label=r.label,
            side=Side(r.side),
            diagnostic_entry_id=r.diagnostic_entry_id,
        )
        for r in rows
    ]


def actions_of(session: Session, dossier_id: str) -> list[Action]:
    """The dossier's actions in the order the professionals chose."""
    rows = session.scalars(
        select(ActionRow)
        .where(ActionRow.dossier_id == dossier_id, ActionRow.deleted_at.is_(None))
        .order_by(ActionRow.position, ActionRow.created_at)
    )
    return [_action(row) for row in rows]


def confidential_themes(session: Session, dossier_id: str) -> set[str]:
    """Themes of the dossier's diagnostic marked confidential: what answers them in the plan is confidential
    too."""
    rows = session.scalars(
        select(DiagnosticEntryRow.theme_code).where(
            DiagnosticEntryRow.dossier_id == dossier_id,
            DiagnosticEntryRow.confidential.is_(True),
            DiagnosticEntryRow.deleted_at.is_(None),
        )
    )
    return set(rows)


def next_appointments(
    session: Session, dossier_id: str, now: datetime, limit: int = 3
) -> list[NextAppointment]:
    rows = session.scalars(
        select(AppointmentRow)
        .where(
            AppointmentRow.dossier_id == dossier_id,
            AppointmentRow.deleted_at.is_(None),
            AppointmentRow.attendance == Attendance.PLANNED.value,
            AppointmentRow.start >= now,
        )
        .order_by(AppointmentRow.start)
        .limit(limit)
    ).all()
    result = []
    for row in rows:
        names = session.execute(
            select(ProfessionalRow.first_name, ProfessionalRow.last_name)
            .join(AppointmentParticipantRow, AppointmentParticipantRow.professional_id == ProfessionalRow.id)
            .where(
                AppointmentParticipantRow.appointment_id == row.id,
                AppointmentParticipantRow.deleted_at.is_(None),
            )
        )
        result.append(
            NextAppointment(
                row.start,
                AppointmentType(row.type),
                row.place,
                tuple(f"{first} {last}" for first, last in names),
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """A deadline with what the access rules need to decide who may see it."""

    deadline: Deadline
    side: Side
    objective_side: Side | None
    confidential: bool
    """The action answers a theme of the diagnostic marked confidential."""
    consent: bool


def deadlines_of(session: Session, binome_ids: frozenset[str], until: date) -> list[DeadlineRow]:
    """Open actions due by ``until`` (overdue included) in the dossiers of these binômes."""
    confidential = (
        select(DiagnosticEntryRow.id)
        .where(
            DiagnosticEntryRow.dossier_id == ObjectiveRow.dossier_id,
            DiagnosticEntryRow.theme_code == ObjectiveRow.theme_code,
            DiagnosticEntryRow.confidential.is_(True),
            DiagnosticEntryRow.deleted_at.is_(None),
        )
        .exists()
    )
    rows = session.execute(
        select(
            DossierRow.id,
            DossierRow.reference,
            PersonRow.first_name,
            PersonRow.last_name,
            ActionRow.label,
            ActionRow.carrier,
            ActionRow.due_date,
            ActionRow.side,
            ObjectiveRow.side.label("objective_side"),
            confidential.label("confidential"),
            DossierRow.share_consent,
        )
        .join(DossierRow, DossierRow.id == ActionRow.dossier_id)
        .join(PersonRow, PersonRow.id == DossierRow.person_id)
        .outerjoin(ObjectiveRow, ObjectiveRow.id == ActionRow.objective_id)
        .where(
            DossierRow.binome_id.in_(binome_ids),
            DossierRow.deleted_at.is_(None),
            ActionRow.deleted_at.is_(None),
            ActionRow.status.in_(
                [s.value for s in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.WAITING)]
            ),
            ActionRow.due_date <= until,
            DossierRow.status != "sortie",
        )
        .order_by(ActionRow.due_date, PersonRow.sort_key)
    )
    return [
        DeadlineRow(
            Deadline(
                r.id,
                r.reference,
                f"{r.last_name.upper()} {r.first_name}",
                r.label,
                CarrierKind(r.carrier),
                r.due_date,
            ),
            Side(r.side),
            Side(r.objective_side) if r.objective_side else None,
            bool(r.confidential),
            bool(r.share_consent),
        )
        for r in rows
    ]


def _issued(row: IssuedPlanRow) -> IssuedPlan:
    return IssuedPlan(
        row.id,
        row.dossier_id,
        row.version,
        row.issued_on,
        row.created_by,
        row.with_confidential,
        row.created_at,
        row.content_part,
    )


def issued_plans(session: Session, dossier_id: str) -> list[IssuedPlan]:
    """The plans handed to the person, latest first (without their PDF, which can be large)."""
    rows = session.scalars(
        select(IssuedPlanRow)
        .where(IssuedPlanRow.dossier_id == dossier_id, IssuedPlanRow.deleted_at.is_(None))
        .order_by(IssuedPlanRow.version.desc())
    )
    return [_issued(row) for row in rows]


def next_version(session: Session, dossier_id: str) -> int:
    latest = session.scalar(
        select(func.max(IssuedPlanRow.version)).where(IssuedPlanRow.dossier_id == dossier_id)
    )
    return (latest or 0) + 1


def add_issued_plan(
    session: Session,
    *,
    dossier_id: str,
    version: int,
    issued_on: date,
    with_confidential: bool,
    content_part: str,
    pdf: bytes,
    author_id: str | None,
) -> IssuedPlan:
    row = IssuedPlanRow(
        dossier_id=dossier_id,
        version=version,
        issued_on=issued_on,
        with_confidential=with_confidential,
        content_part=content_part,
        pdf=pdf,
        created_by=author_id,
        updated_by=author_id,
    )
    session.add(row)
    session.flush()
    return _issued(row)


def issued_plan(session: Session, plan_id: str) -> tuple[IssuedPlan, bytes] | None:
    row = session.get(IssuedPlanRow, plan_id)
    return (_issued(row), row.pdf) if row is not None and row.deleted_at is None else None
