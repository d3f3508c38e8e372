"""Signing in: who may open the encrypted database, with which passphrase, and how often they may miss.

The database cannot be read before a passphrase unwraps its key (:mod:`accomp_desktop.storage.keys`), so this
module works before any database is open. Three starts are possible:

- **first use** — nothing on this computer: the first professional creates their profile and passphrase; a
  random database key is made and the database is created encrypted;
- **conversion** — the unencrypted database of an earlier version: a professional of that database chooses a
  passphrase; a backup is taken, then every database file is encrypted once (the key is saved *before* any
  file depends on it, so a crash in between is finished at the next sign-in);
- **sign-in** — the usual case: a profile and its passphrase.

Repeated wrong passphrases are slowed down, and the count survives a restart of the application (a thief could
otherwise just relaunch it). The real protection against guessing stays the key derivation's cost.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import closing
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

from accomp_desktop.domain.errors import RuleError
from accomp_desktop.domain.people import Institution, Role
from accomp_desktop.jsonfile import read_json, write_bytes_atomic, write_json_atomic
from accomp_desktop.storage.errors import StorageError
from accomp_desktop.storage.keys import KeyFile, Profile, WrongPassphrase, check_passphrase, new_database_key
from accomp_desktop.storage.location import DataFolder, is_plain

if TYPE_CHECKING:
    from pathlib import Path

    from accomp_desktop.domain.model import Professional
    from accomp_desktop.services.backups import BackupService
    from accomp_desktop.storage.session import Store

# SQLAlchemy, the models and Alembic are imported when a database is opened, not before: the sign-in window
# needs none of them, and paints ~0.5 s sooner.

log = logging.getLogger("accomp.signin")

DEMO_PASSPHRASE = "demonstration"
"""Every demonstration profile's passphrase, shown on the sign-in screen of the demonstration only."""

FREE_ATTEMPTS = 3
"""Wrong passphrases allowed before each new attempt must wait (2 s, then 4, 8… up to :data:`MAX_WAIT`)."""
MAX_WAIT = 300.0

PASSPHRASE_VARIABLE = "ACCOMP_PASSPHRASE"
"""Environment variable read by batch commands and start-up tests instead of asking for the passphrase."""


class Start(Enum):
    FIRST_USE = "first_use"
    CONVERT = "convert"
    SIGN_IN = "sign_in"


class KeysMissing(StorageError):
    def __init__(self, folder: DataFolder) -> None:
        super().__init__(
            f"La base {folder.database} ne peut pas être ouverte : elle est chiffrée et le fichier des clés "
            "(keys.json) a disparu, ou bien elle est endommagée. S'il manque, remettez keys.json en "
            "place depuis "
            "le dossier « backups » ; sinon restaurez une sauvegarde. Rien n'a été modifié."
        )


class TooManyAttempts(StorageError):
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            f"Trop d'essais infructueux : patientez {int(seconds + 0.999)} s avant de réessayer."
        )


class PassphrasesDiffer(RuleError):
    def __init__(self) -> None:
        super().__init__("Les deux phrases de passe ne sont pas identiques.")


class Unlocked(NamedTuple):
    """A signed-in professional and the database opened for them. (A NamedTuple: defined before the first
    window paints, where a frozen dataclass costs ~2 ms to build.)"""

    professional: Professional
    store: Store
    key: bytes
    opened_in: float = 0.0
    """Seconds from the passphrase to the open database (key derivation, checks, migration if any)."""


class Throttle:
    """Counts wrong passphrases in ``signin.json`` and says how long the next attempt must wait."""

    def __init__(self, folder: DataFolder, clock: Callable[[], float] = time.time) -> None:
        self._path = folder.root / "signin.json"
        self._clock = clock

    def wait_left(self) -> float:
        data = read_json(self._path)
        failures, last = int(data.get("failures", 0)), float(data.get("last", 0.0))
        if failures < FREE_ATTEMPTS:
            return 0.0
        wait = min(MAX_WAIT, 2.0 ** (failures - FREE_ATTEMPTS + 1))
        return max(0.0, last + wait - self._clock())

    def check(self) -> None:
        left = self.wait_left()
        if left > 0:
            raise TooManyAttempts(left)

    def failed(self) -> None:
        failures = int(read_json(self._path).get("failures", 0)) + 1
        log.warning("wrong passphrase (%d in a row)", failures)
        self._save({"failures": failures, "last": self._clock()})

    def succeeded(self) -> None:
        if self._path.exists():
            self._save({"failures": 0, "last": 0.0})

    def _save(self, data: dict[str, object]) -> None:
        try:
            write_json_atomic(self._path, data)
        except OSError as error:  # a full disk must not stop a sign-in
            log.warning("sign-in attempts not saved: %s", error)


