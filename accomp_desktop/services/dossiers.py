"""The life of a dossier: orientation (with duplicate detection), identity, lifecycle steps, journal of notes.

Every method is one unit of work that checks the rules first (domain.rules, domain.validation), writes,
records the step in the dossier's history (who, when, what), and returns the dossier as the page shows it
afterwards. What the professional typed arrives as text; wrong fields come back together in
:class:`InvalidFields`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from accomp_desktop.domain import rules
from accomp_desktop.domain.access import Part
from accomp_desktop.domain.enums import (
    DossierStatus,
    EventKind,
)
from accomp_desktop.domain.model import Dossier, Person
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.text import name_sort_key
from accomp_desktop.domain.validation import (
    InvalidFields,
    ask_unusual,
    check_within,
    clean_text,
    parse_date,
    unusual,
    years_after,
)
from accomp_desktop.services.dossier_journal import DossierJournal
from accomp_desktop.services.dossier_records import (
    PERSON_LABELS,
    DossierDetail,
    DuplicateFound,
    DuplicateMatch,
    OrientationDraft,
    PersonDraft,
    check_person,
    display_value,
)
from accomp_desktop.services.dossier_steps import DossierSteps
from accomp_desktop.services.gate import actor
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.models import new_id
from accomp_desktop.storage.outbox import SITE_CODE


class DossierService(DossierSteps, DossierJournal):
    """Every use of a dossier: reading (:mod:`dossier_reading`), its steps (:mod:`dossier_steps`), consent and
    journal (:mod:`dossier_journal`), and here orientation with duplicate detection and the person's
    identity."""

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
            site = repo.get_meta(session, SITE_CODE)  # set when the machine joins a hub
            reference = rules.next_reference(
                oriented_on.year,
                repo.references_of_year(session, oriented_on.year),
                int(site) if site else None,
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
                    f"{PERSON_LABELS[name]} : {display_value(getattr(current, name))} → "
                    f"{display_value(value)}"
                    for name, value in changes.items()
                )
                self._record(
                    session,
                    dossier_id,
                    kind=EventKind.IDENTITY,
                    occurred_on=today,
                    details=details,
                    author_id=author_id,
                    part="identity",
                )
            return self._detail(session, dossier_id, who)
