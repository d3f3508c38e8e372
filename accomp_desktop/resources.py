"""Where the files shipped with the code (référentiel, icons, fonts) are found at run time.

They are the package ``accomp_desktop.assets`` — the top-level ``resources/`` folder of the source tree,
mapped under that name by ``pyproject.toml`` — and are read through ``importlib.resources``: the same call
finds them in a source checkout (editable install), in an installed wheel and in the PyInstaller build (see
``packaging/``).
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path

PACKAGE = "accomp_desktop.assets"

# Fonts and the référentiel are handed to libraries that want a file name. Every installer used here lays the
# files out on disk, so as_file() gives their own path; were the package ever in a zip, the copies it makes
# live until the program ends.
_extracted = ExitStack()
atexit.register(_extracted.close)


@cache
def resource_path(name: str) -> Path:
    """The file ``name`` (e.g. ``"fonts/DejaVuSans.ttf"``) of the shipped resources, as a path on disk."""
    return _extracted.enter_context(as_file(files(PACKAGE).joinpath(*name.split("/"))))
