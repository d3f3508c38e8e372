"""The life of a dossier through its service: orientation, duplicates, identity, lifecycle, journal."""

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import text

from accomp_desktop.domain.enums import DossierStatus, EventKind, ExitMotif, Route
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.domain.validation import InvalidFields
from accomp_desktop.services.dossier_records import (
    DossierDetail,
    DuplicateFound,
    OrientationDraft,
    PersonDraft,
)
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.storage.errors import RecordGone
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY
from tests.factories import seed

PERSON = PersonDraft(
    last_name="N'Diaye-Lefèvre",
    first_name="Marie-Thérèse",
    birth_date="04/07/1985",
    france_travail_id="1234567a",
    phone="06.12.34.56.78",
    email="mt@exemple.fr",
    address="3 rue de l'Église",
    postcode="10000",
    city="Troyes",
    rsa=True,
)


@pytest.fixture
def service(store: Store) -> DossierService:
    return DossierService(store)


@pytest.fixture
def people(store: Store) -> tuple[str, str, str]:
    conseiller, social, binome = seed(store)
    return conseiller.id, social.id, binome.id


def orientation(
    people: tuple[str, str, str], person: PersonDraft = PERSON, **changes: object
) -> OrientationDraft:
    conseiller, _, binome = people
    draft = OrientationDraft(
        person=person,
        binome_id=binome,
        oriented_by=conseiller,
        route=Route.GLOBAL,
        orientation_date="02/11/2026",
        reasons="Logement précaire et projet professionnel à construire.",
        agreement=True,
    )
    return replace(draft, **changes)  # type: ignore[arg-type]


def create(service: DossierService, people: tuple[str, str, str], **changes: object) -> DossierDetail:
    return service.create(orientation(people, **changes), author_id=people[0], today=TODAY)


def test_create_cleans_the_typed_values_and_records_the_orientation(
    service: DossierService, people: tuple[str, str, str]
) -> None:
    detail = create(service, people)
    person, dossier = detail.person, detail.dossier
    assert (person.last_name, person.first_name) == ("N'Diaye-Lefèvre", "Marie-Thérèse")
    assert person.birth_date == date(1985, 7, 4)
    assert person.france_travail_id == "1234567A" and person.phone == "06 12 34 56 78"
    assert dossier.reference == "AG-2026-0001" and dossier.status is DossierStatus.ORIENTATION
    assert dossier.person_agreement and dossier.orientation_date == date(2026, 11, 2)
    [step] = detail.history
    assert step.kind is EventKind.ORIENTATION and step.author == "Jean-Marc Lefèvre"
    assert "Logement précaire" in step.details and "Accord de la personne" in step.details
    assert (
        create(
            service, people, person=replace(PERSON, france_travail_id="", last_name="Autre")
        ).dossier.reference
        == "AG-2026-0002"
    )


def test_every_wrong_field_is_named_and_nothing_is_written(
    service: DossierService, people: tuple[str, str, str], store: Store
) -> None:
    bad = PersonDraft(
        last_name=" ",
        first_name="Ana",
        birth_date="31/02/1990",
        phone="12",
        email="ana@",
        postcode="1000",
        france_travail_id="12-34",
    )
    with pytest.raises(InvalidFields) as caught:
        create(service, people, person=bad, agreement=False, reasons="", orientation_date="demain")
    errors = caught.value.errors
    assert set(errors) == {
        "last_name",
        "birth_date",
        "phone",
        "email",
        "postcode",
        "france_travail_id",
        "agreement",
        "reasons",
        "orientation_date",
    }
    assert "n'existe pas dans le calendrier" in errors["birth_date"]
    assert "accord de la personne" in errors["agreement"]
    with store.unit_of_work() as session:
        assert session.execute(text("SELECT count(*) FROM dossiers")).scalar() == 0


def test_a_very_long_text_is_refused_with_its_length(
    service: DossierService, people: tuple[str, str, str]
) -> None:
    with pytest.raises(InvalidFields) as caught:
        create(service, people, reasons="x" * 5000)
    assert "5000 caractères" in caught.value.errors["reasons"]


@pytest.mark.parametrize(
    "twin",
    [
        replace(PERSON, last_name="NDIAYE LEFEVRE", first_name="marie therese", france_travail_id=""),
        replace(
            PERSON,
            last_name="Martin",
            first_name="Paul",
            birth_date="01/01/1990",
            france_travail_id="1234567A",
        ),
    ],
    ids=["same names and birth date, without accents", "same France Travail identifier"],
)
def test_duplicates_are_found_and_can_be_created_anyway(
    service: DossierService, people: tuple[str, str, str], twin: PersonDraft
) -> None:
    first = create(service, people)
    with pytest.raises(DuplicateFound) as caught:
        create(service, people, person=twin)
    [match] = caught.value.matches
    assert match.dossier_id == first.dossier.id and match.reference == "AG-2026-0001"
    second = service.create(
        orientation(people, person=twin), author_id=people[0], today=TODAY, allow_duplicate=True
    )
    assert second.dossier.id != first.dossier.id


