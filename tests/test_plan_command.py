"""``plan-pdf`` records a plan as handed to the person only once its file is written whole; a file that cannot
be written gives a French sentence, leaves nothing half-written and records nothing."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from sqlalchemy import text

from accomp_desktop.commands import CommandError, plan_pdfs
from accomp_desktop.services.signin import SignInService
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.session import Store
from tests.factories import add_dossier, seed

PASSPHRASE = "la phrase du conseiller"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_keys: None) -> DataFolder:
    from accomp_desktop.domain.enums import Institution, Role

    data = DataFolder(tmp_path / "data")
    data.create()
    unlocked = SignInService(data).first_use(
        first_name="Aïcha",
        last_name="N'Diaye",
        institution=Institution.DEPARTEMENT,
        role=Role.TRAVAILLEUR_SOCIAL,
        passphrase=PASSPHRASE,
        again=PASSPHRASE,
    )
    conseiller, _, binome = seed(unlocked.store)
    from accomp_desktop.storage import repositories as repo

    with (
        unlocked.store.unit_of_work() as session
    ):  # she joins the binôme, in place of the seeded social worker
        row = repo.get_binome(session, binome.id)
        assert row is not None
        session.execute(
            text("UPDATE binomes SET travailleur_social_id = :me"), {"me": unlocked.professional.id}
        )
    add_dossier(unlocked.store, binome.id, conseiller.id)
    unlocked.store.close()
    monkeypatch.setenv("ACCOMP_PASSPHRASE", PASSPHRASE)
    return data


def kept(folder: DataFolder) -> int:
    signin = SignInService(folder)
    key = signin.check(signin.profiles()[0].id, PASSPHRASE)
    from accomp_desktop.storage.engine import make_engine

    store = Store(make_engine(folder.database, key), folder.database)
    try:
        with store.unit_of_work() as session:
            return int(session.execute(text("SELECT count(*) FROM issued_plans")).scalar_one())
    finally:
        store.close()


def test_a_written_plan_is_kept(folder: DataFolder, tmp_path: Path) -> None:
    [written] = plan_pdfs(folder, ["AG-2026-0001"], tmp_path / "plan.pdf")
    assert written.read_bytes().startswith(b"%PDF") and kept(folder) == 1


def test_a_full_disk_records_nothing_and_says_so_in_french(
    folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_path: Path, _data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("accomp_desktop.jsonfile.write_bytes_atomic", full)
    with pytest.raises(CommandError) as caught:
        plan_pdfs(folder, ["AG-2026-0001"], tmp_path / "plan.pdf")
    assert "le disque est plein" in str(caught.value) and "No space" not in str(caught.value)
    assert "None" not in str(caught.value)
    assert not (tmp_path / "plan.pdf").exists() and kept(folder) == 0


def test_an_output_that_is_a_folder_is_refused(folder: DataFolder, tmp_path: Path) -> None:
    (tmp_path / "plans.pdf").mkdir()
    with pytest.raises(CommandError, match="est un dossier"):
        plan_pdfs(folder, ["AG-2026-0001"], tmp_path / "plans.pdf")
    assert kept(folder) == 0


def test_restoring_an_empty_file_is_refused_and_nothing_changes(folder: DataFolder, tmp_path: Path) -> None:
    from accomp_desktop.commands import restore_backup

    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    before = folder.database.read_bytes()
    with pytest.raises(CommandError) as caught:
        restore_backup(folder, empty)
    assert str(caught.value).endswith(
        "le fichier est vide, ce n'est pas une sauvegarde. Rien n'a été modifié."
    )
    assert folder.database.read_bytes() == before
