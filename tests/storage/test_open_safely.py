"""A damaged, foreign, newer or unreadable file gives a clear French message and is never overwritten."""

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from accomp_desktop.storage.errors import DatabaseDamaged, DatabaseTooNew, DatabaseUnreadable
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.migrate import open_database


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_garbage_file_is_refused_untouched(data_folder: DataFolder) -> None:
    data_folder.database.write_bytes(b"ceci n'est pas une base de donnees" * 200)
    before = digest(data_folder.database)
    with pytest.raises(DatabaseDamaged, match="endommagé"):
        open_database(data_folder)
    assert digest(data_folder.database) == before
    assert not Path(f"{data_folder.database}-wal").exists()


def test_corrupted_pages_are_detected(data_folder: DataFolder) -> None:
    open_database(data_folder).dispose()
    with sqlite3.connect(data_folder.database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    raw = bytearray(data_folder.database.read_bytes())
    page_size = int.from_bytes(raw[16:18], "big")
    for offset in range(page_size, len(raw), 7):  # scribble over every page after the first
        raw[offset] = 0xA5
    data_folder.database.write_bytes(bytes(raw))
    before = digest(data_folder.database)
    with pytest.raises(DatabaseDamaged):
        open_database(data_folder)
    assert digest(data_folder.database) == before


def test_a_foreign_sqlite_file_is_not_taken_over(data_folder: DataFolder) -> None:
    with sqlite3.connect(data_folder.database) as connection:
        connection.execute("CREATE TABLE recettes (nom TEXT)")
    connection.close()
    before = digest(data_folder.database)
    with pytest.raises(DatabaseDamaged, match="n'est pas une base Accomp Desktop"):
        open_database(data_folder)
    assert digest(data_folder.database) == before


def test_a_newer_schema_is_refused_untouched(data_folder: DataFolder) -> None:
    open_database(data_folder).dispose()
    with sqlite3.connect(data_folder.database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = digest(data_folder.database)
    with pytest.raises(DatabaseTooNew, match="version plus récente") as raised:
        open_database(data_folder)
    assert "9999" in str(raised.value)
    assert digest(data_folder.database) == before


def test_a_folder_in_place_of_the_file_is_explained(data_folder: DataFolder) -> None:
    data_folder.database.mkdir()
    with pytest.raises(DatabaseUnreadable, match="n'est pas un fichier"):
        open_database(data_folder)


def test_a_file_without_rights_is_explained(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Root reads any file: as root (CI), the check runs in a child process that has become an unprivileged
    user, on a folder that user may enter and a file it may only read."""
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="accomp-rights-"))
    try:
        root.chmod(0o755)
        folder = DataFolder(root / "data")
        folder.create()
        folder.root.chmod(0o755)
        open_database(folder).dispose()
        folder.database.chmod(0o400)
        if os.geteuid() != 0:
            with pytest.raises(DatabaseUnreadable, match="droits"):
                open_database(folder)
            return
        nobody = 65534
        os.chown(folder.database, nobody, nobody)
        read, write = os.pipe()
        child = os.fork()
        if child == 0:  # the child: an ordinary user, who owns the file but may not write it
            os.close(read)
            outcome = b"no error"
            try:
                os.setgid(nobody)
                os.setuid(nobody)
                open_database(folder)
            except DatabaseUnreadable as error:
                outcome = str(error).encode("utf-8")
            except BaseException as error:  # noqa: BLE001 - whatever happened is the test's answer
                outcome = f"{type(error).__name__}".encode()
            os.write(write, outcome)
            os._exit(0)
        os.close(write)
        answer = b""
        while chunk := os.read(read, 4096):
            answer += chunk
        os.waitpid(child, 0)
        assert "Vous n'avez pas les droits de lecture et d'écriture" in answer.decode("utf-8"), answer
    finally:
        import shutil

        shutil.rmtree(root, ignore_errors=True)


def test_an_empty_file_becomes_a_new_database(data_folder: DataFolder) -> None:
    data_folder.database.write_bytes(b"")
    open_database(data_folder).dispose()
    with sqlite3.connect(data_folder.database) as connection:
        assert connection.execute("SELECT count(*) FROM professionals").fetchone() == (0,)
    connection.close()
