"""What the printed plan says, decided before any layout: the content of "Mon plan d'action" in plain French.

The service fills :class:`PlanContent` with only what may be printed (confidential items are left out
unless the professional ticked them for this print); :mod:`plan_pdf` lays it out. Keeping the wording here,
without reportlab, lets tests and other outputs share it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from accomp_desktop.domain.enums import ActionStatus, CarrierKind, Side
from accomp_desktop.domain.french_dates import DAYS, long_date

# What the person reads: short, concrete, no administrative jargon.
STATUS_WORDS = {
    ActionStatus.PLANNED: "À faire",
    ActionStatus.IN_PROGRESS: "En cours",
    ActionStatus.WAITING: "En attente",
    ActionStatus.DONE: "Fait",
    ActionStatus.GIVEN_UP: "Arrêté",
    ActionStatus.CANCELLED: "Annulé",
}


def appointment_words(value: datetime) -> str:
    """ "mardi 3 décembre 2026 à 14 h 30"."""
    minutes = f" {value.minute:02d}" if value.minute else ""
    return f"{DAYS[value.weekday()]} {long_date(value.date())} à {value.hour} h{minutes}"


@dataclass(frozen=True, slots=True)
class Referent:
    name: str
    role: str  # "Mon conseiller France Travail", "Mon travailleur social"
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class PlanAction:
    label: str
    side: Side
    carrier: CarrierKind
    status: ActionStatus
    carrier_name: str = ""
    objective: str = ""
    start_date: date | None = None
    due_date: date | None = None


@dataclass(frozen=True, slots=True)
class PlanAppointment:
    start: datetime
    what: str
    place: str = ""
    with_whom: str = ""


@dataclass(frozen=True, slots=True)
class PlanContent:
    person_name: str
    reference: str
    issued_on: date
    issued_by: str
    version: int
    conseiller: Referent | None
    travailleur_social: Referent | None
    actions: tuple[PlanAction, ...]
    appointments: tuple[PlanAppointment, ...] = ()
    entry_date: date | None = None
    planned_end: date | None = None

    def actions_of(self, part: str) -> list[PlanAction]:
        """The three parts of the plan: what I do, what my conseiller does, what my travailleur social does.

        Actions carried by a partner structure go with the professional of their side, who follows them.
        """
        if part == "person":
            return [a for a in self.actions if a.carrier is CarrierKind.PERSON]
        side = Side.EMPLOI if part == "conseiller" else Side.SOCIAL
        return [a for a in self.actions if a.carrier is not CarrierKind.PERSON and a.side is side]
