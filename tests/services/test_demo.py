"""The demonstration caseload: deterministic, realistic, and never mixed into real data."""

import pytest
from sqlalchemy import select, text

from accomp_desktop.demo.generator import DemoRefused, ensure_demo, is_demo
from accomp_desktop.domain.enums import DossierStatus, ExitMotif, Institution, Role
from accomp_desktop.domain.model import Professional
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.services.diagnostic import DiagnosticService
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.engine import make_engine
from accomp_desktop.storage.migrate import upgrade
from accomp_desktop.storage.models import DossierRow, new_id
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY


def memory_store() -> Store:
    engine = make_engine(None)
    upgrade(engine)
    return Store(engine)


def snapshot(store: Store) -> list[tuple[object, ...]]:
    with store.unit_of_work() as session:
        rows = session.execute(
            text(
                "SELECT d.reference, p.last_name, p.first_name, d.status, d.exit_motif, d.entry_date "
                "FROM dossiers d JOIN persons p ON p.id = d.person_id ORDER BY d.reference"
            )
        )
        return [tuple(row) for row in rows]


def test_same_seed_same_caseload(referentiel: Referentiel) -> None:
    first, second = memory_store(), memory_store()
    ensure_demo(first, referentiel, size=120, today=TODAY)
    ensure_demo(second, referentiel, size=120, today=TODAY)
    assert snapshot(first) == snapshot(second)
    assert len(snapshot(first)) == 120


def test_caseload_is_realistic(store: Store, referentiel: Referentiel) -> None:
    summary = ensure_demo(store, referentiel, today=TODAY)
    assert summary.created and summary.dossiers == 250
    rows = snapshot(store)
    statuses = {DossierStatus(r[3]) for r in rows}
    assert statuses == set(DossierStatus)
    motifs = {ExitMotif(r[4]) for r in rows if r[4]}
    assert len(motifs) >= 6
    names = " ".join(f"{r[1]} {r[2]}" for r in rows)
    assert "'" in names and "-" in names and any(c in names for c in "éèëïç")
    with store.unit_of_work() as session:
        binomes = session.execute(text("SELECT count(*), count(DISTINCT territory) FROM binomes")).one()
        around_today = session.execute(
            text("SELECT count(*) FROM appointments WHERE start BETWEEN :a AND :b"),
            {
                "a": "2026-11-01",
                "b": "2026-12-31",
            },  # text: sqlite3's date adapter is deprecated from Python 3.12
        ).scalar()
        counts = {
            t: session.execute(text(f"SELECT count(*) FROM {t}")).scalar()
            for t in ("diagnostic_entries", "actions", "notes", "dossier_events")
        }
    assert binomes == (3, 3)
    assert around_today and around_today > 50
    assert all(n and n > 100 for n in counts.values()), counts
    # Each binôme sits within or near the 70–100 target.
    directory = DirectoryService(store)
    conseiller = next(p for p in directory.professionals() if p.role is Role.CONSEILLER)
    (caseload,) = directory.caseloads(conseiller.id)
    assert 50 <= caseload.counts.active <= 100


def test_exits_follow_entries_and_clock(store: Store, referentiel: Referentiel) -> None:
    ensure_demo(store, referentiel, today=TODAY)
    with store.unit_of_work() as session:
        bad = session.execute(
            text(
                "SELECT count(*) FROM dossiers WHERE (exit_date IS NOT NULL AND exit_date < "
                "orientation_date) "
                "OR (entry_date IS NOT NULL AND entry_date < orientation_date) OR exit_date > :today "
                "OR (status = 'accompagnement' AND (entry_date IS NULL OR planned_end IS NULL))"
            ),
            {"today": TODAY.isoformat()},
        ).scalar()
    assert bad == 0


def test_second_run_keeps_the_demo_as_it_is(store: Store, referentiel: Referentiel) -> None:
    ensure_demo(store, referentiel, size=40, today=TODAY)
    again = ensure_demo(store, referentiel, size=40, today=TODAY)
    assert not again.created and again.dossiers == 40
    assert is_demo(store)


def test_real_data_is_never_mixed_with_demo(store: Store, referentiel: Referentiel) -> None:
    with store.unit_of_work() as session:
        repo.add_professional(
            session,
            Professional(new_id(), "Hélène", "Le Goff", Institution.DEPARTEMENT, Role.TRAVAILLEUR_SOCIAL),
            author_id=None,
        )
    with pytest.raises(DemoRefused, match="données réelles"):
        ensure_demo(store, referentiel, size=10, today=TODAY)
    assert snapshot(store) == []


def test_validated_diagnostics_can_be_compared_in_the_demo(store: Store, referentiel: Referentiel) -> None:
    ensure_demo(store, referentiel, size=60, today=TODAY)
    with store.unit_of_work() as session:
        validated = session.scalars(
            select(DossierRow.id).where(DossierRow.diagnostic_validated_on.is_not(None))
        ).all()
        social = {b.id: b.travailleur_social_id for b in repo.list_binomes(session)}
        binome_of = dict(session.execute(select(DossierRow.id, DossierRow.binome_id)).all())
    service = DiagnosticService(store, referentiel)
    sheets = [service.sheet(dossier_id, viewer_id=social[binome_of[dossier_id]]) for dossier_id in validated]
    assert sheets and all(len(sheet.validations) == 1 for sheet in sheets)
    evolutions = [
        e
        for sheet in sheets
        for e in service.evolution(
            sheet.dossier_id, sheet.validations[0].id, viewer_id=social[binome_of[sheet.dossier_id]]
        )
    ]
    assert {e.evolution.name for e in evolutions} >= {"SAME", "BETTER"}
    assert any(sheet.strengths for sheet in sheets)
