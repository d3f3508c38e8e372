"""Locking the session: on Ctrl+L, and after an idle delay, every window is covered until the passphrase.

A lock hides without closing: forms keep what was typed, open dialogs stay open under their cover, and
nothing is lost. While locked, every control and every menu command is disabled, so no shortcut reaches the
data; the passphrase field sits in the window that has the input (a dialog in progress, else the main window).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.services.signin import Account
from accomp_desktop.ui.tasks import Runner, UserError
from accomp_desktop.ui.widgets.fields import error_label

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
CHECK_EVERY_MS = 15_000


class Curtain(QWidget):
    """An opaque cover over one window; the one in the active window carries the passphrase field."""

    def __init__(self, window: QWidget, name: str, *, with_prompt: bool) -> None:
        super().__init__(window)
        self.setObjectName("lockCurtain")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.passphrase: QLineEdit | None = None
        self.unlock_button: QPushButton | None = None
        self.error = error_label()
        column = QVBoxLayout(self)
        column.addStretch(1)
        title = QLabel("Session verrouillée")
        title.setObjectName("pageTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(title)
        if with_prompt:
            who = QLabel(
                f"{name} : tapez votre phrase de passe pour reprendre. Rien de ce qui était en cours "
                "n'est perdu."
            )
            who.setWordWrap(True)
            who.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.passphrase = QLineEdit()
            self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
            self.passphrase.setAccessibleName("Phrase de passe")
            self.passphrase.setFixedWidth(320)
            self.unlock_button = QPushButton("Déverrouiller")
            self.unlock_button.setDefault(True)
            column.addWidget(who)
            column.addWidget(self.passphrase, alignment=Qt.AlignmentFlag.AlignHCenter)
            column.addWidget(self.error, alignment=Qt.AlignmentFlag.AlignHCenter)
            column.addWidget(self.unlock_button, alignment=Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        self.setGeometry(window.rect())
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        return False


class SessionLock(QObject):
    """Locks the application after ``idle_minutes`` without input (0: never) and on Ctrl+L."""

    locked_changed = Signal(bool)

    def __init__(self, window: QWidget, account: Account, runner: Runner, idle_minutes: int) -> None:
        super().__init__(window)
        self._window, self._account, self._runner = window, account, runner
        self.idle_minutes = idle_minutes
        self.curtains: list[Curtain] = []
        self._disabled: list[QWidget | QAction] = []
        self._focus: QWidget | None = None
        self._last_input = time.monotonic()
        self.action = QAction("Verrouiller la session", window)
        self.action.setShortcut(QKeySequence("Ctrl+L"))
        self.action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)  # also from inside a dialog
        self.action.triggered.connect(self.lock)
        window.addAction(self.action)
        self._idle = QTimer(self)
        self._idle.setInterval(CHECK_EVERY_MS)
        self._idle.timeout.connect(self._check_idle)
        self._idle.start()
        # Input is watched on the application's windows (the one with the focus, as it changes), not on every
        # widget: an application-wide filter in Python would see every paint and layout event, ~5 µs each.
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._watch)
        self._watch(QGuiApplication.focusWindow())

    @property
    def locked(self) -> bool:
        return bool(self.curtains)

    def _watch(self, window: QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # installing it again on the same window does nothing more

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._last_input = time.monotonic()
        return False

    def _check_idle(self) -> None:
        if (
            self.idle_minutes > 0
            and not self.locked
            and time.monotonic() - self._last_input >= self.idle_minutes * 60
        ):
            self.lock()

    def lock(self) -> None:
        if self.locked:
            return
        self._focus = QApplication.focusWidget()
        active = QApplication.activeModalWidget() or self._window
        windows = [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible()
            and w.isWindow()
            and w.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)
        ]
        if active not in windows:
            windows.append(active)
        for window in windows:
            self._disable(window)
            curtain = Curtain(window, self._account.professional.display_name, with_prompt=window is active)
            curtain.show()
            curtain.raise_()
            self.curtains.append(curtain)
            if curtain.passphrase is not None and curtain.unlock_button is not None:
                field = curtain.passphrase
                # Each curtain's own field, bound now (not the loop's last one).
                curtain.unlock_button.clicked.connect(lambda *_, field=field: self.unlock(field.text()))
                field.returnPressed.connect(lambda *_, field=field: self.unlock(field.text()))
                field.setFocus()
        self.action.setEnabled(False)
        self.locked_changed.emit(True)

    def _disable(self, window: QWidget) -> None:
        for child in window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child.isEnabled() and not isinstance(child, Curtain):
                child.setEnabled(False)
                self._disabled.append(child)
        for action in window.findChildren(QAction):
            if action.isEnabled() and action is not self.action:
                action.setEnabled(False)
                self._disabled.append(action)

    @property
    def prompt(self) -> Curtain:
        return next(c for c in self.curtains if c.passphrase is not None)

    def unlock(self, passphrase: str) -> None:
        prompt = self.prompt
        assert prompt.unlock_button is not None
        prompt.unlock_button.setEnabled(False)
        self._runner.run(
            lambda: self._account.verify(passphrase), lambda _none: self._unlocked(), self._refused
        )

    def _refused(self, error: UserError) -> None:
        prompt = self.prompt
        assert prompt.passphrase is not None and prompt.unlock_button is not None
        prompt.error.setText(str(error))
        prompt.error.show()
        prompt.unlock_button.setEnabled(True)
        prompt.passphrase.selectAll()
        prompt.passphrase.setFocus()

    def _unlocked(self) -> None:
        for curtain in self.curtains:
            curtain.hide()
            curtain.deleteLater()
        self.curtains = []
        for item in self._disabled:
            item.setEnabled(True)
        self._disabled = []
        self.action.setEnabled(True)
        self._last_input = time.monotonic()
        try:
            if self._focus is not None:
                self._focus.setFocus()
        except RuntimeError:  # the widget that had the focus is gone meanwhile
            pass
        self.locked_changed.emit(False)
