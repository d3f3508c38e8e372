""".ics export read back by the icalendar parser, across the daylight-saving change; imports all or
nothing."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from accomp_desktop.domain.enums import AppointmentMode, AppointmentType, Attendance
from accomp_desktop.domain.model import AgendaItem
from accomp_desktop.services.calendar_files import CalendarFileError, export_ics, import_ics

PARIS = ZoneInfo("Europe/Paris")


def item(start: datetime, ident: str = "a1", attendance: Attendance = Attendance.PLANNED) -> AgendaItem:
    return AgendaItem(
        id=ident,
        start=start,
        duration_minutes=60,
        type=AppointmentType.TRIPARTITE,
        mode=AppointmentMode.ON_SITE,
        attendance=attendance,
        participant_ids=("p1", "p2"),
        person="LEFÈVRE Anne",
        place="Agence de Troyes",
        notes="Apporter le CV.",
    )


def test_local_times_survive_the_daylight_saving_change() -> None:
    # Clocks go back on Sunday 25 October 2026: 14:30 is UTC+2 on Friday the 23rd, UTC+1 on Monday the 26th.
    data = export_ics(
        [item(datetime(2026, 10, 23, 14, 30), "a1"), item(datetime(2026, 10, 26, 14, 30), "a2")],
        {"p1": "Jean-Marc Lefèvre", "p2": "Aïcha N'Diaye"},
    )
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
    exported = export_ics(
        [
            item(datetime(2026, 3, 27, 9)),
            item(datetime(2026, 3, 30, 9), "a2"),
            item(datetime(2026, 3, 31, 9), "a3", Attendance.CANCELLED),
        ],
        {},
    )
    busy = import_ics(exported, file_name="export.ics", today=date(2026, 3, 15)).periods
    assert [(b.start, b.end) for b in busy] == [
        (datetime(2026, 3, 27, 9), datetime(2026, 3, 27, 10)),
        (datetime(2026, 3, 30, 9), datetime(2026, 3, 30, 10)),
    ]


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
    busy = import_ics(data, file_name="agenda.ics", today=date(2026, 6, 15)).periods
    assert [(b.start, b.end, b.summary) for b in busy] == [
        (datetime(2026, 7, 1, 14), datetime(2026, 7, 1, 15), "Formation interne"),  # UTC+2 in summer
        (datetime(2026, 7, 3), datetime(2026, 7, 4), "Congé"),
        (datetime(2026, 7, 6, 9), datetime(2026, 7, 6, 10, 30), "Réunion"),
    ]


@pytest.mark.parametrize(
    "data",
    [b"pas un calendrier", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"],
)
def test_a_bad_file_gives_a_clear_message(data: bytes) -> None:
    with pytest.raises(CalendarFileError, match="Rien n'a été importé") as caught:
        import_ics(data, file_name="x.ics", today=date(2026, 6, 15))
    assert str(caught.value).count(".") <= 3 and "Error" not in str(caught.value)  # one short French sentence


def test_the_export_reads_the_same_in_a_second_independent_parser() -> None:
    """The yearly-rule time zone, read by vobject too: summer at +02:00, winter at +01:00 (a list of past
    changes made it place every event at +01:00)."""
    import vobject

    data = export_ics([item(datetime(2026, 7, 15, 9, 30), "s"), item(datetime(2026, 12, 15, 9, 30), "w")], {})
    assert (
        b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in data
        and b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in data
    )
    calendar = vobject.readOne(data.decode("utf-8"))
    starts = sorted(event.dtstart.value for event in calendar.vevent_list)
    assert [s.utcoffset().total_seconds() / 3600 for s in starts] == [2.0, 1.0]
    assert [s.strftime("%d/%m %H:%M") for s in starts] == ["15/07 09:30", "15/12 09:30"]


REPEATED = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//FR\r
X-WR-CALNAME:\xc3\x89quipe\r
BEGIN:VEVENT\r
UID:weekly\r
DTSTART;TZID=Europe/Paris:20261102T140000\r
DTEND;TZID=Europe/Paris:20261102T160000\r
RRULE:FREQ=WEEKLY;COUNT=10\r
EXDATE;TZID=Europe/Paris:20261116T140000\r
RDATE;TZID=Europe/Paris:20261105T100000\r
SUMMARY:R\xc3\xa9union d'\xc3\xa9quipe\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:weekly\r
RECURRENCE-ID;TZID=Europe/Paris:20261123T140000\r
DTSTART;TZID=Europe/Paris:20261123T090000\r
DTEND;TZID=Europe/Paris:20261123T110000\r
SUMMARY:R\xc3\xa9union d\xc3\xa9plac\xc3\xa9e\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:free\r
DTSTART;TZID=Europe/Paris:20261104T090000\r
DTEND;TZID=Europe/Paris:20261104T100000\r
TRANSP:TRANSPARENT\r
SUMMARY:Rappel (libre)\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_repeated_events_are_expanded_and_free_ones_are_not_busy() -> None:
    calendar = import_ics(REPEATED, file_name="equipe.ics", today=date(2026, 11, 1))
    assert calendar.source == "Équipe"
    starts = sorted(p.start for p in calendar.periods)
    assert len(starts) == 10  # 10 weekly, one excluded, one added by RDATE (the moved one counted once)
    assert datetime(2026, 11, 16, 14) not in starts  # EXDATE
    assert datetime(2026, 11, 5, 10) in starts  # RDATE
    assert (
        datetime(2026, 11, 23, 9) in starts and datetime(2026, 11, 23, 14) not in starts
    )  # moved occurrence
    assert datetime(2026, 11, 4, 9) not in starts  # TRANSP:TRANSPARENT is free time


def test_a_second_calendar_replaces_only_its_own_busy_times(store: object) -> None:
    from accomp_desktop.services.agenda import AgendaService
    from accomp_desktop.storage.session import Store
    from tests.factories import seed

    assert isinstance(store, Store)
    conseiller, _, _ = seed(store)
    agenda = AgendaService(store)
    team = import_ics(REPEATED, file_name="equipe.ics", today=date(2026, 11, 1))
    agenda.replace_busy(conseiller.id, team.periods, author_id=conseiller.id, source=team.source)
    personal = import_ics(PERSONAL, file_name="perso.ics", today=date(2026, 11, 1))
    agenda.replace_busy(conseiller.id, personal.periods, author_id=conseiller.id, source=personal.source)
    month = (datetime(2026, 11, 1), datetime(2027, 1, 31))
    busy = agenda.busy([conseiller.id], *month, viewer_id=conseiller.id)
    assert len(busy) == 10 + 2  # the team meetings stay
    again = import_ics(PERSONAL, file_name="perso.ics", today=date(2026, 11, 1))
    agenda.replace_busy(conseiller.id, again.periods, author_id=conseiller.id, source=again.source)
    assert (
        len(agenda.busy([conseiller.id], *month, viewer_id=conseiller.id)) == 12
    )  # the same file twice: no double


PERSONAL = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//FR\r
BEGIN:VEVENT\r
UID:p1\r
DTSTART;TZID=Europe/Paris:20261110T120000\r
DTEND;TZID=Europe/Paris:20261110T130000\r
SUMMARY:M\xc3\xa9decin\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:p2\r
DTSTART;TZID=Europe/Paris:20261201T080000\r
DTEND;TZID=Europe/Paris:20261201T090000\r
SUMMARY:\xc3\x89cole\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.mark.parametrize("data", [bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100])
def test_a_binary_file_is_one_french_sentence(data: bytes) -> None:
    with pytest.raises(CalendarFileError) as caught:
        import_ics(data, file_name="photo.png", today=date(2026, 11, 1))
    assert str(caught.value) == "Ce fichier n'est pas un calendrier .ics lisible. Rien n'a été importé."
