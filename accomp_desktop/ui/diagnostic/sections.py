"""The blocks of the diagnostic page: one per theme (situations, level, comment), and the shared texts.

A block only shows and collects values; the page decides when to save. Every user change emits ``edited``
with an undo step (old and new value); values set by the page itself (loading, undo) emit nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain.enums import ObstacleLevel, Side
from accomp_desktop.domain.model import DiagnosticEntry
from accomp_desktop.domain.referentiel import Theme
from accomp_desktop.services.diagnostic import EntryDraft
from accomp_desktop.ui.widgets.chips import level_text
from accomp_desktop.ui.widgets.fields import label_for

Step = tuple[str, Callable[[], None], Callable[[], None]]  # (description, undo, redo)


class _FocusOut(QObject):
    """Calls back when a watched text field loses the focus: the moment to save what was typed."""

    def __init__(self, callback: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._callback()
        return False


def comment_edit(name: str, placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(64)
    return edit


class ThemeSection(QGroupBox):
    edited = Signal(str, object)  # theme code, Step | None (text edits undo inside their field)
    left_field = Signal(str)  # theme code

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme.label, parent)
        self.theme = theme
        self._loading = False
        self.editable = True
        self.situations: dict[str, QCheckBox] = {}
        grid = QVBoxLayout()  # one column: situations are long sentences, and must never be cut
        grid.setSpacing(2)
        for situation in theme.situations:
            box = QCheckBox(situation)
            box.toggled.connect(lambda checked, s=situation: self._toggled(s, checked))
            grid.addWidget(box)
            self.situations[situation] = box
        self.level = QComboBox()
        self.level.setAccessibleName(f"Niveau de frein — {theme.label}")
        for level in ObstacleLevel:
            self.level.addItem(level_text(level), level.value)
        self._level_before = self.level.currentIndex()
        self.level.currentIndexChanged.connect(self._level_changed)
        self.comment = comment_edit(
            f"Commentaire — {theme.label}", "Ce que la personne en dit, ce qui a été observé…"
        )
        self.comment.textChanged.connect(self._comment_changed)
        self.comment.installEventFilter(_FocusOut(lambda: self.left_field.emit(self.theme.code), self))
        self.confidential = QCheckBox("Confidentiel : non partagé avec France Travail")
        self.confidential.setVisible(theme.side is Side.SOCIAL)
        self.confidential.toggled.connect(self._confidential_toggled)
        self.author = QLabel()
        self.author.setObjectName("hint")
        self.hidden_reason = QLabel()
        self.hidden_reason.setWordWrap(True)
        self.hidden_reason.hide()
        level_row = QGridLayout()
        level_row.addWidget(label_for("Niveau de frein", self.level), 0, 0)
        level_row.addWidget(self.level, 0, 1)
        level_row.addWidget(self.confidential, 0, 2)
        level_row.setColumnStretch(3, 1)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(grid)
        body.addLayout(level_row)
        body.addWidget(self.comment)
        body.addWidget(self.author)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hidden_reason)
        layout.addWidget(self.body)

    # --- values -------------------------------------------------------------------------------------

    def draft(self) -> EntryDraft:
        return EntryDraft(
            theme_code=self.theme.code,
            situations=tuple(s for s, box in self.situations.items() if box.isChecked()),
            level=ObstacleLevel(self.level.currentData()),
            comment=self.comment.toPlainText(),
            confidential=self.confidential.isChecked(),
        )

    def load(self, entry: DiagnosticEntry | None, author: str) -> None:
        self._loading = True
        try:
            for situation, box in self.situations.items():
                box.setChecked(entry is not None and situation in entry.situations)
            self.level.setCurrentIndex(
                self.level.findData((entry.level if entry else ObstacleLevel.NONE).value)
            )
            self._level_before = self.level.currentIndex()
            if entry is None or self.comment.toPlainText() != entry.comment:
                self.comment.setPlainText(entry.comment if entry else "")
            self.confidential.setChecked(bool(entry and entry.confidential))
        finally:
            self._loading = False
        self.author.setText(author)

    def set_hidden(self, reason: str) -> None:
        """Not for this viewer's eyes: the content is replaced by the reason (and holds nothing)."""
        self.hidden_reason.setText(reason)
        self.hidden_reason.setVisible(bool(reason))
        self.body.setVisible(not reason)
        if reason:
            self.load(None, "")

    def set_editable(self, editable: bool, owner: str = "") -> None:
        """The other side is shown in full colour, readable, but does not react to clicks or keys."""
        for widget in (*self.situations.values(), self.level, self.confidential):
            widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, not editable)
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus if editable else Qt.FocusPolicy.NoFocus)
        self.comment.setReadOnly(not editable)
        self.editable = editable
        self.setTitle(self.theme.label if editable else f"{self.theme.label} — lecture seule ({owner})")

    # --- user changes -------------------------------------------------------------------------------

    def _quietly(self, change: Callable[[], None]) -> Callable[[], None]:
        """A change made by undo/redo: applied without creating a new undo step, then saved like any edit."""

        def apply() -> None:
            self._loading = True
            try:
                change()
            finally:
                self._loading = False
            self._level_before = self.level.currentIndex()
            self.edited.emit(self.theme.code, None)

        return apply

    def _comment_changed(self) -> None:
        if not self._loading:
            self.edited.emit(self.theme.code, None)

    def _toggled(self, situation: str, checked: bool) -> None:
        if self._loading:
            return
        box = self.situations[situation]
        verb = "Cocher" if checked else "Décocher"
        self.edited.emit(
            self.theme.code,
            (
                f"{verb} « {situation} »",
                self._quietly(lambda: box.setChecked(not checked)),
                self._quietly(lambda: box.setChecked(checked)),
            ),
        )

    def _level_changed(self, index: int) -> None:
        before, self._level_before = self._level_before, index
        if self._loading:
            return
        self.edited.emit(
            self.theme.code,
            (
                f"Niveau « {self.theme.label} »",
                self._quietly(lambda: self.level.setCurrentIndex(before)),
                self._quietly(lambda: self.level.setCurrentIndex(index)),
            ),
        )

    def _confidential_toggled(self, checked: bool) -> None:
        if self._loading:
            return
        box = self.confidential
        self.edited.emit(
            self.theme.code,
            (
                "Confidentialité",
                self._quietly(lambda: box.setChecked(not checked)),
                self._quietly(lambda: box.setChecked(checked)),
            ),
        )


class TextSection(QGroupBox):
    """A shared free text: the person's strengths, or the person's own words and wishes."""

    edited = Signal()
    left_field = Signal()

    def __init__(self, title: str, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._loading = False
        self.text = comment_edit(title, placeholder)
        self.text.setFixedHeight(90)
        self.text.textChanged.connect(self._changed)
        self.text.installEventFilter(_FocusOut(self.left_field.emit, self))
        QVBoxLayout(self).addWidget(self.text)

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def load(self, value: str) -> None:
        if self.text.toPlainText() == value:
            return
        self._loading = True
        try:
            self.text.setPlainText(value)
        finally:
            self._loading = False
