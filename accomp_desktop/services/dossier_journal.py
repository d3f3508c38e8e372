"""The person's consent to share the social side (recorded by the travailleur social) and the binôme's
journal of notes (a note edited keeps its earlier versions)."""

from __future__ import annotations

from datetime import date

from accomp_desktop.domain.access import Part, notes_part
from accomp_desktop.domain.enums import (
    ConsentMethod,
    EventKind,
)
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.validation import (
    NOTE_MAX,
    InvalidFields,
    check_within,
    clean_text,
    format_date,
    parse_date,
)
from accomp_desktop.services import audit
from accomp_desktop.services.audit import AuditAction
from accomp_desktop.services.dossier_reading import DossierReading
from accomp_desktop.services.dossier_records import (
    DossierDetail,
)
from accomp_desktop.services.gate import actor, dossier_for
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.errors import RecordGone


class DossierJournal(DossierReading):
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
                self._record(
                    session,
                    dossier_id,
                    kind=EventKind.CONSENT,
                    occurred_on=day,
                    details=details,
                    author_id=author_id,
                    part="consent",
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
