"""A folder only its owner can enter: where the copies of documents opened in the system's PDF viewer are
written.

A viewer reads a file, so these copies are in clear while they are open. They are never written in the shared
temporary directory under a fixed name (whoever creates that folder first owns it, and can read what others
write there): they go to a folder of the data folder, created with owner-only rights, whose owner and rights
are checked before each use. They are removed when the application closes, and at the next start after a
crash.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

from accomp_desktop.storage.errors import StorageError

POSIX = sys.platform != "win32"  # on Windows, the folder inherits the rights of the user's own AppData


class FolderNotPrivate(StorageError):
    def __init__(self, path: Path, why: str) -> None:
        super().__init__(
            f"Le dossier des documents à afficher ({path}) {why} : aucun document n'y est écrit. "
            "Supprimez-le (ou demandez-le à votre support informatique), puis recommencez."
        )


class PrivateFolder:
    def __init__(self, path: Path) -> None:
        self.path = path

    def ensure(self) -> Path:
        """The folder, created owner-only if missing; :class:`FolderNotPrivate` if someone else owns it or can
        enter it and its rights cannot be corrected."""
        try:
            self.path.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = os.lstat(self.path)
        except OSError as error:
            raise FolderNotPrivate(self.path, f"ne peut pas être créé ({error.strerror})") from None
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
            raise FolderNotPrivate(self.path, "n'est pas un vrai dossier")
        if POSIX:
            if info.st_uid != os.getuid():
                raise FolderNotPrivate(self.path, "appartient à un autre compte")
            if info.st_mode & 0o077:
                os.chmod(self.path, 0o700)  # ours, but opened to others (a copy, a umask): closed again
        return self.path

    def write(self, name: str, data: bytes) -> Path:
        """Write one document (owner-only), whole or not at all; returns its path."""
        folder = self.ensure()
        target = folder / Path(name).name  # a name, never a path that leaves the folder
        handle, partial = tempfile.mkstemp(dir=folder, prefix=".writing-")  # created 0600
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(partial, target)
        except OSError:
            Path(partial).unlink(missing_ok=True)
            raise
        return target

    def clear(self) -> None:
        """Remove every document written here (at close, and at the start after a crash)."""
        if not self.path.is_dir():
            return
        for path in self.path.iterdir():
            if path.is_file() or path.is_symlink():
                path.unlink(missing_ok=True)
