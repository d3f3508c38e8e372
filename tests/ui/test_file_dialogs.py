"""The file dialogs speak French throughout: Qt's catalogue left « Look in: » and « Files of type: » in
English."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTreeView
from pytestqt.qtbot import QtBot

from accomp_desktop.ui.widgets.file_dialogs import file_dialog

ENGLISH = ("Look in", "Files of", "File name", "Save", "Open", "Cancel")


@pytest.fixture
def french(qapp: QApplication) -> Iterator[None]:
    """Qt's French catalogue, installed as the application installs it."""
    translator = QTranslator()
    assert translator.load("qtbase_fr", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


@pytest.mark.parametrize("saving", [True, False])
def test_every_word_of_the_file_dialog_is_french(qtbot: QtBot, french: None, saving: bool) -> None:
    dialog = file_dialog(
        None, "Exporter l'agenda", saving=saving, start="agenda.ics", filters="Calendrier (*.ics)"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    texts += [button.text() for button in dialog.findChildren(QAbstractButton) if button.isVisible()]
    assert "Dossier :" in texts and "Type de fichier :" in texts
    assert ("Enregistrer" if saving else "Ouvrir") in texts and "Annuler" in texts
    assert not [text for text in texts if any(word in text.replace("&", "") for word in ENGLISH)], texts
    details = dialog.findChild(QTreeView)
    assert details is not None and details.isColumnHidden(2)  # the « Type » column says « Folder »
