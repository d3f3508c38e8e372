"""Fichier › Sauvegardes… : the backups with their date and reason, one taken now, one restored.

Restoring replaces the database, so the window asks for confirmation (saying what will be replaced and that
the current state is kept), then hands over to the application, which closes the database, restores, and
reopens on the restored data.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain.model import CopyFacts
from accomp_desktop.services.backups import BackupCopy, BackupService
from accomp_desktop.ui.tasks import Runner, UserError
from accomp_desktop.ui.widgets.confirm import confirm
from accomp_desktop.ui.widgets.fields import list_view

PATH_ROLE = int(Qt.ItemDataRole.UserRole)


def _dossiers(count: int) -> str:
    return f"{count} dossier{'s' if count > 1 else ''}"


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} Mo".replace(".", ",") if size >= 100_000 else f"{size // 1000} ko"


class BackupsDialog(QDialog):
    restore_requested = Signal(object)  # Path of the backup to put in place

    def __init__(self, service: BackupService, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sauvegardes")
        self.resize(620, 420)
        self._service, self._runner = service, runner
        self.confirm_box: QMessageBox | None = None
        intro = QLabel(
            "Une copie chiffrée de la base est faite chaque jour d'utilisation et avant chaque mise à "
            f"jour ; les {service.keep} plus récentes sont gardées. Pour une protection contre le vol ou "
            "la panne du poste, copiez aussi le dossier « backups » sur un support de votre service."
        )
        intro.setWordWrap(True)
        self.tree = list_view("Sauvegardes", ["Date", "Raison", "Taille"], (160, 280))
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.take_button: QPushButton = buttons.addButton(
            "Sauvegarder maintenant", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button: QPushButton = buttons.addButton(
            "Restaurer…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.take_button.clicked.connect(self.take)
        self.restore_button.clicked.connect(self.ask_restore)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, stretch=1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self._runner.run(self._service.copies, self._show)

    def _show(self, copies: list[BackupCopy]) -> None:
        self.tree.clear()
        items = []
        for copy in copies:
            item = QTreeWidgetItem([copy.taken_at.strftime("%d/%m/%Y %H:%M"), copy.reason, _size(copy.size)])
            item.setData(0, PATH_ROLE, str(copy.path))
            items.append(item)
        self.tree.addTopLevelItems(items)
        if items:
            self.tree.setCurrentItem(items[0])
        else:
            self.message.setText("Aucune sauvegarde pour l'instant.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.tree.currentItem() is not None)

    def take(self) -> None:
        self.take_button.setEnabled(False)

        def done(copy: BackupCopy) -> None:
            self.take_button.setEnabled(True)
            self.message.setText(f"Sauvegarde faite : {copy.taken_at:%d/%m/%Y à %H:%M}.")
            self.reload()

        def failed(error: UserError) -> None:
            self.take_button.setEnabled(True)
            self.message.setText(str(error))

        self._runner.run(lambda: self._service.take("manual"), done, failed)

    def ask_restore(self) -> None:
        """The chosen copy is verified first; the question says what it holds next to what the base holds
        now."""
        item = self.tree.currentItem()
        if item is None:
            return
        path, when = Path(item.data(0, PATH_ROLE)), item.text(0)
        service = self._service
        self.restore_button.setEnabled(False)
        self.message.setText("Vérification de la sauvegarde…")

        def facts() -> tuple[CopyFacts, CopyFacts | None]:
            return service.facts(path), service.current_facts()

        def refused(error: UserError) -> None:
            self._update_buttons()
            self.message.setText(str(error))

        self._runner.run(facts, lambda found: self._confirm(path, when, *found), refused)

    def _confirm(self, path: Path, when: str, copy: CopyFacts, now: CopyFacts | None) -> None:
        self._update_buttons()
        self.message.setText("")
        current = (
            f"La base actuelle compte {_dossiers(now.dossiers)}."
            if now is not None
            else "La base actuelle ne peut pas être lue entièrement (endommagée)."
        )
        self.confirm_box = confirm(
            self,
            "Restaurer une sauvegarde",
            f"Revenir à la sauvegarde du {when} ({_dossiers(copy.dossiers)}, vérifiée) ? {current} Tout "
            "ce qui a "
            "été saisi depuis sera remplacé. L'état actuel est d'abord gardé comme sauvegarde « avant une "
            "restauration », pour pouvoir revenir en arrière.",
            yes="Restaurer",
            no="Annuler",
            then=lambda: self._restore(path),
        )

    def _restore(self, path: Path) -> None:
        self.accept()
        self.restore_requested.emit(path)
