"""The preparation sheet works out the points to decide from the dossier's state."""

from sqlalchemy import text

from accomp_desktop.domain.enums import CarrierKind, Route, Side
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.services.agenda import AgendaService
from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.services.plan import ActionDraft, PlanService
from accomp_desktop.services.preparation import PreparationService
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY
from tests.factories import seed


def test_points_to_decide_follow_the_dossier(store: Store, referentiel: Referentiel) -> None:
    conseiller, _, binome = seed(store)
    dossiers, plans = DossierService(store), PlanService(store, referentiel)
    dossier = dossiers.create(
        OrientationDraft(
            PersonDraft("Lefèvre", "Anne", "04/07/1985"),
            binome.id,
            conseiller.id,
            Route.GLOBAL,
            "02/09/2026",
            "Logement.",
            True,
        ),
        author_id=conseiller.id,
        today=TODAY,
    ).dossier.id
    service = PreparationService(dossiers, plans, AgendaService(store), {})
    dossiers.start_diagnostic(dossier, author_id=conseiller.id, today=TODAY)
    assert (
        service.prepare(dossier, today=TODAY, viewer_id=conseiller.id)
        .decisions[0]
        .startswith("Terminer et valider le diagnostic")
    )
    with store.unit_of_work() as session:
        session.execute(text("UPDATE dossiers SET diagnostic_validated_on = '2026-10-01'"))
    plans.save_action(
        dossier,
        ActionDraft("S'inscrire à l'atelier CV", Side.EMPLOI, CarrierKind.PERSON, due_date="01/11/2026"),
        author_id=conseiller.id,
    )
    decisions = service.prepare(dossier, today=TODAY, viewer_id=conseiller.id).decisions
    assert decisions == [
        "Décider ensemble de l'entrée en accompagnement.",
        "Faire le point sur 1 action en retard.",
        "Remettre à la personne son plan d'action imprimé.",
        "Reprendre contact : pas de rendez-vous honoré depuis le 02/09/2026.",
    ]
