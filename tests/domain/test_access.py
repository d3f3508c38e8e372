"""The access table, cell by cell: what each role sees and changes, with and without the person's consent."""

import pytest

from accomp_desktop.domain.access import TABLE, Access, AccessDenied, Actor, Part, access, plan_part
from accomp_desktop.domain.enums import Role, Side

N, R, W = Access.NONE, Access.READ, Access.WRITE

EXPECTED = {
    # part: (conseiller without consent, with consent, travailleur social without, with, other without, with)
    Part.IDENTITY: (W, W, W, W, R, R),
    Part.CONSENT: (R, R, W, W, N, N),
    Part.DIAGNOSTIC_EMPLOI: (W, W, R, R, N, N),
    Part.DIAGNOSTIC_SOCIAL: (N, R, W, W, N, N),
    Part.DIAGNOSTIC_CONFIDENTIAL: (N, N, W, W, N, N),
    Part.DIAGNOSTIC_SHARED: (W, W, W, W, N, N),
    Part.NOTES_EMPLOI: (W, W, R, R, N, N),
    Part.NOTES_SOCIAL: (N, R, W, W, N, N),
    Part.PLAN_EMPLOI: (W, W, R, R, R, R),
    Part.PLAN_SOCIAL: (N, R, W, W, N, N),
    Part.PLAN_CONFIDENTIAL: (N, N, W, W, N, N),
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
    for part in (Part.DIAGNOSTIC_CONFIDENTIAL, Part.PLAN_CONFIDENTIAL):
        assert all(access(Role.CONSEILLER, part, consent=c) is N for c in (False, True))


def test_what_answers_an_entry_follows_it() -> None:
    assert plan_part(Side.EMPLOI, confidential=False) is Part.PLAN_EMPLOI
    assert plan_part(Side.SOCIAL, confidential=False) is Part.PLAN_SOCIAL
    assert plan_part(Side.SOCIAL, confidential=True) is Part.PLAN_CONFIDENTIAL
    assert plan_part(Side.EMPLOI, confidential=True) is Part.PLAN_CONFIDENTIAL


def test_an_actor_is_refused_with_a_reason_in_french() -> None:
    conseiller = Actor("c", "Jean Lefèvre", Role.CONSEILLER, binome_ids=frozenset({"b"}))
    assert conseiller.follows("b") and not conseiller.follows("other")
    with pytest.raises(AccessDenied, match="accord au partage"):
        conseiller.check(Part.NOTES_SOCIAL, consent=False)
    conseiller.check(Part.NOTES_SOCIAL, consent=True)
    with pytest.raises(AccessDenied, match="pas de les modifier"):
        conseiller.check(Part.NOTES_SOCIAL, consent=True, write=True)
    with pytest.raises(AccessDenied, match="réservés au travailleur social"):
        conseiller.check(Part.PLAN_CONFIDENTIAL, consent=True)
    with pytest.raises(AccessDenied, match="administrateurs"):
        conseiller.check_admin()
