"""Is there a screen to show the window on? Asked before Qt starts, since Qt then aborts with an English
message.

Without a graphical session (a console, an SSH connection) or without the system library Qt's X11 plugin needs
(``libxcb-cursor0``), Qt stops the process with « could not connect to display » or a note about
``xcb-cursor``. This module finds those cases first and says in French what to do. The command-line commands
(``dossiers``, ``plan-pdf``…) need no screen and never ask.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

XCB_CURSOR = "libxcb-cursor.so.0"


def graphical_session_problem(
    environment: Mapping[str, str] | None = None, *, xcb_cursor: str = XCB_CURSOR
) -> str | None:
    """What prevents the window from showing, in French; None when nothing does (or on Windows and macOS)."""
    env = os.environ if environment is None else environment
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return None  # offscreen, vnc…: Qt needs no display
    display, wayland = env.get("DISPLAY", ""), env.get("WAYLAND_DISPLAY", "")
    if not display and not wayland:
        return (
            "Accomp Desktop a besoin d'une session graphique (un bureau) pour ouvrir sa fenêtre : lancez-le "
            "depuis le bureau de l'ordinateur, pas depuis une console ou une connexion à distance sans "
            "affichage. Les commandes « dossiers », « plan-pdf », « restaurer », « initialiser » et "
            "« annuaire » fonctionnent sans."
        )
    if wayland and not platform.startswith("xcb"):
        return None  # Qt uses Wayland: X11's libraries are not needed
    local = re.fullmatch(r":(\d+)(\.\d+)?", display)
    if local and not Path(f"/tmp/.X11-unix/X{local.group(1)}").exists():
        return (
            f"L'affichage {display} n'est pas joignable (aucun serveur graphique n'y répond) : lancez "
            "Accomp Desktop depuis le bureau de l'ordinateur."
        )
    try:
        ctypes.CDLL(xcb_cursor)
    except OSError:
        return (
            "Il manque sur cet ordinateur une bibliothèque du système dont la fenêtre a besoin "
            "(libxcb-cursor0). Demandez à votre service informatique de l'installer — sous Debian ou "
            "Ubuntu : "
            "« sudo apt-get install libxcb-cursor0 »."
        )
    return None
