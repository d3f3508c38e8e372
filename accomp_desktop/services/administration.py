"""Setting up the dispositif: professionals, territories, binômes, replacing a member — by an administrator
only.

Every change is checked (a conseiller is of France Travail, a binôme joins an active conseiller and an active
travailleur social, at least one administrator remains), written in one unit of work with a French line in
the set-up's history (who, when, what) and an entry in the audit log. Nothing is ever deleted: a professional
who leaves is deactivated, and a binôme's past members stay in its history with their dates. Replacing a
member keeps the dossiers with the binôme and says so in each open dossier's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from accomp_desktop.domain.access import Actor
from accomp_desktop.domain.enums import EventKind, Institution, Role
from accomp_desktop.domain.model import Binome, Professional, Territory
from accomp_desktop.domain.people import INSTITUTIONS_OF, NOUN
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.validation import (
    InvalidFields,
    check_within,
    clean_email,
    clean_name,
    clean_phone,
    clean_postcode,
    format_date,
    parse_date,
)
from accomp_desktop.services import audit
from accomp_desktop.services.gate import actor
from accomp_desktop.storage import directory_repository as directory
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.errors import RecordGone
from accomp_desktop.storage.models import new_id
from accomp_desktop.storage.session import Store

TARGET_LIMIT = 300


@dataclass(frozen=True, slots=True)
class ProfessionalDraft:
    first_name: str
    last_name: str
    institution: Institution
    role: Role
    email: str = ""
    phone: str = ""
    admin: bool = False


@dataclass(frozen=True, slots=True)
class BinomeDraft:
    name: str
    territory: str
    conseiller_id: str
    travailleur_social_id: str
    target_min: int = 70
    target_max: int = 100


def check_professional(draft: ProfessionalDraft) -> dict[str, object]:
    """The professional's column values, or :class:`InvalidFields` naming each wrong field."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {"institution": draft.institution, "role": draft.role, "admin": draft.admin}
    for name, checker, args in (
        ("first_name", clean_name, {"what": "prénom"}),
        ("last_name", clean_name, {"what": "nom"}),
        ("email", clean_email, {}),
        ("phone", clean_phone, {}),
    ):
        try:
            values[name] = checker(getattr(draft, name), **args)  # type: ignore[operator]
        except RuleError as error:
            errors[name] = str(error)
    if draft.institution not in INSTITUTIONS_OF[draft.role]:
        errors["institution"] = (
            f"Un {NOUN[draft.role]} relève de {' ou '.join(i.label for i in INSTITUTIONS_OF[draft.role])}."
        )
    if errors:
        raise InvalidFields(errors)
    return values


def _describe(professional: Professional) -> str:
    admin = ", administrateur" if professional.admin else ""
    return f"{professional.display_name} ({professional.role.label}, {professional.institution.label}{admin})"


