"""Loading the dispositif's directory from a spreadsheet: professionals, territories and binômes in one CSV
file.

One row per professional, as a département's IT keeps it (``;``-separated, UTF-8 with or without BOM, as a
spreadsheet saves it). The professional's e-mail identifies him from one load to the next; a binôme is the
conseiller and the travailleur social whose rows name it. The load is all or nothing: every row is checked
first, each bad line is reported in French with its number, and nothing is written if any is wrong. It is
idempotent: the same file loaded twice changes nothing, and a changed file changes only what differs (a
member who changes in a binôme is a replacement, kept in the binôme's history). Nobody is deleted: a
professional missing from the file is left as he is; « actif : non » deactivates.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from accomp_desktop.domain.access import Actor
from accomp_desktop.domain.enums import Institution, Role
from accomp_desktop.domain.model import Binome, Professional, Territory
from accomp_desktop.domain.people import INSTITUTIONS_OF
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.text import fold
from accomp_desktop.domain.validation import InvalidFields, clean_name, clean_postcode
from accomp_desktop.services.administration import (
    TARGET_LIMIT,
    AdministrationService,
    BinomeDraft,
    ProfessionalDraft,
    check_professional,
)
from accomp_desktop.storage import directory_repository as directory
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.session import Store

COLUMNS = (
    "prénom",
    "nom",
    "fonction",
    "institution",
    "e-mail",
    "téléphone",
    "administrateur",
    "actif",
    "binôme",
    "territoire",
    "codes postaux",
    "cible min",
    "cible max",
)
REQUIRED = ("prénom", "nom", "fonction", "e-mail")
EXAMPLE = (
    (
        "Jean-Marc",
        "Lefèvre",
        "Conseiller",
        "France Travail",
        "jean-marc.lefevre@francetravail.fr",
        "03 25 12 34 56",
        "non",
        "oui",
        "Binôme Barsuraubois",
        "Barsuraubois",
        "10200 10140",
        "70",
        "100",
    ),
    (
        "Aïcha",
        "N'Diaye",
        "Travailleur social",
        "Département",
        "aicha.ndiaye@aube.fr",
        "03 25 42 00 00",
        "non",
        "oui",
        "Binôme Barsuraubois",
        "Barsuraubois",
        "10200 10140",
        "70",
        "100",
    ),
    (
        "Claire",
        "Rousseau",
        "Autre",
        "Département",
        "claire.rousseau@aube.fr",
        "",
        "oui",
        "oui",
        "",
        "",
        "",
        "",
        "",
    ),
)
_ROLES = {
    fold(word): role for role in Role for word in (role.value, role.label, role.value.replace("_", " "))
} | {
    "conseiller": Role.CONSEILLER,
    "conseillere": Role.CONSEILLER,
    "travailleuse sociale": Role.TRAVAILLEUR_SOCIAL,
    "ts": Role.TRAVAILLEUR_SOCIAL,
    "coordination": Role.OTHER,
}
_INSTITUTIONS = {
    fold(word): institution
    for institution in Institution
    for word in (institution.value, institution.label, institution.value.replace("_", " "))
} | {
    "partenaire": Institution.PARTNER,
    "ccas": Institution.PARTNER,
    "conseil departemental": Institution.DEPARTEMENT,
}
_YES = {"oui", "o", "yes", "y", "1", "vrai", "x"}
_NO = {"non", "n", "no", "0", "faux", ""}


class DirectoryFileError(RuleError):
    """The file cannot be loaded; ``lines`` says why, line by line, in French. Nothing was written."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("Annuaire non chargé, rien n'a été modifié :\n" + "\n".join(lines))
        self.lines = lines


@dataclass
class _Row:
    line: int
    draft: ProfessionalDraft
    active: bool
    binome: str
    territory: str
    postcodes: tuple[str, ...]
    target: tuple[int, int] | None


@dataclass
class LoadReport:
    """What a load changed (all zeros: the file was already in the database)."""

    added: int = 0
    changed: int = 0
    deactivated: int = 0
    territories: int = 0
    binomes: int = 0
    replaced: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        parts = [
            (self.added, "professionnel(s) ajouté(s)"),
            (self.changed, "professionnel(s) modifié(s)"),
            (self.deactivated, "professionnel(s) désactivé(s)"),
            (self.territories, "territoire(s) ajouté(s) ou modifié(s)"),
            (self.binomes, "binôme(s) créé(s) ou modifié(s)"),
            (self.replaced, "membre(s) de binôme remplacé(s)"),
        ]
        done = [f"{count} {what}" for count, what in parts if count]
        return (
            "Annuaire chargé : " + ", ".join(done) + "." if done else "Annuaire déjà à jour : rien à changer."
        )


