""""Qui êtes-vous ?": the professional picks their profile, or creates it on first use.

The choice is remembered for the next start. The sign-in issue later puts a passphrase behind it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain.enums import Institution, Role
from accomp_desktop.domain.model import Professional
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.ui.tasks import Runner, UserError

ID_ROLE = int(Qt.ItemDataRole.UserRole)


class ProfilePage(QWidget):
    chosen = Signal(object)  # Professional

    def __init__(self, directory: DirectoryService, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._directory = directory
        self._runner = runner
        self._professionals: dict[str, Professional] = {}

        title = QLabel("Qui êtes-vous ?")
        title.setObjectName("pageTitle")
        hint = QLabel("Choisissez votre profil pour ouvrir vos dossiers.")
        self.list = QListWidget()
        self.list.setAccessibleName("Profils des professionnels")
        self.list.setObjectName("profiles")
        self.list.itemDoubleClicked.connect(lambda _item: self._continue())
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.continue_button = QPushButton("Continuer")
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self._continue)

        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        for field in (self.first_name, self.last_name):
            field.setMaxLength(100)
        self.institution = QComboBox()
        for institution in Institution:
            self.institution.addItem(institution.label, institution)
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.label, role)
        self.create_error = QLabel()
        self.create_error.setObjectName("errorText")
        self.create_error.setWordWrap(True)
        self.create_button = QPushButton("Créer mon profil")
        self.create_button.clicked.connect(self._create)
        form = QFormLayout()
        form.addRow("Prénom", self.first_name)
        form.addRow("Nom", self.last_name)
        form.addRow("Institution", self.institution)
        form.addRow("Fonction", self.role)
        form.addRow(self.create_error)
        form.addRow(self.create_button)
        create_box = QGroupBox("Nouveau sur ce poste ? Créez votre profil")
        create_box.setLayout(form)

        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(hint)
        column.addWidget(self.list, stretch=1)
        column.addWidget(self.continue_button, alignment=Qt.AlignmentFlag.AlignRight)
        column.addSpacing(16)
        column.addWidget(create_box)
        centred = QHBoxLayout(self)
        centred.addStretch(1)
        centred.addLayout(column, stretch=2)
        centred.addStretch(1)
        self._update_buttons()

    def reload(self, select_id: str = "") -> None:
        self._runner.run(self._directory.professionals, lambda found: self._show(found, select_id))

    def _show(self, professionals: list[Professional], select_id: str) -> None:
        self.list.clear()
        self._professionals = {p.id: p for p in professionals}
        for professional in professionals:
            item = QListWidgetItem(f"{professional.display_name} — {professional.role.label}")
            item.setData(ID_ROLE, professional.id)
            self.list.addItem(item)
            if professional.id == select_id:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.continue_button.setEnabled(self.list.currentItem() is not None)

    def _continue(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen.emit(self._professionals[item.data(ID_ROLE)])

    def _create(self) -> None:
        self.create_error.clear()
        first, last = self.first_name.text(), self.last_name.text()
        # Qt hands enum members back as plain str: look them up again by value.
        institution = Institution(self.institution.currentData())
        role = Role(self.role.currentData())

        def work() -> Professional:
            return self._directory.create_professional(
                first_name=first, last_name=last, institution=institution, role=role
            )

        def failed(error: UserError) -> None:
            self.create_error.setText(str(error))

        self._runner.run(work, self._created, failed)

    def _created(self, professional: Professional) -> None:
        self.first_name.clear()
        self.last_name.clear()
        self.chosen.emit(professional)
