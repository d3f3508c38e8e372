"""Who fills which side of the diagnostic, and how an obstacle moves between two diagnostics."""

import pytest

from accomp_desktop.domain.diagnostic import Evolution, check_may_edit, evolution, side_of
from accomp_desktop.domain.enums import ObstacleLevel as L
from accomp_desktop.domain.enums import Role, Side
from accomp_desktop.domain.rules import RuleError


def test_sides_follow_the_roles() -> None:
    assert side_of(Role.CONSEILLER) is Side.EMPLOI and side_of(Role.TRAVAILLEUR_SOCIAL) is Side.SOCIAL
    assert side_of(Role.OTHER) is None
    check_may_edit(Role.TRAVAILLEUR_SOCIAL, Side.SOCIAL)
    for role, side in (
        (Role.CONSEILLER, Side.SOCIAL),
        (Role.TRAVAILLEUR_SOCIAL, Side.EMPLOI),
        (Role.OTHER, Side.EMPLOI),
    ):
        with pytest.raises(RuleError):
            check_may_edit(role, side)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (L.BLOCKING, L.NONE, Evolution.LIFTED),
        (L.MAJOR, None, Evolution.LIFTED),
        (L.BLOCKING, L.TO_WORK_ON, Evolution.BETTER),
        (L.MAJOR, L.MAJOR, Evolution.SAME),
        (L.TO_WORK_ON, L.BLOCKING, Evolution.WORSE),
        (None, L.MAJOR, Evolution.NEW),
        (L.NONE, L.TO_WORK_ON, Evolution.NEW),
        (L.NONE, L.NONE, Evolution.NONE),
    ],
)
def test_evolution(before: L | None, after: L | None, expected: Evolution) -> None:
    assert evolution(before, after) is expected
