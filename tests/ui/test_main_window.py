"""The shell as a user meets it: who am I, the three places, the caseload, remembered geometry."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from accomp_desktop.domain.enums import Institution, Role
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.services.demo import ensure_demo
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY
from tests.ui.windows import make_window


def test_first_use_creates_a_profile_with_an_accented_name(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    window = make_window(qtbot, store, tmp_path)
    window.ask_professional()
    window.show()
    page = window.profile_page
    assert page.list.count() == 0 and not page.continue_button.isEnabled()
    page.first_name.setText("Maëlle")
    page.last_name.setText("N'Diaye-Lefèvre")
    page.role.setCurrentIndex(page.role.findData(Role.TRAVAILLEUR_SOCIAL))
    page.institution.setCurrentIndex(page.institution.findData(Institution.DEPARTEMENT))
    with qtbot.waitSignal(window.professional_changed) as changed:
        qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert changed.args[0].last_name == "N'Diaye-Lefèvre"
    assert window.stack.currentWidget() is window.workspace
    assert window.who_label.text() == "Maëlle N'Diaye-Lefèvre — Travailleur social"
    assert "aucun binôme" in window.workspace.dossiers.caseload.status.text()


def test_an_empty_name_is_refused_in_french_and_nothing_is_created(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    window = make_window(qtbot, store, tmp_path)
    window.ask_professional()
    window.profile_page.first_name.setText("Léa")
    qtbot.mouseClick(window.profile_page.create_button, Qt.MouseButton.LeftButton)
    assert window.profile_page.create_error.text() == "Le nom est obligatoire."
    assert window.stack.currentWidget() is window.profile_page
    assert DirectoryService(store).professionals() == []


@pytest.fixture
def demo_store(store: Store, referentiel: Referentiel) -> Store:
    ensure_demo(store, referentiel, today=TODAY)
    return store


def test_choosing_a_profile_shows_the_caseload_of_the_binome(qtbot: QtBot, demo_store: Store, tmp_path: Path) -> None:
    window = make_window(qtbot, demo_store, tmp_path)
    window.ask_professional()
    page = window.profile_page
    assert page.list.count() == 6
    page.list.setCurrentRow(0)
    chosen_text = page.list.currentItem().text()
    qtbot.mouseClick(page.continue_button, Qt.MouseButton.LeftButton)
    assert window.who_label.text() == chosen_text
    caseload = window.workspace.dossiers.caseload
    assert caseload.status.text() == "Ma file active"
    (card,) = caseload.cards
    texts = [label.text() for label in card.findChildren(type(caseload.status))]
    assert any("dossiers actifs" in t and "(70 à 100)" in t for t in texts)
    assert any(t.startswith("Accompagnement : <b>") for t in texts)


def test_places_are_reachable_by_keyboard(qtbot: QtBot, demo_store: Store, tmp_path: Path) -> None:
    window = make_window(qtbot, demo_store, tmp_path)
    professional = DirectoryService(demo_store).professionals()[0]
    window.set_professional(professional)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    # Sent to the QWindow: Qt 6 resolves shortcuts where window-system key events arrive.
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.places.currentIndex() == 2
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.places.currentIndex() == 0


def test_window_geometry_is_remembered(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    window = make_window(qtbot, store, tmp_path)
    window.resize(800, 570)  # the offscreen screen is 800 × 600: stay inside it
    window.show()
    qtbot.waitExposed(window)
    window.close()
    again = make_window(qtbot, store, tmp_path)
    assert (again.width(), again.height()) == (800, 570)


def test_a_damaged_window_state_file_is_ignored(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    (tmp_path / "window-state.json").write_text('{"geometry": "@@@ pas du base64"}', encoding="utf-8")
    window = make_window(qtbot, store, tmp_path)
    assert (window.width(), window.height()) == (1100, 720)


def test_an_unexpected_error_is_told_in_the_status_bar(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    window = make_window(qtbot, store, tmp_path)
    window.crash_reported.emit(str(tmp_path / "crash-1.txt"))
    message = window.statusBar().currentMessage()
    assert message.startswith("Une erreur inattendue s'est produite") and "crash-1.txt" in message
