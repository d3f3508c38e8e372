""".ics files: appointments exported for Outlook or Thunderbird, outside commitments imported as busy time.

Times are written in the Europe/Paris time zone with its VTIMEZONE, so calendars place them right on both
sides of a daylight-saving change. An import is all or nothing: a file that cannot be read gives one French
message and nothing of it is kept.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

from accomp_desktop.domain.enums import AppointmentMode, Attendance
from accomp_desktop.domain.rules import RuleError
from accomp_desktop.services.agenda import AgendaItem, BusyPeriod

PARIS = ZoneInfo("Europe/Paris")
PRODUCT = "-//Accomp Desktop//Agenda du binôme//FR"
IMPORT_LIMIT = 5000


class CalendarFileError(RuleError):
    """An .ics file that cannot be read; nothing was imported."""


def _local(moment: datetime) -> datetime:
    return moment.replace(tzinfo=PARIS)


def export_ics(items: list[AgendaItem], names: dict[str, str]) -> bytes:
    """An iCalendar file of these appointments, times in Europe/Paris."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", "Europe/Paris")
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
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _naive_paris(value: date | datetime, *, end: bool = False) -> datetime:
    if not isinstance(value, datetime):  # an all-day event: from midnight to midnight
        return datetime.combine(value, time.min)
    if value.tzinfo is None:
        return value  # "floating" time: already local
    return value.astimezone(PARIS).replace(tzinfo=None)


def import_ics(data: bytes) -> list[BusyPeriod]:
    """Busy periods of an .ics file, or :class:`CalendarFileError` (and nothing) if any event is unreadable."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as error:
        raise CalendarFileError(f"Ce fichier n'est pas un calendrier .ics lisible ({error}). Rien n'a été importé.") \
            from None
    periods = []
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        try:
            if str(event.get("status", "")).upper() == "CANCELLED":
                continue
            start_value = event.decoded("dtstart")
            start = _naive_paris(start_value)
            if "dtend" in event:
                end = _naive_paris(event.decoded("dtend"))
            elif "duration" in event:
                end = start + event.decoded("duration")
            else:
                end = start + (timedelta(days=1) if not isinstance(start_value, datetime) else timedelta())
        except (KeyError, ValueError, TypeError) as error:
            raise CalendarFileError(
                f"L'événement n° {number} du fichier est illisible ({error}). Rien n'a été importé.") from None
        if end <= start:
            raise CalendarFileError(f"L'événement n° {number} finit avant de commencer. Rien n'a été importé.")
        periods.append(BusyPeriod(start, end, str(event.get("summary", "Occupé"))[:200]))
        if len(periods) > IMPORT_LIMIT:
            raise CalendarFileError(f"Ce fichier contient plus de {IMPORT_LIMIT} événements : importez une période "
                                    "plus courte. Rien n'a été importé.")
    return periods
