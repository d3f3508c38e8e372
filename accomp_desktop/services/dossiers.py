"""The life of a dossier: orientation (with duplicate detection), identity, lifecycle steps, journal of notes.

Every method is one unit of work that checks the rules first (domain.rules, domain.validation), writes,
records the step in the dossier's history (who, when, what), and returns the dossier as the page shows it
afterwards. What the professional typed arrives as text; wrong fields come back together in
:class:`InvalidFields`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from accomp_desktop.domain import rules
from accomp_desktop.domain.access import Actor, Part, diagnostic_part, notes_part
from accomp_desktop.domain.enums import (
    ConsentMethod,
    DossierStatus,
    EventKind,
    ExitMotif,
    ObstacleLevel,
    Role,
    Route,
)
from accomp_desktop.domain.model import Binome, Dossier, ExitRecord, Note, Person, Professional
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.text import name_sort_key
from accomp_desktop.domain.validation import (
    NOTE_MAX,
    InvalidFields,
    ask_unusual,
    check_birth_date,
    check_within,
    clean_email,
    clean_france_travail_id,
    clean_name,
    clean_phone,
    clean_postcode,
    clean_text,
    format_date,
    parse_date,
    unusual,
    years_after,
)
from accomp_desktop.services import audit
from accomp_desktop.services.audit import AuditAction
from accomp_desktop.services.gate import actor, dossier_for
from accomp_desktop.storage import diagnostic_repository as diag
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.errors import RecordGone
from accomp_desktop.storage.models import new_id
from accomp_desktop.storage.session import Store

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


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date):
        return format_date(value)
    return str(value) if value else "(vide)"


class DossierService:
    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def store(self) -> Store:
        return self._store

    # --- reading ------------------------------------------------------------------------------------

    def detail(self, dossier_id: str, *, viewer_id: str) -> DossierDetail:
        """The dossier as ``viewer_id`` may see it: only for a member of its binôme, each part by the
        rules."""
        with self._store.unit_of_work() as session:
            detail = self._detail(session, dossier_id, actor(session, viewer_id))
            audit.record(
                session,
                professional_id=viewer_id,
                dossier_id=dossier_id,
                part="dossier",
                action=AuditAction.OPEN,
            )
            return detail

    def _open(
        self,
        session: Session,
        dossier_id: str,
        author_id: str,
        part: Part = Part.IDENTITY,
    ) -> tuple[Actor, Dossier]:
        """The author and the dossier, once the rules allow ``author_id`` to change ``part`` of it."""
        who = actor(session, author_id)
        dossier, _, _ = dossier_for(session, who, dossier_id)
        who.check(part, consent=dossier.share_consent, write=True)
        return who, dossier

    def _detail(self, session: Session, dossier_id: str, viewer: Actor) -> DossierDetail:
        dossier, person, binome = dossier_for(session, viewer, dossier_id)
        consent = dossier.share_consent
        names: dict[str | None, str] = {}

        def name(professional_id: str | None) -> str:
            if professional_id not in names:
                professional = repo.get_professional(session, professional_id) if professional_id else None
                names[professional_id] = professional.display_name if professional else "—"
            return names[professional_id]

        history = tuple(
            HistoryLine(event.occurred_on, event.kind, event.details, name(event.author_id))
            for event in repo.events_of(session, dossier_id)
        )
        roles: dict[str, Role] = {}
        notes, hidden_notes = [], 0
        for note in repo.notes_of(session, dossier_id):
            if note.author_id not in roles:
                author = repo.get_professional(session, note.author_id)
                roles[note.author_id] = author.role if author else Role.OTHER
            if viewer.may_read(notes_part(roles[note.author_id]), consent=consent):
                notes.append(NoteLine(note, name(note.author_id)))
            else:
                hidden_notes += 1
        obstacles = {
            code: entry.level
            for code, entry in diag.entries_of(session, dossier_id).items()
            if viewer.may_read(diagnostic_part(entry), consent=consent)
        }
        return DossierDetail(
            dossier=dossier,
            person=person,
            binome=binome,
            conseiller=repo.get_professional(session, binome.conseiller_id),
            travailleur_social=repo.get_professional(session, binome.travailleur_social_id),
            history=history,
            notes=tuple(notes),
            obstacles=obstacles,
            hidden_notes=hidden_notes,
            writable=frozenset(part for part in Part if viewer.may_write(part, consent=consent)),
            readable_all=all(viewer.may_read(part, consent=consent) for part in Part),
        )

    # --- orientation ----------------------------------------------------------------------------------

    def create(
        self, draft: OrientationDraft, *, author_id: str, today: date, allow_duplicate: bool = False
    ) -> DossierDetail:
        """Open a dossier at the orientation step; :class:`DuplicateFound` unless ``allow_duplicate``."""
        errors: dict[str, str] = {}
        try:
            person_values = check_person(draft.person, today=today)
        except InvalidFields as invalid:
            errors |= invalid.errors
            person_values = {}
        oriented_on = today
        try:
            oriented_on = check_within(
                parse_date(draft.orientation_date, what="La date d'orientation"),
                what="La date d'orientation",
                today=today,
            )
        except RuleError as error:
            errors["orientation_date"] = str(error)
        try:
            reasons = clean_text(draft.reasons, what="Le motif de l'orientation", required=True)
        except RuleError as error:
            errors["reasons"] = str(error)
        if not draft.binome_id:
            errors["binome_id"] = "Choisissez le binôme qui suivra la personne."
        if not draft.agreement:
            errors["agreement"] = (
                "L'accord de la personne doit être recueilli : l'accompagnement ne se décide jamais sans "
                "elle."
            )
        if errors:
            raise InvalidFields(errors)
        ask_unusual(
            unusual(
                "orientation_date",
                oriented_on,
                what="La date d'orientation",
                usual_from=years_after(today, -1),
                usual_to=today,
            ),
            draft.confirmed,
        )

        with self._store.unit_of_work() as session:
            who = actor(session, author_id)
            binome = repo.get_binome(session, draft.binome_id)
            if binome is None or not who.follows(binome.id):
                raise InvalidFields(
                    {
                        "binome_id": "Choisissez l'un de vos binômes : un dossier est ouvert par un "
                        "professionnel du binôme qui suivra la personne."
                    }
                )
            who.check(Part.IDENTITY, consent=False, write=True)
            if not allow_duplicate:
                matches = self._duplicates(session, person_values)
                if matches:
                    raise DuplicateFound(matches)
            person = repo.add_person(session, Person(id=new_id(), **person_values), author_id=author_id)
            reference = rules.next_reference(
                oriented_on.year, repo.references_of_year(session, oriented_on.year)
            )
            dossier = repo.add_dossier(
                session,
                Dossier(
                    id=new_id(),
                    reference=reference,
                    person_id=person.id,
                    binome_id=draft.binome_id,
                    route=draft.route,
                    status=DossierStatus.ORIENTATION,
                    orientation_date=oriented_on,
                    oriented_by=draft.oriented_by or None,
                    orientation_reasons=reasons,
                    person_agreement=True,
                ),
                author_id=author_id,
            )
            proposer = repo.get_professional(session, draft.oriented_by) if draft.oriented_by else None
            repo.add_event(
                session,
                dossier_id=dossier.id,
                kind=EventKind.ORIENTATION,
                occurred_on=oriented_on,
                details=f"{draft.route.label}, proposé par {proposer.display_name if proposer else '—'}. "
                f"Accord de la personne recueilli. Motif : {reasons}",
                author_id=author_id,
            )
            return self._detail(session, dossier.id, who)

    def duplicates(self, person: PersonDraft, *, viewer_id: str, today: date) -> list[DuplicateMatch]:
        """Dossiers that may be this person's, in the whole département (identity, reference, status only)."""
        with self._store.unit_of_work() as session:
            actor(session, viewer_id)
            return self._duplicates(session, check_person(person, today=today))

    def _duplicates(self, session: Session, values: dict[str, Any]) -> list[DuplicateMatch]:
        sort_key = name_sort_key(values["last_name"], values["first_name"])
        matches = []
        for dossier, person in repo.find_duplicates(
            session,
            france_travail_id=values["france_travail_id"],
            sort_key=sort_key,
            birth_date=values["birth_date"],
        ):
            same_id = (
                bool(values["france_travail_id"]) and person.france_travail_id == values["france_travail_id"]
            )
            matches.append(
                DuplicateMatch(
                    dossier_id=dossier.id,
                    reference=dossier.reference,
                    display_name=person.display_name,
                    birth_date=person.birth_date,
                    status=dossier.status,
                    reason="même identifiant France Travail"
                    if same_id
                    else "mêmes nom, prénom et date de naissance",
                )
            )
        return matches

    # --- identity -------------------------------------------------------------------------------------

    def update_person(
        self, dossier_id: str, draft: PersonDraft, *, author_id: str, today: date
    ) -> DossierDetail:
        values = check_person(draft, today=today)
        with self._store.unit_of_work() as session:
            who, _ = self._open(session, dossier_id, author_id)
            _, current, _ = repo.dossier_in_full(session, dossier_id)
            changes = {name: value for name, value in values.items() if getattr(current, name) != value}
            if changes:
                repo.update_person(session, current.id, changes, author_id=author_id)
                details = " ; ".join(
                    f"{PERSON_LABELS[name]} : {_display(getattr(current, name))} → {_display(value)}"
                    for name, value in changes.items()
                )
                repo.add_event(
                    session,
                    dossier_id=dossier_id,
                    kind=EventKind.IDENTITY,
                    occurred_on=today,
                    details=details,
                    author_id=author_id,
                )
                audit.record(
                    session,
                    professional_id=author_id,
                    dossier_id=dossier_id,
                    part="identity",
                    action=AuditAction.CHANGE,
                )
            return self._detail(session, dossier_id, who)

    # --- lifecycle ------------------------------------------------------------------------------------

    def _step(
        self,
        session: Session,
        dossier: Dossier,
        target: DossierStatus,
        values: dict[str, Any],
        *,
        kind: EventKind,
        occurred_on: date,
        details: str,
        author_id: str,
    ) -> DossierDetail:
        who, _ = self._open(session, dossier.id, author_id)
        repo.update_dossier(session, dossier.id, {"status": target, **values}, author_id=author_id)
        repo.add_event(
            session,
            dossier_id=dossier.id,
            kind=kind,
            occurred_on=occurred_on,
            details=details,
            author_id=author_id,
        )
        audit.record(
            session,
            professional_id=author_id,
            dossier_id=dossier.id,
            part="dossier",
            action=AuditAction.CHANGE,
        )
        return self._detail(session, dossier.id, who)

    def start_diagnostic(self, dossier_id: str, *, author_id: str, today: date) -> DossierDetail:
        with self._store.unit_of_work() as session:
            _, dossier = self._open(session, dossier_id, author_id)
            rules.check_transition(dossier.status, DossierStatus.DIAGNOSTIC)
            return self._step(
                session,
                dossier,
                DossierStatus.DIAGNOSTIC,
                {},
                kind=EventKind.DIAGNOSTIC,
                occurred_on=today,
                details="Diagnostic partagé commencé avec la personne.",
                author_id=author_id,
            )

    def enter(
        self,
        dossier_id: str,
        *,
        entry_date: str,
        conseiller_agrees: bool,
        social_agrees: bool,
        author_id: str,
        today: date,
    ) -> DossierDetail:
        """Enter the accompaniment: a joint decision of both professionals, after a validated diagnostic."""
        with self._store.unit_of_work() as session:
            detail = self._detail(session, dossier_id, self._open(session, dossier_id, author_id)[0])
            dossier = detail.dossier
            rules.check_transition(
                dossier.status,
                DossierStatus.ACCOMPAGNEMENT,
                diagnostic_validated=dossier.diagnostic_validated_on is not None,
            )
            if not (conseiller_agrees and social_agrees):
                raise RuleError(
                    "L'entrée est une décision conjointe : les deux professionnels du binôme doivent "
                    "la confirmer."
                )
            entered = check_within(
                parse_date(entry_date, what="La date d'entrée"), what="La date d'entrée", today=today
            )
            rules.check_entry_date(orientation_date=dossier.orientation_date, entry_date=entered, today=today)
            end = rules.planned_end(entered)
            names = " et ".join(p.display_name for p in (detail.conseiller, detail.travailleur_social) if p)
            return self._step(
                session,
                dossier,
                DossierStatus.ACCOMPAGNEMENT,
                {"entry_date": entered, "planned_end": end},
                kind=EventKind.ENTRY,
                occurred_on=entered,
                author_id=author_id,
                details=f"Entrée décidée conjointement par {names}. Fin prévue le {format_date(end)}.",
            )

    def renew(
        self, dossier_id: str, *, months: int, joint_decision: bool, author_id: str, today: date
    ) -> DossierDetail:
        with self._store.unit_of_work() as session:
            _, dossier = self._open(session, dossier_id, author_id)
            end = rules.renewed_end(
                status=dossier.status, planned_end=dossier.planned_end, renewed=dossier.renewed, months=months
            )
            if not joint_decision:
                raise RuleError("Le renouvellement est une décision conjointe du binôme : confirmez-la.")
            return self._step(
                session,
                dossier,
                dossier.status,
                {"planned_end": end, "renewed": True},
                kind=EventKind.RENEWAL,
                occurred_on=today,
                author_id=author_id,
                details=f"Renouvellement de {months} mois décidé conjointement. Nouvelle fin prévue le "
                f"{format_date(end)}.",
            )

    def close(
        self,
        dossier_id: str,
        *,
        exit_date: str,
        motif: ExitMotif | None,
        bilan: str,
        author_id: str,
        today: date,
    ) -> DossierDetail:
        """Record the exit: date, motif from the fixed list, short bilan."""
        with self._store.unit_of_work() as session:
            _, dossier = self._open(session, dossier_id, author_id)
            rules.check_transition(dossier.status, DossierStatus.SORTIE)
            errors: dict[str, str] = {}
            left_on = today
            try:
                left_on = check_within(
                    parse_date(exit_date, what="La date de sortie"), what="La date de sortie", today=today
                )
                rules.check_exit_date(
                    exit_date=left_on, orientation_date=dossier.orientation_date, today=today
                )
            except RuleError as error:
                errors["exit_date"] = str(error)
            if motif is None:
                errors["motif"] = "Choisissez le motif de sortie."
            try:
                summary = clean_text(bilan, what="Le bilan", required=True)
            except RuleError as error:
                errors["bilan"] = str(error)
            if errors or motif is None:
                raise InvalidFields(errors)
            return self._step(
                session,
                dossier,
                DossierStatus.SORTIE,
                {"exit": ExitRecord(exit_date=left_on, motif=motif, bilan=summary)},
                kind=EventKind.EXIT,
                occurred_on=left_on,
                author_id=author_id,
                details=f"{motif.label}. Bilan : {summary}",
            )

    def reopen(self, dossier_id: str, *, reason: str, author_id: str, today: date) -> DossierDetail:
        """Reopen a closed dossier: back to the accompaniment if it had entered it, else to the diagnostic."""
        with self._store.unit_of_work() as session:
            _, dossier = self._open(session, dossier_id, author_id)
            if dossier.status is not DossierStatus.SORTIE:
                raise RuleError("Seul un dossier sorti peut être rouvert.")
            why = clean_text(reason, what="Le motif de la réouverture", required=True)
            target = rules.reopen_status(had_entry=dossier.entry_date is not None)
            previous = (
                f" (sortie du {format_date(dossier.exit.exit_date)} : {dossier.exit.motif.label})"
                if dossier.exit
                else ""
            )
            return self._step(
                session,
                dossier,
                target,
                {"exit": None},
                kind=EventKind.REOPENING,
                occurred_on=today,
                author_id=author_id,
                details=f"Rouvert au statut « {target.label} »{previous}. Motif : {why}",
            )

    # --- retention -----------------------------------------------------------------------------------

    def anonymise(self, dossier_id: str, *, author_id: str, today: date) -> DossierDetail:
        """Remove the person's data from a dossier past the retention period (2 years without contact).

        What identifies the person or tells their story goes: names, birth date, contacts, identifier, texts
        of notes, diagnostic comments and history, printed plans, appointment notes. What the dispositif
        reports on stays: dates, route, status, exit motif, obstacle levels, action statuses.
        """
        with self._store.unit_of_work() as session:
            who, _ = self._open(session, dossier_id, author_id)
            dossier, person, _ = repo.dossier_in_full(session, dossier_id)
            last = rules.last_contact_of(
                last_contact=dossier.last_contact_date,
                exit_date=dossier.exit.exit_date if dossier.exit else None,
                entry_date=dossier.entry_date,
                orientation_date=dossier.orientation_date,
            )
            if dossier.anonymised_on is not None:
                raise RuleError("Ce dossier est déjà anonymisé.")
            if not rules.retention_due(last, today):
                raise RuleError(
                    f"Dernier contact le {format_date(last)} : la durée de conservation (2 ans) n'est "
                    "pas atteinte, le dossier ne peut pas encore être anonymisé."
                )
            repo.update_person(
                session,
                person.id,
                {
                    "last_name": "Anonyme",
                    "first_name": dossier.reference,
                    "birth_date": None,
                    "phone": "",
                    "email": "",
                    "address": "",
                    "postcode": "",
                    "city": "",
                    "france_travail_id": "",
                },
                author_id=author_id,
            )
            repo.update_dossier(
                session,
                dossier_id,
                {
                    "orientation_reasons": "",
                    "anonymised_on": today,
                    "exit": replace(dossier.exit, bilan="") if dossier.exit else None,
                },
                author_id=author_id,
            )
            for statement in (
                "UPDATE notes SET text = '' WHERE dossier_id = :d",
                "UPDATE note_versions SET text = '' WHERE note_id IN (SELECT id FROM notes WHERE "
                "dossier_id = :d)",
                "UPDATE diagnostic_entries SET comment = '', situations = '[]' WHERE dossier_id = :d",
                "UPDATE diagnostic_texts SET strengths = '', wishes = '' WHERE dossier_id = :d",
                "UPDATE diagnostic_changes SET old_value = '', new_value = '' WHERE dossier_id = :d",
                "UPDATE diagnostic_validations SET snapshot = '{}' WHERE dossier_id = :d",
                "UPDATE actions SET result_note = '' WHERE dossier_id = :d",
                "UPDATE appointments SET notes = '', cancel_reason = '' WHERE dossier_id = :d",
                "UPDATE issued_plans SET pdf = x'' WHERE dossier_id = :d",
                "UPDATE dossier_events SET details = '' WHERE dossier_id = :d",
            ):
                session.execute(text(statement), {"d": dossier_id})
            repo.add_event(
                session,
                dossier_id=dossier_id,
                kind=EventKind.ANONYMISED,
                occurred_on=today,
                details=f"Données personnelles effacées (dernier contact le {format_date(last)}).",
                author_id=author_id,
            )
            audit.record(
                session,
                professional_id=author_id,
                dossier_id=dossier_id,
                part="dossier",
                action=AuditAction.CHANGE,
            )
            return self._detail(session, dossier_id, who)

    # --- consent ---------------------------------------------------------------------------------------

    def set_consent(
        self,
        dossier_id: str,
        consent: bool,
        *,
        method: ConsentMethod | None = None,
        given_on: str = "",
        author_id: str,
        today: date,
    ) -> DossierDetail:
        """Record that the person agrees (how, and on which day) or no longer agrees to share the social side
        with France Travail. The travailleur social records it; the conseiller sees its state."""
        errors: dict[str, str] = {}
        day = today
        if given_on.strip():
            try:
                what = "La date de l'accord" if consent else "La date du retrait"
                day = check_within(parse_date(given_on, what=what), what=what, today=today)
            except RuleError as error:
                errors["given_on"] = str(error)
        if consent and method is None:
            errors["method"] = "Dites comment l'accord a été recueilli (à l'oral ou par écrit)."
        if errors:
            raise InvalidFields(errors)
        with self._store.unit_of_work() as session:
            who, dossier = self._open(session, dossier_id, author_id, Part.CONSENT)
            if dossier.share_consent != consent or (consent and dossier.share_consent_method != method):
                repo.update_dossier(
                    session,
                    dossier_id,
                    {
                        "share_consent": consent,
                        "share_consent_on": day if consent else None,
                        "share_consent_method": method if consent else None,
                    },
                    author_id=author_id,
                )
                details = (
                    f"La personne accepte que le volet social utile (hors éléments confidentiels) soit "
                    f"partagé avec France Travail. Accord recueilli le {format_date(day)} "
                    f"({(method or ConsentMethod.ORAL).label.lower()})."
                    if consent
                    else f"La personne retire son accord le {format_date(day)} : le volet social n'est plus "
                    "partagé avec France Travail."
                )
                repo.add_event(
                    session,
                    dossier_id=dossier_id,
                    kind=EventKind.CONSENT,
                    occurred_on=day,
                    details=details,
                    author_id=author_id,
                )
                audit.record(
                    session,
                    professional_id=author_id,
                    dossier_id=dossier_id,
                    part="consent",
                    action=AuditAction.CHANGE,
                )
            return self._detail(session, dossier_id, who)

    # --- journal --------------------------------------------------------------------------------------

    def add_note(self, dossier_id: str, text: str, *, author_id: str) -> DossierDetail:
        body = clean_text(text, what="La note", limit=NOTE_MAX, required=True)
        with self._store.unit_of_work() as session:
            who = actor(session, author_id)
            dossier, _, _ = dossier_for(session, who, dossier_id)
            who.check(notes_part(who.role), consent=dossier.share_consent, write=True)
            repo.add_note(session, dossier_id=dossier_id, author_id=author_id, text=body)
            audit.record(
                session,
                professional_id=author_id,
                dossier_id=dossier_id,
                part="notes",
                action=AuditAction.CHANGE,
            )
            return self._detail(session, dossier_id, who)

    def edit_note(self, note_id: str, text: str, *, author_id: str) -> DossierDetail:
        """Change a note's text; the previous text stays readable as an earlier version."""
        body = clean_text(text, what="La note", limit=NOTE_MAX, required=True)
        with self._store.unit_of_work() as session:
            who = actor(session, author_id)
            note = repo.get_note(session, note_id)
            if note is None:
                raise RecordGone("Cette note")
            dossier_for(session, who, note.dossier_id)
            if note.author_id != author_id:
                raise RuleError(
                    "Seul l'auteur d'une note peut la modifier ; ajoutez plutôt une nouvelle note."
                )
            if body != note.text:
                repo.edit_note(session, note_id, text=body, author_id=author_id)
                audit.record(
                    session,
                    professional_id=author_id,
                    dossier_id=note.dossier_id,
                    part="notes",
                    action=AuditAction.CHANGE,
                )
            return self._detail(session, note.dossier_id, who)
