"""Time in the agenda: office hours, busy periods, overlaps, and the search for a slot free for everyone.

Times are local wall-clock times (Europe/Paris), naive, as the agenda stores them. Pure functions: the
service gathers busy periods (appointments, imported outside commitments) and public holidays, these functions
decide.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

SEARCH_DAYS = 60
"""How far ahead the common-slot search looks before saying there is no slot."""
STEP = timedelta(minutes=15)
"""Slots start on the quarter hour."""


@dataclass(frozen=True, slots=True)
class Period:
    start: datetime
    end: datetime

    def overlaps(self, other: Period) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """The opening hours of the office, morning and afternoon, on working days (Monday to Friday)."""

    morning: tuple[time, time] = (time(9, 0), time(12, 0))
    afternoon: tuple[time, time] = (time(13, 30), time(17, 0))

    def periods(self, day: date) -> list[Period]:
        return [
            Period(datetime.combine(day, start), datetime.combine(day, end))
            for start, end in (self.morning, self.afternoon)
        ]


def conflicts(candidate: Period, busy: Iterable[Period]) -> list[Period]:
    """The busy periods that overlap the candidate (for the double-booking warning)."""
    return [period for period in busy if period.overlaps(candidate)]


def _round_up(moment: datetime) -> datetime:
    minutes = (moment.minute // 15) * 15
    rounded = moment.replace(minute=minutes, second=0, microsecond=0)
    return rounded if rounded >= moment else rounded + STEP


def free_slots(
    *,
    after: datetime,
    duration: timedelta,
    busy: Iterable[Period],
    holidays: set[date],
    hours: OfficeHours | None = None,
    count: int = 5,
    days: int = SEARCH_DAYS,
) -> list[Period]:
    """The first ``count`` periods of ``duration`` after ``after``, inside office hours on working days that
    are not public holidays, and overlapping none of the ``busy`` periods (those of every participant)."""
    hours = hours or OfficeHours()
    taken = sorted(busy, key=lambda period: period.start)
    found: list[Period] = []
    day = after.date()
    for _ in range(days):
        if day.weekday() < 5 and day not in holidays:
            for opening in hours.periods(day):
                start = _round_up(max(opening.start, after))
                while start + duration <= opening.end and len(found) < count:
                    candidate = Period(start, start + duration)
                    clash = conflicts(candidate, taken)
                    if not clash:
                        found.append(candidate)
                        start += duration  # the next proposal starts when this one ends
                    else:
                        start = _round_up(max(p.end for p in clash))
                if len(found) == count:
                    return found
        day += timedelta(days=1)
    return found
