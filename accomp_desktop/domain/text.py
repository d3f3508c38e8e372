"""Text helpers for French names: accent-free sort keys and search tokens.

SQLite orders and compares text byte by byte ("Étienne" after "Zola") and folds only ASCII case, so every
person carries a stored sort key built here, and searches are cut into tokens the FTS index understands.
"""

from __future__ import annotations

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents or ligatures: "Lefèvre" → "lefevre", "Bœuf" → "boeuf"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_sort_key(last_name: str, first_name: str) -> str:
    """Alphabetical order of the French phone book: family name, then first name, ignoring accents and
    punctuation ("D'Angelo" sorts with "Dangelo", "Le Goff" with "Legoff")."""
    def squash(part: str) -> str:
        return "".join(_WORD.findall(fold(part)))

    return f"{squash(last_name)} {squash(first_name)}"


def search_tokens(text: str) -> list[str]:
    """The words of a search, folded: "N'Diaye jean-ma" → ["n", "diaye", "jean", "ma"]."""
    return _WORD.findall(fold(text))


_JOINERS = re.compile(r"^[\w'’-]+$", re.UNICODE)


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
