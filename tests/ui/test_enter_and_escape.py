"""Enter saves and Escape cancels, in every form — as typed, from any field.

The default button used to be set before the dialog held it: Qt forgot it, made « Annuler » the default when
showing the dialog, and Enter in « Nouveau dossier » or « Nouvelle action » asked « Fermer sans enregistrer ?
».
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from accomp_desktop.domain.enums import CarrierKind, Route, Side
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.services.plan import ActionDraft, PlanService
from accomp_desktop.storage.session import Store
from accomp_desktop.ui.dossiers.plan_tab import ActionDialog
from accomp_desktop.ui.main_window import MainWindow
from accomp_desktop.ui.tasks import TaskRunner
from accomp_desktop.ui.widgets.service_dialog import ServiceDialog
from tests.conftest import TODAY
from tests.factories import seed
from tests.ui.keyboard import type_text
from tests.ui.test_dossier_flow import fill, open_new_dialog, page
from tests.ui.windows import make_window


@pytest.fixture
def window(qtbot: QtBot, store: Store, tmp_path: Path, referentiel: Referentiel) -> MainWindow:
    conseiller, _, binome = seed(store)
    dossier = (
        DossierService(store)
        .create(
            OrientationDraft(
                PersonDraft("Lefèvre", "Anne", "04/07/1985"),
                binome.id,
                conseiller.id,
                Route.GLOBAL,
                "02/11/2026",
                "Logement.",
                True,
            ),
            author_id=conseiller.id,
            today=TODAY,
        )
        .dossier.id
    )
    PlanService(store, referentiel).save_action(
        dossier, ActionDraft("Mettre à jour mon CV", Side.EMPLOI, CarrierKind.PERSON), author_id=conseiller.id
    )
    window = make_window(qtbot, store, tmp_path)
    window.set_professional(conseiller)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def press(
    qtbot: QtBot,
    widget: QWidget,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    qtbot.keyClick(widget, key, modifier)


class Probe(ServiceDialog):
    """The smallest form: what every form inherits."""

    def __init__(self, runner: TaskRunner) -> None:
        super().__init__("Essai", "Enregistrer", runner)
        self.field = QLineEdit()
        self.form.addRow("Champ", self.field)
        self.saved: list[str] = []

    def work(self) -> Callable[[], Any]:
        text = self.field.text()
        return lambda: self.saved.append(text) or text

    def is_dirty(self) -> bool:
        return bool(self.field.text())


def test_every_form_saves_on_enter_and_closes_on_escape(qtbot: QtBot) -> None:
    runner = TaskRunner(lambda *_: None)
    dialog = Probe(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.ok_button.isDefault()
    type_text(dialog.field, "Avis d'imposition")
    press(qtbot, dialog.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.saved == ["Avis d'imposition"]
    empty = Probe(runner)
    qtbot.addWidget(empty)
    empty.show()
    press(qtbot, empty.field, Qt.Key.Key_Escape)
    assert not empty.isVisible() and empty.leave_box is None  # nothing typed: closed at once
    runner.shutdown()


def test_enter_creates_the_dossier_and_escape_asks_before_losing_typing(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = open_new_dialog(qtbot, window)
    fill(dialog)
    press(qtbot, dialog.person.city, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.leave_box is None
    assert page(window).title.text() == "N'DIAYE-LEFÈVRE Aïssatou"
    window.workspace.dossiers.show_list()
    second = open_new_dialog(qtbot, window)
    type_text(second.person.last_name, "Roy")
    press(qtbot, second.person.last_name, Qt.Key.Key_Escape)
    assert second.isVisible() and second.leave_box is not None  # typed text: asked first
    assert "Fermer sans enregistrer" in second.leave_box.text()


def test_enter_saves_the_action_and_ctrl_enter_saves_from_a_long_text(
    qtbot: QtBot, window: MainWindow
) -> None:
    cases = window.workspace.dossiers
    qtbot.waitUntil(lambda: cases.cases.model.rowCount() == 1)
    cases.open_dossier(cases.cases.model.dossier_id(0))
    tab = cases.page.plan
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    qtbot.mouseClick(tab.new_action, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, ActionDialog)
    type_text(dialog.label, "Atelier numérique à la médiathèque")
    press(qtbot, dialog.label, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    assert not dialog.isVisible()
    qtbot.mouseClick(tab.new_action, Qt.MouseButton.LeftButton)
    second = tab.dialog
    assert isinstance(second, ActionDialog) and second is not dialog
    type_text(second.label, "Rendez-vous CAF")
    press(
        qtbot, second.label, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier
    )  # a line break, not a save
    type_text(second.label, "pour le dossier de la prime d'activité")
    assert second.isVisible()
    press(qtbot, second.result_note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    assert QApplication.activeModalWidget() is None
    assert tab.model.index(2, 0).data() == "Rendez-vous CAF\npour le dossier de la prime d'activité"
