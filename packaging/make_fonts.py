"""Make the fonts the PDFs embed (resources/fonts) from DejaVu Sans, with the TrueType hinting removed. Run
when updating DejaVu:

    .venv/bin/pip install -e ".[fonts]"
    .venv/bin/python packaging/make_fonts.py /usr/share/fonts/truetype/dejavu

Every glyph is kept (a person's name may hold any Latin, Greek or Cyrillic letter); only the hinting goes —
the small programs that snap outlines to a screen's pixels, which PDF viewers and printers do without. They
were 60 % of each Latin glyph's bytes: without them a plan's embedded subsets, hence the PDF, are a third
smaller, and each plan is ~2 ms faster to write (less to subset and compress). Rendered pages are identical
(pdftoppm, 100 dpi).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
NAMES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


def without_hinting(source: Path, target: Path) -> None:
    font = TTFont(source)
    options = subset.Options()
    options.hinting = False
    options.glyph_names = True
    options.notdef_outline = True
    options.name_IDs, options.name_languages, options.name_legacy = ["*"], ["*"], True
    options.layout_features = ["*"]
    options.legacy_kern = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=font.getBestCmap().keys())
    subsetter.subset(font)
    font.save(target)


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/fonts/truetype/dejavu")
    for name in NAMES:
        without_hinting(source / name, FONTS / name)
        print(
            f"{FONTS / name}: {(FONTS / name).stat().st_size} octets (source "
            f"{(source / name).stat().st_size})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
