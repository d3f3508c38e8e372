"""Small, readable records for tests: a binôme of two professionals with accented names."""

from accomp_desktop.domain.enums import Institution, Role
from accomp_desktop.domain.model import Binome, Professional
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.models import new_id
from accomp_desktop.storage.session import Store


def seed(store: Store) -> tuple[Professional, Professional, Binome]:
    conseiller = Professional(new_id(), "Jean-Marc", "Lefèvre", Institution.FRANCE_TRAVAIL, Role.CONSEILLER)
    social = Professional(new_id(), "Aïcha", "N'Diaye", Institution.DEPARTEMENT, Role.TRAVAILLEUR_SOCIAL)
    binome = Binome(new_id(), "Binôme Barsuraubois", "Barsuraubois", conseiller.id, social.id)
    with store.unit_of_work() as session:
        repo.add_professional(session, conseiller, author_id=None)
        repo.add_professional(session, social, author_id=conseiller.id)
        repo.add_binome(session, binome, author_id=conseiller.id)
    return conseiller, social, binome
