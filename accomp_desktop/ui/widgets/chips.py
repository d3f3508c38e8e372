"""Obstacles at a glance: one compact chip per theme, its level said by a symbol and a word, not by colour
alone.

The colours help sighted users scan; the symbol and the word carry the meaning in colour-blind and
high-contrast modes and for screen readers.
"""

from __future__ import annotations

from html import escape

from accomp_desktop.domain.diagnostic import SEVERITY
from accomp_desktop.domain.enums import ObstacleLevel

SYMBOL = {
    ObstacleLevel.NONE: "○",
    ObstacleLevel.TO_WORK_ON: "◐",
    ObstacleLevel.MAJOR: "●",
    ObstacleLevel.BLOCKING: "■",
}
SHORT = {
    ObstacleLevel.NONE: "aucun frein",
    ObstacleLevel.TO_WORK_ON: "à travailler",
    ObstacleLevel.MAJOR: "important",
    ObstacleLevel.BLOCKING: "bloquant",
}
# Light backgrounds with dark text: a contrast ratio above 7:1 for every pair.
COLOURS = {
    ObstacleLevel.NONE: ("#e8f3ea", "#1e4620"),
    ObstacleLevel.TO_WORK_ON: ("#fff4ce", "#4d3800"),
    ObstacleLevel.MAJOR: ("#fde7d9", "#6b2a00"),
    ObstacleLevel.BLOCKING: ("#fbdada", "#750b10"),
}


def level_text(level: ObstacleLevel) -> str:
    return f"{SYMBOL[level]} {level.label}"


def chips_html(levels: dict[str, ObstacleLevel], labels: dict[str, str]) -> str:
    """Rich text for a QLabel: the themes with an obstacle, most severe first, then those without."""
    if not levels:
        return "<i>Diagnostic pas encore renseigné.</i>"
    ordered = sorted(levels.items(), key=lambda item: (-SEVERITY[item[1]], labels.get(item[0], item[0])))
    chips = []
    for code, level in ordered:
        background, text = COLOURS[level]
        words = f"{SYMBOL[level]} {escape(labels.get(code, code))} : {SHORT[level]}".replace(" ", "&nbsp;")
        chips.append(
            f'<span style="background:{background}; color:{text};">&nbsp;{words}&nbsp;</span>'
        )  # one piece
    return " &nbsp; ".join(chips)  # breaks only between chips


def chips_plain(levels: dict[str, ObstacleLevel], labels: dict[str, str]) -> str:
    """The same summary in plain words, for screen readers."""
    if not levels:
        return "Diagnostic pas encore renseigné."
    ordered = sorted(levels.items(), key=lambda item: (-SEVERITY[item[1]], labels.get(item[0], item[0])))
    return " ; ".join(f"{labels.get(code, code)} : {level.label}" for code, level in ordered)
