"""Signing in: first use, conversion of an unencrypted database, the usual sign-in, the slow-down after wrong
passphrases, colleagues given access, passphrase changes."""

from datetime import date
from pathlib import Path

import pytest

from accomp_desktop.domain.enums import Institution, Role
from accomp_desktop.domain.model import Professional
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.services.signin import (
    FREE_ATTEMPTS,
    KeysMissing,
    SignInService,
    Start,
    TooManyAttempts,
)
from accomp_desktop.storage.keys import WrongPassphrase
from accomp_desktop.storage.location import DataFolder, is_plain
from accomp_desktop.storage.migrate import open_database
from accomp_desktop.storage.session import Store
from tests.factories import canary_dossier

PASSPHRASE = "le chêne et le roseau"
CANARY = "Zéphyrine-Canari-4417"

pytestmark = pytest.mark.usefixtures("fast_keys")


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def first_use(service: SignInService) -> Professional:
    unlocked = service.first_use(
        first_name="Maëlle",
        last_name="N'Guessan-Lebœuf",
        institution=Institution.DEPARTEMENT,
        role=Role.TRAVAILLEUR_SOCIAL,
        passphrase=PASSPHRASE,
        again=PASSPHRASE,
    )
    unlocked.store.close()
    return unlocked.professional


def test_first_use_creates_an_encrypted_database_and_the_profile(data_folder: DataFolder) -> None:
    service = SignInService(data_folder)
    assert service.start() is Start.FIRST_USE
    with pytest.raises(RuleError, match="pas identiques"):
        service.first_use(
            first_name="A",
            last_name="B",
            institution=Institution.DEPARTEMENT,
            role=Role.TRAVAILLEUR_SOCIAL,
            passphrase=PASSPHRASE,
            again=PASSPHRASE + "x",
        )
    with pytest.raises(RuleError, match="au moins 10"):
        service.first_use(
            first_name="A",
            last_name="B",
            institution=Institution.DEPARTEMENT,
            role=Role.TRAVAILLEUR_SOCIAL,
            passphrase="court",
            again="court",
        )
    assert not data_folder.keys_file.exists() and not data_folder.database.exists()
    professional = first_use(service)
    assert service.start() is Start.SIGN_IN
    assert [p.display_name for p in service.profiles()] == ["Maëlle N'Guessan-Lebœuf"]
    assert not is_plain(data_folder.database)
    unlocked = service.sign_in(professional.id, PASSPHRASE)
    assert unlocked.professional == professional
    unlocked.store.close()
    assert (data_folder.backups / "keys.json").exists()  # backups are useless without it


def test_a_crash_between_the_key_file_and_the_database_is_repaired_at_sign_in(
    data_folder: DataFolder,
) -> None:
    service = SignInService(data_folder)
    professional = first_use(service)
    data_folder.database.unlink()  # as if the process died right after writing keys.json
    unlocked = service.sign_in(professional.id, PASSPHRASE)
    assert unlocked.professional.display_name == "Maëlle N'Guessan-Lebœuf"
    unlocked.store.close()


def test_wrong_passphrases_are_slowed_down_even_across_restarts(data_folder: DataFolder) -> None:
    clock = Clock()
    professional = first_use(SignInService(data_folder, clock=clock))
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(WrongPassphrase):
            SignInService(data_folder, clock=clock).sign_in(professional.id, "pas la bonne phrase")
    restarted = SignInService(data_folder, clock=clock)
    with pytest.raises(TooManyAttempts, match="patientez 2 s"):
        restarted.sign_in(professional.id, PASSPHRASE)  # even the right one must wait
    clock.now += 2.1
    with pytest.raises(WrongPassphrase):
        restarted.sign_in(professional.id, "encore une erreur")
    with pytest.raises(TooManyAttempts, match="patientez 4 s"):
        restarted.sign_in(professional.id, PASSPHRASE)
    clock.now += 4.1
    restarted.sign_in(professional.id, PASSPHRASE).store.close()
    assert restarted.throttle.wait_left() == 0  # a success starts the count again


def test_an_unencrypted_database_is_converted_once_with_a_backup(data_folder: DataFolder) -> None:
    store = Store(open_database(data_folder), data_folder.database)
    social, _dossier = canary_dossier(store, CANARY)
    store.close()
    service = SignInService(data_folder)
    assert service.start() is Start.CONVERT
    assert social in service.plain_professionals()
    unlocked = service.convert(social.id, PASSPHRASE, PASSPHRASE)
    unlocked.store.close()
    assert service.start() is Start.SIGN_IN
    backups = list(data_folder.backups.glob("accomp-*-before-encryption.db"))
    assert len(backups) == 1 and not is_plain(backups[0])
    for path in data_folder.root.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path
    service.sign_in(social.id, PASSPHRASE).store.close()


