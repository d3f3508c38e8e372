"""What every printed document shares: A4, DejaVu Sans embedded, easy-to-read styles, "Page n / total".

Body text is 12 pt; the fonts are embedded as subsets so that every French character (é è ê à ç œ « » ’ €…)
prints the same in any viewer; tables are forced to the same font (else reportlab declares Helvetica, which is
not embedded). Each document carries its title, author, subject and language (fr-FR). Imported only when
something is printed: reportlab costs ~100 ms to import.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from accomp_desktop.resources import resource_path

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
INK = colors.HexColor("#1a1a1a")
LINE = colors.HexColor("#8a8a8a")
SHADE = colors.HexColor("#eef2f7")

# A word too long for its line breaks after one of its own hyphens (« Marie-Christine- / Éléonore »), never
# inside a name.
BODY = ParagraphStyle(
    "body", fontName=FONT, fontSize=12, leading=17, textColor=INK, alignment=TA_LEFT, embeddedHyphenation=1
)
SMALL = ParagraphStyle("small", parent=BODY, textColor=colors.HexColor("#3d3d3d"))  # secondary, still 12 pt
CELL = ParagraphStyle("cell", parent=BODY, fontSize=12, leading=16)
# A header wraps between words only: « Où en / est-on », not « Où en est- / on ».
CELL_HEAD = ParagraphStyle("cellhead", parent=CELL, fontName=BOLD, embeddedHyphenation=0)
TITLE = ParagraphStyle("title", parent=BODY, fontName=BOLD, fontSize=24, leading=30, spaceAfter=4)
BULLET = ParagraphStyle(
    "bullet", parent=BODY, leftIndent=14, firstLineIndent=-14
)  # wrapped lines under the text
HEADING = ParagraphStyle(
    "heading",
    parent=BODY,
    fontName=BOLD,
    fontSize=16,
    leading=21,
    spaceBefore=14,
    spaceAfter=6,
    keepWithNext=1,
)  # never a heading alone at the bottom of a page


def register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(resource_path("fonts/DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(BOLD, str(resource_path("fonts/DejaVuSans-Bold.ttf"))))
        # So that <b> in a paragraph finds the bold face (there is no italic: it would stay regular).
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


# Streams stay binary (zlib only): ASCII85 on top makes files 25 % larger and costs ~2 ms per plan, for the
# benefit of 7-bit mail transports nobody uses for these documents any more.
rl_config.useA85 = 0

register_fonts()  # before any paragraph is built: paragraphs look their fonts up when they are created


def table_style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table style on DejaVu: a table sets its cells' font even around paragraphs (Helvetica by default)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


class TextParagraph(Paragraph):  # type: ignore[misc]  # reportlab ships no type hints
    """A paragraph whose line breaking is done once per width: a table measures its cells, then draws them,
    and a page break measures again — each of those used to break every line anew (~5 ms a plan)."""

    _wrapped_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        # split() may drop the broken lines (blPara) to say "move on to the next page": then break again.
        if availWidth != self._wrapped_width or "blPara" not in self.__dict__:
            super().wrap(availWidth, availHeight)
            self._wrapped_width = availWidth
        return self.width, self.height


_TEMPLATES: dict[
    tuple[str, float, str], Any
] = {}  # what a text fragment takes from its style → one, parsed once


_GLYPHS: frozenset[int] | None = None


def printable(text: str) -> str:
    """The text with every character the embedded font lacks (an emoji, a Chinese name…) replaced visibly: by
    its spelling in Latin letters (« 🙂 » → « :slight_smile: », « 中 » → « Zhong »), never by an empty box."""
    global _GLYPHS
    if text.isascii():
        return text
    if _GLYPHS is None:
        _GLYPHS = frozenset(
            code for code, glyph in pdfmetrics.getFont(FONT).face.charToGlyph.items() if glyph
        )
    if all(ord(character) in _GLYPHS or character in "\n\t" for character in text):
        return text
    from anyascii import anyascii

    return "".join(
        character if ord(character) in _GLYPHS or character in "\n\t" else anyascii(character) or "?"
        for character in text
    )


def paragraph(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of user text: never read as markup (a "<" in a note is a character), line breaks kept,
    every character printable (:func:`printable`).

    Text on one line skips reportlab's markup parser, which costs ~0.1 ms a paragraph: its one fragment is
    the style's, with the text in it."""
    text = printable(text)
    if "\n" in text or not text.strip():
        return TextParagraph(escape(text).replace("\n", "<br/>"), style)
    key = (style.fontName, style.fontSize, repr(style.textColor))
    template = _TEMPLATES.get(key)
    if template is None:
        template = _TEMPLATES[key] = Paragraph("x", style).frags[0]
    return TextParagraph(text, style, frags=[template.clone(text=text.strip())])