def test_a_namesake_born_another_day_is_not_a_duplicate(
    service: DossierService, people: tuple[str, str, str]
) -> None:
    create(service, people)
    other = create(service, people, person=replace(PERSON, birth_date="05/07/1985", france_travail_id=""))
    assert other.dossier.reference == "AG-2026-0002"


def test_identity_changes_are_validated_and_written_in_the_history(
    service: DossierService, people: tuple[str, str, str]
) -> None:
    detail = create(service, people)
    draft = replace(PersonDraft.of(detail.person), phone="+33 7 11 22 33 44", city="Bar-sur-Aube")
    changed = service.update_person(detail.dossier.id, draft, author_id=people[1], today=TODAY)
    assert changed.person.phone == "07 11 22 33 44" and changed.person.city == "Bar-sur-Aube"
    step = changed.history[0]
    assert step.kind is EventKind.IDENTITY and step.author == "Aïcha N'Diaye"
    assert (
        "Téléphone : 06 12 34 56 78 → 07 11 22 33 44" in step.details
        and "Commune : Troyes → Bar-sur-Aube" in step.details
    )
    same = service.update_person(detail.dossier.id, draft, author_id=people[1], today=TODAY)
    assert len(same.history) == len(changed.history)  # saving without change writes no history
    with pytest.raises(InvalidFields):
        service.update_person(
            detail.dossier.id, replace(draft, email="pas-un-mail"), author_id=people[1], today=TODAY
        )


def validate_diagnostic(store: Store, dossier_id: str) -> None:
    """Stands for the diagnostic editor's joint validation (issue 4)."""
    with store.unit_of_work() as session:
        session.execute(
            text("UPDATE dossiers SET diagnostic_validated_on = '2026-11-10' WHERE id = :id"),
            {"id": dossier_id},
        )


def test_the_whole_life_of_a_dossier(
    service: DossierService, people: tuple[str, str, str], store: Store
) -> None:
    me = people[0]
    dossier_id = create(service, people).dossier.id
    with pytest.raises(RuleError, match="« Orientation » ne peut pas passer au statut « Accompagnement »"):
        service.enter(
            dossier_id,
            entry_date="20/11/2026",
            conseiller_agrees=True,
            social_agrees=True,
            author_id=me,
            today=TODAY,
        )
    service.start_diagnostic(dossier_id, author_id=me, today=TODAY)
    with pytest.raises(RuleError, match="diagnostic partagé validé"):
        service.enter(
            dossier_id,
            entry_date="20/11/2026",
            conseiller_agrees=True,
            social_agrees=True,
            author_id=me,
            today=TODAY,
        )
    validate_diagnostic(store, dossier_id)
    with pytest.raises(RuleError, match="décision conjointe"):
        service.enter(
            dossier_id,
            entry_date="20/11/2026",
            conseiller_agrees=True,
            social_agrees=False,
            author_id=me,
            today=TODAY,
        )
    with pytest.raises(RuleError, match="futur"):
        service.enter(
            dossier_id,
            entry_date="23/11/2026",
            conseiller_agrees=True,
            social_agrees=True,
            author_id=me,
            today=TODAY,
        )
    entered = service.enter(
        dossier_id,
        entry_date="20/11/2026",
        conseiller_agrees=True,
        social_agrees=True,
        author_id=me,
        today=TODAY,
    )
    assert entered.dossier.status is DossierStatus.ACCOMPAGNEMENT
    assert entered.dossier.planned_end == date(2027, 11, 20)
    assert "Jean-Marc Lefèvre et Aïcha N'Diaye" in entered.history[0].details

    renewed = service.renew(dossier_id, months=6, joint_decision=True, author_id=me, today=TODAY)
    assert renewed.dossier.planned_end == date(2028, 5, 20) and renewed.dossier.renewed
    with pytest.raises(RuleError, match="déjà été renouvelé"):
        service.renew(dossier_id, months=6, joint_decision=True, author_id=me, today=TODAY)

    with pytest.raises(InvalidFields) as caught:
        service.close(dossier_id, exit_date="32/11/2026", motif=None, bilan="", author_id=me, today=TODAY)
    assert set(caught.value.errors) == {"exit_date", "motif", "bilan"}
    closed = service.close(
        dossier_id,
        exit_date="22/11/2026",
        motif=ExitMotif.LASTING_JOB,
        bilan="CDI d'aide-soignante à l'hôpital de Troyes.",
        author_id=me,
        today=TODAY,
    )
    assert closed.dossier.status is DossierStatus.SORTIE
    assert closed.dossier.exit is not None and closed.dossier.exit.motif is ExitMotif.LASTING_JOB
    assert closed.clock(TODAY) is None
    with pytest.raises(RuleError, match="« Sorti » ne peut pas passer"):
        service.close(
            dossier_id, exit_date="22/11/2026", motif=ExitMotif.OTHER, bilan="x", author_id=me, today=TODAY
        )

    reopened = service.reopen(dossier_id, reason="Fin de période d'essai.", author_id=me, today=TODAY)
    assert reopened.dossier.status is DossierStatus.ACCOMPAGNEMENT and reopened.dossier.exit is None
    assert "sortie du 22/11/2026" in reopened.history[0].details
    assert [line.kind for line in reopened.history] == [
        EventKind.REOPENING,
        EventKind.EXIT,
        EventKind.RENEWAL,
        EventKind.ENTRY,
        EventKind.DIAGNOSTIC,
        EventKind.ORIENTATION,
    ]


