"""Backups: daily and encrypted, listed with their reason, and the restore drill — a full export of the
database before a change, and after restoring the backup taken before it, must be identical."""

import os
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from accomp_desktop.demo.generator import ensure_demo
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.services.backups import DAY, BackupService
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.storage.backup import BackupUnusable
from accomp_desktop.storage.location import DataFolder, is_plain
from accomp_desktop.storage.migrate import open_database
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY
from tests.factories import canary_dossier

CANARY = "Zéphyrine-Canari-5521"


def full_export(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the search index's shadow tables aside), in a stable order."""
    with store.engine.connect() as connection:
        tables = [
            row[0]
            for row in connection.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                    "AND name NOT LIKE 'dossier_search%' ORDER BY name"
                )
            )
        ]
        return {
            table: sorted(map(tuple, connection.execute(text(f'SELECT * FROM "{table}"'))), key=repr)
            for table in tables
        }


@pytest.fixture
def key() -> bytes:
    return os.urandom(32)


def encrypted_store(folder: DataFolder, key: bytes) -> Store:
    return Store(open_database(folder, key=key), folder.database)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_daily_backup_is_taken_once_a_day_encrypted_with_the_key_file_beside_it(
    data_folder: DataFolder, key: bytes
) -> None:
    store = encrypted_store(data_folder, key)
    canary_dossier(store, CANARY)
    store.close()
    data_folder.keys_file.write_text("{}", encoding="utf-8")
    clock = Clock()
    service = BackupService(data_folder, key, clock=clock)
    clock.now = time.time()
    first = service.take_daily_if_due()
    assert first is not None and first.reason == "quotidienne"
    assert service.take_daily_if_due() is None  # once a day
    clock.now += DAY + 1
    assert service.take_daily_if_due() is not None
    assert (data_folder.backups / "keys.json").exists()
    for copy in service.copies():
        assert not is_plain(copy.path)
        assert CANARY.encode() not in copy.path.read_bytes()


def test_restore_drill_brings_back_exactly_what_was_backed_up(
    data_folder: DataFolder, key: bytes, referentiel: Referentiel
) -> None:
    store = encrypted_store(data_folder, key)
    ensure_demo(store, referentiel, size=40, today=TODAY)
    before = full_export(store)
    service = BackupService(data_folder, key)
    backup = service.take()
    dossiers = DossierService(store)
    social, dossier_id = canary_dossier(store, CANARY)  # work done after the backup
    dossiers.add_note(dossier_id, "Une note écrite après la sauvegarde.", author_id=social.id)
    changed = full_export(store)
    assert changed != before
    store.close()

    safety = service.restore(backup.path)
    store = encrypted_store(data_folder, key)
    assert full_export(store) == before
    store.close()
    service.restore(safety.path)  # a restore can be undone
    store = encrypted_store(data_folder, key)
    assert full_export(store) == changed
    store.close()


def test_a_damaged_backup_is_refused_and_the_database_left_as_it_is(
    data_folder: DataFolder, key: bytes
) -> None:
    store = encrypted_store(data_folder, key)
    store.close()
    service = BackupService(data_folder, key)
    backup = service.take()
    data = bytearray(backup.path.read_bytes())
    data[5000:5100] = b"\x00" * 100
    backup.path.write_bytes(bytes(data))
    database_before = data_folder.database.read_bytes()
    with pytest.raises(BackupUnusable, match="ne peut pas être utilisée : le fichier est endommagé"):
        service.restore(backup.path)
    assert data_folder.database.read_bytes() == database_before
    assert not Path(str(data_folder.database) + ".restoring").exists()


