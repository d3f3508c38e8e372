"""The one way to ask before doing something that cannot be undone or that drops typed text.

A window-modal question (``open()``, never a nested event loop): one button does it, the other leaves
everything as it was. The box is returned so that the caller can keep it (tests click its buttons).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(
    parent: QWidget,
    title: str,
    text: str,
    *,
    yes: str,
    no: str,
    then: Callable[[], None],
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
    yes_role: QMessageBox.ButtonRole = QMessageBox.ButtonRole.DestructiveRole,
    details: str = "",
) -> QMessageBox:
    """Ask ``text``; run ``then`` only when the professional chooses ``yes``. ``no`` is the default button."""
    box = QMessageBox(icon, title, text, parent=parent)
    if details:
        box.setInformativeText(details)
    accept = box.addButton(yes, yes_role)
    box.setDefaultButton(box.addButton(no, QMessageBox.ButtonRole.RejectRole))
    box.buttonClicked.connect(lambda button: then() if button is accept else None)
    box.open()
    return box
