"""A dialog that sends its form to a service off the UI thread and shows the refusals in place.

The dialog stays open until the service accepts: a refused field gets its message under it, any other
refusal (a rule, a locked database, a full disk) shows above the buttons, and nothing typed is lost.
Closing a dialog that holds typed text asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain.validation import AskFirst, InvalidFields, UnusualDates
from accomp_desktop.ui.tasks import Runner, UserError
from accomp_desktop.ui.widgets.confirm import confirm
from accomp_desktop.ui.widgets.forms import FieldErrors, error_label


class ServiceDialog(QDialog):
    succeeded = Signal(object)  # what the service returned

    def __init__(self, title: str, ok_text: str, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self._runner = runner
        self._leave_confirmed = False
        self.errors = FieldErrors()
        self.body = QWidget()  # holds the form; a subclass may move it into a group box
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.error = error_label()
        self.error.setAccessibleName("Message d'erreur")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.leave_box: QMessageBox | None = None
        self.unusual_box: QMessageBox | None = None
        self.confirmed: frozenset[str] = (
            frozenset()
        )  # unusual dates confirmed: a subclass puts them in its draft
        layout = QVBoxLayout(self)
        layout.addWidget(self.body)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        # Enter saves: the default button is set once the button is inside the dialog — set before, it is
        # forgotten, and the dialog makes its first button (« Annuler ») the default when shown.
        self.ok_button.setDefault(True)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._submit_by_keyboard)  # also from a multi-line text

    def work(self) -> Callable[[], Any]:
        """The service call for what the form holds (read the widgets here, on the UI thread)."""
        raise NotImplementedError

    def is_dirty(self) -> bool:
        """True when closing would throw away something typed."""
        return False

    def _submit_by_keyboard(self) -> None:
        if self.ok_button.isEnabled():
            self.submit()

    def submit(self) -> None:
        self.error.hide()
        self.errors.clear()
        self.ok_button.setEnabled(False)  # one click, one dossier
        self._runner.run(self.work(), self._done, self.refused)

    def _done(self, result: object) -> None:
        self.ok_button.setEnabled(True)
        self._leave_confirmed = True
        self.succeeded.emit(result)
        self.accept()

    def refused(self, error: UserError) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(error, AskFirst):  # possible, seldom meant: the professional decides
            questions = error.questions
            no = "Corriger la date" if isinstance(error, UnusualDates) else "Revenir au formulaire"
            self.unusual_box = confirm(
                self,
                error.title,
                str(error),
                yes=f"{self.ok_button.text()} quand même",
                no=no,
                then=lambda: self._confirm(questions),
                icon=QMessageBox.Icon.Question,
                yes_role=QMessageBox.ButtonRole.AcceptRole,
            )
            return
        if not (isinstance(error, InvalidFields) and self.errors.show(error.errors)):
            self.error.setText(str(error))
            self.error.show()
        self.adjustSize()  # room for the messages, so no field is squeezed

    def _confirm(self, questions: dict[str, str]) -> None:
        self.confirmed |= questions.keys()
        self.submit()

    def reject(self) -> None:
        if self._leave_confirmed or not self.is_dirty():
            super().reject()
            return
        self.leave_box = confirm(
            self,
            self.windowTitle(),
            "Fermer sans enregistrer ? Ce que vous avez saisi sera perdu.",
            yes="Fermer sans enregistrer",
            no="Continuer la saisie",
            then=self._leave,
            icon=QMessageBox.Icon.Question,
        )

    def _leave(self) -> None:
        self._leave_confirmed = True
        super().reject()
