"""The joint action plan: objectives and actions of both sides, deadlines, and the printed "Mon plan
d'action".

Each objective and action belongs to a part of the access table by what it answers (domain.access): the social
side, or a confidential entry of the diagnostic (same theme). Every read shows a professional only what he may
read, every write is refused outside his own side, and « Mes échéances » follows the same rule. Printing
builds the plan's content from what the printing professional may read (leaving out what answers a
confidential entry unless the travailleur social asked for it in this print), renders the PDF and keeps it in
the dossier with its version, date, author and most sensitive part, in one unit of work; a kept plan is
reopened only by who may read all it holds. Rendering imports reportlab lazily: only printing pays for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from accomp_desktop.domain.access import SENSITIVITY, AccessDenied, Actor, Part, plan_part
from accomp_desktop.domain.enums import ActionStatus, AppointmentType, CarrierKind, DossierStatus, Side
from accomp_desktop.domain.model import Action, Deadline, IssuedPlan, Objective, Professional
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.validation import (
    InvalidFields,
    ask_unusual,
    check_within,
    clean_text,
    parse_date,
    unusual,
    years_after,
)
from accomp_desktop.reports.plan_model import PlanAction, PlanAppointment, PlanContent, Referent
from accomp_desktop.services import audit
from accomp_desktop.services.gate import actor, dossier_for
from accomp_desktop.storage import diagnostic_repository as diag
from accomp_desktop.storage import plan_repository as plans
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.errors import RecordGone
from accomp_desktop.storage.models import ActionRow, ObjectiveRow, new_id
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
    confirmed: frozenset[str] = frozenset()  # the unusual dates the professional confirmed (UnusualDates)


@dataclass(frozen=True, slots=True)
class PlanSheet:
    """The plan of a dossier as one professional may see it: only the objectives and actions of the parts he
    may read, what he may write, and which of the plans handed to the person he may reopen."""

    dossier_id: str
    objectives: tuple[Objective, ...]
    actions: tuple[Action, ...]
    issued: tuple[IssuedPlan, ...]
    writable_sides: tuple[Side, ...] = ()
    """The sides whose objectives and actions the viewer may add and change."""
    reopenable: frozenset[str] = frozenset()
    """Issued plans the viewer may reopen (none holds a part he may not read)."""
    hidden: int = 0
    """Objectives and actions kept from the viewer (social without consent, or confidential)."""
    may_include_confidential: bool = False
    """The viewer may print what answers a confidential entry (the travailleur social only)."""
    followed: bool = True
    """The dossier is still followed: once it has left the dispositif no action is late or due any more."""

    def overdue(self, today: date) -> list[Action]:
        return [
            a
            for a in self.actions
            if self.followed and a.status in OPEN and a.due_date is not None and a.due_date < today
        ]

    def due_soon(self, today: date) -> list[Action]:
        limit = today + timedelta(days=DUE_SOON_DAYS)
        return [
            a
            for a in self.actions
            if self.followed and a.status in OPEN and a.due_date is not None and today <= a.due_date <= limit
        ]


@dataclass(frozen=True, slots=True)
class PlanDraft:
    """A plan rendered for the person, not yet recorded as handed over (:meth:`PlanService.keep` records
    it)."""

    dossier_id: str
    version: int
    issued_on: date
    author_id: str
    content_part: Part
    """The most sensitive part printed in it."""
    pdf: bytes


class _Parts:
    """The part of each objective and action of one dossier (what it answers decides: domain.access)."""

    def __init__(self, session: Session, dossier_id: str) -> None:
        self._confidential = plans.confidential_themes(session, dossier_id)
        self.objectives = {o.id: o for o in plans.objectives_of(session, dossier_id)}
        self.actions = plans.actions_of(session, dossier_id)

    def objective(self, objective: Objective) -> Part:
        return plan_part(objective.side, confidential=objective.theme_code in self._confidential)

    def action(self, side: Side, objective_id: str | None) -> Part:
        own = plan_part(side, confidential=False)
        objective = self.objectives.get(objective_id or "")
        linked = self.objective(objective) if objective is not None else own
        return max(own, linked, key=SENSITIVITY.__getitem__)


ACTION_YEARS_AHEAD = 5
"""An action's dates further ahead than this are refused: no plan looks that far."""


