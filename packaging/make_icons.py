"""Render the application icon (resources/icons/accomp-desktop.svg) to the PNG and ICO files the window, the
Linux desktop entry and the Windows installer use. Run after changing the SVG:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - painting needs an application
    renderer = QSvgRenderer(str(ICONS / "accomp-desktop.svg"))
    for size in (256, 48):
        render(renderer, size).save(str(ICONS / f"accomp-desktop-{size}.png"))
    render(renderer, 256).save(str(ICONS / "accomp-desktop.ico"))  # Windows: the executable and the installer
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
