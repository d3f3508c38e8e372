"""The agenda through its service: joint appointments, double booking, moves, cancellation, attendance,
slots."""

from datetime import date, datetime

import pytest

from accomp_desktop.domain.enums import AppointmentMode, AppointmentType, Attendance, Route
from accomp_desktop.domain.model import BusyPeriod
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.slots import Period
from accomp_desktop.domain.validation import InvalidFields
from accomp_desktop.services.agenda import AgendaService, AppointmentDraft, DoubleBooking, french_holidays
from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.storage.models import DossierRow
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY
from tests.factories import seed


@pytest.fixture
def setting(store: Store) -> tuple[AgendaService, str, str, str]:
    conseiller, social, binome = seed(store)
    dossier = (
        DossierService(store)
        .create(
            OrientationDraft(
                PersonDraft("Lefèvre", "Anne", "04/07/1985"),
                binome.id,
                conseiller.id,
                Route.GLOBAL,
                "02/11/2026",
                "Logement.",
                True,
            ),
            author_id=conseiller.id,
            today=TODAY,
        )
        .dossier.id
    )
    return AgendaService(store), conseiller.id, social.id, dossier


def joint(
    people: tuple[str, str], dossier: str, day: str = "24/11/2026", time: str = "14h30", minutes: int = 60
) -> AppointmentDraft:
    return AppointmentDraft(
        AppointmentType.TRIPARTITE,
        AppointmentMode.ON_SITE,
        day,
        time,
        minutes,
        people,
        dossier,
        place="Agence France Travail de Troyes",
    )


def test_a_joint_appointment_shows_in_both_agendas(setting: tuple[AgendaService, str, str, str]) -> None:
    agenda, conseiller, social, dossier = setting
    item = agenda.save(joint((conseiller, social), dossier), author_id=conseiller, today=TODAY)
    assert item.start == datetime(2026, 11, 24, 14, 30) and item.person == "LEFÈVRE Anne"
    week = (datetime(2026, 11, 23), datetime(2026, 11, 28))
    assert [i.id for i in agenda.appointments([social], *week, viewer_id=conseiller)] == [item.id]
    assert [i.id for i in agenda.appointments([conseiller], *week, viewer_id=social)] == [item.id]
    assert set(item.participant_ids) == {conseiller, social}


def test_a_tripartite_needs_both_professionals_a_dossier_and_a_place(
    setting: tuple[AgendaService, str, str, str],
) -> None:
    agenda, conseiller, _, _ = setting
    draft = AppointmentDraft(
        AppointmentType.TRIPARTITE, AppointmentMode.ON_SITE, "31/11/2026", "25h", 60, (conseiller,)
    )
    with pytest.raises(InvalidFields) as caught:
        agenda.save(draft, author_id=conseiller, today=TODAY)
    assert set(caught.value.errors) == {
        "day",
        "time",
        "participants",
        "dossier",
        "place",
    }  # each under its field


def test_double_booking_is_warned_and_can_be_confirmed(setting: tuple[AgendaService, str, str, str]) -> None:
    agenda, conseiller, social, dossier = setting
    agenda.save(joint((conseiller, social), dossier), author_id=conseiller, today=TODAY)
    visit = AppointmentDraft(
        AppointmentType.HOME_VISIT, AppointmentMode.AT_HOME, "24/11/2026", "15:00", 45, (social,), dossier
    )
    with pytest.raises(DoubleBooking) as caught:
        agenda.save(visit, author_id=social, today=TODAY)
    assert "24/11/2026 14:30 – 15:30 : Rendez-vous tripartite avec LEFÈVRE Anne" in str(caught.value)
    saved = agenda.save(visit, author_id=social, allow_overlap=True, today=TODAY)
    assert saved.type is AppointmentType.HOME_VISIT


