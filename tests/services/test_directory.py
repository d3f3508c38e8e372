"""The directory of the dispositif and its administration: professionals, territories, binômes, replacements —
given by an administrator, checked, never deleted, every change in the history and the audit log."""

from datetime import date

import pytest

from accomp_desktop.domain.access import AccessDenied
from accomp_desktop.domain.enums import EventKind, Institution, Role
from accomp_desktop.domain.model import Professional
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.validation import InvalidFields
from accomp_desktop.services.administration import AdministrationService, BinomeDraft, ProfessionalDraft
from accomp_desktop.services.audit import AuditService
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.models import new_id
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY
from tests.factories import add_dossier, seed


@pytest.fixture
def admin(store: Store) -> str:
    """The administrator of a fresh data folder (as the first-use sign-in makes him)."""
    me = Professional(
        new_id(), "Claire", "Martin", Institution.DEPARTEMENT, Role.TRAVAILLEUR_SOCIAL, admin=True
    )
    with store.unit_of_work() as session:
        repo.add_professional(session, me, author_id=me.id)
    return me.id


def conseiller(first: str = "Jean-Marc", last: str = "Lefèvre", email: str = "") -> ProfessionalDraft:
    return ProfessionalDraft(first, last, Institution.FRANCE_TRAVAIL, Role.CONSEILLER, email=email)


def test_names_keep_accents_apostrophes_and_hyphens(store: Store, admin: str) -> None:
    created = AdministrationService(store).save_professional(
        ProfessionalDraft(
            "  Anne-Sophie ",
            "D'Angelo   Bérubé",
            Institution.FRANCE_TRAVAIL,
            Role.CONSEILLER,
            email="anne-sophie.dangelo@francetravail.fr",
            phone="0325123456",
        ),
        author_id=admin,
    )
    assert (created.first_name, created.last_name) == ("Anne-Sophie", "D'Angelo Bérubé")
    assert created.phone == "03 25 12 34 56" and created.active and not created.admin
    assert DirectoryService(store).professional(created.id) == created


@pytest.mark.parametrize(
    ("draft", "field", "message"),
    [
        (
            ProfessionalDraft("", "Martin", Institution.DEPARTEMENT, Role.TRAVAILLEUR_SOCIAL),
            "first_name",
            "prénom est obligatoire",
        ),
        (
            ProfessionalDraft("Léa", "x" * 101, Institution.DEPARTEMENT, Role.TRAVAILLEUR_SOCIAL),
            "last_name",
            "trop long",
        ),
        (
            ProfessionalDraft("Léa", "Roy", Institution.DEPARTEMENT, Role.CONSEILLER),
            "institution",
            "France Travail",
        ),
        (
            ProfessionalDraft("Léa", "Roy", Institution.FRANCE_TRAVAIL, Role.TRAVAILLEUR_SOCIAL),
            "institution",
            "Département ou Partenaire",
        ),
        (
            ProfessionalDraft("Léa", "Roy", Institution.DEPARTEMENT, Role.OTHER, email="lea@"),
            "email",
            "pas valide",
        ),
    ],
)
def test_bad_fields_get_a_french_message_and_nothing_is_written(
    store: Store, admin: str, draft: ProfessionalDraft, field: str, message: str
) -> None:
    with pytest.raises(InvalidFields) as caught:
        AdministrationService(store).save_professional(draft, author_id=admin)
    assert message in caught.value.errors[field]
    assert [p.id for p in DirectoryService(store).professionals()] == [admin]


def test_only_an_administrator_gives_roles(store: Store, admin: str) -> None:
    service = AdministrationService(store)
    someone = service.save_professional(conseiller(), author_id=admin)
    with pytest.raises(AccessDenied, match="administrateurs"):  # he cannot make himself a travailleur social
        service.save_professional(
            ProfessionalDraft("Jean-Marc", "Lefèvre", Institution.DEPARTEMENT, Role.TRAVAILLEUR_SOCIAL),
            author_id=someone.id,
            professional_id=someone.id,
        )
    with pytest.raises(AccessDenied):
        service.save_professional(conseiller("Zoé", "Abadie"), author_id=someone.id)
    with pytest.raises(AccessDenied):
        DirectoryService(store).history(viewer_id=someone.id)
    assert DirectoryService(store).professional(someone.id) == someone