def bullet(text: str) -> Paragraph:
    """One item of a list: « • » then the text, its wrapped lines aligned under the text, not under the
    dot."""
    return paragraph(f"•\u00a0\u00a0{text}", BULLET)


TOP_MARGIN, BOTTOM_MARGIN = 1.8 * cm, 2 * cm
PAGE_BODY = A4[1] - TOP_MARGIN - BOTTOM_MARGIN - 12  # the frame's height, less its 6 pt paddings
LANDSCAPE_BODY = A4[0] - TOP_MARGIN - BOTTOM_MARGIN - 12  # the same on a page turned sideways


class SplittingTable(Table):  # type: ignore[misc]  # reportlab ships no type hints
    """A table whose rows move whole to the next page, as a reader expects — except a row taller than a whole
    page (a 1,000-character action with its objective and partner), which is cut inside, else it could never
    be printed (reportlab's LayoutError)."""

    def __init__(self, *args: Any, page_body: float = PAGE_BODY, **kwargs: Any) -> None:
        kwargs.setdefault("splitByRow", 1)  # the halves of a split are built with the same arguments
        kwargs.setdefault("splitInRow", 0)
        super().__init__(*args, **kwargs)
        self.page_body = page_body  # the height of a fresh page: only there is a row cut inside

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803 - reportlab's names
        self.splitInRow = 0
        parts: list[Any] = super().split(availWidth, availHeight)
        for part in parts:  # the halves are built by Table's own split: they keep the page they are on
            part.page_body = self.page_body
        if parts or availHeight < self.page_body * 0.95:
            return parts  # split between rows, or moved to a fresh page where the row may fit whole
        self.splitInRow = 1  # a fresh page and still no room: only then inside the row
        return list(super().split(availWidth, availHeight))


class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
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
            page = f"Page {number} / {total}"
            width = self._pagesize[0]
            room = width - 4 * cm - pdfmetrics.stringWidth(page, FONT, 10) - 0.6 * cm
            self.drawString(2 * cm, 1.2 * cm, fitted(printable(self._footer), room, 10))
            self.drawRightString(width - 2 * cm, 1.2 * cm, page)
            super().showPage()
        super().save()


def fitted(text: str, width: float, size: float) -> str:
    """``text`` cut with « … » to fit ``width`` points: a long name never runs over the page number."""
    if pdfmetrics.stringWidth(text, FONT, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text.rstrip(" —-") + "…"


class HeadingWithFirstRows(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A heading that goes with its table's first rows only: the two move to the next page when the heading
    and those rows do not fit in what is left of this one; otherwise the heading stays and the table splits
    after its first rows — a long table no longer drags its heading away from a half-empty page."""

    def __init__(self, heading: Paragraph, table: Table) -> None:
        super().__init__()
        self._heading, self._table = heading, table

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        return availWidth, 0xFFFFFF  # always split: the layout decides in split()

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        _, title = self._heading.wrap(availWidth, availHeight)
        self._table.wrap(availWidth, availHeight)
        first_rows = sum(self._table._rowHeights[:2])  # noqa: SLF001 - the header row and the first row
        needed = title + self._heading.getSpaceBefore() + first_rows
        if needed <= availHeight or availHeight >= getattr(self._table, "page_body", PAGE_BODY) * 0.95:
            return [self._heading, self._table]
        return []  # not even the first rows: heading and table start on the next page

    def draw(self) -> None:  # never drawn itself: split() hands its parts to the frame
        pass


def build_pdf(
    story: list[Any], *, title: str, author: str, subject: str, footer: str, landscape: bool = False
) -> bytes:
    """Lay out ``story`` on A4 pages (turned sideways for a wide table) with the footer and "Page n / total";
    returns the PDF bytes."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=(A4[1], A4[0]) if landscape else A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        author=author,
        subject=subject,
        lang="fr-FR",
        creator="Accomp Desktop",
        initialFontName=FONT,  # else every page also declares Helvetica, a font that is not embedded
    )

    def canvas(*args: Any, **kwargs: Any) -> NumberedCanvas:
        return NumberedCanvas(*args, footer=footer, **kwargs)

    document.build(story, canvasmaker=canvas)
    return buffer.getvalue()