def test_moving_cancelling_and_attendance(setting: tuple[AgendaService, str, str, str], store: Store) -> None:
    agenda, conseiller, social, dossier = setting
    item = agenda.save(
        joint((conseiller, social), dossier, day="16/11/2026"), author_id=conseiller, today=TODAY
    )
    moved = agenda.move(item.id, start=datetime(2026, 11, 17, 9), duration_minutes=90, author_id=conseiller)
    assert (moved.start, moved.duration_minutes) == (datetime(2026, 11, 17, 9), 90)
    agenda.set_attendance(item.id, Attendance.HONOURED, author_id=conseiller)
    with store.unit_of_work() as session:
        assert session.get(DossierRow, dossier).last_contact_date == date(2026, 11, 17)  # type: ignore[union-attr]
    with pytest.raises(RuleError, match="obligatoire"):
        agenda.cancel(item.id, reason=" ", author_id=conseiller)
    cancelled = agenda.cancel(item.id, reason="La personne est malade.", author_id=conseiller)
    assert (
        cancelled.attendance is Attendance.CANCELLED and cancelled.cancel_reason == "La personne est malade."
    )
    with store.unit_of_work() as session:
        assert session.get(DossierRow, dossier).last_contact_date is None  # type: ignore[union-attr]
    # A cancelled appointment no longer blocks its slot.
    agenda.save(
        joint((conseiller, social), dossier, day="17/11/2026", time="09:00"),
        author_id=conseiller,
        today=TODAY,
    )


def test_common_slots_honour_holidays_and_both_agendas(setting: tuple[AgendaService, str, str, str]) -> None:
    agenda, conseiller, social, dossier = setting
    # Tuesday 10 November 2026, the day before Armistice Day: the conseiller is busy all afternoon.
    agenda.save(
        AppointmentDraft(
            AppointmentType.WORKSHOP,
            AppointmentMode.ON_SITE,
            "10/11/2026",
            "13:30",
            210,
            (conseiller,),
            place="Salle 2",
        ),
        author_id=conseiller,
        today=TODAY,
    )
    agenda.save(
        AppointmentDraft(
            AppointmentType.SOCIAL_INTERVIEW,
            AppointmentMode.PHONE,
            "12/11/2026",
            "09:00",
            60,
            (social,),
            dossier,
        ),
        author_id=social,
        today=TODAY,
    )
    slots = agenda.common_slots(
        [conseiller, social],
        after=datetime(2026, 11, 10, 12, 0),
        duration_minutes=60,
        viewer_id=conseiller,
        count=2,
    )
    assert slots == [
        Period(datetime(2026, 11, 12, 10), datetime(2026, 11, 12, 11)),
        Period(datetime(2026, 11, 12, 11), datetime(2026, 11, 12, 12)),
    ]
    assert french_holidays(date(2026, 11, 1), date(2026, 11, 30)) == {
        date(2026, 11, 1): "Toussaint",
        date(2026, 11, 11): "Armistice",
    }


def test_imported_commitments_are_busy_time_and_a_second_import_replaces_them(
    setting: tuple[AgendaService, str, str, str],
) -> None:
    agenda, conseiller, social, _ = setting
    training = [BusyPeriod(datetime(2026, 11, 24, 9), datetime(2026, 11, 24, 17), "Formation interne")]
    assert agenda.replace_busy(social, training, author_id=social) == 1
    assert agenda.replace_busy(social, training, author_id=social) == 1
    assert len(agenda.busy([social], datetime(2026, 11, 23), datetime(2026, 11, 28), viewer_id=social)) == 1
    slots = agenda.common_slots(
        [conseiller, social], after=datetime(2026, 11, 24, 8), duration_minutes=60, count=1, viewer_id=social
    )
    assert slots == [Period(datetime(2026, 11, 25, 9), datetime(2026, 11, 25, 10))]