def test_a_binome_is_made_of_a_territory_an_active_conseiller_and_travailleur_social(
    store: Store, admin: str
) -> None:
    service = AdministrationService(store)
    jean = service.save_professional(conseiller(), author_id=admin)
    with pytest.raises(InvalidFields) as caught:
        service.save_binome(
            BinomeDraft("Binôme Troyes", "Troyes", admin, jean.id, 90, 80), author_id=admin, today=TODAY
        )
    assert set(caught.value.errors) == {"territory", "conseiller_id", "travailleur_social_id", "target"}
    service.save_territory("Troyes", "10000, 10300 10600", author_id=admin)
    binome = service.save_binome(
        BinomeDraft("Binôme Troyes", "Troyes", jean.id, admin, 75, 95), author_id=admin, today=TODAY
    )
    assert (binome.target_min, binome.target_max) == (75, 95)
    assert {
        (m.professional_id, m.role, m.since, m.until) for m in DirectoryService(store).memberships(binome.id)
    } == {(jean.id, Role.CONSEILLER, TODAY, None), (admin, Role.TRAVAILLEUR_SOCIAL, TODAY, None)}
    with pytest.raises(InvalidFields, match="existe déjà"):
        service.save_binome(
            BinomeDraft("binôme troyes", "Troyes", jean.id, admin), author_id=admin, today=TODAY
        )
    with pytest.raises(InvalidFields, match="5 chiffres"):
        service.save_territory("Nogentais", "10400 1040", author_id=admin)


def test_renaming_a_territory_renames_it_in_its_binomes(store: Store, admin: str) -> None:
    service = AdministrationService(store)
    jean = service.save_professional(conseiller(), author_id=admin)
    territory = service.save_territory("Barsuraubois", "", author_id=admin)
    service.save_binome(
        BinomeDraft("Binôme Aube", "Barsuraubois", jean.id, admin), author_id=admin, today=TODAY
    )
    service.save_territory(
        "Bar-sur-Aube et Vendeuvre", "10200 10140", author_id=admin, territory_id=territory.id
    )
    [team] = DirectoryService(store).teams()
    assert team.binome.territory == "Bar-sur-Aube et Vendeuvre"
    assert DirectoryService(store).territories()[0].postcodes == ("10200", "10140")


def test_replacing_a_member_keeps_the_dossiers_and_says_who_follows_from_when(store: Store) -> None:
    jean, social, binome = seed(store)
    with store.unit_of_work() as session:
        admin = repo.add_professional(
            session,
            Professional(new_id(), "Claire", "Martin", Institution.DEPARTEMENT, Role.OTHER, admin=True),
            author_id=None,
        )
    dossier = add_dossier(store, binome.id, jean.id)
    service = AdministrationService(store)
    paul = service.save_professional(conseiller("Paul", "Ôzil"), author_id=admin.id)
    service.replace_member(
        binome.id, Role.CONSEILLER, paul.id, on="01/12/2026", author_id=admin.id, today=TODAY
    )
    [team] = DirectoryService(store).teams()
    assert team.conseiller == paul and team.travailleur_social is not None
    assert team.travailleur_social.id == social.id
    history = DirectoryService(store).memberships(binome.id)
    assert (jean.id, date(2026, 12, 1)) in {(m.professional_id, m.until) for m in history}
    assert (paul.id, None) in {(m.professional_id, m.until) for m in history}
    detail = DossierService(store).detail(dossier, viewer_id=paul.id)  # the dossier stayed with the binôme
    assert detail.history[0].kind is EventKind.REFERENT_CHANGE
    assert "Paul Ôzil remplace Jean-Marc Lefèvre" in detail.history[0].details
    with pytest.raises(AccessDenied):  # who left no longer opens it
        DossierService(store).detail(dossier, viewer_id=jean.id)
    service.save_territory("Barsuraubois", "10200", author_id=admin.id)
    with pytest.raises(RuleError, match="Remplacer un membre"):
        service.save_binome(
            BinomeDraft(binome.name, binome.territory, jean.id, social.id),
            author_id=admin.id,
            today=TODAY,
            binome_id=binome.id,
        )


