"""The libraries shipped with the application, their versions and licences, for the About dialog.

Read from the installed packages' metadata (the bundle carries it, see packaging/accomp-desktop.spec), so
the list stays true after an upgrade. Qt/PySide6 is LGPL-3.0: the bundle keeps Qt's libraries as separate
files that a user may replace, which the About dialog says.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass
from importlib import metadata

LISTED = (
    "PySide6-Essentials",
    "shiboken6",
    "SQLAlchemy",
    "alembic",
    "Mako",
    "MarkupSafe",
    "reportlab",
    "pillow",
    "platformdirs",
    "pypdfium2",
    "holidays",
    "icalendar",
    "tzdata",
    "cryptography",
    "cffi",
    "sqlcipher3",
    "python-dateutil",
    "six",
    "typing_extensions",
    "anyascii",
    "phonenumbers",
    "recurring-ical-events",
    "x-wr-timezone",
    "click",
)
"""Python distributions bundled (the runtime dependencies and theirs)."""

KNOWN = {  # where the package's metadata does not give an SPDX expression
    "reportlab": "BSD-3-Clause",
    "sqlcipher3": "Zlib (SQLCipher : BSD-3-Clause)",
    "python-dateutil": "Apache-2.0 OR BSD-3-Clause",
    "pypdfium2": "Apache-2.0 OR BSD-3-Clause (PDFium : BSD-3-Clause)",
    "PySide6-Essentials": "LGPL-3.0-only (Qt 6 : LGPL-3.0-only)",
    "shiboken6": "LGPL-3.0-only",
    "anyascii": "ISC",
    "x-wr-timezone": "LGPL-3.0-or-later",
}

LGPL_NOTICE = (
    "Qt et PySide6 sont utilisés sous licence LGPL v3. Leurs bibliothèques sont des fichiers séparés dans le "
    "dossier de l'application (_internal/PySide6) : vous pouvez les remplacer par une version modifiée "
    "ou plus "
    "récente compatible. Leur code source est disponible sur https://download.qt.io et https://code.qt.io."
)


@dataclass(frozen=True, slots=True)
class Library:
    name: str
    version: str
    licence: str


def _licence(meta: metadata.PackageMetadata, name: str) -> str:
    if name in KNOWN:
        return KNOWN[name]
    # Only fields present: reading a missing one is deprecated (Python 3.12) and will raise.
    expression = next(
        (meta[field] for field in ("License-Expression", "License") if field in meta and meta[field]), ""
    )
    if expression and len(expression) <= 60:
        return expression
    classifiers = [
        c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    return ", ".join(classifiers) or "voir le paquet"


def bundled_libraries() -> list[Library]:
    """Python, the fonts and every listed distribution found (a missing one is skipped, not an error)."""
    libraries = [
        Library("Python", platform.python_version(), "PSF-2.0"),
        Library("Polices DejaVu", "2.37", "Bitstream Vera (libre)"),
    ]
    for name in LISTED:
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        libraries.append(Library(name, meta["Version"], _licence(meta, name)))
    return libraries
