"""The records of the domain as frozen dataclasses: what services return and the interface displays.

They carry no database session and no Qt object, so they cross threads and layers freely. Every record
has a UUID ``id`` (records will travel between the two partners' machines) and an ``audit`` block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from accomp_desktop.domain.enums import (
    ActionStatus,
    AppointmentMode,
    AppointmentType,
    Attendance,
    CarrierKind,
    ConsentMethod,
    DossierStatus,
    EventKind,
    ExitMotif,
    Institution,
    ObstacleLevel,
    Role,
    Route,
    Side,
)
from accomp_desktop.domain.slots import Period


@dataclass(frozen=True, slots=True)
class Audit:
    """Who created and last changed a record, and when (UTC, naive)."""

    created_at: datetime
    created_by: str | None
    updated_at: datetime
    updated_by: str | None


@dataclass(frozen=True, slots=True)
class Professional:
    id: str
    first_name: str
    last_name: str
    institution: Institution
    role: Role
    email: str = ""
    phone: str = ""
    admin: bool = False
    """May administer the dispositif on this machine: directory, binômes, access to the computer."""
    deactivated_on: date | None = None
    """Left the dispositif: kept for the history, no longer signs in nor joins a binôme (never deleted)."""
    audit: Audit | None = None

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def active(self) -> bool:
        return self.deactivated_on is None


@dataclass(frozen=True, slots=True)
class Binome:
    """A conseiller France Travail and a travailleur social who follow people together on a territory."""

    id: str
    name: str
    territory: str
    conseiller_id: str
    travailleur_social_id: str
    target_min: int = 70
    target_max: int = 100
    """The caseload the binôme aims at (70 to 100 people in the conventions)."""
    audit: Audit | None = None

    @property
    def members(self) -> tuple[str, str]:
        return (self.conseiller_id, self.travailleur_social_id)


@dataclass(frozen=True, slots=True)
class Territory:
    """Where binômes work (« Barsuraubois »), with the postcodes it covers (for sorting imported people)."""

    id: str
    name: str
    postcodes: tuple[str, ...] = ()
    audit: Audit | None = None


@dataclass(frozen=True, slots=True)
class Membership:
    """Who followed a binôme's dossiers in which role, from when until when (``until`` None: still)."""

    binome_id: str
    professional_id: str
    role: Role
    since: date
    until: date | None = None


@dataclass(frozen=True, slots=True)
class DirectoryChange:
    """One change of the dispositif's set-up, for the administrators' history."""

    at: datetime
    author: str
    kind: str
    summary: str


@dataclass(frozen=True, slots=True)
class Person:
    """The demandeur d'emploi followed in a dossier."""

    id: str
    last_name: str
    first_name: str
    birth_date: date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    france_travail_id: str = ""
    rsa: bool = False
    audit: Audit | None = None

    @property
    def display_name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


@dataclass(frozen=True, slots=True)
class ExitRecord:
    """How and when a dossier left the accompaniment."""

    exit_date: date
    motif: ExitMotif
    bilan: str = ""


@dataclass(frozen=True, slots=True)
class Dossier:
    """One person's path in the dispositif, from orientation to exit."""

    id: str
    reference: str
    person_id: str
    binome_id: str
    route: Route
    status: DossierStatus
    orientation_date: date
    oriented_by: str | None = None
    orientation_reasons: str = ""
    person_agreement: bool = False
    entry_date: date | None = None
    planned_end: date | None = None
    renewed: bool = False
    exit: ExitRecord | None = None
    diagnostic_validated_on: date | None = None
    last_contact_date: date | None = None
    share_consent: bool = False
    share_consent_on: date | None = None
    share_consent_method: ConsentMethod | None = None
    anonymised_on: date | None = None
    audit: Audit | None = None


@dataclass(frozen=True, slots=True)
class DiagnosticEntry:
    """One theme of the shared diagnostic: situations ticked, obstacle level, comment."""

    id: str
    dossier_id: str
    theme_code: str
    side: Side
    level: ObstacleLevel
    situations: tuple[str, ...] = ()
    comment: str = ""
    confidential: bool = False
    audit: Audit | None = None