def test_nobody_is_deleted_a_member_is_replaced_first_and_an_administrator_remains(
    store: Store, admin: str
) -> None:
    service = AdministrationService(store)
    jean = service.save_professional(conseiller(), author_id=admin)
    service.save_territory("Troyes", "", author_id=admin)
    service.save_binome(BinomeDraft("Binôme Troyes", "Troyes", jean.id, admin), author_id=admin, today=TODAY)
    with pytest.raises(RuleError, match="remplacez-le d'abord"):
        service.set_active(jean.id, False, author_id=admin, today=TODAY)
    with pytest.raises(RuleError, match="remplacez-le d'abord"):
        service.save_professional(
            ProfessionalDraft("Jean-Marc", "Lefèvre", Institution.DEPARTEMENT, Role.TRAVAILLEUR_SOCIAL),
            author_id=admin,
            professional_id=jean.id,
        )
    with pytest.raises(RuleError, match="au moins un administrateur"):
        service.save_professional(
            ProfessionalDraft("Claire", "Martin", Institution.DEPARTEMENT, Role.TRAVAILLEUR_SOCIAL),
            author_id=admin,
            professional_id=admin,
        )
    leaving = service.save_professional(conseiller("Zoé", "Abadie"), author_id=admin)
    gone = service.set_active(leaving.id, False, author_id=admin, today=TODAY)
    assert gone.deactivated_on == TODAY and not gone.active
    assert leaving.id not in {p.id for p in DirectoryService(store).professionals()}
    assert leaving.id in {p.id for p in DirectoryService(store).professionals(include_inactive=True)}
    with pytest.raises(InvalidFields, match="actif"):
        service.replace_member(
            DirectoryService(store).teams()[0].binome.id,
            Role.CONSEILLER,
            leaving.id,
            on="01/12/2026",
            author_id=admin,
            today=TODAY,
        )


def test_every_change_is_in_the_history_and_the_audit_log(store: Store, admin: str) -> None:
    service = AdministrationService(store)
    jean = service.save_professional(conseiller(email="jm.lefevre@francetravail.fr"), author_id=admin)
    service.save_professional(
        conseiller(email="jm.lefevre@francetravail.fr"), author_id=admin, professional_id=jean.id
    )  # nothing changed: nothing written
    service.save_territory("Troyes", "10000", author_id=admin)
    with pytest.raises(InvalidFields, match="déjà celle d'un autre"):
        service.save_professional(
            conseiller("Paul", "Ôzil", email="jm.lefevre@francetravail.fr"), author_id=admin
        )
    changes = DirectoryService(store).history(viewer_id=admin)
    assert [c.summary for c in changes] == [
        "Territoire ajouté : Troyes.",
        "Professionnel ajouté : Jean-Marc Lefèvre (Conseiller France Travail, France Travail).",
    ]
    assert all(c.author == "Claire Martin" for c in changes)
    lines = AuditService(store).lines(viewer_id=admin)
    assert [line.part for line in lines].count(
        "Annuaire du dispositif (professionnels, territoires, binômes)"
    ) >= 1


def test_teams_list_my_binomes_first_with_their_members(store: Store) -> None:
    jean, social, _ = seed(store)
    other = Professional(new_id(), "Zoé", "Abadie", Institution.FRANCE_TRAVAIL, Role.CONSEILLER)
    from accomp_desktop.domain.model import Binome

    with store.unit_of_work() as session:
        repo.add_professional(session, other, author_id=None)
        repo.add_binome(
            session, Binome(new_id(), "Binôme Aube Nord", "Romilly", other.id, social.id), author_id=None
        )
    teams = DirectoryService(store).teams(jean.id)
    assert [t.binome.name for t in teams] == ["Binôme Barsuraubois", "Binôme Aube Nord"]
    assert [p.display_name for p in teams[0].members] == ["Jean-Marc Lefèvre", "Aïcha N'Diaye"]
    assert DirectoryService(store).teams(other.id)[0].binome.name == "Binôme Aube Nord"


def test_the_first_binome_is_set_up_in_one_step_or_not_at_all(store: Store, admin: str) -> None:
    service = AdministrationService(store)
    partner = ProfessionalDraft("", "Lefèvre", Institution.FRANCE_TRAVAIL, Role.CONSEILLER)
    with pytest.raises(InvalidFields) as caught:
        service.set_up_first_binome(
            territory="Troyes",
            postcodes="10000",
            partner=partner,
            binome_name="Binôme Troyes",
            target_min=70,
            target_max=100,
            author_id=admin,
            today=TODAY,
        )
    assert set(caught.value.errors) == {"partner_first_name"}
    assert DirectoryService(store).is_empty() and DirectoryService(store).territories() == []
    binome = service.set_up_first_binome(
        territory="Troyes",
        postcodes="10000",
        partner=conseiller(),
        binome_name="Binôme Troyes",
        target_min=70,
        target_max=100,
        author_id=admin,
        today=TODAY,
    )
    [team] = DirectoryService(store).teams(admin)
    assert (
        team.binome == binome and team.travailleur_social is not None and team.travailleur_social.id == admin
    )
    assert team.conseiller is not None and team.conseiller.display_name == "Jean-Marc Lefèvre"
