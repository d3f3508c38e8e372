"""Who may see and change what in a dossier: professional secrecy shared only as strictly necessary.

One table, read cell by cell by the services and pinned down cell by cell by the tests. The France Travail
side sees the social side of the diagnostic and the social notes only when the person agreed to share them
(recorded per dossier); social entries marked confidential are never shown to it (CASF L.121-6-2).
"""

from __future__ import annotations

from enum import Enum

from accomp_desktop.domain.enums import Role, Side
from accomp_desktop.domain.model import DiagnosticEntry


class Part(Enum):
    IDENTITY = "identity"  # identity, contacts, status and lifecycle
    DIAGNOSTIC_EMPLOI = "diagnostic_emploi"
    DIAGNOSTIC_SOCIAL = "diagnostic_social"
    DIAGNOSTIC_CONFIDENTIAL = "diagnostic_confidential"  # social entries marked confidential
    NOTES_EMPLOI = "notes_emploi"  # journal notes written by the conseiller
    NOTES_SOCIAL = "notes_social"  # journal notes written by the travailleur social
    PLAN = "plan"
    AGENDA = "agenda"


class Access(Enum):
    NONE = 0
    READ = 1
    WRITE = 2


# (role, part) → (access without the person's consent to share, access with it)
_N, _R, _W = Access.NONE, Access.READ, Access.WRITE
TABLE: dict[Role, dict[Part, tuple[Access, Access]]] = {
    Role.CONSEILLER: {
        Part.IDENTITY: (_W, _W),
        Part.DIAGNOSTIC_EMPLOI: (_W, _W),
        Part.DIAGNOSTIC_SOCIAL: (_N, _R),
        Part.DIAGNOSTIC_CONFIDENTIAL: (_N, _N),
        Part.NOTES_EMPLOI: (_W, _W),
        Part.NOTES_SOCIAL: (_N, _R),
        Part.PLAN: (_W, _W),
        Part.AGENDA: (_W, _W),
    },
    Role.TRAVAILLEUR_SOCIAL: {
        Part.IDENTITY: (_W, _W),
        Part.DIAGNOSTIC_EMPLOI: (_R, _R),
        Part.DIAGNOSTIC_SOCIAL: (_W, _W),
        Part.DIAGNOSTIC_CONFIDENTIAL: (_W, _W),
        Part.NOTES_EMPLOI: (_R, _R),
        Part.NOTES_SOCIAL: (_W, _W),
        Part.PLAN: (_W, _W),
        Part.AGENDA: (_W, _W),
    },
    # A partner structure (CCAS…) follows what it carries: it reads the plan and the agenda, nothing more.
    Role.OTHER: {
        Part.IDENTITY: (_R, _R),
        Part.DIAGNOSTIC_EMPLOI: (_N, _N),
        Part.DIAGNOSTIC_SOCIAL: (_N, _N),
        Part.DIAGNOSTIC_CONFIDENTIAL: (_N, _N),
        Part.NOTES_EMPLOI: (_N, _N),
        Part.NOTES_SOCIAL: (_N, _N),
        Part.PLAN: (_R, _R),
        Part.AGENDA: (_R, _R),
    },
}


def access(role: Role, part: Part, *, consent: bool) -> Access:
    without, with_consent = TABLE[role][part]
    return with_consent if consent else without


def may_read(role: Role, part: Part, *, consent: bool) -> bool:
    return access(role, part, consent=consent) is not Access.NONE


def may_write(role: Role, part: Part, *, consent: bool) -> bool:
    return access(role, part, consent=consent) is Access.WRITE


def diagnostic_part(entry: DiagnosticEntry) -> Part:
    """Which part of the table a diagnostic entry belongs to."""
    if entry.confidential:
        return Part.DIAGNOSTIC_CONFIDENTIAL
    return Part.DIAGNOSTIC_SOCIAL if entry.side is Side.SOCIAL else Part.DIAGNOSTIC_EMPLOI
