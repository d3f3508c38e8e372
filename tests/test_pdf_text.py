"""User text in printed documents: printed as typed, whatever it contains."""

import io

from pypdf import PdfReader

from accomp_desktop.reports.pdf_base import build_pdf, paragraph


def printed(*texts: str) -> str:
    pdf = build_pdf([paragraph(text) for text in texts], title="t", author="a", subject="s", footer="f")
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_markup_characters_print_as_typed_and_line_breaks_are_kept() -> None:
    text = printed("Loyer < 500 € & charges > 50 €", "<b>pas en gras</b>", "Première ligne\nDeuxième ligne",
                   "Rendez-vous à 9\u00a0h\u202f: « CAF »")
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
        PlanAction(label=label, side=Side.SOCIAL, carrier=CarrierKind.PARTNER, status=ActionStatus.PLANNED,
                   carrier_name=" ".join(f"P{n:03d}" for n in range(40))[:200],
                   objective=" ".join(f"O{n:03d}" for n in range(100))[:500]),
        PlanAction(label=lines, side=Side.EMPLOI, carrier=CarrierKind.PERSON, status=ActionStatus.PLANNED),
    )
    content = PlanContent(person_name="Zoé N'DIAYE", reference="AG-2026-0001", issued_on=date(2026, 11, 29),
                         issued_by="Aïcha N'Diaye", version=1, conseiller=None, travailleur_social=None,
                         actions=actions, appointments=(), entry_date=None, planned_end=None)
    text = _all_text(render_plan(content))
    words = set(text.split())
    assert {f"L{n:03d}" for n in range(199)} <= words  # every word of the label, split over pages
    assert {f"ligne{n:02d}" for n in range(50)} <= words and {f"O{n:03d}" for n in range(99)} <= words


def test_a_note_as_long_as_the_journal_allows_prints_in_the_access_export() -> None:
    from accomp_desktop.reports.access_request_pdf import render_access_request

    note = " ".join(f"n{n:04d}" for n in range(3300))[:20000]
    data = {"format": "x", "exporte_le": "2026-11-29T10:00:00", "personne": {"last_name": "Roy"}, "dossier": {},
            "binome": {}, "historique": [], "diagnostic": [], "diagnostic_textes": {}, "diagnostic_validations": [],
            "objectifs": [], "actions": [], "plans_remis": [], "notes": [{"text": note, "auteur": "A"}],
            "rendez_vous": []}
    words = set(_all_text(render_access_request(data, themes={}, author="t")).split())
    assert {f"n{n:04d}" for n in range(3000)} <= words