def _profile_of(professional: Professional) -> Profile:
    return Profile(
        professional.id,
        professional.first_name,
        professional.last_name,
        professional.institution.value,
        professional.role.value,
    )


def confirm_passphrase(passphrase: str, again: str) -> str:
    check_passphrase(passphrase)
    if passphrase != again:
        raise PassphrasesDiffer()
    return passphrase


class SignInService:
    def __init__(
        self, folder: DataFolder, *, backups_kept: int = 10, clock: Callable[[], float] = time.time
    ) -> None:
        self.folder = folder
        self.keys = KeyFile(folder.keys_file)
        self.throttle = Throttle(folder, clock)
        self._backups_kept = backups_kept

    # --- what the sign-in screen shows -------------------------------------------------------------------

    def start(self) -> Start:
        if self.keys.exists():
            return Start.SIGN_IN
        database = self.folder.database
        if database.exists() and database.stat().st_size:
            if not is_plain(database):
                raise KeysMissing(self.folder)
            return Start.CONVERT
        return Start.FIRST_USE

    def profiles(self) -> list[Profile]:
        return self.keys.profiles()

    def plain_professionals(self) -> list[Professional]:
        """The professionals of an unencrypted database, read without changing it (conversion)."""
        from accomp_desktop.domain.model import Professional
        from accomp_desktop.storage.engine import connect

        with closing(connect(self.folder.database, None, read_only=True)) as connection:
            rows = connection.execute(
                "SELECT id, first_name, last_name, institution, role FROM professionals WHERE deleted_at "
                "IS NULL "
                "ORDER BY lower(last_name), lower(first_name)"
            ).fetchall()
        return [Professional(r[0], r[1], r[2], Institution(r[3]), Role(r[4])) for r in rows]

    # --- the three ways in ----------------------------------------------------------------------------------

    def find_profile(self, hint: str, last_id: str = "") -> Profile:
        """The profile named by ``hint`` (its id, or its name in any case), else the last one signed in, else
        the only one: for commands run without a window."""
        profiles = self.keys.profiles()
        wanted = hint.casefold().strip()
        if wanted:
            found = [p for p in profiles if wanted in (p.id, p.display_name.casefold())]
        else:
            found = [p for p in profiles if p.id == last_id] or (profiles if len(profiles) == 1 else [])
        if len(found) != 1:
            names = ", ".join(f"« {p.display_name} »" for p in profiles) or "aucun"
            raise RuleError(f"Précisez votre profil avec --profile (profils de ce poste : {names}).")
        return found[0]

    def sign_in(self, professional_id: str, passphrase: str) -> Unlocked:
        """Open the database for a profile. Slow by design: ~0.5 s of key derivation, then the opening."""
        started = time.perf_counter()
        key = self.check(professional_id, passphrase)
        from accomp_desktop.storage.backup import encrypt_plain_files

        # A conversion interrupted after the key was saved is finished now; it is a no-op otherwise.
        encrypt_plain_files(self.folder.database, self.folder.backups, key)
        unlocked = self._open(key, professional_id)
        return unlocked._replace(opened_in=time.perf_counter() - started)

    def check(self, professional_id: str, passphrase: str) -> bytes:
        """The database key if the passphrase is right (also used to unlock a locked window).

        A wrap that fails may be a damaged entry rather than a wrong passphrase: when the copy kept beside the
        backups opens with the same passphrase, the entry is repaired from it and the attempt does not
        count."""
        self.throttle.check()
        try:
            key = self.keys.unlock(professional_id, passphrase)
        except WrongPassphrase:
            repaired = self._repair_entry(professional_id, passphrase)
            if repaired is None:
                self.throttle.failed()
                raise
            key = repaired
        self.throttle.succeeded()
        return key

    def _repair_entry(self, professional_id: str, passphrase: str) -> bytes | None:
        from accomp_desktop.storage.keys import unwrap_key

        copy = KeyFile(self.folder.backups / "keys.json")
        try:
            kept, current = (
                copy.entry(professional_id) if copy.exists() else None,
                self.keys.entry(professional_id),
            )
        except StorageError:
            return None
        if kept is None or kept == current:
            return None
        try:
            key = unwrap_key(kept[1], passphrase, associated=professional_id)
        except WrongPassphrase:
            return None
        self.keys.put(professional_id, kept)
        log.warning(
            "key file entry of %s was damaged: repaired from the copy beside the backups", professional_id
        )
        return key

    def repair_key_file(self) -> Path:
        """Put the copy of ``keys.json`` kept beside the backups in place of a damaged one (kept aside as
        ``keys.json.damaged``). Returns the copy used."""
        import shutil

        copy = self.folder.backups / "keys.json"
        if not copy.exists():
            raise KeysMissing(self.folder)
        KeyFile(copy).profiles()  # the copy must itself be readable (KeyFileDamaged otherwise)
        if self.keys.path.exists():
            self.keys.path.replace(self.keys.path.with_name("keys.json.damaged"))
        shutil.copyfile(copy, self.keys.path)
        log.warning("key file replaced by the copy kept beside the backups")
        return copy

    def backups(self, professional_id: str, passphrase: str) -> BackupService:
        """The backups, for a professional whose passphrase opens them (to restore from the sign-in window
        when the database itself cannot be opened)."""
        from accomp_desktop.services.backups import BackupService

        return BackupService(self.folder, self.check(professional_id, passphrase), keep=self._backups_kept)

    def first_use(
        self,
        *,
        first_name: str,
        last_name: str,
        institution: Institution,
        role: Role,
        passphrase: str,
        again: str,
        email: str = "",
        phone: str = "",
    ) -> Unlocked:
        """Create the first profile, the database key and the encrypted database. The first professional of a
        data folder is its administrator: nobody else can give roles yet (he declares his own, once)."""
        from accomp_desktop.domain.model import Professional
        from accomp_desktop.domain.validation import clean_email, clean_name, clean_phone
        from accomp_desktop.storage import directory_repository as directory
        from accomp_desktop.storage.models import new_id

        professional = Professional(
            new_id(),
            clean_name(first_name, what="prénom"),
            clean_name(last_name, what="nom"),
            institution,
            role,
            clean_email(email),
            clean_phone(phone),
            admin=True,
        )
        confirm_passphrase(passphrase, again)
        key = new_database_key()
        self.keys.grant(_profile_of(professional), passphrase, key)
        log.info("first profile %s created; database key made", professional.id)
        unlocked = self._open(key, professional.id)
        if professional.email or professional.phone:
            with unlocked.store.unit_of_work() as session:
                directory.update_professional(
                    session,
                    professional.id,
                    {"email": professional.email, "phone": professional.phone},
                    author_id=professional.id,
                )
            unlocked = unlocked._replace(professional=professional)
        _record_access(
            unlocked,
            professional.id,
            f"Premier profil de ce poste créé : {professional.display_name} "
            f"({role.label}), administrateur du dispositif.",
        )
        return unlocked

    def convert(self, professional_id: str, passphrase: str, again: str) -> Unlocked:
        """Encrypt the unencrypted database of an earlier version for one of its professionals."""
        from accomp_desktop.storage.backup import backup_database, encrypt_plain_files

        confirm_passphrase(passphrase, again)
        chosen = next((p for p in self.plain_professionals() if p.id == professional_id), None)
        if chosen is None:
            raise RuleError("Ce profil n'existe pas dans la base.")
        backup = backup_database(
            self.folder.database, self.folder.backups, label="before-encryption", keep=self._backups_kept
        )
        key = new_database_key()
        self.keys.grant(_profile_of(chosen), passphrase, key)  # saved before any file depends on it
        converted = encrypt_plain_files(self.folder.database, self.folder.backups, key)
        log.info(
            "database encrypted for %s (%d files, safety copy %s)", professional_id, converted, backup.name
        )
        return self._open(key, professional_id)

    def prepare_demo(self, fill: Callable[[Store], None]) -> None:
        """Make the demonstration database (``fill`` writes its caseload) and give every demonstration
        profile the passphrase :data:`DEMO_PASSPHRASE`."""
        from accomp_desktop.storage import repositories as repo
        from accomp_desktop.storage.backup import encrypt_plain_files
        from accomp_desktop.storage.migrate import open_database
        from accomp_desktop.storage.session import Store

        key = new_database_key()
        if self.folder.database.exists() and self.folder.database.stat().st_size:
            if not is_plain(self.folder.database):
                raise KeysMissing(self.folder)
            encrypt_plain_files(self.folder.database, self.folder.backups, key)
        store = Store(
            open_database(self.folder, backups_kept=self._backups_kept, key=key), self.folder.database
        )
        try:
            fill(store)
            with store.unit_of_work() as session:
                profiles = [_profile_of(p) for p in repo.list_professionals(session)]
        finally:
            store.close()
        self.keys.grant_many(profiles, DEMO_PASSPHRASE, key)

    # --- once signed in -----------------------------------------------------------------------------------

    def change_passphrase(self, professional_id: str, current: str, new: str, again: str) -> None:
        confirm_passphrase(new, again)
        key = self.check(professional_id, current)
        profile = next(p for p in self.keys.profiles() if p.id == professional_id)
        self.keys.grant(profile, new, key)
        log.info("passphrase changed for %s", professional_id)

    def grant(self, unlocked: Unlocked, professional_id: str, passphrase: str, again: str) -> Professional:
        """Give a professional of the directory access to this computer's database (or a new passphrase, when
        he forgot his), with the role the directory gives him: an administrator's act, audited."""
        from accomp_desktop.services.gate import actor
        from accomp_desktop.storage import repositories as repo

        confirm_passphrase(passphrase, again)
        with unlocked.store.unit_of_work() as session:
            actor(session, unlocked.professional.id).check_admin()
            professional = repo.get_professional(session, professional_id)
        if professional is None or not professional.active:
            raise RuleError(
                "Ce professionnel n'est pas (ou plus) dans l'annuaire du dispositif : ajoutez-le d'abord "
                "dans l'administration."
            )
        reset = self.has_access(professional_id)
        self.keys.grant(_profile_of(professional), passphrase, unlocked.key)
        _record_access(
            unlocked,
            professional_id,
            f"Phrase de passe de {professional.display_name} réinitialisée sur ce poste."
            if reset
            else f"Accès donné sur ce poste à {professional.display_name} ({professional.role.label}).",
        )
        log.info("access given to %s by %s (reset: %s)", professional.id, unlocked.professional.id, reset)
        return professional

    def revoke(self, unlocked: Unlocked, professional_id: str) -> None:
        """Withdraw a professional's access to this computer (he left, or his profile was deactivated)."""
        from accomp_desktop.services.gate import actor
        from accomp_desktop.storage import repositories as repo

        with unlocked.store.unit_of_work() as session:
            actor(session, unlocked.professional.id).check_admin()
            professional = repo.get_professional(session, professional_id)
        if professional_id == unlocked.professional.id:
            raise RuleError("Vous ne pouvez pas retirer votre propre accès.")
        if not self.has_access(professional_id):
            return
        self.keys.revoke(professional_id)
        name = professional.display_name if professional else professional_id
        _record_access(unlocked, professional_id, f"Accès à ce poste retiré à {name}.")

    def reopen(self, unlocked: Unlocked) -> Unlocked:
        """The database opened again for the same professional (after a restore), without a new passphrase."""
        return self._open(unlocked.key, unlocked.professional.id)

    def has_access(self, professional_id: str) -> bool:
        return professional_id in self.keys.professionals()

    def _open(self, key: bytes, professional_id: str) -> Unlocked:
        from accomp_desktop.storage.migrate import open_database
        from accomp_desktop.storage.session import Store

        store = Store(
            open_database(self.folder, backups_kept=self._backups_kept, key=key), self.folder.database
        )
        try:
            professional = self._ensure_professional(store, professional_id)
        except BaseException:
            store.close()
            raise
        self._copy_keys_to_backups()
        return Unlocked(professional, store, key)

    def _ensure_professional(self, store: Store, professional_id: str) -> Professional:
        """The signed-in professional as the directory knows him (his role comes from there, never from the
        key file, which anyone can edit). Made from the profile only at first use, when a crash came between
        the key file and the database's creation: the database then holds nobody."""
        from accomp_desktop.domain.access import AccessDenied
        from accomp_desktop.domain.model import Professional
        from accomp_desktop.storage import repositories as repo

        with store.unit_of_work() as session:
            found = repo.get_professional(session, professional_id)
            if found is None and not repo.list_professionals(session):
                profile = next(p for p in self.keys.profiles() if p.id == professional_id)
                first = Professional(
                    profile.id,
                    profile.first_name,
                    profile.last_name,
                    Institution(profile.institution),
                    Role(profile.role),
                    admin=True,
                )
                return repo.add_professional(session, first, author_id=first.id)
        if found is None:
            raise AccessDenied(
                "Ce profil n'existe pas dans l'annuaire de cette base : demandez à un administrateur "
                "du dispositif de vous donner l'accès."
            )
        if not found.active:
            raise AccessDenied(
                "Ce profil a été désactivé par l'administrateur du dispositif : il ne peut plus "
                "ouvrir la base."
            )
        try:  # the sign-in screen shows the name and role the directory gives now
            self.keys.relabel(_profile_of(found))
        except OSError as error:
            log.warning("profile not relabelled: %s", error)
        return found

    def _copy_keys_to_backups(self) -> None:
        """Backups are useless without the key file: a copy of it lives beside them (rewritten when it
        changed)."""
        copy = self.folder.backups / "keys.json"
        try:
            current = self.keys.path.read_bytes()
            if not copy.exists() or copy.read_bytes() != current:
                self.folder.backups.mkdir(parents=True, exist_ok=True)
                write_bytes_atomic(copy, current)
        except OSError as error:
            log.warning("key file not copied beside the backups: %s", error)


