"""The joint action plan: objectives and actions of both sides, deadlines, and the printed "Mon plan d'action".

Printing builds the plan's content from the database (leaving out what answers a confidential obstacle
unless the professional asked for it in this print), renders the PDF and keeps it in the dossier with its
version, date and author, in one unit of work. Rendering imports reportlab lazily: only printing pays for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from accomp_desktop.domain.enums import ActionStatus, AppointmentType, CarrierKind, Side
from accomp_desktop.domain.model import Action, Objective, Professional
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.validation import InvalidFields, clean_text, parse_date
from accomp_desktop.reports.plan_model import PlanAction, PlanAppointment, PlanContent, Referent
from accomp_desktop.storage import diagnostic_repository as diag
from accomp_desktop.storage import plan_repository as plans
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.errors import RecordGone
from accomp_desktop.storage.models import ActionRow, ObjectiveRow, new_id
from accomp_desktop.storage.plan_repository import Deadline, IssuedPlan
from accomp_desktop.storage.session import Store

DUE_SOON_DAYS = 7
OPEN = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.WAITING)
PRINTED = (*OPEN, ActionStatus.DONE)  # what the person still has in hand; stopped actions are not printed

FOR_THE_PERSON = {
    AppointmentType.CONSEILLER_INTERVIEW: "rendez-vous avec mon conseiller",
    AppointmentType.SOCIAL_INTERVIEW: "rendez-vous avec mon travailleur social",
    AppointmentType.TRIPARTITE: "rendez-vous à trois, avec mes deux référents",
    AppointmentType.HOME_VISIT: "visite chez moi",
    AppointmentType.WORKSHOP: "atelier collectif",
    AppointmentType.ACCOMPANIED_STEP: "démarche faite ensemble",
}


@dataclass(frozen=True, slots=True)
class ActionDraft:
    """An action as typed in its form (dates as text)."""

    label: str
    side: Side
    carrier: CarrierKind
    status: ActionStatus = ActionStatus.PLANNED
    carrier_name: str = ""
    objective_id: str | None = None
    start_date: str = ""
    due_date: str = ""
    result_note: str = ""


@dataclass(frozen=True, slots=True)
class PlanSheet:
    dossier_id: str
    objectives: tuple[Objective, ...]
    actions: tuple[Action, ...]
    issued: tuple[IssuedPlan, ...]

    def overdue(self, today: date) -> list[Action]:
        return [a for a in self.actions if a.status in OPEN and a.due_date is not None and a.due_date < today]

    def due_soon(self, today: date) -> list[Action]:
        limit = today + timedelta(days=DUE_SOON_DAYS)
        return [a for a in self.actions if a.status in OPEN and a.due_date is not None and today <= a.due_date <= limit]


def check_action(draft: ActionDraft) -> dict[str, object]:
    errors: dict[str, str] = {}
    values: dict[str, object] = {"side": draft.side.value, "carrier": draft.carrier.value,
                                 "status": draft.status.value, "objective_id": draft.objective_id}
    try:
        values["label"] = clean_text(draft.label, what="L'intitulé de l'action", limit=1000, required=True)
    except RuleError as error:
        errors["label"] = str(error)
    try:
        required = draft.carrier is CarrierKind.PARTNER
        values["carrier_name"] = clean_text(draft.carrier_name, what="Le nom de la structure partenaire", limit=200,
                                            required=required)
    except RuleError as error:
        errors["carrier_name"] = str(error)
    for name, text, what in (("start_date", draft.start_date, "La date de début"),
                             ("due_date", draft.due_date, "L'échéance")):
        try:
            values[name] = parse_date(text, what=what) if text.strip() else None
        except RuleError as error:
            errors[name] = str(error)
    start, due = values.get("start_date"), values.get("due_date")
    if isinstance(start, date) and isinstance(due, date) and due < start:
        errors["due_date"] = "L'échéance ne peut pas précéder la date de début."
    try:
        values["result_note"] = clean_text(draft.result_note, what="Le résultat", limit=4000)
    except RuleError as error:
        errors["result_note"] = str(error)
    if errors:
        raise InvalidFields(errors)
    return values


def _referent(professional: Professional | None, role: str) -> Referent | None:
    if professional is None:
        return None
    return Referent(professional.display_name, role, professional.phone, professional.email)


class PlanService:
    def __init__(self, store: Store, referentiel: Referentiel) -> None:
        self._store = store
        self._referentiel = referentiel

    @property
    def referentiel(self) -> Referentiel:
        return self._referentiel

    def sheet(self, dossier_id: str) -> PlanSheet:
        with self._store.unit_of_work() as session:
            return self._sheet(session, dossier_id)

    def _sheet(self, session: Session, dossier_id: str) -> PlanSheet:
        if repo.get_dossier(session, dossier_id) is None:
            raise RecordGone("Ce dossier")
        return PlanSheet(dossier_id, tuple(plans.objectives_of(session, dossier_id)),
                         tuple(plans.actions_of(session, dossier_id)), tuple(plans.issued_plans(session, dossier_id)))

    # --- objectives and actions ---------------------------------------------------------------------

    def add_objective(self, dossier_id: str, *, theme_code: str, label: str, author_id: str) -> PlanSheet:
        """Add an objective; it answers the diagnostic's obstacle of the same theme when there is one."""
        try:
            theme = self._referentiel.theme(theme_code)
        except KeyError:
            raise RuleError(f"Le thème « {theme_code} » n'existe pas dans le référentiel.") from None
        text = clean_text(label, what="L'objectif", limit=500, required=True)
        with self._store.unit_of_work() as session:
            self._sheet(session, dossier_id)
            entry = diag.entries_of(session, dossier_id).get(theme.code)
            session.add(ObjectiveRow(id=new_id(), dossier_id=dossier_id, theme_code=theme.code, label=text,
                                     side=theme.side.value, diagnostic_entry_id=entry.id if entry else None,
                                     created_by=author_id, updated_by=author_id))
            session.flush()
            return self._sheet(session, dossier_id)

    def save_action(
        self, dossier_id: str, draft: ActionDraft, *, author_id: str, action_id: str | None = None
    ) -> PlanSheet:
        """Create the action (at the end of the plan), or change it when ``action_id`` is given."""
        values = check_action(draft)
        with self._store.unit_of_work() as session:
            sheet = self._sheet(session, dossier_id)
            if action_id is None:
                position = max((a.position for a in sheet.actions), default=-1) + 1
                session.add(ActionRow(id=new_id(), dossier_id=dossier_id, position=position, created_by=author_id,
                                      updated_by=author_id, **values))
            else:
                row = session.get(ActionRow, action_id)
                if row is None or row.deleted_at is not None or row.dossier_id != dossier_id:
                    raise RecordGone("Cette action")
                for name, value in values.items():
                    setattr(row, name, value)
                row.updated_by = author_id
            session.flush()
            return self._sheet(session, dossier_id)

    def move(self, dossier_id: str, action_id: str, to_row: int, *, author_id: str) -> PlanSheet:
        """Put an action at another place in the plan (drag and drop, or Ctrl+↑ / Ctrl+↓)."""
        with self._store.unit_of_work() as session:
            ids = [a.id for a in self._sheet(session, dossier_id).actions]
            if action_id not in ids:
                raise RecordGone("Cette action")
            ids.remove(action_id)
            ids.insert(max(0, min(to_row, len(ids))), action_id)
            for position, identifier in enumerate(ids):
                row = session.get(ActionRow, identifier)
                if row is not None and row.position != position:
                    row.position, row.updated_by = position, author_id
            session.flush()
            return self._sheet(session, dossier_id)

    def deadlines(self, professional_id: str, today: date) -> list[Deadline]:
        """ "Mes échéances de la semaine": overdue actions and those due within 7 days, in all my dossiers."""
        with self._store.unit_of_work() as session:
            return plans.deadlines_of(session, professional_id, today + timedelta(days=DUE_SOON_DAYS))

    # --- the printed plan ---------------------------------------------------------------------------

    def content(
        self, session: Session, dossier_id: str, *, with_confidential: bool, issued_by: str, today: date, version: int
    ) -> PlanContent:
        dossier, person, binome = repo.dossier_in_full(session, dossier_id)
        hidden = set() if with_confidential else plans.confidential_objectives(session, dossier_id)
        objectives = {o.id: o.label for o in plans.objectives_of(session, dossier_id)}
        actions = tuple(
            PlanAction(label=a.label, side=a.side, carrier=a.carrier, status=a.status, carrier_name=a.carrier_name,
                       objective=objectives.get(a.objective_id or "", ""), start_date=a.start_date,
                       due_date=a.due_date)
            for a in plans.actions_of(session, dossier_id)
            if a.status in PRINTED and a.objective_id not in hidden
        )
        appointments = tuple(
            PlanAppointment(start=a.start, what=FOR_THE_PERSON[a.type], place=a.place)
            for a in plans.next_appointments(session, dossier_id, datetime.combine(today, datetime.min.time()))
        )
        return PlanContent(
            person_name=f"{person.first_name} {person.last_name.upper()}", reference=dossier.reference,
            issued_on=today, issued_by=issued_by, version=version,
            conseiller=_referent(repo.get_professional(session, binome.conseiller_id), "Mon conseiller France Travail"),
            travailleur_social=_referent(repo.get_professional(session, binome.travailleur_social_id),
                                         "Mon travailleur social"),
            actions=actions, appointments=appointments, entry_date=dossier.entry_date, planned_end=dossier.planned_end,
        )

    def issue(
        self, dossier_id: str, *, with_confidential: bool, author_id: str | None, today: date
    ) -> tuple[IssuedPlan, bytes]:
        """Render the plan, keep it in the dossier as the next version, and return it with its PDF."""
        from accomp_desktop.reports.plan_pdf import render_plan  # reportlab only when printing

        with self._store.unit_of_work() as session:
            author = repo.get_professional(session, author_id) if author_id else None
            version = plans.next_version(session, dossier_id)
            content = self.content(session, dossier_id, with_confidential=with_confidential,
                                   issued_by=author.display_name if author else "", today=today, version=version)
            pdf = render_plan(content)
            issued = plans.add_issued_plan(session, dossier_id=dossier_id, version=version, issued_on=today,
                                           with_confidential=with_confidential, pdf=pdf, author_id=author_id)
            return issued, pdf

    def issued_pdf(self, plan_id: str) -> bytes:
        with self._store.unit_of_work() as session:
            pdf = plans.issued_pdf(session, plan_id)
        if pdf is None:
            raise RecordGone("Ce plan imprimé")
        return pdf

    def dossier_of_reference(self, reference: str) -> str:
        with self._store.unit_of_work() as session:
            dossier_id = repo.dossier_id_of_reference(session, reference.strip().upper())
        if dossier_id is None:
            raise RuleError(f"Aucun dossier ne porte la référence « {reference} ».")
        return dossier_id
