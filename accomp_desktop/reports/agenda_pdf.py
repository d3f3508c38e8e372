"""Paper from the agenda: the convocation letter the person receives, and the day/week list for the office.

The letter is in plain French: when, where (or how: phone, video, at home), with whom, for how long, what to
bring, and whom to call when the person cannot come. The list is one table per day. Imported only when
printing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, Spacer

from accomp_desktop.domain.enums import AppointmentMode, Attendance
from accomp_desktop.domain.french_dates import long_date
from accomp_desktop.domain.text import duration_words
from accomp_desktop.reports.pdf_base import (
    BODY,
    CELL,
    CELL_HEAD,
    HEADING,
    LANDSCAPE_BODY,
    LINE,
    SHADE,
    TITLE,
    HeadingWithFirstRows,
    SplittingTable,
    build_pdf,
    bullet,
    paragraph,
    table_style,
)
from accomp_desktop.reports.plan_model import appointment_words

TO_BRING = ("une pièce d'identité", "ce courrier")
WEEKDAYS = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche")


@dataclass(frozen=True, slots=True)
class Convocation:
    person_name: str
    person_address: str
    person_phone: str
    start: datetime
    duration_minutes: int
    what: str  # "un rendez-vous à trois, avec vos deux référents"
    mode: AppointmentMode
    place: str
    with_whom: tuple[str, ...]  # "Jean-Marc Lefèvre, votre conseiller France Travail"
    contact: str  # whom to call: "Jean-Marc Lefèvre, 03 25 12 34 56"
    to_bring: str = ""
    issued_on: date | None = None
    issued_by: str = ""


@dataclass(frozen=True, slots=True)
class ListedAppointment:
    start: datetime
    duration_minutes: int
    what: str
    person: str
    where: str
    with_whom: str
    attendance: Attendance


def _where(letter: Convocation) -> str:
    """Where, or how, the appointment takes place, in one sentence."""
    if letter.mode is AppointmentMode.PHONE:
        number = letter.person_phone or "numéro que vous nous avez donné"
        return f"Par téléphone : nous vous appellerons au {number}."
    if letter.mode is AppointmentMode.VIDEO:
        return "En vidéo : nous vous enverrons le lien de connexion avant le rendez-vous."
    if letter.mode is AppointmentMode.AT_HOME:
        address = f", {letter.person_address}" if letter.person_address else ""
        return f"Chez vous : nous viendrons à votre domicile{address}."
    return f"Où : {letter.place}." if letter.place else "Où : à l'agence (nous vous préciserons la salle)."


def render_convocation(letter: Convocation) -> bytes:
    where = _where(letter)
    bring = [*TO_BRING, *([letter.to_bring] if letter.to_bring else [])]
    story: list[Any] = [
        paragraph("Convocation à un rendez-vous", TITLE),
        paragraph(f"Pour {letter.person_name}"),
        Spacer(1, 14),
        paragraph(f"Bonjour {letter.person_name},"),
        Spacer(1, 6),
        Paragraph(
            f"Vous avez <b>{escape(letter.what)}</b>, le <b>{appointment_words(letter.start)}</b>.", BODY
        ),
        paragraph(where),
        paragraph(f"Le rendez-vous dure environ {duration_words(letter.duration_minutes)}."),
    ]
    if letter.with_whom:
        story += [paragraph("Vous verrez :", HEADING), *[bullet(person) for person in letter.with_whom]]
    story += [
        paragraph("Pensez à apporter", HEADING),
        *[bullet(thing) for thing in bring],
        paragraph("Vous ne pouvez pas venir ?", HEADING),
        paragraph(
            f"Prévenez-nous le plus tôt possible : {letter.contact}. Nous fixerons ensemble une autre date."
        ),
        Spacer(1, 18),
        paragraph(
            f"Fait le {long_date(letter.issued_on or date.today())}"
            + (f", {letter.issued_by}." if letter.issued_by else ".")
        ),
    ]
    return build_pdf(
        story,
        title=f"Convocation — {letter.person_name}",
        author=letter.issued_by,
        subject=f"Rendez-vous du {appointment_words(letter.start)}",
        footer=f"Convocation — {letter.person_name} — {letter.start:%d/%m/%Y}",
    )


LIST_COLUMNS = (
    3.0 * cm,
    4.5 * cm,
    6.2 * cm,
    6.2 * cm,
    5.8 * cm,
)  # 25.7 cm: a landscape page less its margins
"""Hour, what, person, place, with whom: wide enough that a double-barrelled name (« BRISSON-LEFÈBVRE
Marie-Christine ») wraps between its words, never inside one."""


def render_day_list(
    title: str, days: list[tuple[date, str, list[ListedAppointment]]], *, author: str
) -> bytes:
    """One table per day on landscape pages: hour, what, who, where, with whom; holidays and empty days said
    in words. A day's heading goes with its first appointments, so a page never holds a heading (or the title)
    alone."""
    story: list[Any] = [paragraph(title, TITLE)]
    for day, holiday, items in days:
        heading = paragraph(
            f"{WEEKDAYS[day.weekday()]} {long_date(day)}" + (f" — férié : {holiday}" if holiday else ""),
            HEADING,
        )
        if not items:
            story += [heading, paragraph("Aucun rendez-vous.")]
            continue
        # The header row is repeated on each page a day runs over: its first cell names the day (« Lun. 23/11
        # »).
        rows: list[list[Any]] = [
            [
                paragraph(h, CELL_HEAD)
                for h in (
                    f"{WEEKDAYS[day.weekday()][:3]}. {day:%d/%m}",
                    "Rendez-vous",
                    "Personne",
                    "Lieu",
                    "Avec",
                )
            ]
        ]
        for item in items:
            cancelled = " (annulé)" if item.attendance is Attendance.CANCELLED else ""
            rows.append(
                [
                    paragraph(
                        f"{item.start:%H:%M}\n{duration_words(item.duration_minutes, unit='min')}", CELL
                    ),
                    paragraph(item.what + cancelled, CELL),
                    paragraph(item.person or "—", CELL),
                    paragraph(item.where or "—", CELL),
                    paragraph(item.with_whom.replace(" / ", "\n"), CELL),
                ]
            )
        table = SplittingTable(rows, colWidths=list(LIST_COLUMNS), repeatRows=1, page_body=LANDSCAPE_BODY)
        table.setStyle(
            table_style(
                [
                    ("GRID", (0, 0), (-1, -1), 0.6, LINE),
                    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(HeadingWithFirstRows(heading, table))
    return build_pdf(
        story, title=title, author=author, subject="Liste des rendez-vous", footer=title, landscape=True
    )
