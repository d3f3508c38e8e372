"""What a write changed: the areas of the data and the dossiers it touched, for the views that show them.

Every committed unit of work reports one :class:`Changes` (derived from the rows it wrote, so no write can
forget to say it); changes made outside the window — a batch command, another process, later a sync — come
the same way. Each view asks ``changes.touches(...)`` and refreshes only what concerns it. A status-bar
sentence is not part of it: that is for the person, this is for the views.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Area(StrEnum):
    PERSON = "person"  # identity and contact details
    DOSSIER = "dossier"  # status, dates, steps and their history, last contact, consent, binôme
    DIAGNOSTIC = "diagnostic"  # entries, texts, approvals, validations, history
    PLAN = "plan"  # objectives, actions, issued plans
    AGENDA = "agenda"  # appointments, their participants and attendance, busy times
    NOTES = "notes"  # the binôme's journal
    DIRECTORY = "directory"  # professionals, binômes, territories, memberships
    AUDIT = "audit"  # the audit log
    BACKUPS = "backups"  # backup copies (files, not rows)


@dataclass(frozen=True)
class Changes:
    """Areas changed, and in which dossiers; ``dossiers is None`` means any dossier may have changed."""

    parts: frozenset[Area] = frozenset()
    dossiers: frozenset[str] | None = frozenset()
    outside: bool = False  # made by another connection (a batch command, another process)

    @classmethod
    def of(cls, *parts: Area, dossiers: Iterable[str] | None = (), outside: bool = False) -> Changes:
        return cls(frozenset(parts), None if dossiers is None else frozenset(dossiers), outside)

    @classmethod
    def everything(cls, *, outside: bool = False) -> Changes:
        """Unknown changes (another process wrote): every view reads again."""
        return cls(frozenset(Area), None, outside)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __or__(self, other: Changes) -> Changes:
        dossiers = None if self.dossiers is None or other.dossiers is None else self.dossiers | other.dossiers
        return Changes(self.parts | other.parts, dossiers, self.outside or other.outside)

    def touches(self, *parts: Area, dossier: str | None = None) -> bool:
        """Whether one of ``parts`` changed — for ``dossier`` when one is named."""
        if not self.parts.intersection(parts):
            return False
        return dossier is None or self.dossiers is None or dossier in self.dossiers


class ChangeSource(Protocol):
    """Where committed changes are announced (the store's feed): listeners are called on the committing
    thread."""

    def subscribe(self, listener: Callable[[Changes], None]) -> Callable[[], None]: ...
