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
