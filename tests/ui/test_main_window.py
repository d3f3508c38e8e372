"""The shell as a user meets it: the signed-in professional, the three places, the caseload, remembered
geometry."""

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from accomp_desktop.demo.generator import ensure_demo
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY
from tests.ui.windows import make_window


@pytest.fixture
def demo_store(store: Store, referentiel: Referentiel) -> Store:
    ensure_demo(store, referentiel, today=TODAY)
    return store


def test_choosing_a_profile_shows_the_caseload_of_the_binome(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    window = make_window(qtbot, demo_store, tmp_path)
    professional = DirectoryService(demo_store).professionals()[0]
    window.set_professional(professional)
    assert window.who_label.text() == f"{professional.display_name} — {professional.role.label}"
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


def test_the_agenda_view_and_week_end_choice_are_remembered(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    window = make_window(qtbot, store, tmp_path)
    agenda = window.workspace.agenda
    assert (agenda.view.currentText(), agenda.weekend.isChecked()) == ("Semaine", False)
    agenda.weekend.setChecked(True)
    agenda.view.setCurrentIndex(agenda.view.findText("Mois"))
    window.show()
    qtbot.waitExposed(window)
    window.close()
    again = make_window(qtbot, store, tmp_path).workspace.agenda
    assert (again.view.currentText(), again.weekend.isChecked()) == ("Mois", True)
    # Kept by its code, not by the label on screen; a file written before the codes (the label) still reads.
    state = json.loads((tmp_path / "window-state.json").read_text(encoding="utf-8"))
    assert state["agenda"]["view"] == "month"
    state["agenda"]["view"] = "Liste"
    (tmp_path / "window-state.json").write_text(json.dumps(state), encoding="utf-8")
    assert make_window(qtbot, store, tmp_path).workspace.agenda.view.currentText() == "Liste"


def test_the_autosave_pause_is_a_setting(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    from accomp_desktop.ui.diagnostic.page import AUTOSAVE_MS

    assert make_window(qtbot, store, tmp_path).workspace.diagnostic.autosave_ms == AUTOSAVE_MS == 800
    window = make_window(qtbot, store, tmp_path, autosave_delay_ms=2000)
    assert window.workspace.diagnostic.autosave_ms == 2000


def test_a_damaged_window_state_file_is_ignored(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    (tmp_path / "window-state.json").write_text('{"geometry": "@@@ pas du base64"}', encoding="utf-8")
    window = make_window(qtbot, store, tmp_path)
    assert (window.width(), window.height()) == (1100, 720)


def test_an_unexpected_error_is_told_in_the_status_bar(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    window = make_window(qtbot, store, tmp_path)
    window.crash_reported.emit(str(tmp_path / "crash-1.txt"))
    message = window.statusBar().currentMessage()
    assert message.startswith("Une erreur inattendue s'est produite") and "crash-1.txt" in message


def test_about_shows_the_version_the_data_folder_and_the_licences(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QDesktopServices

    from accomp_desktop import __version__
    from accomp_desktop.ui.about_dialog import AboutDialog

    window = make_window(qtbot, store, tmp_path)
    about = next(a for a in window.menuBar().actions()[-1].menu().actions() if "propos" in a.text())
    about.trigger()
    dialog = window.dialog
    assert isinstance(dialog, AboutDialog)
    assert dialog.findChild(type(dialog.data_label), "pageTitle").text() == f"Accomp Desktop {__version__}"
    assert str(tmp_path) in dialog.data_label.text()
    rows = {
        dialog.libraries.topLevelItem(i).text(0): dialog.libraries.topLevelItem(i).text(2)
        for i in range(dialog.libraries.topLevelItemCount())
    }
    assert rows["PySide6-Essentials"].startswith("LGPL-3.0") and rows["SQLAlchemy"] == "MIT"
    assert "sqlcipher3" in rows and "Python" in rows
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(tmp_path)]
