"""Copies of documents for the system's PDF viewer, in a folder private to the user.

The viewer reads files, hence in clear: they live in the data folder's own ``documents`` folder (set at start
by the application; a private folder of a random name for the process otherwise, as in tests), never in a
shared temporary folder, and are removed when the application closes — and at the next start, after a crash.
The documents kept for good (issued plans) are in the database.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from accomp_desktop.domain.errors import StorageError
from accomp_desktop.storage.private_folder import PrivateFolder

_documents: PrivateFolder | None = None


class DocumentNotWritten(StorageError):
    def __init__(self, error: OSError) -> None:
        super().__init__(
            f"Le document n'a pas pu être préparé pour la visionneuse ({error.strerror}). Il reste "
            "gardé dans le dossier quand c'est un plan remis."
        )


def use_documents_folder(path: Path) -> None:
    """Where the copies for the viewer go from now on."""
    global _documents
    _documents = PrivateFolder(path)


def _folder() -> PrivateFolder:
    global _documents
    if _documents is None:
        _documents = PrivateFolder(Path(tempfile.mkdtemp(prefix="accomp-desktop-")))
    return _documents


def write_document(content: bytes, name: str) -> Path:
    """The copy ``name`` of ``content``, for the viewer; :class:`DocumentNotWritten` when it cannot be
    written."""
    try:
        return _folder().write(name, content)
    except OSError as error:
        raise DocumentNotWritten(error) from None


def clear_documents() -> None:
    """Remove the copies written during the session (or left by one that crashed)."""
    _folder().clear()
