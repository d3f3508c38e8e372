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