def _record_access(unlocked: Unlocked, subject_id: str, summary: str) -> None:
    """An access given, reset or withdrawn: in the set-up's history and the audit log."""
    from accomp_desktop.services import audit
    from accomp_desktop.storage import directory_repository as directory

    with unlocked.store.unit_of_work() as session:
        directory.add_change(
            session, kind="access", subject_id=subject_id, summary=summary, author_id=unlocked.professional.id
        )
        audit.record(
            session,
            professional_id=unlocked.professional.id,
            dossier_id=None,
            part="access",
            action=audit.AuditAction.CHANGE,
        )


class Account:
    """What a signed-in professional can do about access: check their passphrase again (to unlock a locked
    window), change it, give a colleague access. Holds the database key for as long as the session lasts —
    as the open database does anyway."""

    def __init__(self, service: SignInService, unlocked: Unlocked) -> None:
        self._service, self._unlocked = service, unlocked
        self.professional = unlocked.professional

    def verify(self, passphrase: str) -> None:
        """Raises :class:`WrongPassphrase` or :class:`TooManyAttempts` (the sign-in's slow-down applies)."""
        self._service.check(self.professional.id, passphrase)

    def wait_left(self) -> float:
        return self._service.throttle.wait_left()

    def change_passphrase(self, current: str, new: str, again: str) -> None:
        self._service.change_passphrase(self.professional.id, current, new, again)
        _record_access(
            self._unlocked,
            self.professional.id,
            f"{self.professional.display_name} a changé sa phrase de passe.",
        )

    def colleagues(self) -> list[tuple[Professional, bool]]:
        """Every other active professional of the directory, and whether they can already open this
        database."""
        from accomp_desktop.storage import repositories as repo

        with self._unlocked.store.unit_of_work() as session:
            professionals = repo.list_professionals(session)
        return [
            (p, self._service.has_access(p.id))
            for p in professionals
            if p.id != self.professional.id and p.active
        ]

    def grant(self, professional_id: str, passphrase: str, again: str) -> Professional:
        """Give a colleague of the directory access, or a new passphrase (administrators only)."""
        return self._service.grant(self._unlocked, professional_id, passphrase, again)

    def revoke(self, professional_id: str) -> None:
        self._service.revoke(self._unlocked, professional_id)

    def relabel(self, professional: Professional) -> None:
        """After an administrator changed a professional: the sign-in screen shows his new name and role."""
        self._service.keys.relabel(_profile_of(professional))

    @property
    def is_admin(self) -> bool:
        return self.professional.admin
