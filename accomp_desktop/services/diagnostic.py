"""The shared diagnostic of a dossier: read it, save it theme by theme as it is typed, validate it, compare
it.

Saves are small and frequent (the editor autosaves about a second after typing stops): each one writes only
what changed, with who and when, and merges a burst of typing into one line of history. Each professional
writes their own side; the shared texts (strengths, the person's words) are written by either.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from accomp_desktop.domain import diagnostic as rules_of_diagnostic
from accomp_desktop.domain.access import Actor, Part, diagnostic_part
from accomp_desktop.domain.diagnostic import ThemeEvolution
from accomp_desktop.domain.enums import DossierStatus, EventKind, ObstacleLevel, Role, Side
from accomp_desktop.domain.model import DiagnosticEntry, DiagnosticValidation, Professional
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.domain.replication import stable_id
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.validation import (
    NOTE_MAX,
    AskFirst,
    PartlySaved,
    ask_unusual,
    check_within,
    clean_text,
    format_date,
    parse_date,
)
from accomp_desktop.services import audit
from accomp_desktop.services.audit import AuditAction
from accomp_desktop.services.gate import actor, dossier_for
from accomp_desktop.storage import diagnostic_repository as diag
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.errors import RecordGone
from accomp_desktop.storage.models import new_id, utcnow
from accomp_desktop.storage.session import Store

STRENGTHS = "strengths"
WISHES = "wishes"
TEXT_PARTS = {STRENGTHS: "Points d'appui", WISHES: "Parole de la personne"}
FIELD_LABELS = {
    "situations": "Situations",
    "level": "Niveau de frein",
    "comment": "Commentaire",
    "confidential": "Confidentiel",
    "text": "Texte",
}


@dataclass(frozen=True, slots=True)
class EntryDraft:
    """One theme as the editor holds it."""

    theme_code: str
    situations: tuple[str, ...] = ()
    level: ObstacleLevel = ObstacleLevel.NONE
    comment: str = ""
    confidential: bool = False


@dataclass(frozen=True, slots=True)
class DiagnosticSheet:
    """Everything the editor shows for one dossier."""

    dossier_id: str
    reference: str
    person_name: str
    status: DossierStatus
    validated_on: date | None
    conseiller: Professional | None
    travailleur_social: Professional | None
    entries: dict[str, DiagnosticEntry]
    strengths: str
    wishes: str
    validations: tuple[DiagnosticValidation, ...]
    authors: dict[str, str]
    hidden: dict[str, str] = field(default_factory=dict)
    """Themes the viewer may not read (confidential, or social without the person's consent), with why."""
    approvals: tuple[ApprovalLine, ...] = ()
    """Approvals given by one professional, waiting for the other's (the joint validation in progress)."""

    def levels(self) -> dict[str, ObstacleLevel]:
        return {code: entry.level for code, entry in self.entries.items()}


@dataclass(frozen=True, slots=True)
class ApprovalLine:
    """A professional's approval waiting for his partner's."""

    professional_id: str
    name: str
    role: Role
    approved_on: date
    current: bool
    """False once the diagnostic changed after it: to be given again."""


class IncompleteDiagnostic(AskFirst):
    """A side of the diagnostic has no theme filled in: validated only if the professional says so."""

    title = "Diagnostic incomplet"


def _snapshot(entries: dict[str, DiagnosticEntry], strengths: str, wishes: str) -> dict[str, object]:
    """What a validation approves and keeps: every theme's level and situations, and the two texts."""
    return {
        "levels": {code: entry.level.value for code, entry in entries.items()},
        "situations": {code: list(entry.situations) for code, entry in entries.items()},
        "strengths": strengths,
        "wishes": wishes,
    }


def _fingerprint(snapshot: dict[str, object]) -> str:
    return hashlib.sha256(
        json.dumps(snapshot, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()


@dataclass(frozen=True, slots=True)
class ChangeLine:
    at: datetime
    author: str
    part: str
    field: str
    old: str
    new: str


def _as_text(field: str, value: object) -> str:
    if field == "situations":
        return " ; ".join(value) if isinstance(value, tuple) else str(value)
    if field == "level":
        return value.label if isinstance(value, ObstacleLevel) else ""
    if field == "confidential":
        return "oui" if value else "non"
    return str(value)


class DiagnosticService:
    def __init__(self, store: Store, referentiel: Referentiel) -> None:
        self._store = store
        self._referentiel = referentiel

    @property
    def referentiel(self) -> Referentiel:
        return self._referentiel

    def theme_labels(self) -> dict[str, str]:
        return {theme.code: theme.label for theme in self._referentiel.themes}

    # --- reading ------------------------------------------------------------------------------------

    def sheet(self, dossier_id: str, *, viewer_id: str) -> DiagnosticSheet:
        """The diagnostic as ``viewer_id`` may see it (a member of the dossier's binôme, each side by the
        rules)."""
        with self._store.unit_of_work() as session:
            sheet = self._sheet(session, dossier_id, actor(session, viewer_id))
            # The diagnostic holds health, family, finances, housing: every opening is logged.
            audit.record(
                session,
                professional_id=viewer_id,
                dossier_id=dossier_id,
                part="diagnostic",
                action=AuditAction.OPEN,
            )
            return sheet

    def _hidden(self, viewer: Actor, consent: bool, entries: dict[str, DiagnosticEntry]) -> dict[str, str]:
        """Themes the viewer may not read, with the reason the editor shows instead of their content."""
        hidden = {}
        for theme in self._referentiel.diagnostic_themes():
            entry = entries.get(theme.code)
            if (
                entry is not None
                and entry.confidential
                and not viewer.may_read(Part.DIAGNOSTIC_CONFIDENTIAL, consent=consent)
            ):
                hidden[theme.code] = "Confidentiel : réservé au travailleur social."
            elif theme.side is Side.SOCIAL and not viewer.may_read(Part.DIAGNOSTIC_SOCIAL, consent=consent):
                hidden[theme.code] = (
                    "Non partagé : la personne n'a pas donné son accord au partage du volet "
                    "social avec France Travail."
                )
            elif theme.side is Side.EMPLOI and not viewer.may_read(Part.DIAGNOSTIC_EMPLOI, consent=consent):
                hidden[theme.code] = "Non visible pour votre fonction."
        return hidden

    def _sheet(self, session: Session, dossier_id: str, viewer: Actor) -> DiagnosticSheet:
        dossier, person, binome = dossier_for(session, viewer, dossier_id)
        all_entries = diag.entries_of(session, dossier_id)
        hidden = self._hidden(viewer, dossier.share_consent, all_entries)
        entries = {code: e for code, e in all_entries.items() if code not in hidden}
        shared = viewer.may_read(Part.DIAGNOSTIC_SHARED, consent=dossier.share_consent)
        all_texts = diag.texts_of(session, dossier_id)
        strengths, wishes = all_texts if shared else ("", "")
        authors = repo.professional_names(
            session, {e.audit.updated_by for e in entries.values() if e.audit and e.audit.updated_by}
        )
        waiting = diag.approvals_of(session, dossier_id)
        current = _fingerprint(_snapshot(all_entries, *all_texts)) if waiting else ""
        approvers = repo.professional_names(session, {a.professional_id for a in waiting})
        return DiagnosticSheet(
            dossier_id=dossier_id,
            reference=dossier.reference,
            person_name=person.display_name,
            status=dossier.status,
            validated_on=dossier.diagnostic_validated_on,
            conseiller=repo.get_professional(session, binome.conseiller_id),
            travailleur_social=repo.get_professional(session, binome.travailleur_social_id),
            entries=entries,
            strengths=strengths,
            wishes=wishes,
            validations=tuple(diag.validations_of(session, dossier_id)),
            authors=authors,
            hidden=hidden,
            approvals=tuple(
                ApprovalLine(
                    a.professional_id,
                    approvers.get(a.professional_id, ""),
                    a.role,
                    a.approved_on,
                    a.fingerprint == current,
                )
                for a in waiting
            ),
        )

    def history(self, dossier_id: str, *, viewer_id: str) -> list[ChangeLine]:
        with self._store.unit_of_work() as session:
            viewer = actor(session, viewer_id)
            dossier, _, _ = dossier_for(session, viewer, dossier_id)
            hidden = set(self._hidden(viewer, dossier.share_consent, diag.entries_of(session, dossier_id)))
            if not viewer.may_read(Part.DIAGNOSTIC_SHARED, consent=dossier.share_consent):
                hidden |= set(TEXT_PARTS)
            changes = [c for c in diag.changes_of(session, dossier_id) if c.part not in hidden]
            names = repo.professional_names(session, {c.author_id for c in changes if c.author_id})
            return [
                ChangeLine(
                    at=change.at,
                    author=names.get(change.author_id or "", "—"),
                    part=TEXT_PARTS.get(change.part) or self._label(change.part),
                    field=FIELD_LABELS.get(change.field, change.field),
                    old=change.old_value,
                    new=change.new_value,
                )
                for change in changes
            ]

    def _label(self, theme_code: str) -> str:
        try:
            return self._referentiel.theme(theme_code).label
        except KeyError:
            return theme_code

    def evolution(self, dossier_id: str, validation_id: str, *, viewer_id: str) -> list[ThemeEvolution]:
        """Each theme's obstacle in a validated diagnostic beside today's (themes the viewer may read)."""
        sheet = self.sheet(dossier_id, viewer_id=viewer_id)
        validation = next((v for v in sheet.validations if v.id == validation_id), None)
        if validation is None:
            raise RecordGone("Cette validation du diagnostic")
        levels = validation.snapshot.get("levels", {})
        before = (
            {code: ObstacleLevel(level) for code, level in levels.items() if code not in sheet.hidden}
            if isinstance(levels, dict)
            else {}
        )
        order = [theme.code for theme in self._referentiel.diagnostic_themes()]
        return rules_of_diagnostic.compare(before, sheet.levels(), order)

    # --- saving -------------------------------------------------------------------------------------

    def save_entry(self, dossier_id: str, draft: EntryDraft, *, author_id: str) -> datetime:
        """Write one theme; returns when it was saved. Refused when the theme is not the author's side; a
        comment that cannot be kept (too long) raises :class:`PartlySaved` once the rest is saved."""
        try:
            theme = self._referentiel.theme(draft.theme_code)
        except KeyError:
            raise RuleError(f"Le thème « {draft.theme_code} » n'existe pas dans le référentiel.") from None
        unknown = [s for s in draft.situations if s not in theme.situations]
        if unknown:
            raise RuleError(f"Situation inconnue pour le thème « {theme.label} » : {unknown[0]}")
        refused: dict[str, str] = {}
        comment: str | None = None
        try:
            comment = clean_text(draft.comment, what=f"Le commentaire « {theme.label} »", limit=NOTE_MAX)
        except (
            RuleError
        ) as error:  # the level and situations are saved all the same; the comment stays as it was
            refused["comment"] = f"{error} Le niveau et les situations sont enregistrés."
        with self._store.unit_of_work() as session:
            who = actor(session, author_id)
            rules_of_diagnostic.check_may_edit(who.role, theme.side)
            dossier, _, _ = dossier_for(session, who, dossier_id)
            current = diag.entries_of(session, dossier_id).get(theme.code)
            if comment is None:
                comment = current.comment if current else ""
            entry = DiagnosticEntry(
                # one entry per dossier and theme, the same id on both machines (domain.replication)
                id=current.id if current else stable_id(dossier_id, theme.code),
                dossier_id=dossier_id,
                theme_code=theme.code,
                side=theme.side,
                level=draft.level,
                situations=tuple(sorted(draft.situations)),  # a set: in the order storage gives it back
                comment=comment,
                confidential=draft.confidential,
            )
            for written in (
                current,
                entry,
            ):  # what it was and what it becomes must both be the author's to write
                if written is not None:
                    who.check(diagnostic_part(written), consent=dossier.share_consent, write=True)
            changed = False
            for field in ("situations", "level", "comment", "confidential"):
                old = getattr(current, field) if current else None
                new = getattr(entry, field)
                if old != new and not (old is None and not new and field != "level"):
                    changed = True
                    diag.record_change(
                        session,
                        dossier_id=dossier_id,
                        part=theme.code,
                        field=field,
                        old=_as_text(field, old) if old is not None else "",
                        new=_as_text(field, new),
                        author_id=author_id,
                    )
            if changed or current is None:
                diag.save_entry(session, entry, author_id=author_id)
                audit.record(
                    session,
                    professional_id=author_id,
                    dossier_id=dossier_id,
                    part="diagnostic",
                    action=AuditAction.CHANGE,
                )
        if refused:
            raise PartlySaved(refused)
        return utcnow()

    def save_texts(self, dossier_id: str, *, strengths: str, wishes: str, author_id: str) -> datetime:
        texts = {
            STRENGTHS: clean_text(strengths, what="Le texte « Points d'appui »", limit=NOTE_MAX),
            WISHES: clean_text(wishes, what="Le texte « Parole de la personne »", limit=NOTE_MAX),
        }
        with self._store.unit_of_work() as session:
            who = actor(session, author_id)
            dossier, _, _ = dossier_for(session, who, dossier_id)
            who.check(Part.DIAGNOSTIC_SHARED, consent=dossier.share_consent, write=True)
            old = dict(zip((STRENGTHS, WISHES), diag.texts_of(session, dossier_id), strict=True))
            if old != texts:
                for part, value in texts.items():
                    if old[part] != value:
                        diag.record_change(
                            session,
                            dossier_id=dossier_id,
                            part=part,
                            field="text",
                            old=old[part],
                            new=value,
                            author_id=author_id,
                        )
                diag.save_texts(
                    session, dossier_id, strengths=texts[STRENGTHS], wishes=texts[WISHES], author_id=author_id
                )
                audit.record(
                    session,
                    professional_id=author_id,
                    dossier_id=dossier_id,
                    part="diagnostic",
                    action=AuditAction.CHANGE,
                )
            return utcnow()

    # --- joint validation ---------------------------------------------------------------------------

    def validate(
        self,
        dossier_id: str,
        *,
        validated_on: str,
        i_agree: bool,
        person_agrees: bool,
        author_id: str,
        today: date,
        confirmed: frozenset[str] = frozenset(),
    ) -> DiagnosticSheet:
        """Record the author's own approval of the diagnostic, with the person's agreement. The diagnostic is
        validated — with a copy of what was validated — once the conseiller and the travailleur social of the
        binôme have each approved the same content; an approval given before a later change must be renewed.
        A side with no theme filled in is asked about first (:class:`AskFirst`)."""
        with self._store.unit_of_work() as session:
            who = actor(session, author_id)
            dossier, _, binome = dossier_for(session, who, dossier_id)
            who.check(Part.IDENTITY, consent=dossier.share_consent, write=True)
            members = {
                binome.conseiller_id: Role.CONSEILLER,
                binome.travailleur_social_id: Role.TRAVAILLEUR_SOCIAL,
            }
            if author_id not in members:
                raise RuleError(
                    "Le diagnostic est validé par le conseiller et le travailleur social du binôme, "
                    "chacun pour lui-même."
                )
            sheet = self._sheet(session, dossier_id, who)
            # The copy kept of what was validated holds every theme, whoever records the validation.
            entries = diag.entries_of(session, dossier_id)
            strengths, wishes = diag.texts_of(session, dossier_id)
            if sheet.status is DossierStatus.ORIENTATION:
                raise RuleError(
                    "Commencez d'abord le diagnostic partagé (page du dossier) avant de le valider."
                )
            if sheet.status is DossierStatus.SORTIE:
                raise RuleError(
                    "Ce dossier est sorti du dispositif : rouvrez-le pour valider un nouveau diagnostic."
                )
            if not entries:
                raise RuleError("Le diagnostic est vide : renseignez au moins un thème avant de le valider.")
            if not i_agree:
                raise RuleError(
                    "Cochez « Je valide ce diagnostic » : chaque professionnel valide pour lui-même."
                )
            if not person_agrees:
                raise RuleError("Le diagnostic se valide avec la personne : son accord doit être recueilli.")
            day = check_within(
                parse_date(validated_on, what="La date de validation"),
                what="La date de validation",
                today=today,
            )
            if day < dossier.orientation_date:
                raise RuleError("La date de validation ne peut pas précéder la date d'orientation.")
            filled = {entry.side for entry in entries.values()}
            ask_first = {
                f"empty_side:{side.value}": f"Le volet {side.label.lower()} du diagnostic est vide : aucun "
                "thème n'y est renseigné. Le valider ainsi ?"
                for side in Side
                if side not in filled
            }
            ask_unusual(ask_first, confirmed, IncompleteDiagnostic)
            snapshot = _snapshot(entries, strengths, wishes)
            fingerprint = _fingerprint(snapshot)
            role = members[author_id]
            diag.add_approval(session, dossier_id, author_id, role, day, fingerprint)
            audit.record(
                session,
                professional_id=author_id,
                dossier_id=dossier_id,
                part="diagnostic",
                action=AuditAction.CHANGE,
            )
            approvals = {
                a.role: a
                for a in diag.approvals_of(session, dossier_id)
                if a.professional_id in members and a.fingerprint == fingerprint
            }
            if set(approvals) != {Role.CONSEILLER, Role.TRAVAILLEUR_SOCIAL}:
                return self._sheet(session, dossier_id, who)  # waits for the partner's own approval
            on = max(a.approved_on for a in approvals.values())
            diag.add_validation(
                session,
                DiagnosticValidation(
                    id=new_id(),
                    dossier_id=dossier_id,
                    validated_on=on,
                    conseiller_id=approvals[Role.CONSEILLER].professional_id,
                    travailleur_social_id=approvals[Role.TRAVAILLEUR_SOCIAL].professional_id,
                    person_agreement=True,
                    snapshot=snapshot,
                ),
                author_id=author_id,
            )
            diag.withdraw_approvals(session, dossier_id, author_id=author_id)
            repo.update_dossier(session, dossier_id, {"diagnostic_validated_on": on}, author_id=author_id)
            names = " et ".join(p.display_name for p in (sheet.conseiller, sheet.travailleur_social) if p)
            kind = "Diagnostic validé" if not sheet.validations else "Diagnostic actualisé et validé"
            repo.add_event(
                session,
                dossier_id=dossier_id,
                kind=EventKind.DIAGNOSTIC_VALIDATED,
                occurred_on=on,
                details=f"{kind} le {format_date(on)} par {names}, chacun pour lui-même, avec l'accord "
                "de la personne.",
                author_id=author_id,
            )
            return self._sheet(session, dossier_id, who)
