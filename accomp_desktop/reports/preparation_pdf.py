"""The joint appointment's preparation sheet as a PDF: one page for the two professionals."""

from __future__ import annotations

from datetime import date
from typing import Any

from accomp_desktop.domain.french_dates import long_date
from accomp_desktop.reports.pdf_base import HEADING, TITLE, build_pdf, bullet, paragraph


def render_preparation(
    title: str, sections: list[tuple[str, list[str]]], *, today: date, author: str, reference: str
) -> bytes:
    """The sheet's parts (headings and lines, as the screen shows them) on one page."""
    story: list[Any] = [
        paragraph(title, TITLE),
        paragraph(f"Préparée le {long_date(today)} — document interne au binôme"),
    ]
    for heading, lines in sections:
        story.append(paragraph(heading, HEADING))
        story += [bullet(line) for line in lines]
    return build_pdf(
        story,
        title=title,
        author=author,
        subject=f"Préparation d'un rendez-vous, dossier {reference}",
        footer=title,
    )
