"""Dates nobody means: refused when they cannot be true, confirmed when they are only unusual — and the
message says the accepted range. An orientation on 01/01/1850 used to create « AG-1850-0001 »."""

from dataclasses import replace

import pytest
from sqlalchemy import text

from accomp_desktop.domain.enums import AppointmentMode, AppointmentType, CarrierKind, Route, Side
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.validation import InvalidFields, UnusualDates
from accomp_desktop.services.agenda import AgendaService, AppointmentDraft
from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.services.plan import ActionDraft, PlanService
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY
from tests.factories import seed


def orientation(store: Store, on: str) -> OrientationDraft:
    conseiller, _, binome = seed(store)
    return OrientationDraft(
        PersonDraft("Lefèvre", "Anne", "04/07/1985"),
        binome.id,
        conseiller.id,
        Route.GLOBAL,
        on,
        "Logement.",
        True,
    )


def test_an_orientation_before_the_dispositif_or_in_the_future_is_refused(store: Store) -> None:
    service = DossierService(store)
    draft = orientation(store, "01/01/1850")
    for day, why in (("01/01/1850", "précède le début"), ("23/11/2026", "est dans le futur")):
        with pytest.raises(InvalidFields) as caught:
            service.create(replace(draft, orientation_date=day), author_id=draft.oriented_by, today=TODAY)
        message = caught.value.errors["orientation_date"]
        assert why in message and "entre le 01/01/2014 et aujourd'hui" in message, message
    with store.unit_of_work() as session:
        assert session.execute(text("SELECT count(*) FROM dossiers")).scalar() == 0


def test_an_orientation_years_ago_is_saved_once_confirmed_for_that_date(store: Store) -> None:
    service = DossierService(store)
    draft = orientation(store, "15/03/2019")
    with pytest.raises(UnusualDates) as caught:
        service.create(draft, author_id=draft.oriented_by, today=TODAY)
    assert "15/03/2019" in str(caught.value) and "Est-ce bien la date voulue" in str(caught.value)
    confirmed = frozenset(caught.value.questions)
    with pytest.raises(UnusualDates):  # a confirmation holds for its date only
        service.create(
            replace(draft, orientation_date="16/03/2019", confirmed=confirmed),
            author_id=draft.oriented_by,
            today=TODAY,
        )
    detail = service.create(replace(draft, confirmed=confirmed), author_id=draft.oriented_by, today=TODAY)
    assert detail.dossier.reference == "AG-2019-0001"


def test_appointments_far_off_are_refused_and_next_year_is_asked(store: Store) -> None:
    conseiller, _, _ = seed(store)
    agenda = AgendaService(store)
    draft = AppointmentDraft(
        AppointmentType.CONSEILLER_INTERVIEW, AppointmentMode.PHONE, "", "10:00", 30, (conseiller.id,)
    )
    for day, expected in (
        ("01/01/1850", "précède le début"),
        ("01/01/2150", "est trop lointaine"),
        ("23/11/2028", "est trop lointaine"),
    ):
        with pytest.raises(InvalidFields) as caught:
            agenda.save(replace(draft, day=day), author_id=conseiller.id, today=TODAY)
        assert expected in caught.value.errors["day"] and "et le 22/11/2028" in caught.value.errors["day"]
    for day in ("15/01/2028", "01/09/2026"):  # more than a year ahead, or months past: asked
        with pytest.raises(UnusualDates) as asked:
            agenda.save(replace(draft, day=day), author_id=conseiller.id, today=TODAY)
        item = agenda.save(
            replace(draft, day=day, confirmed=frozenset(asked.value.questions)),
            author_id=conseiller.id,
            today=TODAY,
        )
        assert item.start.strftime("%d/%m/%Y") == day
    agenda.save(replace(draft, day="15/12/2026"), author_id=conseiller.id, today=TODAY)  # usual: no question


def test_action_dates_far_off_are_refused_and_beyond_two_years_asked(
    store: Store, referentiel: Referentiel
) -> None:
    draft = orientation(store, "02/11/2026")
    conseiller = draft.oriented_by
    dossier = DossierService(store).create(draft, author_id=conseiller, today=TODAY).dossier.id
    plans = PlanService(store, referentiel)
    action = ActionDraft("Permis de conduire", Side.EMPLOI, CarrierKind.PERSON)
    with pytest.raises(InvalidFields) as caught:
        plans.save_action(
            dossier,
            replace(action, start_date="01/01/1850", due_date="31/12/2150"),
            author_id=conseiller,
            today=TODAY,
        )
    assert "précède le début" in caught.value.errors["start_date"]
    assert "trop lointaine" in caught.value.errors["due_date"]
    with pytest.raises(UnusualDates) as asked:
        plans.save_action(dossier, replace(action, due_date="30/06/2029"), author_id=conseiller, today=TODAY)
    confirmed = replace(action, due_date="30/06/2029", confirmed=frozenset(asked.value.questions))
    sheet = plans.save_action(dossier, confirmed, author_id=conseiller, today=TODAY)
    assert [a.label for a in sheet.actions] == ["Permis de conduire"]


def test_steps_of_a_dossier_cannot_predate_the_dispositif(store: Store) -> None:
    service = DossierService(store)
    draft = orientation(store, "02/11/2026")
    dossier = service.create(draft, author_id=draft.oriented_by, today=TODAY).dossier.id
    with pytest.raises(RuleError, match="précède le début de l'accompagnement global"):
        service.close(
            dossier, exit_date="01/01/1850", motif=None, bilan="", author_id=draft.oriented_by, today=TODAY
        )
