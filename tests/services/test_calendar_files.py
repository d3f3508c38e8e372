""".ics export read back by the icalendar parser, across the daylight-saving change; imports all or nothing."""

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from accomp_desktop.domain.enums import AppointmentMode, AppointmentType, Attendance
from accomp_desktop.services.agenda import AgendaItem
from accomp_desktop.services.calendar_files import CalendarFileError, export_ics, import_ics

PARIS = ZoneInfo("Europe/Paris")


def item(start: datetime, ident: str = "a1", attendance: Attendance = Attendance.PLANNED) -> AgendaItem:
    return AgendaItem(id=ident, start=start, duration_minutes=60, type=AppointmentType.TRIPARTITE,
                      mode=AppointmentMode.ON_SITE, attendance=attendance, participant_ids=("p1", "p2"),
                      person="LEFÈVRE Anne", place="Agence de Troyes", notes="Apporter le CV.")


def test_local_times_survive_the_daylight_saving_change() -> None:
    # Clocks go back on Sunday 25 October 2026: 14:30 is UTC+2 on Friday the 23rd, UTC+1 on Monday the 26th.
    data = export_ics([item(datetime(2026, 10, 23, 14, 30), "a1"), item(datetime(2026, 10, 26, 14, 30), "a2")],
                      {"p1": "Jean-Marc Lefèvre", "p2": "Aïcha N'Diaye"})
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    starts = [event.decoded("dtstart") for event in events]
    assert [s.astimezone(PARIS).strftime("%d/%m %H:%M") for s in starts] == ["23/10 14:30", "26/10 14:30"]
    assert [s.utcoffset().total_seconds() / 3600 for s in starts] == [2.0, 1.0]  # type: ignore[union-attr]
    assert list(calendar.walk("VTIMEZONE"))[0]["tzid"] == "Europe/Paris"
    assert str(events[0]["summary"]) == "Rendez-vous tripartite — LEFÈVRE Anne"
    assert "Avec : Jean-Marc Lefèvre, Aïcha N'Diaye" in str(events[0]["description"])
    assert str(events[0]["location"]) == "Agence de Troyes"


def test_export_then_import_gives_the_same_busy_times() -> None:
    exported = export_ics([item(datetime(2026, 3, 27, 9)), item(datetime(2026, 3, 30, 9), "a2"),
                           item(datetime(2026, 3, 31, 9), "a3", Attendance.CANCELLED)], {})
    busy = import_ics(exported)
    assert [(b.start, b.end) for b in busy] == [(datetime(2026, 3, 27, 9), datetime(2026, 3, 27, 10)),
                                               (datetime(2026, 3, 30, 9), datetime(2026, 3, 30, 10))]


def test_outside_events_in_utc_all_day_or_with_a_duration() -> None:
    data = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//FR\r
BEGIN:VEVENT\r
UID:1\r
DTSTART:20260701T120000Z\r
DTEND:20260701T130000Z\r
SUMMARY:Formation interne\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:2\r
DTSTART;VALUE=DATE:20260703\r
SUMMARY:Cong\xc3\xa9\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:3\r
DTSTART:20260706T090000\r
DURATION:PT90M\r
SUMMARY:R\xc3\xa9union\r
END:VEVENT\r
END:VCALENDAR\r
"""
    busy = import_ics(data)
    assert [(b.start, b.end, b.summary) for b in busy] == [
        (datetime(2026, 7, 1, 14), datetime(2026, 7, 1, 15), "Formation interne"),  # UTC+2 in summer
        (datetime(2026, 7, 3), datetime(2026, 7, 4), "Congé"),
        (datetime(2026, 7, 6, 9), datetime(2026, 7, 6, 10, 30), "Réunion"),
    ]


@pytest.mark.parametrize("data", [b"pas un calendrier", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nEND:VEVENT\r\n"
                                  b"END:VCALENDAR\r\n"])
def test_a_bad_file_gives_a_clear_message(data: bytes) -> None:
    with pytest.raises(CalendarFileError, match="Rien n'a été importé"):
        import_ics(data)
