"""Shared fixtures: offscreen Qt, a temporary data folder, a migrated database, the shipped référentiel."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import: no screen on CI

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from accomp_desktop.domain.referentiel import Referentiel, load_referentiel
from accomp_desktop.resources import resource_path
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.migrate import open_database
from accomp_desktop.storage.session import Store

TODAY = date(2026, 11, 22)


@pytest.fixture
def data_folder(tmp_path: Path) -> DataFolder:
    folder = DataFolder(tmp_path / "data")
    folder.create()
    return folder


@pytest.fixture
def store(data_folder: DataFolder) -> Iterator[Store]:
    """A real database file, created and migrated the way the application does it. After the test, the
    outbox must describe every shared row exactly (tests/outbox_check.py)."""
    from tests.outbox_check import outbox_mismatches

    engine = open_database(data_folder)
    store = Store(engine, data_folder.database)
    yield store
    problems = outbox_mismatches(engine) if data_folder.database.exists() else []
    store.close()
    assert problems == [], "writes that would not travel to the partner's machine"


@pytest.fixture(scope="session")
def referentiel() -> Referentiel:
    return load_referentiel(resource_path("referentiel.toml"))


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory, referentiel: Referentiel) -> Iterator[Store]:
    """One 250-dossier demo caseload per test module, for tests that only read."""
    from accomp_desktop.demo.generator import ensure_demo

    folder = DataFolder(tmp_path_factory.mktemp("demo"))
    folder.create()
    store = Store(open_database(folder), folder.database)
    ensure_demo(store, referentiel, today=TODAY)
    yield store
    store.close()


@pytest.fixture
def fast_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap key derivation for tests that sign in many times; the real cost is tested in test_keys."""
    monkeypatch.setattr("accomp_desktop.storage.keys.ARGON2", {"memory_kib": 64, "passes": 1, "lanes": 1})
