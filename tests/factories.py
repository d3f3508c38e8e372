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


def canary_dossier(store: Store, canary: str) -> tuple[Professional, str]:
    """A binôme and one dossier whose person, reasons and note all carry ``canary``: a string that must then
    be found in no file the application writes. Returns the social worker and the dossier id."""
    from datetime import date

    from accomp_desktop.domain.enums import Route
    from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
    from accomp_desktop.services.dossiers import DossierService

    conseiller, social, binome = seed(store)
    service = DossierService(store)
    person = PersonDraft(
        last_name=canary,
        first_name="Zoé",
        birth_date="04/07/1985",
        phone="06 12 34 56 78",
        address=f"3 rue {canary}",
        postcode="10000",
        city="Troyes",
    )
    draft = OrientationDraft(
        person=person,
        binome_id=binome.id,
        oriented_by=conseiller.id,
        route=Route.GLOBAL,
        orientation_date="02/11/2026",
        reasons=f"Dettes de loyer {canary}",
        agreement=True,
    )
    detail = service.create(draft, author_id=social.id, today=date(2026, 11, 22))
    service.add_note(detail.dossier.id, f"Violences conjugales {canary}", author_id=social.id)
    return social, detail.dossier.id


def add_dossier(
    store: Store, binome_id: str, author_id: str, last_name: str = "Lefèvre", first_name: str = "Anne"
) -> str:
    """One dossier at the orientation step, opened by ``author_id`` (a member of the binôme)."""
    from datetime import date

    from accomp_desktop.domain.enums import Route
    from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
    from accomp_desktop.services.dossiers import DossierService

    draft = OrientationDraft(
        PersonDraft(last_name, first_name, "04/07/1985"),
        binome_id,
        author_id,
        Route.GLOBAL,
        "02/11/2026",
        "Logement et recherche d'emploi.",
        True,
    )
    return (
        DossierService(store)
        .create(draft, author_id=author_id, today=date(2026, 11, 22), allow_duplicate=True)
        .dossier.id
    )
