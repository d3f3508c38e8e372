from datetime import date

import pytest

from accomp_desktop.domain import rules
from accomp_desktop.domain.enums import DossierStatus as S
from accomp_desktop.domain.rules import CaseloadLevel, RuleError


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 15), 12, date(2027, 1, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert rules.add_months(start, months) == expected


def test_planned_end_is_twelve_months_after_entry() -> None:
    assert rules.planned_end(date(2026, 3, 10)) == date(2027, 3, 10)


def test_clock_counts_whole_months_and_days_left() -> None:
    clock = rules.clock(entry_date=date(2026, 1, 15), planned_end=date(2027, 1, 15), today=date(2026, 11, 14))
    assert clock.months_elapsed == 9  # the 10th monthly anniversary is tomorrow
    assert clock.days_left == 62
    assert not clock.ends_soon and not clock.overrun


def test_clock_flags_end_within_thirty_days_and_overrun() -> None:
    soon = rules.clock(entry_date=date(2026, 1, 1), planned_end=date(2027, 1, 1), today=date(2026, 12, 10))
    assert soon.ends_soon
    late = rules.clock(entry_date=date(2026, 1, 1), planned_end=date(2027, 1, 1), today=date(2027, 1, 2))
    assert late.overrun and not late.ends_soon
    assert late.months_elapsed == 12


def test_renewal_once_only() -> None:
    end = rules.renewed_end(status=S.ACCOMPAGNEMENT, planned_end=date(2027, 1, 15), renewed=False, months=6)
    assert end == date(2027, 7, 15)
    with pytest.raises(RuleError, match="déjà été renouvelé"):
        rules.renewed_end(status=S.ACCOMPAGNEMENT, planned_end=end, renewed=True, months=6)


@pytest.mark.parametrize("months", [0, 13])
def test_renewal_length_is_bounded(months: int) -> None:
    with pytest.raises(RuleError, match="entre 1 et 12 mois"):
        rules.renewed_end(status=S.ACCOMPAGNEMENT, planned_end=date(2027, 1, 1), renewed=False, months=months)


def test_only_accompanied_dossier_can_be_renewed() -> None:
    with pytest.raises(RuleError, match="en accompagnement"):
        rules.renewed_end(status=S.DIAGNOSTIC, planned_end=None, renewed=False, months=6)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.ORIENTATION, S.DIAGNOSTIC),
        (S.DIAGNOSTIC, S.ACCOMPAGNEMENT),
        (S.ACCOMPAGNEMENT, S.SORTIE),
        (S.ORIENTATION, S.SORTIE),
        (S.DIAGNOSTIC, S.SORTIE),
    ],
)
def test_allowed_transitions(current: S, target: S) -> None:
    rules.check_transition(current, target, diagnostic_validated=True)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.ORIENTATION, S.ACCOMPAGNEMENT),
        (S.ACCOMPAGNEMENT, S.DIAGNOSTIC),
        (S.SORTIE, S.ACCOMPAGNEMENT),
        (S.SORTIE, S.ORIENTATION),
    ],
)
def test_refused_transitions_say_why_in_french(current: S, target: S) -> None:
    with pytest.raises(RuleError, match=f"« {current.label} » ne peut pas passer"):
        rules.check_transition(current, target, diagnostic_validated=True)


def test_entry_needs_a_validated_diagnostic() -> None:
    with pytest.raises(RuleError, match="diagnostic partagé validé"):
        rules.check_transition(S.DIAGNOSTIC, S.ACCOMPAGNEMENT, diagnostic_validated=False)


def test_reopen_goes_back_to_the_right_stage() -> None:
    assert rules.reopen_status(had_entry=True) is S.ACCOMPAGNEMENT
    assert rules.reopen_status(had_entry=False) is S.DIAGNOSTIC


def test_entry_and_exit_dates_are_checked() -> None:
    with pytest.raises(RuleError, match="précéder la date d'orientation"):
        rules.check_entry_date(
            orientation_date=date(2026, 5, 1), entry_date=date(2026, 4, 30), today=date(2026, 6, 1)
        )
    with pytest.raises(RuleError, match="futur"):
        rules.check_exit_date(
            orientation_date=date(2026, 5, 1), exit_date=date(2026, 7, 1), today=date(2026, 6, 1)
        )


@pytest.mark.parametrize(
    ("active", "level"),
    [
        (0, CaseloadLevel.UNDER),
        (69, CaseloadLevel.UNDER),
        (70, CaseloadLevel.WITHIN),
        (100, CaseloadLevel.WITHIN),
        (101, CaseloadLevel.OVER),
    ],
)
def test_caseload_target_is_70_to_100(active: int, level: CaseloadLevel) -> None:
    assert rules.caseload_level(active) is level


def test_references_number_per_year() -> None:
    existing = ["AG-2026-0041", "AG-2026-0007", "AG-2025-0200", "autre"]
    assert rules.next_reference(2026, existing) == "AG-2026-0042"
    assert rules.next_reference(2027, existing) == "AG-2027-0001"


def test_a_shared_machine_numbers_its_own_references() -> None:
    """Two machines offline never make the same reference: each carries the number the hub gave it."""
    existing = ["AG-2026-0041", "AG-2026-3-0007", "AG-2026-12-0050"]
    assert rules.next_reference(2026, existing, 3) == "AG-2026-3-0008"
    assert rules.next_reference(2026, existing, 4) == "AG-2026-4-0001"
    assert rules.next_reference(2026, existing, 12) == "AG-2026-12-0051"
    assert rules.next_reference(2026, existing) == "AG-2026-0042"
