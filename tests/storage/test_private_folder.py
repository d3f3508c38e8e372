"""The folder of the copies opened in the PDF viewer: private to its owner, checked before each use,
emptied."""

import os
import stat
from pathlib import Path

import pytest

from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.private_folder import FolderNotPrivate, PrivateFolder


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_documents_are_written_owner_only_in_the_data_folder(data_folder: DataFolder) -> None:
    folder = PrivateFolder(data_folder.documents)
    written = folder.write("plan-AG-2026-0001-v1.pdf", b"%PDF-1.4 plan")
    assert written.parent == data_folder.documents and written.read_bytes() == b"%PDF-1.4 plan"
    assert mode(data_folder.documents) == 0o700 and mode(written) == 0o600
    assert folder.write("../../escape.pdf", b"x").parent == data_folder.documents  # a name, never a path
    folder.clear()
    assert list(data_folder.documents.iterdir()) == []


def test_a_folder_opened_to_others_is_closed_again(tmp_path: Path) -> None:
    path = tmp_path / "documents"
    path.mkdir(mode=0o777)
    os.chmod(path, 0o777)
    PrivateFolder(path).write("a.pdf", b"x")
    assert mode(path) == 0o700


def test_a_folder_another_account_owns_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("giving a folder to another account needs root (CI runs as root)")
    path = tmp_path / "documents"
    path.mkdir(mode=0o700)
    os.chown(path, 4242, 4242)  # someone else made it first, to read what we write
    with pytest.raises(FolderNotPrivate, match="appartient à un autre compte"):
        PrivateFolder(path).write("plan.pdf", b"secret")
    assert list(path.iterdir()) == []


def test_a_link_in_place_of_the_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "documents").symlink_to(elsewhere)
    with pytest.raises(FolderNotPrivate, match="n'est pas un vrai dossier"):
        PrivateFolder(tmp_path / "documents").write("plan.pdf", b"secret")
    assert list(elsewhere.iterdir()) == []
