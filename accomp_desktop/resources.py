"""Where the files shipped beside the code (référentiel, icons, fonts) are found at run time.

The top-level ``resources/`` folder sits next to the package in a source checkout and in an editable
install; the PyInstaller build copies it beside the package too (see ``packaging/``).
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's one-folder build
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(name: str) -> Path:
    return resources_dir() / name
