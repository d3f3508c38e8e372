"""The joint appointment's preparation sheet as a PDF: one page for the two professionals."""

from __future__ import annotations

from typing import Any

from accomp_desktop.reports.pdf_base import HEADING, TITLE, build_pdf, bullet, paragraph
from accomp_desktop.reports.plan_model import long_date
from accomp_desktop.services.preparation import Preparation


def render_preparation(preparation: Preparation, *, author: str) -> bytes:
    story: list[Any] = [paragraph(preparation.title, TITLE),
                        paragraph(f"Préparée le {long_date(preparation.today)} — document interne au binôme")]
    for heading, lines in preparation.sections():
        story.append(paragraph(heading, HEADING))
        story += [bullet(line) for line in lines]
    return build_pdf(story, title=preparation.title, author=author,
                     subject=f"Préparation d'un rendez-vous, dossier {preparation.detail.dossier.reference}",
                     footer=preparation.title)
