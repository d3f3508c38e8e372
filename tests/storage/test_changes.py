"""Every committed unit of work says what it changed (areas, dossiers), derived from the rows it wrote; a
read, a rolled-back write say nothing; another connection's commit is noticed as an outside change, ours are
not."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text, update

from accomp_desktop.domain.changes import Area, Changes
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.migrate import open_database
from accomp_desktop.storage.models import BinomeRow, DossierRow
from accomp_desktop.storage.session import Store
from tests.factories import add_dossier, seed


@pytest.fixture
def heard(store: Store) -> list[Changes]:
    received: list[Changes] = []
    store.changes.subscribe(received.append)
    return received


def test_a_new_dossier_reports_its_person_and_its_dossier(store: Store, heard: list[Changes]) -> None:
    conseiller, _, binome = seed(store)
    heard.clear()
    dossier = add_dossier(store, binome.id, conseiller.id)
    (changes,) = heard
    assert {Area.PERSON, Area.DOSSIER} <= changes.parts and not changes.outside
    assert changes.touches(Area.DOSSIER, dossier=dossier)
    assert changes.touches(Area.PERSON, dossier="another")  # a person row names no dossier: any may show it
    assert not changes.touches(Area.AGENDA)


def test_a_read_and_a_failed_write_report_nothing(store: Store, heard: list[Changes]) -> None:
    conseiller, _, binome = seed(store)
    dossier = add_dossier(store, binome.id, conseiller.id)
    heard.clear()
    with store.unit_of_work() as session:
        session.scalars(select(DossierRow)).all()
    with pytest.raises(RuntimeError), store.unit_of_work() as session:
        row = session.get(DossierRow, dossier)
        assert row is not None
        row.last_contact_date = date(2026, 11, 20)
        session.flush()
        raise RuntimeError("the write fails after its flush")
    assert heard == []


def test_a_change_names_its_dossier_only(store: Store, heard: list[Changes]) -> None:
    conseiller, _, binome = seed(store)
    first, second = (
        add_dossier(store, binome.id, conseiller.id),
        add_dossier(store, binome.id, conseiller.id, "Ruiz"),
    )
    heard.clear()
    with store.unit_of_work() as session:
        row = session.get(DossierRow, first)
        assert row is not None
        row.last_contact_date = date(2026, 11, 20)
    (changes,) = heard
    assert changes.touches(Area.DOSSIER, dossier=first) and not changes.touches(Area.DOSSIER, dossier=second)


def test_a_bulk_statement_reports_its_area_for_any_dossier(store: Store, heard: list[Changes]) -> None:
    seed(store)
    heard.clear()
    with store.unit_of_work() as session:
        session.execute(update(BinomeRow).values(territory="Troyes"))
    (changes,) = heard
    assert changes.parts == {Area.DIRECTORY} and changes.dossiers is None


def test_another_connection_s_commit_is_an_outside_change_and_ours_are_not(
    store: Store, data_folder: DataFolder, heard: list[Changes]
) -> None:
    conseiller, _, binome = seed(store)
    store.watch_outside(interval=3600)  # looked at by hand below
    watcher = store._watcher
    assert watcher is not None
    add_dossier(store, binome.id, conseiller.id)  # our own write
    with store.unit_of_work() as session:  # and a read
        session.execute(text("SELECT count(*) FROM dossiers")).scalar()
    assert not watcher.check()
    heard.clear()

    other = Store(open_database(data_folder), data_folder.database)  # a batch command, another instance
    try:
        add_dossier(other, binome.id, conseiller.id, "Ruiz")
    finally:
        other.close()
    with store.unit_of_work() as session:  # a read in between does not hide it
        session.execute(text("SELECT count(*) FROM dossiers")).scalar()
    assert watcher.check()
    assert heard == [Changes.everything(outside=True)]
    assert not watcher.check()  # told once
