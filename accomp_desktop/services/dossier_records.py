"""What a dossier's forms hold and what its page shows: the person and orientation as typed, their checks, the
duplicates found, the history and journal lines, and the dossier in full as a viewer may see it."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from accomp_desktop.domain import rules
from accomp_desktop.domain.access import Part
from accomp_desktop.domain.enums import DossierStatus, EventKind, ObstacleLevel, Route
from accomp_desktop.domain.model import Binome, Dossier, Note, Person, Professional
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.validation import (
    InvalidFields,
    check_birth_date,
    clean_email,
    clean_france_travail_id,
    clean_name,
    clean_phone,
    clean_postcode,
    clean_text,
    format_date,
    parse_date,
)

PERSON_LABELS = {
    "last_name": "Nom",
    "first_name": "Prénom",
    "birth_date": "Date de naissance",
    "france_travail_id": "Identifiant France Travail",
    "phone": "Téléphone",
    "email": "E-mail",
    "address": "Adresse",
    "postcode": "Code postal",
    "city": "Commune",
    "rsa": "Allocataire du RSA",
}


@dataclass(frozen=True, slots=True)
class PersonDraft:
    """The identity and contacts as typed in a form."""

    last_name: str = ""
    first_name: str = ""
    birth_date: str = ""
    france_travail_id: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    rsa: bool = False

    @classmethod
    def of(cls, person: Person) -> PersonDraft:
        return cls(
            **{f.name: getattr(person, f.name) for f in fields(cls)}
            | {"birth_date": format_date(person.birth_date)}
        )


@dataclass(frozen=True, slots=True)
class OrientationDraft:
    """The orientation form: who is proposed, by whom, to which binôme, on which route, why, with whose
    agreement."""

    person: PersonDraft
    binome_id: str
    oriented_by: str
    route: Route
    orientation_date: str
    reasons: str
    agreement: bool
    confirmed: frozenset[str] = frozenset()  # the unusual dates the professional confirmed (UnusualDates)


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    dossier_id: str
    reference: str
    display_name: str
    birth_date: date | None
    status: DossierStatus
    reason: str


class DuplicateFound(RuleError):
    """The person seems to have a dossier already; the professional may open it or create anyway."""

    def __init__(self, matches: list[DuplicateMatch]) -> None:
        super().__init__("Cette personne a peut-être déjà un dossier.")
        self.matches = matches


@dataclass(frozen=True, slots=True)
class HistoryLine:
    occurred_on: date
    kind: EventKind
    details: str
    author: str
    synced_at: datetime | None = None
    """When it arrived from the partner's machine (None: written here)."""


@dataclass(frozen=True, slots=True)
class NoteLine:
    note: Note
    author: str


@dataclass(frozen=True, slots=True)
class DossierDetail:
    """Everything the dossier page shows, read in one unit of work."""

    dossier: Dossier
    person: Person
    binome: Binome
    conseiller: Professional | None
    travailleur_social: Professional | None
    history: tuple[HistoryLine, ...]
    notes: tuple[NoteLine, ...]
    obstacles: dict[str, ObstacleLevel] = field(default_factory=dict)
    """The level of each theme of the shared diagnostic the viewer may see, for the summary on the page."""
    hidden_notes: int = 0
    """Notes of the social side the viewer may not read (no consent to share): said, not shown."""
    writable: frozenset[Part] = frozenset()
    """The parts of this dossier the viewer may change (the page offers only those)."""
    readable_all: bool = False
    """The viewer may read every part, confidential included (he alone makes the right-of-access export)."""

    def clock(self, today: date) -> rules.Clock | None:
        """The 12-month clock, running only during the accompaniment."""
        dossier = self.dossier
        if (
            dossier.status is not DossierStatus.ACCOMPAGNEMENT
            or dossier.entry_date is None
            or dossier.planned_end is None
        ):
            return None
        return rules.clock(entry_date=dossier.entry_date, planned_end=dossier.planned_end, today=today)


def check_person(draft: PersonDraft, *, today: date) -> dict[str, Any]:
    """The person's column values, or :class:`InvalidFields` naming every wrong field."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {"rsa": draft.rsa}

    def check(name: str, checker: Any, *args: Any, **kwargs: Any) -> None:
        try:
            values[name] = checker(*args, **kwargs)
        except RuleError as error:
            errors[name] = str(error)

    check("last_name", clean_name, draft.last_name, what="nom")
    check("first_name", clean_name, draft.first_name, what="prénom")
    check(
        "birth_date",
        lambda: check_birth_date(parse_date(draft.birth_date, what="La date de naissance"), today=today),
    )
    check("france_travail_id", clean_france_travail_id, draft.france_travail_id)
    check("phone", clean_phone, draft.phone)
    check("email", clean_email, draft.email)
    check("address", clean_text, draft.address, what="L'adresse", limit=300)
    check("postcode", clean_postcode, draft.postcode)
    check("city", lambda: clean_text(draft.city, what="Le nom de la commune", limit=100))
    if errors:
        raise InvalidFields(errors)
    return values


def display_value(value: Any) -> str:
    """A value as the history shows it."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date):
        return format_date(value)
    return str(value) if value else "(vide)"