class AdministrationService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def admin(self, session: Session, author_id: str) -> Actor:
        """The author, if he administers the dispositif (:class:`AccessDenied` otherwise)."""
        who = actor(session, author_id)
        who.check_admin()
        return who

    def _record(self, session: Session, who: Actor, *, kind: str, subject_id: str, summary: str) -> None:
        directory.add_change(session, kind=kind, subject_id=subject_id, summary=summary, author_id=who.id)
        audit.record(
            session,
            professional_id=who.id,
            dossier_id=None,
            part="directory",
            action=audit.AuditAction.CHANGE,
        )

    # --- professionals ------------------------------------------------------------------------------

    def save_professional(
        self, draft: ProfessionalDraft, *, author_id: str, professional_id: str | None = None
    ) -> Professional:
        """Add a professional to the directory, or change one (name, role, institution, contacts, the right to
        administer). Roles are given here, by an administrator, never taken by the professional."""
        values = check_professional(draft)
        with self._store.unit_of_work() as session:
            return self.save_professional_in(session, self.admin(session, author_id), values, professional_id)

    def save_professional_in(
        self, session: Session, who: Actor, values: dict[str, object], professional_id: str | None
    ) -> Professional:
        """:meth:`save_professional` within the caller's unit of work, on checked values."""
        author_id = who.id
        self._check_email_free(session, str(values["email"]), professional_id)
        if professional_id is None:
            created = repo.add_professional(session, Professional(new_id(), **values), author_id=author_id)  # type: ignore[arg-type]
            self._record(
                session,
                who,
                kind="professional",
                subject_id=created.id,
                summary=f"Professionnel ajouté : {_describe(created)}.",
            )
            return created
        current = repo.get_professional(session, professional_id)
        if current is None:
            raise RecordGone("Ce professionnel")
        if current.role is not values["role"]:
            for binome in directory.binomes_with_member(session, professional_id):
                raise RuleError(
                    f"{current.display_name} est membre du « {binome.name} » : remplacez-le d'abord "
                    "dans ce binôme, puis changez sa fonction."
                )
        if current.admin and not values["admin"] and directory.admins_count(session) <= 1:
            raise RuleError("Il doit rester au moins un administrateur du dispositif.")
        changes = {name: value for name, value in values.items() if getattr(current, name) != value}
        if not changes:
            return current
        updated = directory.update_professional(session, professional_id, changes, author_id=author_id)
        self._record(
            session,
            who,
            kind="professional",
            subject_id=professional_id,
            summary=f"Professionnel modifié : {_describe(current)} → {_describe(updated)}.",
        )
        return updated

    def _check_email_free(self, session: Session, email: str, professional_id: str | None) -> None:
        if not email:
            return
        owner = directory.professional_with_email(session, email)
        if owner is not None and owner != professional_id:
            raise InvalidFields({"email": "Cette adresse e-mail est déjà celle d'un autre professionnel."})

    def set_active(self, professional_id: str, active: bool, *, author_id: str, today: date) -> Professional:
        """Deactivate a professional who leaves (never deleted: his name stays in every history), or bring him
        back. A member of a binôme must be replaced first; the last administrator stays."""
        with self._store.unit_of_work() as session:
            return self.set_active_in(session, self.admin(session, author_id), professional_id, active, today)

    def set_active_in(
        self, session: Session, who: Actor, professional_id: str, active: bool, today: date
    ) -> Professional:
        """:meth:`set_active` within the caller's unit of work (``who`` is an administrator)."""
        current = repo.get_professional(session, professional_id)
        if current is None:
            raise RecordGone("Ce professionnel")
        if current.active == active:
            return current
        if not active:
            if professional_id == who.id:
                raise RuleError("Vous ne pouvez pas désactiver votre propre profil.")
            for binome in directory.binomes_with_member(session, professional_id):
                raise RuleError(
                    f"{current.display_name} est membre du « {binome.name} » : remplacez-le d'abord "
                    "dans ce binôme."
                )
            if current.admin and directory.admins_count(session) <= 1:
                raise RuleError("Il doit rester au moins un administrateur du dispositif.")
        updated = directory.update_professional(
            session, professional_id, {"deactivated_on": None if active else today}, author_id=who.id
        )
        self._record(
            session,
            who,
            kind="professional",
            subject_id=professional_id,
            summary=f"{current.display_name} "
            f"{'réactivé' if active else 'désactivé (a quitté le dispositif)'}.",
        )
        return updated

    # --- territories --------------------------------------------------------------------------------

    def save_territory(
        self, name: str, postcodes: str, *, author_id: str, territory_id: str | None = None
    ) -> Territory:
        """Add or rename a territory, with the postcodes it covers (space or comma separated)."""
        errors: dict[str, str] = {}
        try:
            clean = clean_name(name, what="nom du territoire")
        except RuleError as error:
            errors["name"] = str(error)
        codes: list[str] = []
        for code in postcodes.replace(",", " ").replace(";", " ").split():
            try:
                codes.append(clean_postcode(code))
            except RuleError:
                errors["postcodes"] = f"« {code} » n'est pas un code postal (5 chiffres)."
        if errors:
            raise InvalidFields(errors)
        with self._store.unit_of_work() as session:
            return self.save_territory_in(session, self.admin(session, author_id), clean, codes, territory_id)

    def save_territory_in(
        self, session: Session, who: Actor, clean: str, codes: list[str], territory_id: str | None
    ) -> Territory:
        """:meth:`save_territory` within the caller's unit of work, on a checked name and postcodes."""
        author_id = who.id
        same = directory.territory_named(session, clean)
        if same is not None and same.id != territory_id:
            raise InvalidFields({"name": f"Le territoire « {clean} » existe déjà."})
        territory, former = directory.save_territory(
            session,
            Territory(territory_id or new_id(), clean, tuple(dict.fromkeys(codes))),
            author_id=author_id,
        )
        summary = (
            f"Territoire ajouté : {clean}."
            if not former
            else f"Territoire renommé : {former} → {clean}."
            if former != clean
            else f"Territoire {clean} : codes postaux {' '.join(territory.postcodes) or 'aucun'}."
        )
        self._record(session, who, kind="territory", subject_id=territory.id, summary=summary)
        return territory

    # --- binômes ------------------------------------------------------------------------------------

    def _check_binome(self, session: Session, draft: BinomeDraft, binome_id: str | None) -> dict[str, object]:
        errors: dict[str, str] = {}
        values: dict[str, object] = {}
        try:
            values["name"] = clean_name(draft.name, what="nom du binôme")
            same = next(
                (
                    b
                    for b in repo.list_binomes(session)
                    if b.name.casefold() == str(values["name"]).casefold() and b.id != binome_id
                ),
                None,
            )
            if same is not None:
                errors["name"] = f"Le « {same.name} » existe déjà."
        except RuleError as error:
            errors["name"] = str(error)
        if directory.territory_named(session, draft.territory.strip()) is None:
            errors["territory"] = "Choisissez le territoire du binôme (créez-le d'abord s'il n'existe pas)."
        values["territory"] = draft.territory.strip()
        for field, role in (
            ("conseiller_id", Role.CONSEILLER),
            ("travailleur_social_id", Role.TRAVAILLEUR_SOCIAL),
        ):
            member = repo.get_professional(session, getattr(draft, field))
            if member is None or member.role is not role or not member.active:
                errors[field] = f"Choisissez un {NOUN[role]} actif de l'annuaire."
            values[field] = getattr(draft, field)
        if not 1 <= draft.target_min <= draft.target_max <= TARGET_LIMIT:
            errors["target"] = (
                f"La file active visée va de 1 à {TARGET_LIMIT} personnes, le minimum avant le maximum."
            )
        values |= {"target_min": draft.target_min, "target_max": draft.target_max}
        if errors:
            raise InvalidFields(errors)
        return values

    def save_binome(
        self, draft: BinomeDraft, *, author_id: str, today: date, binome_id: str | None = None
    ) -> Binome:
        """Create a binôme, or change its name, territory and target (its members change by
        :meth:`replace_member`, which keeps who followed when)."""
        with self._store.unit_of_work() as session:
            return self.save_binome_in(session, self.admin(session, author_id), draft, today, binome_id)

    def save_binome_in(
        self, session: Session, who: Actor, draft: BinomeDraft, today: date, binome_id: str | None
    ) -> Binome:
        """:meth:`save_binome` within the caller's unit of work."""
        author_id = who.id
        values = self._check_binome(session, draft, binome_id)
        if binome_id is None:
            binome = repo.add_binome(session, Binome(new_id(), **values), author_id=author_id)  # type: ignore[arg-type]
            for member, role in (
                (binome.conseiller_id, Role.CONSEILLER),
                (binome.travailleur_social_id, Role.TRAVAILLEUR_SOCIAL),
            ):
                directory.open_membership(
                    session,
                    binome_id=binome.id,
                    professional_id=member,
                    role=role,
                    since=today,
                    author_id=author_id,
                )
            names = repo.professional_names(session, set(binome.members))
            self._record(
                session,
                who,
                kind="binome",
                subject_id=binome.id,
                summary=(
                    f"Binôme créé : {binome.name} ({binome.territory}), {names[binome.conseiller_id]} et "
                    f"{names[binome.travailleur_social_id]}, file active visée {binome.target_min}–"
                    f"{binome.target_max}."
                ),
            )
            return binome
        current = repo.get_binome(session, binome_id)
        if current is None:
            raise RecordGone("Ce binôme")
        if (current.conseiller_id, current.travailleur_social_id) != (
            draft.conseiller_id,
            draft.travailleur_social_id,
        ):
            raise RuleError(
                "Pour changer un membre du binôme, utilisez « Remplacer un membre » : ses dossiers "
                "restent au binôme et l'historique garde qui les a suivis."
            )
        changes = {k: v for k, v in values.items() if getattr(current, k) != v}
        if not changes:
            return current
        updated = directory.update_binome(session, binome_id, changes, author_id=author_id)
        self._record(
            session,
            who,
            kind="binome",
            subject_id=binome_id,
            summary=(
                f"Binôme modifié : {current.name} ({current.territory}, "
                f"{current.target_min}–{current.target_max}) → "
                f"{updated.name} ({updated.territory}, {updated.target_min}–{updated.target_max})."
            ),
        )
        return updated

    def replace_member(
        self, binome_id: str, role: Role, professional_id: str, *, on: str, author_id: str, today: date
    ) -> Binome:
        """Put another professional in a binôme in place of its conseiller or travailleur social, from a day
        on.
        The binôme's dossiers stay with it; each open dossier's history says who follows it from then."""
        try:
            day = check_within(
                parse_date(on, what="La date du remplacement"),
                what="La date du remplacement",
                today=today,
                years_ahead=1,
            )
        except RuleError as error:
            raise InvalidFields({"on": str(error)}) from None
        with self._store.unit_of_work() as session:
            return self.replace_member_in(
                session, self.admin(session, author_id), binome_id, role, professional_id, day
            )

    def replace_member_in(
        self, session: Session, who: Actor, binome_id: str, role: Role, professional_id: str, day: date
    ) -> Binome:
        """:meth:`replace_member` within the caller's unit of work (``who`` is an administrator)."""
        binome = repo.get_binome(session, binome_id)
        if binome is None:
            raise RecordGone("Ce binôme")
        if role not in (Role.CONSEILLER, Role.TRAVAILLEUR_SOCIAL):
            raise RuleError("Un binôme réunit un conseiller et un travailleur social.")
        field = "conseiller_id" if role is Role.CONSEILLER else "travailleur_social_id"
        newcomer = repo.get_professional(session, professional_id)
        if newcomer is None or newcomer.role is not role or not newcomer.active:
            raise InvalidFields({"professional_id": f"Choisissez un {NOUN[role]} actif de l'annuaire."})
        leaving_id = getattr(binome, field)
        if leaving_id == professional_id:
            return binome
        leaving = repo.get_professional(session, leaving_id)
        directory.close_membership(
            session, binome_id=binome_id, professional_id=leaving_id, role=role, until=day, author_id=who.id
        )
        directory.open_membership(
            session,
            binome_id=binome_id,
            professional_id=professional_id,
            role=role,
            since=day,
            author_id=who.id,
        )
        updated = directory.update_binome(session, binome_id, {field: professional_id}, author_id=who.id)
        before = leaving.display_name if leaving else "—"
        sentence = (
            f"À partir du {format_date(day)}, {newcomer.display_name} remplace {before} comme "
            f"{NOUN[role]} du {binome.name}."
        )
        open_dossiers = directory.open_dossier_ids(session, binome_id)
        for dossier_id in open_dossiers:
            repo.add_event(
                session,
                dossier_id=dossier_id,
                kind=EventKind.REFERENT_CHANGE,
                occurred_on=day,
                details=sentence,
                author_id=who.id,
            )
        self._record(session, who, kind="binome", subject_id=binome_id, summary=sentence)
        return updated

    # --- a first binôme, in one step (the first-use guide) ------------------------------------------

    def set_up_first_binome(
        self,
        *,
        territory: str,
        postcodes: str,
        partner: ProfessionalDraft,
        binome_name: str,
        target_min: int,
        target_max: int,
        author_id: str,
        today: date,
    ) -> Binome:
        """The first-use guide's steps in one transaction: the territory, the administrator's partner (a
        travailleur social for a conseiller, and the other way round) and their binôme. Nothing is written
        unless all three are right."""
        errors: dict[str, str] = {}
        try:
            place = clean_name(territory, what="nom du territoire")
        except RuleError as error:
            errors["territory"] = str(error)
        codes: list[str] = []
        for code in postcodes.replace(",", " ").replace(";", " ").split():
            try:
                codes.append(clean_postcode(code))
            except RuleError:
                errors["postcodes"] = f"« {code} » n'est pas un code postal (5 chiffres)."
        try:
            partner_values = check_professional(partner)
        except InvalidFields as invalid:
            errors |= {f"partner_{name}": message for name, message in invalid.errors.items()}
        if errors:
            raise InvalidFields(errors)
        with self._store.unit_of_work() as session:
            me = self.admin(session, author_id)
            if me.role not in (Role.CONSEILLER, Role.TRAVAILLEUR_SOCIAL):
                raise RuleError(
                    "Ce guide crée le binôme de la personne qui l'utilise : ajoutez les deux membres "
                    "depuis l'administration du dispositif."
                )
            expected = Role.TRAVAILLEUR_SOCIAL if me.role is Role.CONSEILLER else Role.CONSEILLER
            if partner.role is not expected:
                raise InvalidFields({"partner_role": f"Votre binôme est un {NOUN[expected]}."})
            self.save_territory_in(session, me, place, codes, None)
            other = self.save_professional_in(session, me, partner_values, None)
            conseiller, social = (me.id, other.id) if me.role is Role.CONSEILLER else (other.id, me.id)
            return self.save_binome_in(
                session,
                me,
                BinomeDraft(binome_name, place, conseiller, social, target_min, target_max),
                today,
                None,
            )
