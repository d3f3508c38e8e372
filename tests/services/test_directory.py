import pytest

from accomp_desktop.domain.enums import Institution, Role
from accomp_desktop.domain.model import Binome
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.models import new_id
from accomp_desktop.storage.session import Store
from tests.factories import seed


def test_profile_names_keep_accents_apostrophes_and_hyphens(store: Store) -> None:
    directory = DirectoryService(store)
    created = directory.create_professional(
        first_name="  Anne-Sophie ", last_name="D'Angelo   Bérubé", institution=Institution.FRANCE_TRAVAIL,
        role=Role.CONSEILLER,
    )
    assert (created.first_name, created.last_name) == ("Anne-Sophie", "D'Angelo Bérubé")
    assert directory.professional(created.id) == created
    assert created.audit is not None and created.audit.created_by == created.id


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [("", "Martin", "prénom est obligatoire"), ("Léa", "   ", "nom est obligatoire"),
     ("Léa", "x" * 101, "trop long")],
)
def test_bad_names_get_a_french_message(store: Store, first: str, last: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        DirectoryService(store).create_professional(
            first_name=first, last_name=last, institution=Institution.DEPARTEMENT, role=Role.TRAVAILLEUR_SOCIAL
        )
    assert DirectoryService(store).professionals() == []


def test_teams_list_my_binomes_first_with_their_members(store: Store) -> None:
    conseiller, social, _ = seed(store)
    other = DirectoryService(store).create_professional(
        first_name="Zoé", last_name="Abadie", institution=Institution.FRANCE_TRAVAIL, role=Role.CONSEILLER
    )
    with store.unit_of_work() as session:
        repo.add_binome(session, Binome(new_id(), "Binôme Aube Nord", "Romilly", other.id, social.id), author_id=None)
    teams = DirectoryService(store).teams(conseiller.id)
    assert [t.binome.name for t in teams] == ["Binôme Barsuraubois", "Binôme Aube Nord"]
    assert [p.display_name for p in teams[0].members] == ["Jean-Marc Lefèvre", "Aïcha N'Diaye"]
    assert DirectoryService(store).teams(other.id)[0].binome.name == "Binôme Aube Nord"