def test_an_encrypted_database_without_its_key_file_is_explained(data_folder: DataFolder) -> None:
    first_use(SignInService(data_folder))
    data_folder.keys_file.unlink()
    with pytest.raises(KeysMissing, match="keys.json"):
        SignInService(data_folder).start()


def test_a_colleague_is_given_access_and_a_passphrase_can_be_changed(data_folder: DataFolder) -> None:
    from accomp_desktop.services.administration import AdministrationService, ProfessionalDraft

    service = SignInService(data_folder)
    me = first_use(service)
    unlocked = service.sign_in(me.id, PASSPHRASE)
    assert unlocked.professional.admin  # the first profile of a data folder administers it
    colleague = AdministrationService(unlocked.store).save_professional(
        ProfessionalDraft("Jérôme", "Ait-Ali", Institution.FRANCE_TRAVAIL, Role.CONSEILLER), author_id=me.id
    )
    with pytest.raises(RuleError, match="annuaire"):  # only a professional of the directory
        service.grant(unlocked, "nobody", "sa phrase à lui", "sa phrase à lui")
    service.grant(unlocked, colleague.id, "sa phrase à lui", "sa phrase à lui")
    unlocked.store.close()
    assert [p.display_name for p in service.profiles()] == ["Jérôme Ait-Ali", "Maëlle N'Guessan-Lebœuf"]
    theirs = service.sign_in(colleague.id, "sa phrase à lui")
    assert theirs.professional.role is Role.CONSEILLER and not theirs.professional.admin
    theirs.store.close()
    with pytest.raises(WrongPassphrase):
        service.change_passphrase(
            me.id, "pas la bonne phrase", "nouvelle phrase longue", "nouvelle phrase longue"
        )
    service.change_passphrase(me.id, PASSPHRASE, "nouvelle phrase longue", "nouvelle phrase longue")
    service.sign_in(me.id, "nouvelle phrase longue").store.close()


def test_the_role_comes_from_the_directory_not_from_the_key_file(data_folder: DataFolder) -> None:
    """keys.json lists names and roles for the sign-in screen; anyone can edit it, so nothing trusts it."""
    import json

    from accomp_desktop.domain.access import AccessDenied
    from accomp_desktop.services.administration import AdministrationService, ProfessionalDraft

    service = SignInService(data_folder)
    me = first_use(service)
    unlocked = service.sign_in(me.id, PASSPHRASE)
    colleague = AdministrationService(unlocked.store).save_professional(
        ProfessionalDraft("Jérôme", "Ait-Ali", Institution.FRANCE_TRAVAIL, Role.CONSEILLER), author_id=me.id
    )
    service.grant(unlocked, colleague.id, "sa phrase à lui", "sa phrase à lui")
    data = json.loads(data_folder.keys_file.read_text(encoding="utf-8"))
    data["profiles"][colleague.id]["profile"]["role"] = "travailleur_social"  # he gives himself another role
    data_folder.keys_file.write_text(json.dumps(data), encoding="utf-8")
    theirs = service.sign_in(colleague.id, "sa phrase à lui")
    assert theirs.professional.role is Role.CONSEILLER  # the directory's
    assert next(p for p in service.profiles() if p.id == colleague.id).role == "conseiller"  # and shown again
    theirs.store.close()
    AdministrationService(unlocked.store).set_active(
        colleague.id, False, author_id=me.id, today=date(2026, 11, 29)
    )
    unlocked.store.close()
    with pytest.raises(AccessDenied, match="désactivé"):
        service.sign_in(colleague.id, "sa phrase à lui")


def test_the_demonstration_profiles_share_the_shown_passphrase(
    data_folder: DataFolder, referentiel: object
) -> None:
    from accomp_desktop.demo.generator import ensure_demo
    from accomp_desktop.services.signin import DEMO_PASSPHRASE

    service = SignInService(data_folder)
    service.prepare_demo(lambda store: ensure_demo(store, referentiel, size=20))  # type: ignore[arg-type]
    profiles = service.profiles()
    assert len(profiles) >= 2
    unlocked = service.sign_in(profiles[-1].id, DEMO_PASSPHRASE)
    assert unlocked.professional.id == profiles[-1].id
    unlocked.store.close()
    assert not is_plain(data_folder.database)


def test_keys_file_lives_in_the_data_folder(tmp_path: Path) -> None:
    assert DataFolder(tmp_path).keys_file == tmp_path / "keys.json"
