"""Rules of the shared diagnostic: who fills which side, how obstacles compare over time.

The conseiller fills the "Emploi" side and the travailleur social the "Social" side; both read what is
shared. A later diagnostic (at six months, at exit) is compared theme by theme with a validated one, to show
which obstacles were lifted and which remain.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from accomp_desktop.domain.enums import ObstacleLevel, Role, Side
from accomp_desktop.domain.rules import RuleError

SEVERITY = {
    ObstacleLevel.NONE: 0,
    ObstacleLevel.TO_WORK_ON: 1,
    ObstacleLevel.MAJOR: 2,
    ObstacleLevel.BLOCKING: 3,
}

_SIDE_OF_ROLE = {Role.CONSEILLER: Side.EMPLOI, Role.TRAVAILLEUR_SOCIAL: Side.SOCIAL}


def side_of(role: Role) -> Side | None:
    """The side a professional fills in; None for other roles (they read, and may write the shared texts)."""
    return _SIDE_OF_ROLE.get(role)


def check_may_edit(role: Role, side: Side) -> None:
    if side_of(role) is not side:
        who = "le conseiller France Travail" if side is Side.EMPLOI else "le travailleur social"
        raise RuleError(f"Le volet {side.label.lower()} du diagnostic est rempli par {who} du binôme.")


class Evolution(Enum):
    LIFTED = "Frein levé"
    BETTER = "En progrès"
    SAME = "Inchangé"
    WORSE = "Aggravé"
    NEW = "Nouveau frein"
    NONE = "Pas de frein"


@dataclass(frozen=True, slots=True)
class ThemeEvolution:
    theme_code: str
    before: ObstacleLevel | None
    after: ObstacleLevel | None
    evolution: Evolution


def evolution(before: ObstacleLevel | None, after: ObstacleLevel | None) -> Evolution:
    """How one theme moved between two diagnostics (None: the theme was not filled)."""
    was = SEVERITY[before] if before is not None else 0
    now = SEVERITY[after] if after is not None else 0
    if was == 0:
        return Evolution.NEW if now > 0 else Evolution.NONE
    if now == 0:
        return Evolution.LIFTED
    if now < was:
        return Evolution.BETTER
    return Evolution.SAME if now == was else Evolution.WORSE


def compare(
    before: dict[str, ObstacleLevel], after: dict[str, ObstacleLevel], order: list[str]
) -> list[ThemeEvolution]:
    """Theme by theme, in ``order``, for every theme filled in either diagnostic."""
    return [
        ThemeEvolution(code, before.get(code), after.get(code), evolution(before.get(code), after.get(code)))
        for code in order
        if code in before or code in after
    ]
