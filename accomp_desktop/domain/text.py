"""Text helpers for names as people type them: accent-free sort keys, search terms, the words a person is
found by.

SQLite orders and compares text byte by byte ("Étienne" after "Zola") and folds only ASCII case, and its FTS
tokenizer removes accents but keeps "ł", "ø", "ß"… So every person carries a stored sort key and stored search
terms built here, and what is typed is folded the same way: every Latin letter to its plain form (ł→l, ø→o,
æ→ae, œ→oe, ß→ss, đ→d, ı/İ→i…), every dash and apostrophe to one, zero-width characters gone — by the
transliteration tables of ``anyascii`` (ISC licence, maintained) rather than a hand-made table.
"""

from __future__ import annotations

import re

from anyascii import anyascii

_WORD = re.compile(r"\w+", re.ASCII)


def fold(text: str) -> str:
    """Plain lower-case ASCII: "Lefèvre" → "lefevre", "Łukasz" → "lukasz", "Strauß" → "strauss", "N’Diaye" →
    "n'diaye", "Dupont–Moretti" → "dupont-moretti"."""
    return anyascii(text).casefold()


def search_index_terms(last_name: str, first_name: str) -> str:
    """The words a person is found by (stored with the person, indexed by FTS5): the names folded, and each
    name also squashed ("N'Diaye" → "ndiaye", "Jean-Marc" → "jeanmarc"), so that it is found typed with or
    without its punctuation."""
    folded_last, folded_first = fold(last_name), fold(first_name)

    def squash(part: str) -> str:
        return "".join(_WORD.findall(part))

    return " ".join((folded_last, folded_first, squash(folded_last), squash(folded_first)))


def name_sort_key(last_name: str, first_name: str) -> str:
    """Alphabetical order of the French phone book: family name, then first name, ignoring accents and
    punctuation ("D'Angelo" sorts with "Dangelo", "Le Goff" with "Legoff")."""

    def squash(part: str) -> str:
        return "".join(_WORD.findall(fold(part)))

    return f"{squash(last_name)} {squash(first_name)}"


def search_tokens(text: str) -> list[str]:
    """The words of a search, folded: "N'Diaye jean-ma" → ["n", "diaye", "jean", "ma"]."""
    return _WORD.findall(fold(text))


_JOINERS = re.compile(r"^[\w'-]+$", re.ASCII)


def search_terms(text: str) -> list[str]:
    """The terms to look up for a search. A word of letters joined by apostrophes or hyphens is one term,
    squashed as names are also indexed ("N'Dia" → "ndia", "jean-ma" → "jeanma"): "n"* would walk every word
    starting with n, and match "Nadia Diallo" too. Anything with digits ("AG-2026-0042") stays in pieces."""
    terms: list[str] = []
    for word in fold(text).split():
        pieces = _WORD.findall(word)
        if len(pieces) > 1 and _JOINERS.match(word) and all(piece.isalpha() for piece in pieces):
            terms.append("".join(pieces))
        else:
            terms.extend(pieces)
    return terms


def duration_words(minutes: int, *, unit: str = "minutes") -> str:
    """A length as people say it: « 1 h 30 », « 2 h », « 45 minutes » (``unit="min"`` where room is short)."""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if hours and rest else f"{hours} h" if hours else f"{rest} {unit}"
