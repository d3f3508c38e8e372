"""The access table, cell by cell: what each role sees and changes, with and without the person's consent."""

import pytest

from accomp_desktop.domain.access import TABLE, Access, Part, access
from accomp_desktop.domain.enums import Role

N, R, W = Access.NONE, Access.READ, Access.WRITE

EXPECTED = {
    # part: (conseiller without consent, with consent, travailleur social without, with, other without, with)
    Part.IDENTITY: (W, W, W, W, R, R),
    Part.DIAGNOSTIC_EMPLOI: (W, W, R, R, N, N),
    Part.DIAGNOSTIC_SOCIAL: (N, R, W, W, N, N),
    Part.DIAGNOSTIC_CONFIDENTIAL: (N, N, W, W, N, N),
    Part.NOTES_EMPLOI: (W, W, R, R, N, N),
    Part.NOTES_SOCIAL: (N, R, W, W, N, N),
    Part.PLAN: (W, W, W, W, R, R),
    Part.AGENDA: (W, W, W, W, R, R),
}
ROLES = (Role.CONSEILLER, Role.TRAVAILLEUR_SOCIAL, Role.OTHER)


@pytest.mark.parametrize("part", list(Part))
@pytest.mark.parametrize("role_index", range(3))
@pytest.mark.parametrize("consent", [False, True])
def test_every_cell(part: Part, role_index: int, consent: bool) -> None:
    expected = EXPECTED[part][role_index * 2 + int(consent)]
    assert access(ROLES[role_index], part, consent=consent) is expected


def test_the_table_covers_every_role_and_part() -> None:
    assert set(TABLE) == set(Role) and all(set(parts) == set(Part) for parts in TABLE.values())


def test_confidential_social_details_never_reach_france_travail() -> None:
    assert all(access(Role.CONSEILLER, Part.DIAGNOSTIC_CONFIDENTIAL, consent=c) is N for c in (False, True))
