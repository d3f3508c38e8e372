"""User settings, each declared once here with its type and default.

Stored as JSON in the data folder. A missing, damaged or hand-edited file never stops the application:
unknown keys are ignored and a value of the wrong type falls back to its default (and is logged).
Window geometry and the views chosen (list columns, the agenda's view and week-end) are not settings: the
interface keeps them apart, in ``window-state.json``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, NamedTuple

from accomp_desktop.jsonfile import read_json, write_json_atomic

log = logging.getLogger("accomp.settings")


class Settings(NamedTuple):
    """Read before the first window paints: a NamedTuple, not a dataclass, spares that window the dataclasses
    module (~6 ms). A change is a new value: ``settings._replace(backups_kept=20)``."""

    current_professional_id: str = ""
    """The professional who signed in last: the sign-in screen offers their profile first."""
    lock_after_minutes: int = 10
    """Minutes without input after which the session locks (0: never)."""
    backups_kept: int = 10
    """How many database copies the backups folder keeps."""
    autosave_delay_ms: int = 800
    """Longest wait, after the first change, before the diagnostic's edits are written to the database."""


def load_settings(path: Path) -> Settings:
    raw = read_json(path)
    values: dict[str, Any] = {}
    for name, default in Settings._field_defaults.items():
        if name not in raw:
            continue
        value = raw[name]
        # bool is a subclass of int: refuse true/false where a number is expected, and the reverse.
        if type(value) is not type(default):
            log.warning("setting %s has a value of the wrong type (%r): default kept", name, value)
            continue
        values[name] = value
    return Settings(**values)


def save_settings(settings: Settings, path: Path) -> None:
    write_json_atomic(path, settings._asdict())
