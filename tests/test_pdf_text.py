"""User text in printed documents: printed as typed, whatever it contains."""

import io

from pypdf import PdfReader

from accomp_desktop.reports.pdf_base import build_pdf, paragraph


def printed(*texts: str) -> str:
    pdf = build_pdf([paragraph(text) for text in texts], title="t", author="a", subject="s", footer="f")
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_markup_characters_print_as_typed_and_line_breaks_are_kept() -> None:
    text = printed(
        "Loyer < 500 € & charges > 50 €",
        "<b>pas en gras</b>",
        "Première ligne\nDeuxième ligne",
        "Rendez-vous à 9\u00a0h\u202f: « CAF »",
    )
    lines = text.splitlines()
    assert "Loyer < 500 € & charges > 50 €" in lines
    assert "<b>pas en gras</b>" in lines
    assert ["Première ligne", "Deuxième ligne"] == lines[2:4]
    assert "Rendez-vous à 9 h : « CAF »" in text.replace("\u00a0", " ").replace("\u202f", " ")


def test_a_long_paragraph_wraps_and_splits_across_pages_without_losing_words() -> None:
    words = [f"mot{number}" for number in range(3000)]
    pdf = build_pdf([paragraph(" ".join(words))], title="t", author="a", subject="s", footer="f")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 1
    found = " ".join(page.extract_text() for page in reader.pages).split()
    assert [word for word in found if word.startswith("mot")] == words


def _all_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_every_action_the_forms_accept_prints_split_across_pages() -> None:
    """A row taller than a page (the longest label, objective and partner the forms accept; a label of fifty
    short lines) made the plan unprintable (reportlab's LayoutError)."""
    from datetime import date

    from accomp_desktop.domain.enums import ActionStatus, CarrierKind, Side
    from accomp_desktop.reports.plan_model import PlanAction, PlanContent
    from accomp_desktop.reports.plan_pdf import render_plan

    label = " ".join(f"L{n:03d}" for n in range(200))[:1000]  # 1,000 characters, as the form allows
    lines = "\n".join(f"ligne{n:02d}" for n in range(50))
    actions = (
        PlanAction(
            label=label,
            side=Side.SOCIAL,
            carrier=CarrierKind.PARTNER,
            status=ActionStatus.PLANNED,
            carrier_name=" ".join(f"P{n:03d}" for n in range(40))[:200],
            objective=" ".join(f"O{n:03d}" for n in range(100))[:500],
        ),
        PlanAction(label=lines, side=Side.EMPLOI, carrier=CarrierKind.PERSON, status=ActionStatus.PLANNED),
    )
    content = PlanContent(
        person_name="Zoé N'DIAYE",
        reference="AG-2026-0001",
        issued_on=date(2026, 11, 29),
        issued_by="Aïcha N'Diaye",
        version=1,
        conseiller=None,
        travailleur_social=None,
        actions=actions,
        appointments=(),
        entry_date=None,
        planned_end=None,
    )
    text = _all_text(render_plan(content))
    words = set(text.split())
    assert {f"L{n:03d}" for n in range(199)} <= words  # every word of the label, split over pages
    assert {f"ligne{n:02d}" for n in range(50)} <= words and {f"O{n:03d}" for n in range(99)} <= words


def test_a_note_as_long_as_the_journal_allows_prints_in_the_access_export() -> None:
    from accomp_desktop.reports.access_request_pdf import render_access_request

    note = " ".join(f"n{n:04d}" for n in range(3300))[:20000]
    data = {
        "format": "x",
        "exporte_le": "2026-11-29T10:00:00",
        "personne": {"last_name": "Roy"},
        "dossier": {},
        "binome": {},
        "historique": [],
        "diagnostic": [],
        "diagnostic_textes": {},
        "diagnostic_validations": [],
        "objectifs": [],
        "actions": [],
        "plans_remis": [],
        "notes": [{"text": note, "auteur": "A"}],
        "rendez_vous": [],
    }
    words = set(_all_text(render_access_request(data, themes={}, author="t")).split())
    assert {f"n{n:04d}" for n in range(3000)} <= words


