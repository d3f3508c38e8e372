"""Low-level SQLite failures become typed errors with a French message; bugs stay bugs."""

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from accomp_desktop.storage.errors import DatabaseBusy, DatabaseDamaged, translate_sqlite_error
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.session import Store


def test_a_locked_database_is_reported_as_busy(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(path, timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError) as raised:
            other.execute("INSERT INTO t VALUES (1)")
        error = translate_sqlite_error(raised.value, path)
        assert isinstance(error, DatabaseBusy)
        assert "Votre saisie est conservée" in str(error)
    finally:
        other.close()
        holder.execute("ROLLBACK")
        holder.close()


def test_not_a_database_is_reported_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(b"garbage" * 1000)
    connection = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError) as raised:
            connection.execute("SELECT * FROM sqlite_master")
    finally:
        connection.close()
    assert isinstance(translate_sqlite_error(raised.value, path), DatabaseDamaged)


def test_a_programming_error_is_not_disguised(store: Store, data_folder: DataFolder) -> None:
    with pytest.raises(Exception) as raised, store.unit_of_work() as session:
        session.execute(text("SELECT * FROM no_such_table"))
    assert translate_sqlite_error(raised.value, data_folder.database) is None
