"""The common-slot search: office hours, weekends, public holidays, everybody's busy periods."""

from datetime import date, datetime, timedelta

from accomp_desktop.domain.slots import OfficeHours, Period, conflicts, free_slots

HOUR = timedelta(hours=1)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute)


def test_slots_skip_busy_periods_lunch_and_the_end_of_the_day() -> None:
    busy = [Period(at(23, 9), at(23, 10, 30)), Period(at(23, 11), at(23, 16, 15))]  # Monday 23 November 2026
    slots = free_slots(after=at(23, 8), duration=HOUR, busy=busy, holidays=set(), count=3)
    assert slots == [
        Period(at(24, 9), at(24, 10)),
        Period(at(24, 10), at(24, 11)),
        Period(at(24, 11), at(24, 12)),
    ]
    half = free_slots(after=at(23, 8), duration=timedelta(minutes=30), busy=busy, holidays=set(), count=2)
    assert half == [Period(at(23, 10, 30), at(23, 11)), Period(at(23, 16, 15), at(23, 16, 45))]


def test_weekends_and_public_holidays_are_never_proposed() -> None:
    # Friday 25 December 2026 is Christmas, then the weekend: the first slot is Monday 28 December.
    slots = free_slots(
        after=at(24, 17, month=12), duration=HOUR, busy=[], holidays={date(2026, 12, 25)}, count=1
    )
    assert slots == [Period(at(28, 9, month=12), at(28, 10, month=12))]


def test_a_search_starts_on_the_next_quarter_hour_and_office_hours_can_change() -> None:
    hours = OfficeHours(
        morning=(at(23, 8).time(), at(23, 12).time()), afternoon=(at(23, 14).time(), at(23, 18).time())
    )
    slots = free_slots(after=at(23, 8, 7), duration=HOUR, busy=[], holidays=set(), hours=hours, count=1)
    assert slots == [Period(at(23, 8, 15), at(23, 9, 15))]


def test_conflicts_are_the_overlapping_periods_only() -> None:
    busy = [Period(at(23, 9), at(23, 10)), Period(at(23, 10), at(23, 11))]
    assert conflicts(Period(at(23, 10), at(23, 10, 30)), busy) == [busy[1]]  # touching is not overlapping
    assert conflicts(Period(at(23, 11), at(23, 12)), busy) == []


def test_no_slot_in_the_search_window_gives_an_empty_list() -> None:
    always_busy = [Period(at(1, 0), datetime(2027, 6, 1))]
    assert free_slots(after=at(23, 8), duration=HOUR, busy=always_busy, holidays=set()) == []
