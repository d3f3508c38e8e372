"""A typical joint action plan (six actions, two referents, three appointments), for the PDF benchmark."""

from __future__ import annotations

from datetime import date, datetime

from accomp_desktop.domain.enums import ActionStatus, CarrierKind, Side
from accomp_desktop.reports.plan_model import PlanAction, PlanAppointment, PlanContent, Referent


def typical_plan() -> PlanContent:
    actions = (
        PlanAction(
            "Préparer l'examen du code de la route",
            Side.EMPLOI,
            CarrierKind.PERSON,
            ActionStatus.IN_PROGRESS,
            objective="Passer le permis B",
            start_date=date(2026, 10, 1),
            due_date=date(2026, 12, 15),
        ),
        PlanAction(
            "Atelier CV et lettre de motivation",
            Side.EMPLOI,
            CarrierKind.CONSEILLER,
            ActionStatus.PLANNED,
            objective="Reprendre un emploi dans la restauration",
            due_date=date(2026, 12, 5),
        ),
        PlanAction(
            "Immersion en entreprise (PMSMP) en cuisine collective",
            Side.EMPLOI,
            CarrierKind.PARTNER,
            ActionStatus.PLANNED,
            carrier_name="Mission locale de Troyes",
            due_date=date(2027, 1, 20),
        ),
        PlanAction(
            "Demande de logement social",
            Side.SOCIAL,
            CarrierKind.TRAVAILLEUR_SOCIAL,
            ActionStatus.IN_PROGRESS,
            objective="Trouver un logement stable",
            due_date=date(2026, 12, 31),
        ),
        PlanAction(
            "Dossier de surendettement à la Banque de France",
            Side.SOCIAL,
            CarrierKind.TRAVAILLEUR_SOCIAL,
            ActionStatus.PLANNED,
            objective="Faire face aux dettes de loyer",
            due_date=date(2027, 1, 10),
        ),
        PlanAction(
            "Rendez-vous au centre médico-psychologique",
            Side.SOCIAL,
            CarrierKind.PERSON,
            ActionStatus.PLANNED,
            due_date=date(2026, 12, 12),
        ),
    )
    return PlanContent(
        person_name="Marie-Thérèse N'DIAYE-LEFÈVRE",
        reference="AG-2026-0042",
        issued_on=date(2026, 11, 22),
        issued_by="Aïcha Benali",
        version=2,
        conseiller=Referent(
            "Jean-Marc Lefèvre", "Mon conseiller France Travail", "03 25 00 00 01", "jm@exemple.fr"
        ),
        travailleur_social=Referent("Aïcha Benali", "Mon travailleur social", "03 25 00 00 02"),
        actions=actions,
        appointments=(
            PlanAppointment(datetime(2026, 11, 26, 10), "Point sur mon plan", "Agence de Troyes"),
            PlanAppointment(datetime(2026, 12, 3, 14, 30), "Entretien social", "Maison des solidarités"),
            PlanAppointment(datetime(2026, 12, 17, 9), "Atelier CV", "Agence de Troyes"),
        ),
        entry_date=date(2026, 9, 5),
        planned_end=date(2027, 9, 5),
    )
