"""What the command line asked for, read by the window (``app``) and the batch commands alike: a module of its
own, so that ``app`` does not import ``cli`` that imports ``app``."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class Options(NamedTuple):  # a NamedTuple, not a dataclass: ~1.5 ms less before the first window
    data_dir: Path | None
    demo: bool
    demo_size: int
    quit_after: float | None
    command: str | None = None
    search: str = ""
    status: str | None = None
    references: tuple[str, ...] = ()
    output: Path | None = None
    profile: str = ""
    backup: Path | None = None
    mine: bool = False
    identity: tuple[str, ...] = ()
    """``initialiser``: first name, last name, role, institution, e-mail, phone."""
    file: Path | None = None
    template: bool = False
