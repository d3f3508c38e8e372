"""The floor of the PDF benchmark: the same plan, laid out the same way, with reportlab's standard Helvetica,
which is not embedded (what a PDF without DejaVu would cost). Benchmark use only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.lib.styles import ParagraphStyle

from accomp_desktop.reports import pdf_base


@contextmanager
def standard_fonts() -> Iterator[None]:
    styles = [value for value in vars(pdf_base).values() if isinstance(value, ParagraphStyle)]
    saved = [(style, style.__dict__.get("fontName")) for style in styles]
    fonts = (pdf_base.FONT, pdf_base.BOLD)
    try:
        for style, name in saved:
            if name is not None:
                style.fontName = "Helvetica-Bold" if name == pdf_base.BOLD else "Helvetica"
        pdf_base.FONT, pdf_base.BOLD = "Helvetica", "Helvetica-Bold"
        yield
    finally:
        for style, name in saved:
            if name is not None:
                style.fontName = name
        pdf_base.FONT, pdf_base.BOLD = fonts