def check_action(draft: ActionDraft, *, today: date) -> dict[str, object]:
    """The action's column values, or :class:`InvalidFields`; :class:`UnusualDates` for a date seldom meant
    (an échéance past by more than a year, or beyond the 24 months an accompaniment can last) until
    confirmed."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {
        "side": draft.side.value,
        "carrier": draft.carrier.value,
        "status": draft.status.value,
        "objective_id": draft.objective_id,
    }
    try:
        values["label"] = clean_text(draft.label, what="L'intitulé de l'action", limit=1000, required=True)
    except RuleError as error:
        errors["label"] = str(error)
    try:
        required = draft.carrier is CarrierKind.PARTNER
        values["carrier_name"] = clean_text(
            draft.carrier_name, what="Le nom de la structure partenaire", limit=200, required=required
        )
    except RuleError as error:
        errors["carrier_name"] = str(error)
    for name, text, what in (
        ("start_date", draft.start_date, "La date de début"),
        ("due_date", draft.due_date, "L'échéance"),
    ):
        try:
            values[name] = (
                check_within(
                    parse_date(text, what=what), what=what, today=today, years_ahead=ACTION_YEARS_AHEAD
                )
                if text.strip()
                else None
            )
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
    # An accompaniment lasts 24 months at most: a date further off, or a year past, is seldom meant.
    window = {"usual_from": years_after(today, -1), "usual_to": years_after(today, 2)}
    ask_unusual(
        unusual("start_date", start if isinstance(start, date) else None, what="La date de début", **window)
        | unusual("due_date", due if isinstance(due, date) else None, what="L'échéance", **window),
        draft.confirmed,
    )
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

    def sheet(self, dossier_id: str, *, viewer_id: str) -> PlanSheet:
        with self._store.unit_of_work() as session:
            return self._sheet(session, dossier_id, actor(session, viewer_id))

    def _sheet(self, session: Session, dossier_id: str, viewer: Actor) -> PlanSheet:
        dossier, _, _ = dossier_for(session, viewer, dossier_id)
        consent = dossier.share_consent
        parts = _Parts(session, dossier_id)
        objectives = tuple(
            o for o in parts.objectives.values() if viewer.may_read(parts.objective(o), consent=consent)
        )
        actions = tuple(
            a for a in parts.actions if viewer.may_read(parts.action(a.side, a.objective_id), consent=consent)
        )
        issued = tuple(plans.issued_plans(session, dossier_id))
        return PlanSheet(
            dossier_id,
            objectives,
            actions,
            issued,
            writable_sides=tuple(
                side
                for side in Side
                if viewer.may_write(plan_part(side, confidential=False), consent=consent)
            ),
            reopenable=frozenset(
                p.id for p in issued if viewer.may_read(Part(p.content_part), consent=consent)
            ),
            hidden=len(parts.objectives) - len(objectives) + len(parts.actions) - len(actions),
            may_include_confidential=viewer.may_read(Part.PLAN_CONFIDENTIAL, consent=consent),
            followed=dossier.status is not DossierStatus.SORTIE,
        )

    def _writer(self, session: Session, dossier_id: str, author_id: str) -> tuple[Actor, bool, _Parts]:
        who = actor(session, author_id)
        dossier, _, _ = dossier_for(session, who, dossier_id)
        return who, dossier.share_consent, _Parts(session, dossier_id)

    # --- objectives and actions ---------------------------------------------------------------------

    def add_objective(self, dossier_id: str, *, theme_code: str, label: str, author_id: str) -> PlanSheet:
        """Add an objective; it answers the diagnostic's obstacle of the same theme when there is one."""
        try:
            theme = self._referentiel.theme(theme_code)
        except KeyError:
            raise RuleError(f"Le thème « {theme_code} » n'existe pas dans le référentiel.") from None
        text = clean_text(label, what="L'objectif", limit=500, required=True)
        with self._store.unit_of_work() as session:
            who, consent, parts = self._writer(session, dossier_id, author_id)
            entry = diag.entries_of(session, dossier_id).get(theme.code)
            objective = Objective(
                new_id(), dossier_id, theme.code, text, theme.side, entry.id if entry else None
            )
            who.check(parts.objective(objective), consent=consent, write=True)
            session.add(
                ObjectiveRow(
                    id=objective.id,
                    dossier_id=dossier_id,
                    theme_code=theme.code,
                    label=text,
                    side=theme.side.value,
                    diagnostic_entry_id=objective.diagnostic_entry_id,
                    created_by=author_id,
                    updated_by=author_id,
                )
            )
            session.flush()
            audit.record(
                session,
                professional_id=author_id,
                dossier_id=dossier_id,
                part="plan",
                action=audit.AuditAction.CHANGE,
            )
            return self._sheet(session, dossier_id, who)

    def save_action(
        self,
        dossier_id: str,
        draft: ActionDraft,
        *,
        author_id: str,
        action_id: str | None = None,
        today: date | None = None,
    ) -> PlanSheet:
        """Create the action (at the end of the plan), or change it when ``action_id`` is given."""
        values = check_action(draft, today=today or date.today())
        with self._store.unit_of_work() as session:
            who, consent, parts = self._writer(session, dossier_id, author_id)
            if draft.objective_id is not None and draft.objective_id not in parts.objectives:
                raise RecordGone("Cet objectif")
            who.check(parts.action(draft.side, draft.objective_id), consent=consent, write=True)
            if action_id is None:
                position = max((a.position for a in parts.actions), default=-1) + 1
                session.add(
                    ActionRow(
                        id=new_id(),
                        dossier_id=dossier_id,
                        position=position,
                        created_by=author_id,
                        updated_by=author_id,
                        **values,
                    )
                )
            else:
                row = session.get(ActionRow, action_id)
                if row is None or row.deleted_at is not None or row.dossier_id != dossier_id:
                    raise RecordGone("Cette action")
                who.check(parts.action(Side(row.side), row.objective_id), consent=consent, write=True)
                for name, value in values.items():
                    setattr(row, name, value)
                row.updated_by = author_id
            session.flush()
            audit.record(
                session,
                professional_id=author_id,
                dossier_id=dossier_id,
                part="plan",
                action=audit.AuditAction.CHANGE,
            )
            return self._sheet(session, dossier_id, who)

    def move(self, dossier_id: str, action_id: str, to_row: int, *, author_id: str) -> PlanSheet:
        """Put an action at another place of the plan as the author sees it (drag and drop, or Ctrl+↑ /
        Ctrl+↓).

        The actions he may not see keep their places: only those he sees change order among themselves."""
        with self._store.unit_of_work() as session:
            who, consent, parts = self._writer(session, dossier_id, author_id)
            if not any(who.may_write(plan_part(side, confidential=False), consent=consent) for side in Side):
                who.check(Part.PLAN_EMPLOI, consent=consent, write=True)
            everything = [a.id for a in parts.actions]
            seen = [a.id for a in self._sheet(session, dossier_id, who).actions]
            if action_id not in seen:
                raise RecordGone("Cette action")
            slots = [index for index, identifier in enumerate(everything) if identifier in seen]
            seen.remove(action_id)
            seen.insert(max(0, min(to_row, len(seen))), action_id)
            for slot, identifier in zip(slots, seen, strict=True):
                everything[slot] = identifier
            for position, identifier in enumerate(everything):
                row = session.get(ActionRow, identifier)
                if row is not None and row.position != position:
                    row.position, row.updated_by = position, author_id
            session.flush()
            return self._sheet(session, dossier_id, who)

    def deadlines(self, professional_id: str, today: date) -> list[Deadline]:
        """ "Mes échéances de la semaine": overdue actions and those due within 7 days, in all my dossiers, as
        far as the rules let me see them."""
        with self._store.unit_of_work() as session:
            who = actor(session, professional_id)
            found = plans.deadlines_of(session, who.binome_ids, today + timedelta(days=DUE_SOON_DAYS))
        visible = []
        for row in found:
            part = plan_part(row.side, confidential=row.confidential)
            if row.objective_side is not None:
                part = max(
                    part,
                    plan_part(row.objective_side, confidential=row.confidential),
                    key=SENSITIVITY.__getitem__,
                )
            if who.may_read(part, consent=row.consent):
                visible.append(row.deadline)
        return visible

    # --- the printed plan ---------------------------------------------------------------------------

    def _content(
        self,
        session: Session,
        dossier_id: str,
        *,
        viewer: Actor,
        with_confidential: bool,
        today: date,
        version: int,
    ) -> tuple[PlanContent, Part]:
        """What the printed plan holds, and its most sensitive part: what the viewer may read, and what
        answers a confidential entry only when asked for this print."""
        dossier, person, binome = dossier_for(session, viewer, dossier_id)
        consent = dossier.share_consent
        parts = _Parts(session, dossier_id)
        printed, most = [], Part.PLAN_EMPLOI
        for action in parts.actions:
            part = parts.action(action.side, action.objective_id)
            if action.status not in PRINTED or not viewer.may_read(part, consent=consent):
                continue
            if part is Part.PLAN_CONFIDENTIAL and not with_confidential:
                continue
            printed.append(action)
            most = max(most, part, key=SENSITIVITY.__getitem__)
        actions = tuple(
            PlanAction(
                label=a.label,
                side=a.side,
                carrier=a.carrier,
                status=a.status,
                carrier_name=a.carrier_name,
                objective=parts.objectives[a.objective_id].label
                if a.objective_id in parts.objectives
                else "",
                start_date=a.start_date,
                due_date=a.due_date,
            )
            for a in printed
        )
        appointments = tuple(
            PlanAppointment(start=a.start, what=FOR_THE_PERSON[a.type], place=a.place)
            for a in plans.next_appointments(
                session, dossier_id, datetime.combine(today, datetime.min.time())
            )
        )
        content = PlanContent(
            person_name=f"{person.first_name} {person.last_name.upper()}",
            reference=dossier.reference,
            issued_on=today,
            issued_by=viewer.name,
            version=version,
            conseiller=_referent(
                repo.get_professional(session, binome.conseiller_id), "Mon conseiller France Travail"
            ),
            travailleur_social=_referent(
                repo.get_professional(session, binome.travailleur_social_id), "Mon travailleur social"
            ),
            actions=actions,
            appointments=appointments,
            entry_date=dossier.entry_date,
            planned_end=dossier.planned_end,
        )
        return content, most

    def render(self, dossier_id: str, *, with_confidential: bool, author_id: str, today: date) -> PlanDraft:
        """The plan as it would be handed to the person now — rendered, not kept: a preview, or a print not
        yet done, is not a plan « remis ».

        Only a professional who may read what answers a confidential entry may include it (never the France
        Travail side, whatever it asks)."""
        from accomp_desktop.reports.plan_pdf import render_plan  # reportlab only when printing

        with self._store.unit_of_work() as session:
            who = actor(session, author_id)
            dossier, _, _ = dossier_for(session, who, dossier_id)
            if with_confidential and not who.may_read(Part.PLAN_CONFIDENTIAL, consent=dossier.share_consent):
                raise AccessDenied(
                    "Ce qui répond à un élément confidentiel n'est imprimé que par le travailleur "
                    "social du binôme."
                )
            version = plans.next_version(session, dossier_id)
            content, most = self._content(
                session,
                dossier_id,
                viewer=who,
                with_confidential=with_confidential,
                today=today,
                version=version,
            )
        return PlanDraft(dossier_id, version, today, author_id, most, render_plan(content))

    def keep(self, draft: PlanDraft) -> IssuedPlan:
        """Record a rendered plan as handed to the person (printed, or given by hand): exactly those bytes."""
        with self._store.unit_of_work() as session:
            who = actor(session, draft.author_id)
            dossier_for(session, who, draft.dossier_id)
            if plans.next_version(session, draft.dossier_id) != draft.version:
                raise RuleError(
                    f"Un autre plan (version {draft.version}) a été remis entre-temps : préparez ce plan "
                    "à nouveau avant de le noter comme remis."
                )
            issued = plans.add_issued_plan(
                session,
                dossier_id=draft.dossier_id,
                version=draft.version,
                issued_on=draft.issued_on,
                with_confidential=draft.content_part is Part.PLAN_CONFIDENTIAL,
                content_part=draft.content_part.value,
                pdf=draft.pdf,
                author_id=draft.author_id,
            )
            audit.record(
                session,
                professional_id=draft.author_id,
                dossier_id=draft.dossier_id,
                part="plan",
                action=audit.AuditAction.CHANGE,
            )
            return issued

    def issue(
        self, dossier_id: str, *, with_confidential: bool, author_id: str, today: date
    ) -> tuple[IssuedPlan, bytes]:
        """Render the plan and keep it at once (a print known to have been handed over)."""
        draft = self.render(dossier_id, with_confidential=with_confidential, author_id=author_id, today=today)
        return self.keep(draft), draft.pdf

    def issued_pdf(self, plan_id: str, *, viewer_id: str) -> bytes:
        """A plan handed to the person, as printed; only for a viewer who may read everything it holds."""
        with self._store.unit_of_work() as session:
            who = actor(session, viewer_id)
            found = plans.issued_plan(session, plan_id)
            if found is None:
                raise RecordGone("Ce plan imprimé")
            issued, pdf = found
            dossier, _, _ = dossier_for(session, who, issued.dossier_id)
            who.check(Part(issued.content_part), consent=dossier.share_consent)
            audit.record(
                session,
                professional_id=viewer_id,
                dossier_id=issued.dossier_id,
                part="plan",
                action=audit.AuditAction.OPEN,
            )
            return pdf

    def dossier_of_reference(self, reference: str, *, viewer_id: str) -> str:
        """The dossier of a reference typed at the command line, if the viewer belongs to its binôme."""
        with self._store.unit_of_work() as session:
            dossier_id = repo.dossier_id_of_reference(session, reference.strip().upper())
            if dossier_id is None:
                raise RuleError(f"Aucun dossier ne porte la référence « {reference} ».")
            dossier_for(session, actor(session, viewer_id), dossier_id)
        return dossier_id
