"""Preparing a joint appointment: one page on a dossier for the two professionals (screen and PDF).

It gathers what they need before seeing the person together: where the dossier stands, the obstacles by
level, the open and overdue actions, the last notes, and the points to decide, worked out from the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from accomp_desktop.domain.caselist import NO_CONTACT_DAYS
from accomp_desktop.domain.diagnostic import SEVERITY
from accomp_desktop.domain.enums import DossierStatus, ObstacleLevel
from accomp_desktop.domain.model import Action, AgendaItem
from accomp_desktop.domain.validation import format_date
from accomp_desktop.services.agenda import AgendaService
from accomp_desktop.services.dossier_records import DossierDetail, NoteLine
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.services.plan import OPEN, PlanService, PlanSheet

NOTES_SHOWN = 3


@dataclass(frozen=True, slots=True)
class Preparation:
    detail: DossierDetail
    obstacles: list[tuple[str, ObstacleLevel]]  # theme label, level — most severe first
    open_actions: list[Action]
    overdue: list[Action]
    notes: list[NoteLine]
    next_appointment: AgendaItem | None
    decisions: list[str]
    today: date

    @property
    def title(self) -> str:
        return f"Préparation du rendez-vous — {self.detail.person.display_name}"

    def sections(self) -> list[tuple[str, list[str]]]:
        """The page's parts as headings and lines of text, shared by the screen and the PDF."""
        detail, dossier = self.detail, self.detail.dossier
        clock = detail.clock(self.today)
        situation = [f"Dossier {dossier.reference} · {dossier.status.label} · {detail.binome.name}"]
        if clock is not None:
            situation.append(
                f"En accompagnement depuis le {format_date(clock.entry_date)} ({clock.months_elapsed} "
                f"mois), fin prévue le {format_date(clock.planned_end)}"
                + (" (renouvelé)" if dossier.renewed else "")
            )
        contact = dossier.last_contact_date
        situation.append(
            f"Dernier contact : {format_date(contact)}" if contact else "Aucun rendez-vous honoré."
        )
        if self.next_appointment is not None:
            item = self.next_appointment
            situation.append(f"Prochain rendez-vous : {item.start:%d/%m/%Y à %H:%M}, {item.type.label}")
        obstacles = [f"{label} : {level.label}" for label, level in self.obstacles] or ["Aucun frein repéré."]
        overdue_ids = {a.id for a in self.overdue}
        actions = [
            ("⚠ En retard — " if a.id in overdue_ids else "")
            + f"{a.label} ({a.carrier_name or a.carrier.label}"
            + (f", échéance {format_date(a.due_date)}" if a.due_date else "")
            + f", {a.status.label.lower()})"
            for a in self.open_actions
        ] or ["Aucune action en cours."]
        notes = [f"{n.note.written_at:%d/%m/%Y}, {n.author} : {n.note.text}" for n in self.notes] or [
            "Aucune note."
        ]
        decisions = self.decisions or ["Rien d'urgent : faire le point avec la personne sur ses priorités."]
        return [
            ("Où en est le dossier", situation),
            ("Points à décider ensemble", decisions),
            ("Freins repérés au diagnostic", obstacles),
            ("Actions en cours", actions),
            ("Dernières notes du binôme", notes),
        ]


def points_to_decide(detail: DossierDetail, plan: PlanSheet, today: date) -> list[str]:
    """What the binôme should settle at this appointment, in the order it matters."""
    dossier, points = detail.dossier, []
    if dossier.status is DossierStatus.ORIENTATION:
        points.append("Commencer le diagnostic partagé avec la personne.")
    if dossier.status is DossierStatus.DIAGNOSTIC:
        points.append(
            "Décider ensemble de l'entrée en accompagnement."
            if dossier.diagnostic_validated_on
            else "Terminer et valider le diagnostic partagé, avec l'accord de la personne."
        )
    clock = detail.clock(today)
    if clock is not None and (clock.ends_soon or clock.overrun):
        when = f"le {format_date(clock.planned_end)}"
        points.append(
            f"Préparer la sortie : l'accompagnement finit {when} et a déjà été renouvelé."
            if dossier.renewed
            else f"Décider du renouvellement ou de la sortie (fin prévue {when})."
        )
    overdue = plan.overdue(today)
    if overdue:
        points.append(f"Faire le point sur {len(overdue)} action{'s' if len(overdue) > 1 else ''} en retard.")
    if dossier.status is not DossierStatus.SORTIE and plan.actions and not plan.issued:
        points.append("Remettre à la personne son plan d'action imprimé.")
    if dossier.status is DossierStatus.ACCOMPAGNEMENT and not plan.actions:
        points.append("Construire le plan d'action : aucune action n'est encore prévue.")
    return points


class PreparationService:
    def __init__(
        self,
        dossiers: DossierService,
        plans: PlanService,
        agenda: AgendaService,
        theme_labels: dict[str, str],
    ) -> None:
        self._dossiers, self._plans, self._agenda = dossiers, plans, agenda
        self._labels = theme_labels

    def prepare(self, dossier_id: str, *, today: date, viewer_id: str) -> Preparation:
        """The sheet as ``viewer_id`` may see it: the France Travail side gets no social detail without the
        person's consent, and never a confidential one (the same rules as the dossier page and the plan
        tab)."""
        detail = self._dossiers.detail(dossier_id, viewer_id=viewer_id)
        plan = self._plans.sheet(dossier_id, viewer_id=viewer_id)
        members = [p.id for p in (detail.conseiller, detail.travailleur_social) if p]
        upcoming = [
            i
            for i in self._agenda.upcoming(
                members, datetime.combine(today, datetime.min.time()), days=60, viewer_id=viewer_id
            )
            if i.dossier_id == dossier_id
        ]
        obstacles: list[tuple[str, ObstacleLevel]] = sorted(
            (
                (self._labels.get(code, code), level)
                for code, level in detail.obstacles.items()
                if level is not ObstacleLevel.NONE
            ),
            key=lambda o: (-SEVERITY[o[1]], o[0]),
        )
        decisions = points_to_decide(detail, plan, today)
        contact = (
            detail.dossier.last_contact_date or detail.dossier.entry_date or detail.dossier.orientation_date
        )
        if detail.dossier.status is not DossierStatus.SORTIE and (today - contact).days > NO_CONTACT_DAYS:
            decisions.append(
                f"Reprendre contact : pas de rendez-vous honoré depuis le {format_date(contact)}."
            )
        return Preparation(
            detail=detail,
            obstacles=obstacles,
            open_actions=[a for a in plan.actions if a.status in OPEN],
            overdue=plan.overdue(today),
            notes=list(detail.notes[:NOTES_SHOWN]),
            next_appointment=upcoming[0] if upcoming else None,
            decisions=decisions,
            today=today,
        )

    def pdf(self, dossier_id: str, *, today: date, author: str, viewer_id: str) -> bytes:
        from accomp_desktop.reports.preparation_pdf import render_preparation  # reportlab when printing

        sheet = self.prepare(dossier_id, today=today, viewer_id=viewer_id)
        return render_preparation(
            sheet.title,
            sheet.sections(),
            today=today,
            author=author,
            reference=sheet.detail.dossier.reference,
        )
