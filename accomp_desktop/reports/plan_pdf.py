"""The PDF "Mon plan d'action" that the person takes home, laid out with reportlab.

Easy to read: A4, body at 12 pt in DejaVu Sans (embedded, so every French character prints the same in any
viewer), short headings, generous spacing, tables whose rows split cleanly across pages, "Page 1 / 2" at the
bottom, and the document's title, author, subject and language (fr-FR) in its metadata. This module is
imported only when a plan is printed: reportlab costs ~100 ms to import.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from accomp_desktop.reports.plan_model import (
    STATUS_WORDS,
    PlanAction,
    PlanContent,
    Referent,
    appointment_words,
    long_date,
)
from accomp_desktop.resources import resource_path

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
INK = colors.HexColor("#1a1a1a")
LINE = colors.HexColor("#8a8a8a")
SHADE = colors.HexColor("#eef2f7")

_BODY = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=17, textColor=INK, alignment=TA_LEFT)
_SMALL = ParagraphStyle("small", parent=_BODY, textColor=colors.HexColor("#3d3d3d"))  # secondary, still 12 pt
_CELL = ParagraphStyle("cell", parent=_BODY, fontSize=12, leading=16)
_CELL_HEAD = ParagraphStyle("cellhead", parent=_CELL, fontName=BOLD)
_TITLE = ParagraphStyle("title", parent=_BODY, fontName=BOLD, fontSize=24, leading=30, spaceAfter=4)
_HEADING = ParagraphStyle("heading", parent=_BODY, fontName=BOLD, fontSize=16, leading=21, spaceBefore=14,
                          spaceAfter=6, keepWithNext=1)  # never a heading alone at the bottom of a page


def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(resource_path("fonts/DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(BOLD, str(resource_path("fonts/DejaVuSans-Bold.ttf"))))


def _style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table style on DejaVu: a table sets its cells' font even around paragraphs (Helvetica by default)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def _p(text: str, style: ParagraphStyle = _BODY) -> Paragraph:
    """A paragraph of user text: escaped (a "<" in a note is a character, not markup), line breaks kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Writes "Page n / total" once the total is known (after the last page)."""

    def __init__(self, *args: Any, footer: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._footer = footer

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(FONT, 10)
            self.setFillColor(INK)
            self.drawString(2 * cm, 1.2 * cm, self._footer)
            self.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Page {number} / {total}")
            super().showPage()
        super().save()


def _referents(content: PlanContent) -> Table:
    def card(referent: Referent | None, role: str) -> list[Paragraph]:
        if referent is None:
            return [_p(role, _CELL_HEAD), _p("Pas encore désigné.", _CELL)]
        phone = referent.phone or "non indiqué, demandez-le à l'accueil"
        lines = [_p(referent.role, _CELL_HEAD), _p(referent.name, _CELL), _p(f"Téléphone : {phone}", _CELL)]
        if referent.email:
            lines.append(_p(f"E-mail : {referent.email}", _CELL))
        return lines

    table = Table([[card(content.conseiller, "Mon conseiller France Travail"),
                    card(content.travailleur_social, "Mon travailleur social")]],
                  colWidths=[8.5 * cm, 8.5 * cm])
    table.setStyle(_style([
        ("BOX", (0, 0), (-1, -1), 0.8, LINE), ("INNERGRID", (0, 0), (-1, -1), 0.8, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, -1), SHADE),
        ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
    ]))
    return table


def _when(action: PlanAction) -> str:
    if action.due_date and action.start_date:
        return f"Du {long_date(action.start_date)} au {long_date(action.due_date)}"
    if action.due_date:
        return f"Avant le {long_date(action.due_date)}"
    if action.start_date:
        return f"À partir du {long_date(action.start_date)}"
    return "Date à fixer ensemble"


def _actions(actions: list[PlanAction], nobody: str) -> list[Any]:
    if not actions:
        return [_p(nobody)]
    rows: list[list[Any]] = [[_p("Action", _CELL_HEAD), _p("Quand", _CELL_HEAD), _p("Où en est-on", _CELL_HEAD)]]
    for action in actions:
        what = [_p(action.label, _CELL)]
        if action.carrier_name:
            what.append(_p(f"Avec : {action.carrier_name}", _SMALL))
        if action.objective:
            what.append(_p(f"Pour : {action.objective}", _SMALL))
        rows.append([what, _p(_when(action), _CELL), _p(STATUS_WORDS[action.status], _CELL)])
    table = Table(rows, colWidths=[8.9 * cm, 4.8 * cm, 3.3 * cm], repeatRows=1, splitByRow=True)
    table.setStyle(_style([
        ("GRID", (0, 0), (-1, -1), 0.6, LINE), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return [table]


def _signatures(content: PlanContent) -> Table:
    names = [content.person_name,
             content.conseiller.name if content.conseiller else "",
             content.travailleur_social.name if content.travailleur_social else ""]
    roles = ["Moi", "Mon conseiller", "Mon travailleur social"]
    cells = [[_p(role, _CELL_HEAD), _p(name, _CELL), _p("Date et signature :", _SMALL), Spacer(1, 1.8 * cm)]
             for role, name in zip(roles, names, strict=True)]
    table = Table([cells], colWidths=[5.66 * cm] * 3)
    table.setStyle(_style([("BOX", (0, 0), (-1, -1), 0.8, LINE), ("INNERGRID", (0, 0), (-1, -1), 0.8, LINE),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 8)]))
    return table


def render_plan(content: PlanContent) -> bytes:
    """The plan as PDF bytes."""
    _register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm, bottomMargin=2 * cm,
        title=f"Mon plan d'action — {content.person_name}", author=content.issued_by,
        subject=f"Plan d'action de l'accompagnement global, dossier {content.reference}", lang="fr-FR",
        creator="Accomp Desktop",
        initialFontName=FONT,  # else every page also declares Helvetica, a font that is not embedded
    )
    story: list[Any] = [
        _p("Mon plan d'action", _TITLE),
        _p(f"Pour {content.person_name}"),
        _p(f"Remis le {long_date(content.issued_on)} (version {content.version})", _SMALL),
        Spacer(1, 10),
        _p("Mes deux référents", _HEADING),
        _referents(content),
        _p("Mon accompagnement", _HEADING),
    ]
    if content.entry_date and content.planned_end:
        story.append(_p(f"Il a commencé le {long_date(content.entry_date)}. "
                        f"Il dure jusqu'au {long_date(content.planned_end)}."))
    else:
        story.append(_p("Il commencera quand nous aurons fait ensemble le point sur ma situation."))
    story.append(_p("Nous faisons le point ensemble à chaque rendez-vous. Ce plan peut changer : c'est normal."))
    for part, heading, nobody in (
        ("person", "Ce que je vais faire", "Rien pour le moment."),
        ("conseiller", "Ce que fait mon conseiller France Travail", "Rien pour le moment."),
        ("travailleur_social", "Ce que fait mon travailleur social", "Rien pour le moment."),
    ):
        story += [_p(heading, _HEADING), *_actions(content.actions_of(part), nobody)]
    story.append(_p("Mes prochains rendez-vous", _HEADING))
    if content.appointments:
        for appointment in content.appointments:
            line = f"Le {appointment_words(appointment.start)} : {appointment.what}"
            if appointment.with_whom:
                line += f", avec {appointment.with_whom}"
            if appointment.place:
                line += f". Lieu : {appointment.place}"
            story.append(_p(f"• {line}."))
    else:
        story.append(_p("Pas de rendez-vous prévu pour le moment. Mon conseiller ou mon travailleur social "
                        "m'appellera pour en fixer un."))
    story += [Spacer(1, 12), KeepTogether([_p("Nous sommes d'accord sur ce plan", _HEADING), _signatures(content)])]

    def canvas(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        return _NumberedCanvas(*args, footer=f"Mon plan d'action — {content.person_name} — "
                               f"remis le {long_date(content.issued_on)}", **kwargs)

    document.build(story, canvasmaker=canvas)
    return buffer.getvalue()
