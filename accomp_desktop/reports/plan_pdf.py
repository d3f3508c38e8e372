"""The PDF "Mon plan d'action" that the person takes home, laid out with reportlab (see :mod:`pdf_base`).

Easy to read: short headings, generous spacing, tables whose rows split cleanly across pages (header row
repeated), dates and statuses in words, signature boxes. Imported only when a plan is printed.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from accomp_desktop.domain.french_dates import long_date
from accomp_desktop.reports.pdf_base import (
    CELL,
    CELL_HEAD,
    HEADING,
    LINE,
    SHADE,
    SMALL,
    TITLE,
    HeadingWithFirstRows,
    SplittingTable,
    build_pdf,
    bullet,
    paragraph,
    table_style,
)
from accomp_desktop.reports.plan_model import (
    STATUS_WORDS,
    PlanAction,
    PlanContent,
    Referent,
    appointment_words,
)


def _referents(content: PlanContent) -> Table:
    def card(referent: Referent | None, role: str) -> list[Paragraph]:
        if referent is None:
            return [paragraph(role, CELL_HEAD), paragraph("Pas encore désigné.", CELL)]
        phone = referent.phone or "non indiqué, demandez-le à l'accueil"
        lines = [
            paragraph(referent.role, CELL_HEAD),
            paragraph(referent.name, CELL),
            paragraph(f"Téléphone : {phone}", CELL),
        ]
        if referent.email:
            lines.append(paragraph(f"E-mail : {referent.email}", CELL))
        return lines

    table = Table(
        [
            [
                card(content.conseiller, "Mon conseiller France Travail"),
                card(content.travailleur_social, "Mon travailleur social"),
            ]
        ],
        colWidths=[8.5 * cm, 8.5 * cm],
    )
    table.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, LINE),
                ("INNERGRID", (0, 0), (-1, -1), 0.8, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def _when(action: PlanAction) -> str:
    if action.due_date and action.start_date:
        return f"Du {long_date(action.start_date)} au {long_date(action.due_date)}"
    if action.due_date:
        return f"Avant le {long_date(action.due_date)}"
    if action.start_date:
        return f"À partir du {long_date(action.start_date)}"
    return "Date à fixer ensemble"


def _actions(heading: str, actions: list[PlanAction], nobody: str) -> list[Any]:
    if not actions:
        return [paragraph(heading, HEADING), paragraph(nobody)]
    rows: list[list[Any]] = [
        [paragraph("Action", CELL_HEAD), paragraph("Quand", CELL_HEAD), paragraph("Où en est-on", CELL_HEAD)]
    ]
    for action in actions:
        what = [paragraph(action.label, CELL)]
        if action.carrier_name:
            what.append(paragraph(f"Avec : {action.carrier_name}", SMALL))
        if action.objective:
            what.append(paragraph(f"Pour : {action.objective}", SMALL))
        rows.append([what, paragraph(_when(action), CELL), paragraph(STATUS_WORDS[action.status], CELL)])
    # A row may be taller than a page (a 1,000-character action with its objective and partner): it splits.
    table = SplittingTable(rows, colWidths=[8.9 * cm, 4.8 * cm, 3.3 * cm], repeatRows=1)
    table.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, LINE),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return [HeadingWithFirstRows(paragraph(heading, HEADING), table)]


def _signatures(content: PlanContent) -> Table:
    names = [
        content.person_name,
        content.conseiller.name if content.conseiller else "",
        content.travailleur_social.name if content.travailleur_social else "",
    ]
    roles = ["Moi", "Mon conseiller", "Mon travailleur social"]
    cells = [
        [
            paragraph(role, CELL_HEAD),
            paragraph(name, CELL),
            paragraph("Date et signature :", SMALL),
            Spacer(1, 1.8 * cm),
        ]
        for role, name in zip(roles, names, strict=True)
    ]
    table = Table([cells], colWidths=[5.66 * cm] * 3)
    table.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, LINE),
                ("INNERGRID", (0, 0), (-1, -1), 0.8, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def render_plan(content: PlanContent) -> bytes:
    """The plan as PDF bytes."""
    story: list[Any] = [
        paragraph("Mon plan d'action", TITLE),
        paragraph(f"Pour {content.person_name}"),
        paragraph(f"Remis le {long_date(content.issued_on)} (version {content.version})", SMALL),
        Spacer(1, 10),
        paragraph("Mes deux référents", HEADING),
        _referents(content),
        paragraph("Mon accompagnement", HEADING),
    ]
    if content.entry_date and content.planned_end:
        story.append(
            paragraph(
                f"Il a commencé le {long_date(content.entry_date)}. "
                f"Il dure jusqu'au {long_date(content.planned_end)}."
            )
        )
    else:
        story.append(paragraph("Il commencera quand nous aurons fait ensemble le point sur ma situation."))
    story.append(
        paragraph("Nous faisons le point ensemble à chaque rendez-vous. Ce plan peut changer : c'est normal.")
    )
    for part, heading, nobody in (
        ("person", "Ce que je vais faire", "Rien pour le moment."),
        ("conseiller", "Ce que fait mon conseiller France Travail", "Rien pour le moment."),
        ("travailleur_social", "Ce que fait mon travailleur social", "Rien pour le moment."),
    ):
        story += _actions(heading, content.actions_of(part), nobody)
    story.append(paragraph("Mes prochains rendez-vous", HEADING))
    if content.appointments:
        for appointment in content.appointments:
            line = f"Le {appointment_words(appointment.start)} : {appointment.what}"
            if appointment.with_whom:
                line += f", avec {appointment.with_whom}"
            if appointment.place:
                line += f". Lieu : {appointment.place}"
            story.append(bullet(f"{line}."))
    else:
        story.append(
            paragraph(
                "Pas de rendez-vous prévu pour le moment. Mon conseiller ou mon travailleur social "
                "m'appellera pour en fixer un."
            )
        )
    story += [
        Spacer(1, 12),
        KeepTogether([paragraph("Nous sommes d'accord sur ce plan", HEADING), _signatures(content)]),
    ]

    return build_pdf(
        story,
        title=f"Mon plan d'action — {content.person_name}",
        author=content.issued_by,
        subject=f"Plan d'action de l'accompagnement global, dossier {content.reference}",
        footer=f"Mon plan d'action — {content.person_name} — remis le {long_date(content.issued_on)}",
    )
