import pytest

from accomp_desktop.domain.enums import Institution, Role
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.storage.session import Store


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
