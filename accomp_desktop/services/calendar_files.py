""".ics files: appointments exported for Outlook or Thunderbird, outside commitments imported as busy time.

Export: times in the Europe/Paris time zone with the standard yearly-rule VTIMEZONE (last Sunday of March and
of October), which every calendar program reads the same way on both sides of a daylight-saving change.

Import: each event's occurrences are expanded over the planning horizon — repeat rules, added and excluded
dates, moved occurrences — by ``recurring-ical-events``; events marked free (TRANSP:TRANSPARENT) or cancelled
are not busy time. An import is all or nothing, and replaces only the busy times of its own calendar (its
name, or its file's), never those of another. A file that cannot be read gives one short French sentence and
nothing of it is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from accomp_desktop.domain.enums import AppointmentMode, Attendance
from accomp_desktop.domain.model import AgendaItem, BusyPeriod
from accomp_desktop.domain.rules import RuleError

PARIS = ZoneInfo("Europe/Paris")
PRODUCT = "-//Accomp Desktop//Agenda du binôme//FR"
IMPORT_LIMIT = 5000
HORIZON_BEFORE = timedelta(days=31)
HORIZON_AFTER = timedelta(days=400)
"""The planning horizon over which repeated events are expanded: a month back, a year and more ahead."""


class CalendarFileError(RuleError):
    """An .ics file that cannot be read; nothing was imported."""


@dataclass(frozen=True, slots=True)
class ImportedCalendar:
    source: str
    """The calendar's own name (X-WR-CALNAME), else its file's: a new import replaces only this source."""
    periods: list[BusyPeriod]


def _local(moment: datetime) -> datetime:
    return moment.replace(tzinfo=PARIS)


def _paris_timezone() -> icalendar.Timezone:
    """Europe/Paris as calendar programs expect it: two yearly rules, not a list of past changes."""
    zone = icalendar.Timezone()
    zone.add("tzid", "Europe/Paris")
    for kind, name, start, month, offsets in (
        (icalendar.TimezoneDaylight, "CEST", datetime(1981, 3, 29, 2), 3, (1, 2)),
        (icalendar.TimezoneStandard, "CET", datetime(1996, 10, 27, 3), 10, (2, 1)),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", timedelta(hours=offsets[0]))
        part.add("tzoffsetto", timedelta(hours=offsets[1]))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def export_ics(items: list[AgendaItem], names: dict[str, str]) -> bytes:
    """An iCalendar file of these appointments, times in Europe/Paris."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", "Europe/Paris")
    calendar.add_component(_paris_timezone())
    for item in items:
        event = icalendar.Event()
        event.add("uid", f"{item.id}@accomp-desktop")
        event.add("dtstamp", datetime.now(tz=PARIS))
        event.add("dtstart", _local(item.start))
        event.add("dtend", _local(item.end))
        event.add("summary", f"{item.type.label} — {item.person}" if item.person else item.type.label)
        where = item.place or (item.mode.label if item.mode is not AppointmentMode.ON_SITE else "")
        if where:
            event.add("location", where)
        who = ", ".join(names.get(pid, "") for pid in item.participant_ids if names.get(pid))
        description = "\n".join(part for part in (f"Avec : {who}" if who else "", item.notes) if part)
        if description:
            event.add("description", description)
        if item.attendance is Attendance.CANCELLED:
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _naive_paris(value: date | datetime) -> datetime:
    if not isinstance(value, datetime):  # an all-day event: from midnight to midnight
        return datetime.combine(value, time.min)
    if value.tzinfo is None:
        return value  # "floating" time: already local
    return value.astimezone(PARIS).replace(tzinfo=None)


def import_ics(data: bytes, *, file_name: str, today: date) -> ImportedCalendar:
    """The busy periods of an .ics file over the planning horizon around ``today``, or
    :class:`CalendarFileError` (and nothing) if the file or any event is unreadable."""
    import recurring_ical_events  # only when a calendar is imported

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception:  # noqa: BLE001 - icalendar raises many kinds on a foreign or binary file
        raise CalendarFileError(
            "Ce fichier n'est pas un calendrier .ics lisible. Rien n'a été importé."
        ) from None
    if not isinstance(calendar, icalendar.Calendar):
        raise CalendarFileError("Ce fichier n'est pas un calendrier .ics lisible. Rien n'a été importé.")
    source = str(calendar.get("x-wr-calname", "") or Path(file_name).stem)[:200] or "calendrier"
    first = datetime.combine(today - HORIZON_BEFORE, time.min)
    last = datetime.combine(today + HORIZON_AFTER, time.min)
    try:
        occurrences = list(recurring_ical_events.of(calendar).between(first, last))
    except Exception:  # noqa: BLE001 - a broken repeat rule, an unknown time zone…
        raise CalendarFileError(
            "Les répétitions de ce calendrier sont illisibles. Rien n'a été importé."
        ) from None
    periods = []
    for number, event in enumerate(occurrences, start=1):
        if str(event.get("status", "")).upper() == "CANCELLED":
            continue
        if str(event.get("transp", "")).upper() == "TRANSPARENT":  # marked free: not busy time
            continue
        try:
            start_value = event.decoded("dtstart")
            start = _naive_paris(start_value)
            if "dtend" in event:
                end = _naive_paris(event.decoded("dtend"))
            elif "duration" in event:
                end = start + event.decoded("duration")
            else:
                end = start + (timedelta(days=1) if not isinstance(start_value, datetime) else timedelta())
        except (KeyError, ValueError, TypeError):
            raise CalendarFileError(
                f"L'événement n° {number} du fichier est illisible. Rien n'a été importé."
            ) from None
        if end <= start:
            raise CalendarFileError(
                f"L'événement n° {number} finit avant de commencer. Rien n'a été importé."
            )
        periods.append(
            BusyPeriod(
                start, end, str(event.get("summary", "Occupé"))[:200], uid=str(event.get("uid", ""))[:255]
            )
        )
        if len(periods) > IMPORT_LIMIT:
            raise CalendarFileError(
                f"Ce fichier contient plus de {IMPORT_LIMIT} événements sur l'année : importez "
                "une période plus courte. Rien n'a été importé."
            )
    return ImportedCalendar(source, periods)
