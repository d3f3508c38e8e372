"""The case list's terms: the scopes, alerts and sort columns it offers, what a search asks and what a row
shows.

The alerts' thresholds are the dispositif's (six weeks without contact, a diagnostic validated within a month
of the orientation). ``storage.caselist_queries`` turns a :class:`CaseQuery` into SQL; ``services.caselist``
applies the walls (of another binôme's dossier, a row shows no follow-up).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from accomp_desktop.domain.enums import DossierStatus, LabelledEnum

NO_CONTACT_DAYS = 42  # six weeks
DIAGNOSTIC_DELAY_MONTHS = 1


class Scope(LabelledEnum):
    MINE = "mine", "Mes dossiers"
    ALL = "all", "Tous les dossiers"


class Alert(LabelledEnum):
    END_SOON = "end_soon", "Fin des 12 mois proche (30 jours) ou dépassée"
    NO_CONTACT = "no_contact", "Sans contact depuis 6 semaines"
    OVERDUE = "overdue", "Actions en retard"
    NO_DIAGNOSTIC = "no_diagnostic", "Pas de diagnostic validé 1 mois après l'orientation"
    RETENTION = "retention", "Conservation dépassée (2 ans sans contact)"


class Column(Enum):
    NAME = "name"
    FRANCE_TRAVAIL_ID = "france_travail_id"
    REFERENCE = "reference"
    STATUS = "status"
    BINOME = "binome"
    ENTRY = "entry"
    END = "end"
    NEXT_APPOINTMENT = "next_appointment"
    OVERDUE = "overdue"
    LAST_CONTACT = "last_contact"


@dataclass(frozen=True, slots=True)
class CaseQuery:
    professional_id: str
    today: date
    text: str = ""
    scope: Scope = Scope.MINE
    status: DossierStatus | None = None
    binome_id: str | None = None
    territory: str | None = None
    rsa: bool | None = None
    alert: Alert | None = None
    sort: Column = Column.NAME
    descending: bool = False


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: str
    reference: str
    last_name: str
    first_name: str
    france_travail_id: str
    status: DossierStatus
    binome_name: str
    entry_date: date | None
    planned_end: date | None
    months_elapsed: int | None
    next_appointment: datetime | None
    overdue_actions: int
    last_contact: date | None
    alerts: frozenset[Alert] = field(default_factory=frozenset)
    in_scope: bool = True
    """The dossier belongs to one of the viewer's binômes (else it cannot be opened, and shows no
    follow-up)."""
    partner_news: bool = False
    """The partner's machine changed it since it was last opened here."""

    @property
    def display_name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


NEVER_EMPTY = frozenset({Column.NAME, Column.REFERENCE, Column.STATUS, Column.OVERDUE})
"""Sort columns that always hold a value (NOT NULL columns, a count)."""
FOLLOW_UP = frozenset(
    {Column.ENTRY, Column.END, Column.NEXT_APPOINTMENT, Column.OVERDUE, Column.LAST_CONTACT}
)
"""Columns that only a member of the dossier's binôme may see (nor sort on)."""
