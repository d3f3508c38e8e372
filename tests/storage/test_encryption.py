"""The encrypted database: unreadable without the key, migrated and backed up encrypted, converted once from
the foundation's plain file with nothing plain left behind."""

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from accomp_desktop.domain.enums import Institution, Role
from accomp_desktop.domain.model import Professional
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.backup import backup_database, encrypt_plain_files
from accomp_desktop.storage.errors import DatabaseDamaged, StorageError
from accomp_desktop.storage.location import DataFolder, is_plain
from accomp_desktop.storage.migrate import head_revision, inspect_file, open_database
from accomp_desktop.storage.session import Store

CANARY = "Zéphyrine-Canari-7781"


def add_canary(store: Store) -> None:
    with store.unit_of_work() as session:
        repo.add_professional(
            session,
            Professional("p1", CANARY, "Test", Institution.DEPARTEMENT, Role.TRAVAILLEUR_SOCIAL),
            author_id=None,
        )


def files_of(folder: DataFolder) -> list[Path]:
    return [p for p in folder.root.rglob("*") if p.is_file()]


def test_an_encrypted_database_opens_with_its_key_only(data_folder: DataFolder) -> None:
    key = os.urandom(32)
    store = Store(open_database(data_folder, key=key), data_folder.database)
    add_canary(store)
    store.close()
    assert not is_plain(data_folder.database)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(data_folder.database).execute("SELECT * FROM sqlite_master").fetchall()
    with pytest.raises(DatabaseDamaged):
        inspect_file(data_folder.database, key=os.urandom(32))  # a wrong key reads as garbage
    assert inspect_file(data_folder.database, key=key) == head_revision()
    backup = backup_database(data_folder.database, data_folder.backups, label="test", key=key)
    assert not is_plain(backup)
    for path in files_of(data_folder):
        assert CANARY.encode() not in path.read_bytes(), path


def test_the_plain_database_and_its_backups_are_converted_once(data_folder: DataFolder) -> None:
    store = Store(open_database(data_folder), data_folder.database)  # the foundation's plain file
    add_canary(store)
    store.close()
    backup_database(data_folder.database, data_folder.backups, label="old")
    assert any(CANARY.encode() in p.read_bytes() for p in files_of(data_folder))
    key = os.urandom(32)
    assert encrypt_plain_files(data_folder.database, data_folder.backups, key) == 2
    assert encrypt_plain_files(data_folder.database, data_folder.backups, key) == 0  # once only
    for path in files_of(data_folder):
        assert CANARY.encode() not in path.read_bytes(), path
    store = Store(open_database(data_folder, key=key), data_folder.database)
    with store.unit_of_work() as session:
        assert session.execute(text("SELECT first_name FROM professionals")).scalar() == CANARY
    store.close()


def test_opening_without_the_key_is_refused_in_french(data_folder: DataFolder) -> None:
    key = os.urandom(32)
    open_database(data_folder, key=key).dispose()
    with pytest.raises(StorageError, match="endommagé ou n'est pas une base"):
        inspect_file(data_folder.database)