def test_a_dossier_closed_before_entry_reopens_at_the_diagnostic(
    service: DossierService, people: tuple[str, str, str]
) -> None:
    dossier_id = create(service, people).dossier.id
    service.close(
        dossier_id,
        exit_date="20/11/2026",
        motif=ExitMotif.MOVED_AWAY,
        bilan="Départ à Lyon.",
        author_id=people[0],
        today=TODAY,
    )
    with pytest.raises(RuleError, match="obligatoire"):
        service.reopen(dossier_id, reason="  ", author_id=people[0], today=TODAY)
    assert (
        service.reopen(
            dossier_id, reason="Retour dans l'Aube.", author_id=people[0], today=TODAY
        ).dossier.status
        is DossierStatus.DIAGNOSTIC
    )
    with pytest.raises(RuleError, match="Seul un dossier sorti"):
        service.reopen(dossier_id, reason="x", author_id=people[0], today=TODAY)


def test_notes_keep_their_previous_versions_and_only_the_author_edits(
    service: DossierService, people: tuple[str, str, str]
) -> None:
    conseiller, social, _ = people
    dossier_id = create(service, people).dossier.id
    with pytest.raises(RuleError, match="obligatoire"):
        service.add_note(dossier_id, "   ", author_id=social)
    detail = service.add_note(dossier_id, "Rendez-vous CAF fixé au 3 décembre.", author_id=social)
    [line] = detail.notes
    assert line.author == "Aïcha N'Diaye" and not line.note.edited
    edited = service.edit_note(line.note.id, "Rendez-vous CAF fixé au 4 décembre.", author_id=social)
    note = edited.notes[0].note
    assert note.text == "Rendez-vous CAF fixé au 4 décembre."
    assert [v.text for v in note.versions] == ["Rendez-vous CAF fixé au 3 décembre."]
    with pytest.raises(RuleError, match="Seul l'auteur"):
        service.edit_note(note.id, "Autre chose", author_id=conseiller)


def test_a_deleted_dossier_gives_a_clear_message(
    service: DossierService, people: tuple[str, str, str]
) -> None:
    with pytest.raises(RecordGone, match="Ce dossier n'existe plus"):
        service.detail("no-such-dossier", viewer_id=people[0])


def test_anonymisation_after_two_years_without_contact(
    service: DossierService, people: tuple[str, str, str], store: Store
) -> None:
    from accomp_desktop.domain.caselist import Alert, CaseQuery, Scope
    from accomp_desktop.services.caselist import CaseListService

    detail = create(service, people)
    dossier_id = detail.dossier.id
    service.add_note(dossier_id, "Violences conjugales signalées.", author_id=people[1])
    with pytest.raises(RuleError, match="pas atteinte"):
        service.anonymise(dossier_id, author_id=people[0], today=TODAY)
    later = date(2029, 1, 1)
    query = CaseQuery(professional_id=people[0], today=later, scope=Scope.ALL, alert=Alert.RETENTION)
    assert CaseListService(store).ids(query) == [dossier_id]
    done = service.anonymise(dossier_id, author_id=people[0], today=later)
    assert (done.person.last_name, done.person.first_name) == ("Anonyme", done.dossier.reference)
    assert done.person.birth_date is None and done.person.phone == "" and done.person.france_travail_id == ""
    assert done.dossier.anonymised_on == later and done.dossier.status is detail.dossier.status
    assert (
        service.detail(dossier_id, viewer_id=people[1]).notes[0].note.text == ""
        and done.history[0].kind is EventKind.ANONYMISED
    )
    assert all(line.details == "" for line in done.history[1:])
    assert CaseListService(store).ids(query) == []
    with store.unit_of_work() as session:
        everything = " ".join(
            str(row)
            for table in ("persons", "notes", "dossiers", "dossier_events")
            for row in session.execute(text(f"SELECT * FROM {table}")).all()
        )
    assert "N'Diaye-Lefèvre" not in everything and "Violences" not in everything
    with pytest.raises(RuleError, match="déjà anonymisé"):
        service.anonymise(dossier_id, author_id=people[0], today=later)
