"""Batch commands run from the terminal, without a window: ``accomp-desktop dossiers …``, ``plan-pdf …``,
``restaurer …``, and a département's set-up: ``initialiser …`` (a data folder and its first administrator),
``annuaire …`` (professionals, territories and binômes from a CSV file).

They ask for a passphrase like the window does (or read it from ``ACCOMP_PASSPHRASE``, for scheduled tasks).
They read the database beside a running application (SQLite's WAL lets readers work during writes), so they
do not take the one-instance lock; for the same reason they never migrate: an out-of-date file is reported.
"""

from __future__ import annotations

import csv
import getpass
import os
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from accomp_desktop.domain.caselist import CaseQuery, Scope
from accomp_desktop.domain.enums import DossierStatus
from accomp_desktop.domain.referentiel import ReferentielError, load_referentiel
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.services.caselist import CaseListService
from accomp_desktop.services.plan import PlanService
from accomp_desktop.services.signin import PASSPHRASE_VARIABLE, SignInService, Start
from accomp_desktop.settings import load_settings
from accomp_desktop.storage.engine import make_engine
from accomp_desktop.storage.errors import StorageError
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.migrate import head_revision, inspect_file
from accomp_desktop.storage.session import Store

PAGE = 500
CSV_HEADER = ("référence", "nom", "prénom", "identifiant France Travail", "statut", "binôme")


class CommandError(Exception):
    """A French message for the terminal; the command exits with status 2."""


def ask_passphrase(profile: str) -> str:
    """The passphrase from ``ACCOMP_PASSPHRASE`` (scheduled tasks), else typed at the terminal, never
    echoed."""
    passphrase = os.environ.get(PASSPHRASE_VARIABLE, "")
    if passphrase:
        return passphrase
    if not sys.stdin.isatty():
        raise CommandError(
            f"Phrase de passe requise : lancez la commande dans un terminal, ou donnez-la dans la "
            f"variable {PASSPHRASE_VARIABLE}."
        )
    return getpass.getpass(f"Phrase de passe de {profile} : ")


def open_for_reading(folder: DataFolder, profile_hint: str = "") -> tuple[Store, str]:
    """The encrypted database opened for the professional who signs in, and their id."""
    signin = SignInService(folder)
    try:
        start = signin.start()
        if start is Start.FIRST_USE:
            raise CommandError(f"Aucune base de données dans {folder.root}.")
        if start is Start.CONVERT:
            raise CommandError(
                "La base n'est pas encore chiffrée : ouvrez une fois l'application pour choisir "
                "votre phrase de passe."
            )
        profile = signin.find_profile(
            profile_hint, load_settings(folder.settings_file).current_professional_id
        )
        key = signin.check(profile.id, ask_passphrase(profile.display_name))
        revision = inspect_file(folder.database, key=key)
    except (StorageError, RuleError) as error:
        raise CommandError(str(error)) from None
    if revision != head_revision():
        raise CommandError(
            "La base doit d'abord être mise à jour : ouvrez une fois l'application sur ce dossier de données."
        )
    return Store(make_engine(folder.database, key), folder.database), profile.id


def list_dossiers(
    folder: DataFolder,
    *,
    search: str,
    status: DossierStatus | None,
    profile: str = "",
    mine: bool = False,
    out: TextIO = sys.stdout,
) -> int:
    """Write the matching dossiers as CSV (semicolon-separated, as French spreadsheets expect): every dossier
    of the département, with only what the « Tous » list shows of those of other binômes."""
    store, professional_id = open_for_reading(folder, profile)
    try:
        service = CaseListService(store)
        today = date.today()
        query = CaseQuery(
            professional_id=professional_id,
            today=today,
            text=search,
            scope=Scope.MINE if mine else Scope.ALL,
            status=status,
        )
        ids = service.ids(query)
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for start in range(0, len(ids), PAGE):
            page = ids[start : start + PAGE]
            rows = service.rows(page, today=today, viewer_id=professional_id)
            for dossier_id in page:
                row = rows[dossier_id]
                writer.writerow(
                    (
                        row.reference,
                        row.last_name,
                        row.first_name,
                        row.france_travail_id,
                        row.status.label,
                        row.binome_name,
                    )
                )
        return len(ids)
    finally:
        store.close()


def plan_pdfs(folder: DataFolder, references: list[str], output: Path, *, profile: str = "") -> list[Path]:
    """Print the plans of the given dossiers: into ``output`` if it names a .pdf file (one reference), else as
    ``<reference>.pdf`` files in the ``output`` folder. Each file is written whole (a temporary name, then one
    rename) and only then is the plan kept in its dossier as a new version « remis »: a file that could not be
    written is not recorded as handed to the person.
    """
    from accomp_desktop.jsonfile import write_bytes_atomic
    from accomp_desktop.storage.errors import FileNotWritten

    one_file = output.suffix.lower() == ".pdf"
    if one_file and len(references) > 1:
        raise CommandError(
            "Plusieurs références : donnez un dossier de sortie (-o DOSSIER), pas un fichier .pdf."
        )
    if one_file and output.is_dir():
        raise CommandError(
            f"{output} est un dossier : donnez un nom de fichier .pdf, ou le dossier sans « .pdf »."
        )
    try:
        referentiel = load_referentiel(folder.referentiel_file)
    except ReferentielError as error:
        raise CommandError(str(error)) from None
    store, professional_id = open_for_reading(folder, profile)
    try:
        service = PlanService(store, referentiel)
        written = []
        try:
            dossiers = {
                reference: service.dossier_of_reference(reference, viewer_id=professional_id)
                for reference in references
            }
            if not one_file:
                try:
                    output.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    raise FileNotWritten("Le dossier de sortie", output, error) from None
            for reference, dossier_id in dossiers.items():
                draft = service.render(
                    dossier_id, with_confidential=False, author_id=professional_id, today=date.today()
                )
                target = output if one_file else output / f"{reference.strip().upper()}.pdf"
                try:
                    write_bytes_atomic(target, draft.pdf)
                except OSError as error:
                    raise FileNotWritten(f"Le plan {reference.strip().upper()}", target, error) from None
                service.keep(draft)
                written.append(target)
            return written
        except (RuleError, StorageError) as error:
            done = f" (déjà écrits et gardés : {', '.join(p.name for p in written)})" if written else ""
            raise CommandError(f"{error}{done}") from None
    finally:
        store.close()


