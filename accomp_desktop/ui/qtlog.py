"""Routes Qt's own messages (warnings about fonts, plugins, layouts) into the ``accomp.qt`` logger."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("accomp.qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


HARMLESS = ("does not support propagateSizeHints",)
"""Messages of the headless "offscreen" platform (tests, CI) about features a screen-less plugin lacks."""


def _handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = _LEVELS.get(kind, logging.WARNING)
    if any(text in message for text in HARMLESS):
        level = logging.DEBUG
    log.log(level, "%s", message)


def install_qt_log_handler() -> None:
    qInstallMessageHandler(_handler)