@dataclass(frozen=True, slots=True)
class Objective:
    id: str
    dossier_id: str
    theme_code: str
    label: str
    side: Side
    diagnostic_entry_id: str | None = None
    audit: Audit | None = None


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    dossier_id: str
    label: str
    side: Side
    carrier: CarrierKind
    status: ActionStatus
    objective_id: str | None = None
    carrier_name: str = ""
    start_date: date | None = None
    due_date: date | None = None
    result_note: str = ""
    position: int = 0
    audit: Audit | None = None


@dataclass(frozen=True, slots=True)
class NoteVersion:
    """The text a note had before an edit, and when it was written."""

    text: str
    written_at: datetime


@dataclass(frozen=True, slots=True)
class Note:
    """A journal entry written by one professional for the other; an edit keeps the previous versions."""

    id: str
    dossier_id: str
    author_id: str
    text: str
    written_at: datetime
    versions: tuple[NoteVersion, ...] = ()
    audit: Audit | None = None

    @property
    def edited(self) -> bool:
        return bool(self.versions)


@dataclass(frozen=True, slots=True)
class DossierEvent:
    """One step in a dossier's history: a status change, a renewal, an exit, a reopening."""

    id: str
    dossier_id: str
    kind: EventKind
    occurred_on: date
    author_id: str | None
    details: str = ""
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CaseloadCount:
    """How many active dossiers a binôme follows, per status."""

    binome_id: str
    by_status: dict[DossierStatus, int] = field(default_factory=dict)

    @property
    def active(self) -> int:
        return sum(n for s, n in self.by_status.items() if s is not DossierStatus.SORTIE)


@dataclass(frozen=True, slots=True)
class IssuedPlan:
    id: str
    dossier_id: str
    version: int
    issued_on: date
    issued_by: str | None
    with_confidential: bool
    at: datetime
    content_part: str = "plan_social"
    """The most sensitive part printed in it (a ``domain.access.Part`` value)."""


@dataclass(frozen=True, slots=True)
class Deadline:
    dossier_id: str
    reference: str
    person: str
    action: str
    carrier: CarrierKind
    due_date: date


@dataclass(frozen=True, slots=True)
class CopyFacts:
    """What a verified copy holds: its schema revision and how many dossiers."""

    revision: str
    dossiers: int


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One appointment as the agenda shows it."""

    id: str
    start: datetime
    duration_minutes: int
    type: AppointmentType
    mode: AppointmentMode
    attendance: Attendance
    participant_ids: tuple[str, ...]
    dossier_id: str | None = None
    person: str = ""
    place: str = ""
    notes: str = ""
    cancel_reason: str = ""
    to_bring: str = ""
    masked: bool = False
    """The appointment concerns a dossier of another binôme: shown as busy time, without who or where."""

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration_minutes)

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)


@dataclass(frozen=True, slots=True)
class BusyPeriod:
    """An outside commitment (imported from an .ics file): busy time, its title for the professional only."""

    start: datetime  # naive local time, like the agenda
    end: datetime
    summary: str
    professional_id: str = ""
    uid: str = ""  # the event's in its calendar (one per occurrence of a repeated event)

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)


@dataclass(frozen=True, slots=True)
class NextAppointment:
    start: datetime
    type: AppointmentType
    place: str
    participants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DiagnosticChange:
    at: datetime
    author_id: str | None
    part: str
    field: str
    old_value: str
    new_value: str


@dataclass(frozen=True, slots=True)
class DiagnosticValidation:
    id: str
    dossier_id: str
    validated_on: date
    conseiller_id: str | None
    travailleur_social_id: str | None
    person_agreement: bool
    snapshot: dict[str, object]


@dataclass(frozen=True, slots=True)
class DiagnosticApproval:
    """One professional's approval of the diagnostic, waiting for his partner's."""

    id: str
    professional_id: str
    role: Role
    approved_on: date
    fingerprint: str


@dataclass(frozen=True, slots=True)
class TextConflict:
    """Two texts written for the same place by two professionals who had not read each other's: ``kept`` is in
    the record, ``other`` arrived later and waits for a professional to pick or merge."""

    id: str
    dossier_id: str
    entity: str
    entity_id: str
    field: str
    kept: str
    other: str
    other_author: str | None
    other_at: str