def template() -> bytes:
    """A file to fill in, with its columns and three example rows, in UTF-8 with a BOM (Excel reads its
    accents)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(EXAMPLE)
    return out.getvalue().encode("utf-8-sig")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # a spreadsheet saved « CSV (séparateur : point-virgule) » on Windows


def _yes(value: str, what: str) -> bool:
    word = fold(value.strip())
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise RuleError(f"{what} : écrivez « oui » ou « non » (pas « {value.strip()} »).")


def parse(data: bytes) -> list[_Row]:
    """Every row checked on its own; :class:`DirectoryFileError` lists every wrong line."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text), delimiter=";")
    rows = list(reader)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise DirectoryFileError(["Le fichier est vide : il doit commencer par la ligne des colonnes."])
    header = [fold(cell.strip()) for cell in rows[0]]
    wanted = {fold(name): name for name in COLUMNS}
    missing = [name for name in REQUIRED if fold(name) not in header]
    if missing:
        raise DirectoryFileError(
            [
                f"Ligne 1 : colonne(s) manquante(s) : {', '.join(missing)}. Les colonnes sont : "
                f"{'; '.join(COLUMNS)}."
            ]
        )
    unknown = [rows[0][i].strip() for i, name in enumerate(header) if name and name not in wanted]
    errors = [f"Ligne 1 : colonne inconnue « {name} »." for name in unknown]
    parsed: list[_Row] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, as spreadsheets leave at the end
        value = {
            wanted[name]: (cells[i].strip() if i < len(cells) else "")
            for i, name in enumerate(header)
            if name in wanted
        }
        try:
            parsed.append(_row(number, value))
        except InvalidFields as invalid:
            errors += [f"Ligne {number} : {message}" for message in invalid.errors.values()]
        except RuleError as error:
            errors.append(f"Ligne {number} : {error}")
    if errors:
        raise DirectoryFileError(errors)
    return parsed


def _row(number: int, value: dict[str, str]) -> _Row:
    errors: dict[str, str] = {}
    role = _ROLES.get(fold(value.get("fonction", "")))
    if role is None:
        raise RuleError(
            f"fonction « {value.get('fonction', '')} » inconnue (Conseiller, Travailleur social ou Autre)."
        )
    typed = value.get("institution", "")
    institution = _INSTITUTIONS.get(fold(typed)) if typed else INSTITUTIONS_OF[role][0]
    if institution is None:
        raise RuleError(f"institution « {typed} » inconnue (France Travail, Département ou Partenaire).")
    if not value.get("e-mail"):
        errors["email"] = (
            "l'e-mail est obligatoire : il reconnaît le professionnel d'un chargement à l'autre."
        )
    admin = _yes(value.get("administrateur", ""), "administrateur")
    active = _yes(value.get("actif", "") or "oui", "actif")
    draft = ProfessionalDraft(
        value.get("prénom", ""),
        value.get("nom", ""),
        institution,
        role,
        value.get("e-mail", ""),
        value.get("téléphone", ""),
        admin,
    )
    try:
        check_professional(draft)
    except InvalidFields as invalid:
        errors |= invalid.errors
    binome, territory = value.get("binôme", ""), value.get("territoire", "")
    postcodes: list[str] = []
    for code in value.get("codes postaux", "").replace(",", " ").split():
        try:
            postcodes.append(clean_postcode(code))
        except RuleError:
            errors["postcodes"] = f"« {code} » n'est pas un code postal (5 chiffres)."
    target = None
    if binome:
        if role not in (Role.CONSEILLER, Role.TRAVAILLEUR_SOCIAL):
            errors["binome"] = "seuls un conseiller et un travailleur social forment un binôme."
        if not territory:
            errors["territory"] = "le territoire du binôme est obligatoire."
        low, high = value.get("cible min", ""), value.get("cible max", "")
        if low or high:
            try:
                target = (int(low or 70), int(high or 100))
            except ValueError:
                errors["target"] = "la file active visée s'écrit en nombres entiers (70, 100)."
            else:
                if not 1 <= target[0] <= target[1] <= TARGET_LIMIT:
                    errors["target"] = (
                        f"la file active visée va de 1 à {TARGET_LIMIT}, le minimum avant le maximum."
                    )
    if errors:
        raise InvalidFields(errors)
    return _Row(number, draft, active, binome, territory, tuple(dict.fromkeys(postcodes)), target)


def load(store: Store, data: bytes, *, author_id: str, today: date) -> LoadReport:
    """Check the whole file, then write it in one transaction (:class:`DirectoryFileError`: nothing
    written)."""
    rows = parse(data)
    errors: list[str] = []
    emails: dict[str, int] = {}
    for row in rows:
        key = row.draft.email.casefold()
        if key in emails:
            errors.append(
                f"Ligne {row.line} : l'e-mail {row.draft.email} est déjà celui de la ligne {emails[key]}."
            )
        emails.setdefault(key, row.line)
    teams: dict[str, list[_Row]] = {}
    for row in rows:
        if row.binome:
            teams.setdefault(fold(row.binome), []).append(row)
    for members in teams.values():
        name, first = members[0].binome, members[0].line
        roles = [m.draft.role for m in members]
        if sorted(roles) != sorted([Role.CONSEILLER, Role.TRAVAILLEUR_SOCIAL]):
            errors.append(
                f"Ligne {first} : le « {name} » doit réunir exactement un conseiller et un travailleur "
                f"social (lignes {', '.join(str(m.line) for m in members)})."
            )
        if len({fold(m.territory) for m in members}) > 1:
            errors.append(f"Ligne {first} : les lignes du « {name} » donnent des territoires différents.")
        if len({m.target for m in members if m.target}) > 1:
            errors.append(f"Ligne {first} : les lignes du « {name} » donnent des files actives différentes.")
        if any(not m.active for m in members):
            errors.append(
                f"Ligne {first} : un professionnel désactivé ne peut pas être membre du « {name} »."
            )
    if errors:
        raise DirectoryFileError(errors)
    return _Writer(store, rows, teams, author_id=author_id, today=today).write()


