"""Aide › À propos : the version, where the data is (with a button to open the folder), and the licences of
the libraries shipped with the application (read by the caller off the UI thread: ~100 ms of metadata)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop import __version__
from accomp_desktop.licences import LGPL_NOTICE, Library
from accomp_desktop.ui.widgets.fields import list_view


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, libraries: list[Library], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("À propos d'Accomp Desktop")
        self.resize(640, 560)
        self._data_dir = data_dir
        title = QLabel(f"Accomp Desktop {__version__}")
        title.setObjectName("pageTitle")
        what = QLabel(
            "Le suivi des dossiers de l'accompagnement global France Travail / Département, sur ce poste, "
            "même hors connexion. Logiciel libre sous licence EUPL-1.2."
        )
        what.setWordWrap(True)
        self.data_label = QLabel(f"Données de ce poste : {data_dir}")
        self.data_label.setWordWrap(True)
        self.open_button = QPushButton("Ouvrir le dossier des données")
        self.open_button.clicked.connect(self.open_data_dir)
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_label, stretch=1)
        data_row.addWidget(self.open_button)
        self.libraries = list_view(
            "Bibliothèques et licences", ["Composant", "Version", "Licence"], (190, 100)
        )
        self.libraries.addTopLevelItems(
            [QTreeWidgetItem([library.name, library.version, library.licence]) for library in libraries]
        )
        lgpl = QLabel(LGPL_NOTICE)
        lgpl.setWordWrap(True)
        lgpl.setObjectName("hint")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(what)
        layout.addLayout(data_row)
        layout.addWidget(QLabel("Composants fournis avec l'application :"))
        layout.addWidget(self.libraries, stretch=1)
        layout.addWidget(lgpl)
        layout.addWidget(buttons)

    def open_data_dir(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_dir)))
