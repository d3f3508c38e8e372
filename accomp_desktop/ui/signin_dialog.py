"""The sign-in window, shown before any data is read: choose your profile, type your passphrase.

On a new computer it creates the first profile instead; on the unencrypted database of an earlier version it
asks a professional of that database for a passphrase and encrypts it. The slow work (key derivation, opening,
conversion) runs on the worker thread; the window says what it is doing meanwhile.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain.errors import StorageError
from accomp_desktop.domain.passphrase import PASSPHRASE_MIN
from accomp_desktop.domain.people import INSTITUTIONS_OF, Institution, Role
from accomp_desktop.services.signin import DEMO_PASSPHRASE, SignInService, Start, Unlocked
from accomp_desktop.ui.tasks import Runner, UserError
from accomp_desktop.ui.widgets.fields import combo, error_label, line_edit, wrapped_label

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QPaintEvent  # annotation only: importing it costs the first paint ~4 ms

    from accomp_desktop.services.backups import BackupService

log = logging.getLogger("accomp.ui")

PASSPHRASE_HINT = (
    f"Au moins {PASSPHRASE_MIN} caractères ; trois ou quatre mots faciles à retenir valent mieux "
    "qu'un mot compliqué. Elle ne peut pas être retrouvée si vous l'oubliez : un collègue devra "
    "vous redonner l'accès."
)


def passphrase_edit(name: str) -> QLineEdit:
    edit = line_edit(name, max_length=200)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def profile_label(name: str, role: str) -> str:
    try:
        return f"{name} — {Role(role).label}"
    except ValueError:
        return name


class SignInDialog(QDialog):
    """``unlocked`` holds the signed-in professional and the open database once the dialog is accepted."""

    failed = Signal(str)  # the French message shown
    painted = Signal()  # first paint: the professional sees the window

    def __init__(
        self,
        service: SignInService,
        runner: Runner,
        *,
        start: Start,
        demo: bool,
        last_profile_id: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
        self.unlocked: Unlocked | None = None
        self.submitted_at = 0.0
        self._painted = False
        self._busy = False
        self.setWindowTitle("Accomp Desktop — connexion")
        self.setMinimumWidth(520)

        title = QLabel("Accomp Desktop")
        title.setObjectName("pageTitle")
        # Only the page of this start is built: the other two would cost the first paint ~6 ms for nothing.
        if start is Start.SIGN_IN:
            self.page = self._sign_in_page(demo, last_profile_id)
        elif start is Start.FIRST_USE:
            self.page = self._first_use_page()
        else:
            self.page = self._convert_page()
        self.error = error_label()
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.ok_button = QPushButton()
        self.ok_button.clicked.connect(self.submit)
        # Offered only when the database or the key file is found damaged: the way out, from this window.
        self.restore_button = QPushButton("Restaurer une sauvegarde…")
        self.restore_button.clicked.connect(self.open_backups)
        self.restore_button.hide()
        self.repair_button = QPushButton("Reprendre la copie de sauvegarde")
        self.repair_button.clicked.connect(self.repair_key_file)
        self.repair_button.hide()
        self.backups_dialog: QDialog | None = None
        layout = self._layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.page)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        # Right-aligned by a stretch, not Qt.AlignmentFlag: the first window must not build the Qt namespace.
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.repair_button)
        buttons.addStretch()
        buttons.addWidget(self.ok_button)
        layout.addLayout(buttons)
        self.ok_button.setDefault(True)  # once inside the dialog: set before, Qt forgets it
        self._start = start
        self._wait = QTimer(self)
        self._wait.setInterval(1000)
        self._wait.timeout.connect(self._count_down)
        self._show_start(start)

    # --- the three pages --------------------------------------------------------------------------------

    def _sign_in_page(self, demo: bool, last_profile_id: str) -> QWidget:
        page = QWidget()
        self.profiles = QComboBox()
        self.profiles.setAccessibleName("Votre profil")
        self._last_profile_id = last_profile_id
        self.passphrase = passphrase_edit("Phrase de passe")
        form = QFormLayout(page)
        form.addRow(
            wrapped_label(
                "Les données de ce poste sont chiffrées. Choisissez votre profil et tapez votre "
                "phrase de passe."
            )
        )
        form.addRow("Profil", self.profiles)
        form.addRow("Phrase de passe", self.passphrase)
        if demo:
            form.addRow(
                wrapped_label(
                    "Démonstration (personnes fictives) : la phrase de passe de tous les profils "
                    f"est « {DEMO_PASSPHRASE} ».",
                    "demoBadge",
                )
            )
        return page

    def _first_use_page(self) -> QWidget:
        page = QWidget()
        self.first_name = line_edit("Prénom", max_length=100)
        self.last_name = line_edit("Nom", max_length=100)
        self.role = combo("Fonction", [(r.label, r.value) for r in Role])
        self.institution = combo("Institution", [])
        self.role.currentIndexChanged.connect(lambda _index: self._fill_institutions())
        self._fill_institutions()
        self.new_passphrase = passphrase_edit("Phrase de passe")
        self.new_again = passphrase_edit("Phrase de passe, à nouveau")
        form = QFormLayout(page)
        form.addRow(
            wrapped_label(
                "Première utilisation sur ce poste : créez votre profil. Toutes les données seront "
                "chiffrées avec une clé que seule votre phrase de passe (et celles des collègues "
                "à qui vous donnerez l'accès) peut ouvrir."
            )
        )
        form.addRow("Prénom", self.first_name)
        form.addRow("Nom", self.last_name)
        form.addRow("Fonction", self.role)
        form.addRow("Institution", self.institution)
        form.addRow(
            wrapped_label(
                "Vous serez l'administrateur de ce poste : c'est vous qui ajouterez vos collègues, "
                "avec leur fonction, et leur donnerez l'accès.",
                "hint",
            )
        )
        form.addRow("Phrase de passe", self.new_passphrase)
        form.addRow("Confirmation", self.new_again)
        form.addRow(wrapped_label(PASSPHRASE_HINT, "hint"))
        return page

    def _fill_institutions(self) -> None:
        """Only the institutions of the chosen role: a conseiller is of France Travail."""
        chosen = self.institution.currentData()
        self.institution.clear()
        for institution in INSTITUTIONS_OF[Role(self.role.currentData())]:
            self.institution.addItem(institution.label, institution.value)
        self.institution.setCurrentIndex(max(self.institution.findData(chosen), 0))

    def _convert_page(self) -> QWidget:
        page = QWidget()
        self.plain_profiles = QComboBox()
        self.plain_profiles.setAccessibleName("Votre profil")
        self.convert_passphrase = passphrase_edit("Phrase de passe")
        self.convert_again = passphrase_edit("Phrase de passe, à nouveau")
        form = QFormLayout(page)
        form.addRow(
            wrapped_label(
                "Cette version protège les données par chiffrement. La base actuelle va être "
                "chiffrée une fois pour toutes, après une copie de sauvegarde (elle aussi "
                "chiffrée). Choisissez votre profil et une phrase de passe ; vos collègues "
                "recevront la leur ensuite (Fichier › Donner l'accès à un collègue)."
            )
        )
        form.addRow("Profil", self.plain_profiles)
        form.addRow("Phrase de passe", self.convert_passphrase)
        form.addRow("Confirmation", self.convert_again)
        form.addRow(wrapped_label(PASSPHRASE_HINT, "hint"))
        return page

    def _show_start(self, start: Start) -> None:
        if start is Start.SIGN_IN:
            self.ok_button.setText("Se connecter")
            try:
                profiles = self._service.profiles()
            except StorageError as error:  # keys.json damaged: said, with the way to its copy
                self._damaged(error)
                profiles = []
            for profile in profiles:
                self.profiles.addItem(profile_label(profile.display_name, profile.role), profile.id)
            # The last profile signed in; else the first member of a binôme (the coordination comes after).
            index = self.profiles.findData(self._last_profile_id)
            if index < 0:
                index = next((i for i, p in enumerate(profiles) if p.role != Role.OTHER.value), 0)
            self.profiles.setCurrentIndex(index)
            self.passphrase.setFocus()
        elif start is Start.FIRST_USE:
            self.ok_button.setText("Créer mon profil et ouvrir")
            self.first_name.setFocus()
        else:
            self.ok_button.setText("Chiffrer la base et ouvrir")
            for professional in self._service.plain_professionals():
                self.plain_profiles.addItem(
                    profile_label(professional.display_name, professional.role.value), professional.id
                )
            self.convert_passphrase.setFocus()
        self._count_down()

    # --- submitting ---------------------------------------------------------------------------------------

    def submit(self) -> None:
        if self._busy or not self.ok_button.isEnabled():
            return
        work = self._work()
        if work is None:
            return
        self._set_busy(True)
        self.submitted_at = time.perf_counter()  # the start-up log says how long the passphrase took to open
        self._runner.run(work, self._done, self._refused)

    def _work(self) -> Callable[[], Unlocked] | None:
        service = self._service
        if self._start is Start.SIGN_IN:
            profile_id, passphrase = str(self.profiles.currentData() or ""), self.passphrase.text()
            if not profile_id:
                self._show_error("Aucun profil n'a accès à ce poste.")
                return None
            return lambda: service.sign_in(profile_id, passphrase)
        if self._start is Start.FIRST_USE:
            values: dict[str, Any] = {
                "first_name": self.first_name.text(),
                "last_name": self.last_name.text(),
                "institution": Institution(self.institution.currentData()),
                "role": Role(self.role.currentData()),
                "passphrase": self.new_passphrase.text(),
                "again": self.new_again.text(),
            }
            return lambda: service.first_use(**values)
        chosen = str(self.plain_profiles.currentData() or "")
        passphrase, again = self.convert_passphrase.text(), self.convert_again.text()
        return lambda: service.convert(chosen, passphrase, again)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.page.setEnabled(not busy)
        self.ok_button.setEnabled(not busy)
        self.status.setText("Ouverture de la base chiffrée…" if busy else "")
        if busy:
            self.error.hide()

    def _done(self, unlocked: Unlocked) -> None:
        self._set_busy(False)
        self.unlocked = unlocked
        self.accept()

    def _refused(self, error: UserError) -> None:
        self._set_busy(False)
        self._show_error(str(error))
        self._damaged(error)
        if self._start is Start.SIGN_IN:
            self.passphrase.selectAll()
            self.passphrase.setFocus()
        self._count_down()

    def _damaged(self, error: UserError) -> None:
        """A damaged database: its backups can be restored from here. A damaged key file: its copy put
        back."""
        from accomp_desktop.domain.errors import DatabaseDamaged, KeyFileDamaged

        if isinstance(error, KeyFileDamaged):
            self._show_error(str(error))
            self.repair_button.setVisible((self._service.folder.backups / "keys.json").exists())
        self.restore_button.setVisible(isinstance(error, DatabaseDamaged) and self._start is Start.SIGN_IN)

    def repair_key_file(self) -> None:
        def repaired(copy: object) -> None:
            self.repair_button.hide()
            self.error.hide()
            self.profiles.clear()
            self._show_start(Start.SIGN_IN)
            self.status.setText(f"Le fichier des clés a été remis depuis sa copie ({copy}) : connectez-vous.")

        self._runner.run(self._service.repair_key_file, repaired, self._refused)

    def open_backups(self) -> None:
        """The backups of this computer (the passphrase typed opens them), to put a sound one in place."""
        from accomp_desktop.ui.admin.backups_dialog import BackupsDialog

        profile_id, passphrase, service = self.profile_id(), self.passphrase.text(), self._service

        def show(backups: BackupService) -> None:
            dialog = BackupsDialog(backups, self._runner, self)
            dialog.restore_requested.connect(lambda path: self._restore(backups, path))
            self.backups_dialog = dialog
            dialog.open()

        self._runner.run(lambda: service.backups(profile_id, passphrase), show, self._refused)

    def _restore(self, backups: BackupService, path: Path) -> None:
        def restored(_safety: object) -> None:
            self._set_busy(False)
            self.restore_button.hide()
            self.submit()  # the passphrase still typed opens the restored database

        self._set_busy(True)
        self._runner.run(lambda: backups.restore(path), restored, self._refused)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self._fit()
        self.failed.emit(text)

    def _fit(self) -> None:
        """Grow the window to hold a message shown under the fields: else the layout squeezes the text above
        it (the introduction and the demo notice were cut in half)."""
        layout = self._layout
        layout.activate()
        needed = (
            layout.totalHeightForWidth(self.width())
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        if needed > self.height():
            self.resize(self.width(), needed)

    def _count_down(self) -> None:
        """While wrong passphrases must wait, the button says how long, and comes back by itself."""
        left = self._service.throttle.wait_left() if self._start is Start.SIGN_IN else 0.0
        if left > 0:
            self.ok_button.setEnabled(False)
            self.status.setText(
                f"Trop d'essais infructueux : nouvel essai possible dans {int(left + 0.999)} s."
            )
            self._fit()
            self._wait.start()
        elif not self._busy:
            self._wait.stop()
            self.ok_button.setEnabled(True)
            self.status.setText("")

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:  # the first window a professional sees: start-up is measured to here
            self._painted = True
            log.info("sign-in window painted at %.3f", time.time())
            self.painted.emit()

    def profile_id(self) -> str:
        """The profile offered for sign-in."""
        return str(self.profiles.currentData() or "")

    def sign_in_now(self, profile_id: str, passphrase: str) -> None:
        """Sign in without typing (the ``ACCOMP_PASSPHRASE`` variable, for scripts and start-up tests)."""
        index = self.profiles.findData(profile_id)
        if index >= 0:
            self.profiles.setCurrentIndex(index)
        self.passphrase.setText(passphrase)
        self.submit()