class _Writer:
    """Writes a checked file in one unit of work; a refusal of the rules names the line it comes from."""

    def __init__(
        self, store: Store, rows: list[_Row], teams: dict[str, list[_Row]], *, author_id: str, today: date
    ) -> None:
        self._store, self._rows, self._teams = store, rows, teams
        self._author_id, self._today = author_id, today
        self._service = AdministrationService(store)
        self.report = LoadReport()

    def write(self) -> LoadReport:
        line = 0
        try:
            with self._store.unit_of_work() as session:
                who = self._service.admin(session, self._author_id)
                by_email = {p.email.casefold(): p for p in repo.list_professionals(session) if p.email}
                ids: dict[str, str] = {}
                for row in self._rows:
                    line = row.line
                    ids[row.draft.email.casefold()] = self._professional(session, who, row, by_email)
                territories = {fold(t.name): t for t in directory.territories(session)}
                for members in self._teams.values():
                    line = members[0].line
                    self._territory(session, who, members, territories)
                binomes = {fold(b.name): b for b in repo.list_binomes(session)}
                for key, members in self._teams.items():
                    line = members[0].line
                    self._binome(session, who, key, members, ids, binomes, territories)
                for row in self._rows:
                    line = row.line
                    current = repo.get_professional(session, ids[row.draft.email.casefold()])
                    if current is not None and current.active != row.active:
                        self._service.set_active_in(session, who, current.id, row.active, self._today)
                        if row.active:
                            self.report.changed += 1
                        else:
                            self.report.deactivated += 1
        except InvalidFields as invalid:
            raise DirectoryFileError(
                [f"Ligne {line} : {message}" for message in invalid.errors.values()]
            ) from None
        except RuleError as error:
            if isinstance(error, DirectoryFileError) or not line:
                raise
            raise DirectoryFileError([f"Ligne {line} : {error}"]) from None
        return self.report

    def _professional(
        self, session: Session, who: Actor, row: _Row, by_email: dict[str, Professional]
    ) -> str:
        values = check_professional(row.draft)
        current = by_email.get(row.draft.email.casefold())
        saved = self._service.save_professional_in(session, who, values, current.id if current else None)
        if current is None:
            self.report.added += 1
        elif saved != current:
            self.report.changed += 1
        return saved.id

    def _territory(
        self, session: Session, who: Actor, members: list[_Row], territories: dict[str, Territory]
    ) -> None:
        """The binôme's territory, made if new; the postcodes of the file are added to those it had."""
        name = clean_name(members[0].territory, what="territoire")
        codes = list(dict.fromkeys(code for m in members for code in m.postcodes))
        current = territories.get(fold(name))
        if current is not None:
            if set(codes) <= set(current.postcodes):
                return
            codes = list(dict.fromkeys([*current.postcodes, *codes]))
        territory = self._service.save_territory_in(
            session, who, current.name if current else name, codes, current.id if current else None
        )
        territories[fold(name)] = territory
        self.report.territories += 1

    def _binome(
        self,
        session: Session,
        who: Actor,
        key: str,
        members: list[_Row],
        ids: dict[str, str],
        binomes: dict[str, Binome],
        territories: dict[str, Territory],
    ) -> None:
        by_role = {m.draft.role: ids[m.draft.email.casefold()] for m in members}
        conseiller, social = by_role[Role.CONSEILLER], by_role[Role.TRAVAILLEUR_SOCIAL]
        target = next((m.target for m in members if m.target), None)
        territory = territories[fold(members[0].territory)].name
        current = binomes.get(key)
        if current is None:
            low, high = target or (70, 100)
            self._service.save_binome_in(
                session,
                who,
                BinomeDraft(members[0].binome, territory, conseiller, social, low, high),
                self._today,
                None,
            )
            self.report.binomes += 1
            return
        for role, member, now in (
            (Role.CONSEILLER, conseiller, current.conseiller_id),
            (Role.TRAVAILLEUR_SOCIAL, social, current.travailleur_social_id),
        ):
            if (
                now != member
            ):  # a replacement: the binôme keeps its dossiers and the history who followed them
                self._service.replace_member_in(session, who, current.id, role, member, self._today)
                self.report.replaced += 1
        low, high = target or (current.target_min, current.target_max)
        if (current.territory, current.target_min, current.target_max) != (territory, low, high):
            self._service.save_binome_in(
                session,
                who,
                BinomeDraft(current.name, territory, conseiller, social, low, high),
                self._today,
                current.id,
            )
            self.report.binomes += 1