def test_the_convocation_says_when_where_with_whom_in_plain_french(
    setting: tuple[AgendaService, str, str, str],
) -> None:
    import io

    from pypdf import PdfReader

    agenda, conseiller, social, dossier = setting
    item = agenda.save(joint((conseiller, social), dossier), author_id=conseiller, today=TODAY)
    pdf = agenda.convocation(item.id, author_id=conseiller, today=TODAY)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", " ")
    for expected in (
        "Convocation à un rendez-vous",
        "Bonjour Anne LEFÈVRE",
        "rendez-vous à trois, avec vos deux référents",
        "le mardi 24 novembre 2026 à 14 h 30",
        "Où : Agence France Travail de Troyes.",
        "environ 1 h",
        "Jean-Marc Lefèvre, votre conseiller",
        "Aïcha N'Diaye, votre travailleur social",
        "une pièce d'identité",
        "Vous ne pouvez pas venir ?",
    ):
        assert expected in text, expected


def test_the_convocation_lists_what_the_person_brings_and_never_the_notes(
    setting: tuple[AgendaService, str, str, str],
) -> None:
    import io
    from dataclasses import replace

    from pypdf import PdfReader

    agenda, conseiller, social, dossier = setting
    draft = replace(
        joint((conseiller, social), dossier),
        notes="Point sur la dette de loyer (NOTEMARK).",
        to_bring="Votre dernier avis d'imposition et votre CV",
    )
    item = agenda.save(draft, author_id=social, today=TODAY)
    assert item.to_bring == "Votre dernier avis d'imposition et votre CV"
    pdf = agenda.convocation(item.id, author_id=conseiller, today=TODAY)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", " ")
    assert "Votre dernier avis d'imposition et votre CV" in text and "une pièce d'identité" in text
    assert "NOTEMARK" not in text  # the professionals' notes stay theirs
    with pytest.raises(InvalidFields) as caught:
        agenda.save(replace(draft, to_bring="x" * 501), author_id=social, today=TODAY)
    assert "500" in caught.value.errors["to_bring"]


def test_a_change_by_who_cannot_read_the_notes_keeps_them(
    setting: tuple[AgendaService, str, str, str],
) -> None:
    """The conseiller does not read the social worker's notes (no consent): moving the appointment, or saving
    his form where they showed empty, must not erase them."""
    from dataclasses import replace

    agenda, conseiller, social, dossier = setting
    item = agenda.save(
        replace(joint((conseiller, social), dossier), notes="Violences conjugales évoquées."),
        author_id=social,
        today=TODAY,
    )
    seen = agenda.move(item.id, start=datetime(2026, 11, 24, 16), duration_minutes=60, author_id=conseiller)
    assert seen.notes == ""  # hidden from him…
    agenda.save(
        replace(joint((conseiller, social), dossier), notes=""),
        author_id=conseiller,
        appointment_id=item.id,
        today=TODAY,
    )
    kept = agenda.appointments([social], datetime(2026, 11, 23), datetime(2026, 11, 28), viewer_id=social)
    assert [i.notes for i in kept] == ["Violences conjugales évoquées."]  # …and kept for her


def test_the_day_list_prints_every_working_day_and_holidays(
    setting: tuple[AgendaService, str, str, str],
) -> None:
    import io

    from pypdf import PdfReader

    agenda, conseiller, social, dossier = setting
    agenda.save(
        joint((conseiller, social), dossier, day="10/11/2026", time="9h"), author_id=conseiller, today=TODAY
    )
    pdf = agenda.day_list([conseiller, social], date(2026, 11, 9), date(2026, 11, 15), author_id=conseiller)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", " ")
    assert "Rendez-vous — Jean-Marc Lefèvre et Aïcha N'Diaye, du 09/11/2026 au 15/11/2026" in text
    assert "Mercredi 11 novembre 2026 — férié : Armistice" in text and "Aucun rendez-vous." in text
    assert "Rendez-vous tripartite" in text and "LEFÈVRE Anne" in text and "Samedi" not in text