def _footer_items(pdf: bytes) -> list[tuple[str, float, float]]:
    """(text, x, y) of every string drawn in the bottom 2 cm of each page."""
    found: list[tuple[str, float, float]] = []

    def visit(text: str, cm_: list[float], tm: list[float], *_: object) -> None:
        if text.strip() and tm[5] < 60:
            found.append((text.strip(), tm[4], tm[5]))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return found


def test_a_long_name_in_the_footer_never_runs_over_the_page_number() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from accomp_desktop.reports.pdf_base import FONT

    name = "Marie-Christine-Éléonore BRISSON-LEFÈBVRE DE LA FONTAINE"  # 56 characters
    for landscape in (False, True):
        pdf = build_pdf(
            [paragraph("Texte")],
            title="t",
            author="a",
            subject="s",
            landscape=landscape,
            footer=f"Mon plan d'action — {name} — remis le 29/11/2026",
        )
        items = _footer_items(pdf)
        footer = next(item for item in items if item[0].startswith("Mon plan"))
        number = next(item for item in items if item[0].startswith("Page 1 / 1"))
        assert footer[0].endswith("…") or landscape  # cut on a portrait page, whole on a landscape one
        assert footer[1] + stringWidth(footer[0], FONT, 10) < number[1] - 10  # a visible gap between the two


def test_a_character_the_font_lacks_prints_as_its_spelling_never_as_a_box() -> None:
    text = printed("Léa 🙂 Zhōu 中 Ørsted")
    assert "Léa" in text and "Ørsted" in text and "Zhōu" in text  # what the font has is printed as typed
    assert "🙂" not in text and "中" not in text
    assert ":slight_smile:" in text and "Zhong" in text


def test_the_first_page_holds_the_start_of_a_table_too_long_for_it() -> None:
    """A heading kept with its whole table dragged both to page 2 and left page 1 nearly blank."""
    from datetime import date, datetime, timedelta

    from accomp_desktop.domain.enums import ActionStatus, Attendance, CarrierKind, Side
    from accomp_desktop.reports.agenda_pdf import ListedAppointment, render_day_list
    from accomp_desktop.reports.plan_model import PlanAction, PlanContent
    from accomp_desktop.reports.plan_pdf import render_plan

    actions = tuple(
        PlanAction(
            label=f"Action{n:02d} " + "démarche " * 30,
            side=Side.EMPLOI,
            carrier=CarrierKind.PERSON,
            status=ActionStatus.PLANNED,
        )
        for n in range(12)
    )
    content = PlanContent(
        person_name="Zoé N'DIAYE",
        reference="AG-2026-0001",
        issued_on=date(2026, 11, 29),
        issued_by="Aïcha N'Diaye",
        version=1,
        conseiller=None,
        travailleur_social=None,
        actions=actions,
        appointments=(),
        entry_date=None,
        planned_end=None,
    )
    first_page = PdfReader(io.BytesIO(render_plan(content))).pages[0].extract_text()
    assert "Action00" in first_page

    day = date(2026, 11, 23)
    items = [
        ListedAppointment(
            datetime(2026, 11, 23, 8) + timedelta(minutes=30 * n),
            30,
            "Entretien",
            f"BRISSON-LEFÈBVRE{n:02d} Marie-Christine",
            "Agence " * 20,
            "Jean-Marc Lefèvre",
            Attendance.PLANNED,
        )
        for n in range(40)
    ]
    pages = PdfReader(
        io.BytesIO(render_day_list("Rendez-vous de la semaine " * 4, [(day, "", items)], author="a"))
    ).pages
    assert "BRISSON-LEFÈBVRE00" in pages[0].extract_text()  # the title is not alone on its page
    assert "Lun. 23/11" in pages[1].extract_text()  # a page the day runs over says which day it is
    words = set(" ".join(page.extract_text() for page in pages).split())
    assert {f"BRISSON-LEFÈBVRE{n:02d}" for n in range(40)} <= words  # never cut inside a name