def test_a_full_disk_during_a_restore_says_so_and_touches_nothing(
    data_folder: DataFolder, key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import shutil

    from accomp_desktop.storage.errors import StorageError

    encrypted_store(data_folder, key).close()
    service = BackupService(data_folder, key)
    backup = service.take()
    database_before = data_folder.database.read_bytes()

    def full_disk(source: Path, target: Path) -> None:
        Path(target).write_bytes(b"half a copy")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", full_disk)
    with pytest.raises(
        StorageError, match="n'a pas pu être remise en place.*base actuelle n'a pas été touchée"
    ):
        service.restore(backup.path)
    assert data_folder.database.read_bytes() == database_before
    assert not Path(str(data_folder.database) + ".restoring").exists()


# --- backups that can be trusted
# --------------------------------------------------------------------------------


def test_a_restore_refuses_what_is_no_backup_of_this_computer_in_one_sentence(
    data_folder: DataFolder, key: bytes, tmp_path: Path
) -> None:
    import sqlite3

    store = encrypted_store(data_folder, key)
    canary_dossier(store, CANARY)
    store.close()
    service = BackupService(data_folder, key)
    good = service.take()
    empty = tmp_path / "vide.db"
    empty.write_bytes(b"")
    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.commit()
    foreign_folder = DataFolder(tmp_path / "autre-poste")
    foreign_folder.create()
    encrypted_store(foreign_folder, os.urandom(32)).close()  # the same schema, under another computer's key
    cut = tmp_path / "coupee.db"
    cut.write_bytes(good.path.read_bytes()[:10000])
    before = data_folder.database.read_bytes()
    for path, reason in (
        (empty, "le fichier est vide, ce n'est pas une sauvegarde."),
        (plain, "le fichier n'est pas chiffré"),
        (foreign_folder.database, "faite sur un autre poste"),
        (cut, "le fichier est endommagé (coupé ou abîmé)."),
    ):
        with pytest.raises(BackupUnusable) as caught:
            service.restore(path)
        message = str(caught.value)
        assert reason in message and message.count("ne peut pas être utilisée") == 1, message
        assert data_folder.database.read_bytes() == before
    facts = service.facts(good.path)
    assert facts.dossiers == 1 and service.current_facts() == facts


def test_a_full_disk_leaves_no_copy_and_never_pushes_out_a_good_one(
    data_folder: DataFolder, key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from accomp_desktop.services.backups import BackupFailed

    encrypted_store(data_folder, key).close()
    clock = Clock()
    clock.now = time.time()
    service = BackupService(data_folder, key, keep=3, clock=clock)
    good = [service.take() for _ in range(3)]
    (data_folder.backups / "accomp-20200101-000000-000000-daily.db").write_bytes(b"")  # an older version's
    real_fsync = os.fsync

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.fsync", disk_full)
    for _ in range(5):
        with pytest.raises(BackupFailed, match="le disque est plein") as caught:
            service.take("daily")
        assert "No space" not in str(caught.value) and "une nouvelle sauvegarde sera tentée" in str(
            caught.value
        )
    monkeypatch.setattr("os.fsync", real_fsync)
    assert [c.path for c in service.copies()] == [
        g.path for g in reversed(good)
    ]  # listed: the good ones only
    assert not list(data_folder.backups.glob(".accomp-*"))  # no half copy left
    clock.now += DAY + 1
    assert service.due()  # a failed daily backup does not count as the day's
    assert service.take_daily_if_due() is not None
    assert not (data_folder.backups / "accomp-20200101-000000-000000-daily.db").exists()


def test_a_damaged_database_is_named_and_its_backup_refused(data_folder: DataFolder, key: bytes) -> None:
    from accomp_desktop.services.backups import BackupFailed
    from accomp_desktop.storage.errors import DatabaseDamaged

    store = encrypted_store(data_folder, key)
    canary_dossier(store, CANARY)
    with store.unit_of_work() as session:  # room for a page to damage that is not the first
        session.execute(text("UPDATE persons SET address = :a"), {"a": "x" * 20000})
    store.close()
    service = BackupService(data_folder, key)
    service.take()
    data = bytearray(data_folder.database.read_bytes())
    data[-3000:-2900] = os.urandom(100)  # one page near the end
    data_folder.database.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged):
        service.check_database()
    with pytest.raises(BackupFailed, match="la base elle-même est endommagée"):
        service.take()
    assert len(service.copies()) == 1