def restore_backup(folder: DataFolder, backup: Path, *, profile: str = "") -> Path:
    """Put a backup (a path, or a file name in the backups folder) in place of the database; the application
    must be closed. Returns the copy kept of the database as it was."""
    from accomp_desktop.services.backups import BackupService
    from accomp_desktop.storage.location import InstanceLock

    chosen = backup if backup.exists() else folder.backups / backup.name
    if not chosen.is_file():
        raise CommandError(f"Sauvegarde introuvable : {backup}.")
    lock = InstanceLock(folder)
    try:
        lock.acquire()
    except StorageError:
        raise CommandError(
            "L'application est ouverte sur ce dossier de données : fermez-la, puis recommencez."
        ) from None
    try:
        signin = SignInService(folder)
        profile_found = signin.find_profile(
            profile, load_settings(folder.settings_file).current_professional_id
        )
        key = signin.check(profile_found.id, ask_passphrase(profile_found.display_name))
        service = BackupService(folder, key)
        facts = service.facts(chosen)  # verified first: an empty, foreign or damaged file is refused here
        print(f"Sauvegarde vérifiée : {facts.dossiers} dossier(s).", file=sys.stderr)
        return service.restore(chosen).path
    except (StorageError, RuleError) as error:
        raise CommandError(str(error)) from None
    finally:
        lock.release()


# --- setting a département's computer up
# -----------------------------------------------------------------------


def ask_new_passphrase(who: str) -> str:
    """A new passphrase: from ``ACCOMP_PASSPHRASE`` (scripted installs), else typed twice at the terminal."""
    from accomp_desktop.services.signin import confirm_passphrase

    passphrase = os.environ.get(PASSPHRASE_VARIABLE, "")
    try:
        if passphrase:
            return confirm_passphrase(passphrase, passphrase)
        if not sys.stdin.isatty():
            raise CommandError(
                f"Phrase de passe requise : lancez la commande dans un terminal, ou donnez-la dans la "
                f"variable {PASSPHRASE_VARIABLE}."
            )
        typed = getpass.getpass(f"Phrase de passe de {who} (10 caractères au moins) : ")
        return confirm_passphrase(typed, getpass.getpass("La même, à nouveau : "))
    except RuleError as error:
        raise CommandError(str(error)) from None


def initialise(
    folder: DataFolder,
    *,
    first_name: str,
    last_name: str,
    role: str,
    institution: str,
    email: str = "",
    phone: str = "",
) -> str:
    """Create a data folder with its first administrator profile; returns his name as recorded."""
    from accomp_desktop.domain.enums import Institution, Role
    from accomp_desktop.domain.people import INSTITUTIONS_OF, NOUN

    signin = SignInService(folder)
    try:
        if signin.start() is not Start.FIRST_USE:
            raise CommandError(
                f"{folder.root} contient déjà une base : rien n'a été modifié. Pour ajouter des "
                "professionnels, utilisez la commande « annuaire »."
            )
        chosen_role = Role(role)
        chosen = Institution(institution) if institution else INSTITUTIONS_OF[chosen_role][0]
        if chosen not in INSTITUTIONS_OF[chosen_role]:
            raise CommandError(
                f"Un {NOUN[chosen_role]} relève de "
                f"{' ou '.join(i.label for i in INSTITUTIONS_OF[chosen_role])}."
            )
        passphrase = ask_new_passphrase(f"{first_name} {last_name}".strip())
        unlocked = signin.first_use(
            first_name=first_name,
            last_name=last_name,
            institution=chosen,
            role=chosen_role,
            passphrase=passphrase,
            again=passphrase,
            email=email,
            phone=phone,
        )
    except (StorageError, RuleError) as error:
        raise CommandError(str(error)) from None
    unlocked.store.close()
    return unlocked.professional.display_name


def write_directory_template(path: Path) -> Path:
    from accomp_desktop.jsonfile import write_bytes_atomic
    from accomp_desktop.services.directory_file import template

    try:
        write_bytes_atomic(path, template())
    except OSError as error:
        raise CommandError(f"Le modèle n'a pas pu être écrit : {error.strerror} ({path}).") from None
    return path


def load_directory(folder: DataFolder, path: Path, *, profile: str = "") -> str:
    """Load professionals, territories and binômes from a CSV file, as an administrator; the report's
    sentence."""
    from accomp_desktop.services.directory_file import load

    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(
            f"Le fichier de l'annuaire ne peut pas être lu : {error.strerror} ({path})."
        ) from None
    store, professional_id = open_for_reading(folder, profile)
    try:
        return load(store, data, author_id=professional_id, today=date.today()).sentence
    except (StorageError, RuleError) as error:
        raise CommandError(str(error)) from None
    finally:
        store.close()
