"""Who may see and change what in a dossier: professional secrecy shared only as strictly necessary.

Two rules, both decided here and applied by every service:

- **the part**: one table says, for each role and each part of a dossier, what the role may do without and
  with the person's consent to share the social side (recorded per dossier by the travailleur social). The
  France Travail side sees the social side only with that consent; entries marked confidential, and what
  answers them in the plan, are never shown to it (CASF L.121-6-2). Derived data follows what it answers: an
  objective or an action of the social side is social, one that answers a confidential entry is confidential.
- **the scope**: a professional reads and writes only the dossiers of the binômes he belongs to. Of the other
  dossiers of the département he sees what duplicate detection and the « Tous » list need (identity,
  reference, binôme, status) and nothing more; opening one is refused.

The acting professional is an :class:`Actor`, built by the services from the directory (never from what a
window or a file claims).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from accomp_desktop.domain.enums import Role, Side
from accomp_desktop.domain.errors import RuleError
from accomp_desktop.domain.model import DiagnosticEntry


class Part(Enum):
    IDENTITY = "identity"  # identity, contacts, status and lifecycle steps
    CONSENT = "consent"  # the person's consent to share the social side with France Travail
    DIAGNOSTIC_EMPLOI = "diagnostic_emploi"
    DIAGNOSTIC_SOCIAL = "diagnostic_social"
    DIAGNOSTIC_CONFIDENTIAL = "diagnostic_confidential"  # social entries marked confidential
    DIAGNOSTIC_SHARED = "diagnostic_shared"  # the person's strengths and own words, written together
    NOTES_EMPLOI = "notes_emploi"  # journal notes written by the conseiller
    NOTES_SOCIAL = "notes_social"  # journal notes written by the travailleur social
    PLAN_EMPLOI = "plan_emploi"  # objectives and actions of the emploi side
    PLAN_SOCIAL = "plan_social"  # objectives and actions of the social side
    PLAN_CONFIDENTIAL = "plan_confidential"  # those that answer a confidential entry
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
        Part.CONSENT: (_R, _R),
        Part.DIAGNOSTIC_EMPLOI: (_W, _W),
        Part.DIAGNOSTIC_SOCIAL: (_N, _R),
        Part.DIAGNOSTIC_CONFIDENTIAL: (_N, _N),
        Part.DIAGNOSTIC_SHARED: (_W, _W),
        Part.NOTES_EMPLOI: (_W, _W),
        Part.NOTES_SOCIAL: (_N, _R),
        Part.PLAN_EMPLOI: (_W, _W),
        Part.PLAN_SOCIAL: (_N, _R),
        Part.PLAN_CONFIDENTIAL: (_N, _N),
        Part.AGENDA: (_W, _W),
    },
    Role.TRAVAILLEUR_SOCIAL: {
        Part.IDENTITY: (_W, _W),
        Part.CONSENT: (_W, _W),
        Part.DIAGNOSTIC_EMPLOI: (_R, _R),
        Part.DIAGNOSTIC_SOCIAL: (_W, _W),
        Part.DIAGNOSTIC_CONFIDENTIAL: (_W, _W),
        Part.DIAGNOSTIC_SHARED: (_W, _W),
        Part.NOTES_EMPLOI: (_R, _R),
        Part.NOTES_SOCIAL: (_W, _W),
        Part.PLAN_EMPLOI: (_R, _R),
        Part.PLAN_SOCIAL: (_W, _W),
        Part.PLAN_CONFIDENTIAL: (_W, _W),
        Part.AGENDA: (_W, _W),
    },
    # A partner structure (CCAS…) follows what it carries: it reads the emploi plan and the agenda, nothing
    # more.
    Role.OTHER: {
        Part.IDENTITY: (_R, _R),
        Part.CONSENT: (_N, _N),
        Part.DIAGNOSTIC_EMPLOI: (_N, _N),
        Part.DIAGNOSTIC_SOCIAL: (_N, _N),
        Part.DIAGNOSTIC_CONFIDENTIAL: (_N, _N),
        Part.DIAGNOSTIC_SHARED: (_N, _N),
        Part.NOTES_EMPLOI: (_N, _N),
        Part.NOTES_SOCIAL: (_N, _N),
        Part.PLAN_EMPLOI: (_R, _R),
        Part.PLAN_SOCIAL: (_N, _N),
        Part.PLAN_CONFIDENTIAL: (_N, _N),
        Part.AGENDA: (_R, _R),
    },
}

SENSITIVITY = {Part.PLAN_EMPLOI: 0, Part.PLAN_SOCIAL: 1, Part.PLAN_CONFIDENTIAL: 2}
"""How sensitive a plan part is: a printed plan is as sensitive as the most sensitive item in it."""

_WHAT = {
    Part.IDENTITY: "l'identité et les étapes du dossier",
    Part.CONSENT: "l'accord de partage (il est recueilli par le travailleur social)",
    Part.DIAGNOSTIC_EMPLOI: "le volet emploi du diagnostic (rempli par le conseiller France Travail)",
    Part.DIAGNOSTIC_SOCIAL: "le volet social du diagnostic",
    Part.DIAGNOSTIC_CONFIDENTIAL: "les éléments confidentiels du volet social",
    Part.DIAGNOSTIC_SHARED: "les points d'appui et la parole de la personne",
    Part.NOTES_EMPLOI: "les notes du conseiller",
    Part.NOTES_SOCIAL: "les notes du travailleur social",
    Part.PLAN_EMPLOI: "les objectifs et actions du volet emploi (définis par le conseiller)",
    Part.PLAN_SOCIAL: "les objectifs et actions du volet social (définis par le travailleur social)",
    Part.PLAN_CONFIDENTIAL: "ce qui répond à un élément confidentiel",
    Part.AGENDA: "l'agenda",
}


class AccessDenied(RuleError):
    """The access rules refuse this read or write; the message says why, in French."""


class OutOfScope(AccessDenied):
    """The dossier belongs to a binôme the professional is not a member of."""

    def __init__(self, binome_name: str) -> None:
        super().__init__(
            f"Ce dossier est suivi par le « {binome_name} » : seuls les deux professionnels de ce binôme "
            "peuvent "
            "l'ouvrir. Pour un changement de binôme, adressez-vous à la coordination du dispositif."
        )


def access(role: Role, part: Part, *, consent: bool) -> Access:
    without, with_consent = TABLE[role][part]
    return with_consent if consent else without


def may_read(role: Role, part: Part, *, consent: bool) -> bool:
    return access(role, part, consent=consent) is not Access.NONE


def may_write(role: Role, part: Part, *, consent: bool) -> bool:
    return access(role, part, consent=consent) is Access.WRITE


def refusal(role: Role, part: Part, *, consent: bool, write: bool) -> str:
    """The French sentence that explains a refusal."""
    what = _WHAT[part]
    if not write or not may_read(role, part, consent=consent):
        if part in (Part.DIAGNOSTIC_SOCIAL, Part.NOTES_SOCIAL, Part.PLAN_SOCIAL) and role is Role.CONSEILLER:
            return (
                f"Accès refusé à {what} : la personne n'a pas donné son accord au partage du volet social "
                "avec France Travail."
            )
        if part in (Part.DIAGNOSTIC_CONFIDENTIAL, Part.PLAN_CONFIDENTIAL):
            return f"Accès refusé à {what} : ils sont réservés au travailleur social du binôme."
        return f"Votre fonction ({role.label}) ne donne pas accès à {what}."
    return f"Votre fonction ({role.label}) permet de lire {what}, pas de les modifier."


def diagnostic_part(entry: DiagnosticEntry) -> Part:
    """Which part of the table a diagnostic entry belongs to."""
    if entry.confidential:
        return Part.DIAGNOSTIC_CONFIDENTIAL
    return Part.DIAGNOSTIC_SOCIAL if entry.side is Side.SOCIAL else Part.DIAGNOSTIC_EMPLOI


def plan_part(side: Side, *, confidential: bool) -> Part:
    """Which part an objective or an action belongs to: what it answers decides (a confidential entry, the
    social side), else its own side."""
    if confidential:
        return Part.PLAN_CONFIDENTIAL
    return Part.PLAN_SOCIAL if side is Side.SOCIAL else Part.PLAN_EMPLOI


def notes_part(author_role: Role) -> Part:
    """A journal note belongs to the side of the professional who wrote it."""
    return Part.NOTES_SOCIAL if author_role is Role.TRAVAILLEUR_SOCIAL else Part.NOTES_EMPLOI


@dataclass(frozen=True, slots=True)
class Actor:
    """The professional who acts, as the directory knows him: his role, his right to administer the
    dispositif, and the binômes he belongs to (his scope)."""

    id: str
    name: str
    role: Role
    admin: bool = False
    binome_ids: frozenset[str] = frozenset()

    def follows(self, binome_id: str) -> bool:
        return binome_id in self.binome_ids

    def may_read(self, part: Part, *, consent: bool) -> bool:
        return may_read(self.role, part, consent=consent)

    def may_write(self, part: Part, *, consent: bool) -> bool:
        return may_write(self.role, part, consent=consent)

    def check(self, part: Part, *, consent: bool, write: bool = False) -> None:
        """Raise :class:`AccessDenied` unless the actor may read (or write) ``part``."""
        allowed = self.may_write(part, consent=consent) if write else self.may_read(part, consent=consent)
        if not allowed:
            raise AccessDenied(refusal(self.role, part, consent=consent, write=write))

    def check_admin(self) -> None:
        if not self.admin:
            raise AccessDenied(
                "Réservé aux administrateurs du dispositif (coordination) : demandez-leur ce changement."
            )
