"""Repositories round-trip every field, hand back frozen dataclasses, keep audit data, hide soft deletions."""

import dataclasses
from datetime import date

import pytest
from sqlalchemy import text

from accomp_desktop.domain.enums import DossierStatus, ExitMotif, Route
from accomp_desktop.domain.model import Dossier, ExitRecord, Person
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.models import DossierRow, ProfessionalRow, new_id
from accomp_desktop.storage.session import Store
from tests.factories import seed


def test_professionals_round_trip_with_accents_and_audit(store: Store) -> None:
    conseiller, social, _ = seed(store)
    with store.unit_of_work() as session:
        found = repo.list_professionals(session)
    assert [p.display_name for p in found] == ["Jean-Marc Lefèvre", "Aïcha N'Diaye"]
    assert found[1].audit is not None and found[1].audit.created_by == conseiller.id
    with pytest.raises(dataclasses.FrozenInstanceError):
        found[0].last_name = "X"  # type: ignore[misc]


def test_person_and_dossier_round_trip_every_field(store: Store) -> None:
    conseiller, _, binome = seed(store)
    person = Person(
        new_id(),
        "D'Angelo-Bérubé",
        "Marie-Thérèse",
        date(1979, 2, 28),
        "06 12 34 56 78",
        "mt@exemple.fr",
        "3 place de l'Hôtel-de-Ville",
        "10200",
        "Bar-sur-Aube",
        "0123456A",
        True,
    )
    dossier = Dossier(
        new_id(),
        "AG-2026-0042",
        person.id,
        binome.id,
        Route.GLOBAL,
        DossierStatus.SORTIE,
        date(2026, 1, 5),
        oriented_by=conseiller.id,
        orientation_reasons="Logement et mobilité " * 200,
        person_agreement=True,
        entry_date=date(2026, 2, 1),
        planned_end=date(2027, 2, 1),
        renewed=False,
        exit=ExitRecord(date(2026, 10, 1), ExitMotif.PMSMP, "Immersion réussie"),
    )
    with store.unit_of_work() as session:
        repo.add_person(session, person, author_id=conseiller.id)
        repo.add_dossier(session, dossier, author_id=conseiller.id)
    with store.unit_of_work() as session:
        person_back = repo.get_person(session, person.id)
        dossier_back = repo.get_dossier(session, dossier.id)
    assert person_back is not None and dossier_back is not None
    assert dataclasses.replace(person_back, audit=None) == person
    assert dataclasses.replace(dossier_back, audit=None) == dossier
    # Enum fields come back as members (with their label), not as bare strings.
    assert dossier_back.status is DossierStatus.SORTIE and dossier_back.route is Route.GLOBAL
    assert dossier_back.exit is not None and dossier_back.exit.motif.label.startswith("PMSMP")


def test_soft_deletion_hides_but_keeps_the_row(store: Store) -> None:
    conseiller, social, _ = seed(store)
    with store.unit_of_work() as session:
        assert repo.soft_delete(session, ProfessionalRow, social.id, author_id=conseiller.id)
        assert not repo.soft_delete(session, ProfessionalRow, social.id, author_id=conseiller.id)
    with store.unit_of_work() as session:
        assert repo.get_professional(session, social.id) is None
        assert [p.id for p in repo.list_professionals(session)] == [conseiller.id]
        row = session.execute(
            text("SELECT deleted_by, deleted_at FROM professionals WHERE id = :i"), {"i": social.id}
        ).one()
    assert row[0] == conseiller.id and row[1] is not None


def test_caseload_counts_by_status(store: Store) -> None:
    conseiller, _, binome = seed(store)
    with store.unit_of_work() as session:
        for index, status in enumerate([DossierStatus.ACCOMPAGNEMENT] * 3 + [DossierStatus.SORTIE]):
            person = repo.add_person(session, Person(new_id(), "Nom", f"Prénom {index}"), author_id=None)
            session.add(
                DossierRow(
                    reference=f"AG-2026-{index + 1:04d}",
                    person_id=person.id,
                    binome_id=binome.id,
                    route=Route.GLOBAL.value,
                    status=status.value,
                    orientation_date=date(2026, 1, 1),
                )
            )
    with store.unit_of_work() as session:
        (count,) = repo.caseload(session, [binome.id])
        references = repo.references_of_year(session, 2026)
    assert count.by_status == {DossierStatus.ACCOMPAGNEMENT: 3, DossierStatus.SORTIE: 1}
    assert count.active == 3
    assert sorted(references) == ["AG-2026-0001", "AG-2026-0002", "AG-2026-0003", "AG-2026-0004"]


def test_meta_values(store: Store) -> None:
    with store.unit_of_work() as session:
        assert repo.get_meta(session, "demo") is None
        repo.set_meta(session, "demo", "oui")
    with store.unit_of_work() as session:
        assert repo.get_meta(session, "demo") == "oui"
