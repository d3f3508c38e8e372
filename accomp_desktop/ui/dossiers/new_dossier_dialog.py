"""Create a dossier: the orientation form, and the warning when the person seems to have a dossier already.

The duplicate check runs in the same unit of work as the creation, so two clicks cannot create twins. When
it finds a match, the professional chooses: open the existing dossier, create anyway, or go back to the form.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QMessageBox, QVBoxLayout, QWidget

from accomp_desktop.domain.enums import Route
from accomp_desktop.domain.validation import InvalidFields, format_date
from accomp_desktop.services.directory import BinomeTeam
from accomp_desktop.services.dossier_records import (
    DuplicateFound,
    DuplicateMatch,
    OrientationDraft,
    PersonDraft,
)
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.ui.tasks import Runner, UserError
from accomp_desktop.ui.widgets.forms import DATE_HINT, PersonForm, line_edit, text_edit
from accomp_desktop.ui.widgets.service_dialog import ServiceDialog


def duplicate_text(matches: list[DuplicateMatch]) -> str:
    lines = [
        f"• {m.display_name}, né(e) le {format_date(m.birth_date) or '—'} — dossier {m.reference} "
        f"({m.status.label}) : {m.reason}"
        for m in matches
    ]
    return "Un dossier existe peut-être déjà pour cette personne :\n\n" + "\n".join(lines)


class NewDossierDialog(ServiceDialog):
    open_existing = Signal(str)  # dossier id

    def __init__(
        self,
        service: DossierService,
        runner: Runner,
        *,
        teams: list[BinomeTeam],
        author_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Nouveau dossier — orientation", "Créer le dossier", runner, parent)
        self._service = service
        self._author_id = author_id
        self._allow_duplicate = False
        self.duplicate_box: QMessageBox | None = None

        self.person = PersonForm()
        person_box = QGroupBox("La personne")
        QVBoxLayout(person_box).addWidget(self.person)

        self.binome = QComboBox()
        self.binome.setAccessibleName("Binôme")
        for team in teams:
            self.binome.addItem(f"{team.binome.name} — {team.binome.territory}", team)
        self.oriented_by = QComboBox()
        self.oriented_by.setAccessibleName("Proposé par")
        self.route = QComboBox()
        self.route.setAccessibleName("Parcours")
        for route in Route:
            self.route.addItem(route.label, route.value)
        self.orientation_date = line_edit("Date d'orientation", placeholder=DATE_HINT, max_length=12)
        self.orientation_date.setText(format_date(date.today()))
        self.reasons = text_edit(
            "Motif de l'orientation",
            placeholder="Les freins sociaux et professionnels repérés, ce que souhaite la personne…",
        )
        self.agreement = QCheckBox("La personne a donné son accord pour cet accompagnement")
        self.binome.currentIndexChanged.connect(self._fill_members)
        self._fill_members()

        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeWidget(self.body)
        orientation_box = QGroupBox("L'orientation")
        QVBoxLayout(orientation_box).addWidget(self.body)
        self.errors.add(self.form, "binome_id", "Binôme", self.binome)
        self.form.addRow("Proposé par", self.oriented_by)
        self.form.addRow("Parcours", self.route)
        self.errors.add(self.form, "orientation_date", "Date d'orientation", self.orientation_date)
        self.errors.add(self.form, "reasons", "Motif", self.reasons)
        self.errors.add(self.form, "agreement", "", self.agreement)
        side_by_side = QHBoxLayout()  # wide rather than tall: fits a laptop screen with every error shown
        side_by_side.addWidget(person_box, stretch=1)
        side_by_side.addWidget(orientation_box, stretch=1)
        layout.insertLayout(0, side_by_side)
        self.setMinimumWidth(980)
        self.person.last_name.setFocus()

    def _fill_members(self) -> None:
        self.oriented_by.clear()
        team: BinomeTeam | None = self.binome.currentData()
        for member in team.members if team else []:
            self.oriented_by.addItem(f"{member.display_name} ({member.role.label})", member.id)
        index = self.oriented_by.findData(self._author_id)
        self.oriented_by.setCurrentIndex(max(index, 0))

    def draft(self) -> OrientationDraft:
        team: BinomeTeam | None = self.binome.currentData()
        return OrientationDraft(
            person=self.person.draft(),
            binome_id=team.binome.id if team else "",
            oriented_by=self.oriented_by.currentData() or "",
            route=Route(self.route.currentData()),
            orientation_date=self.orientation_date.text(),
            reasons=self.reasons.toPlainText(),
            agreement=self.agreement.isChecked(),
            confirmed=self.confirmed,
        )

    def work(self) -> Callable[[], Any]:
        draft, allow = self.draft(), self._allow_duplicate
        self._allow_duplicate = False
        return lambda: self._service.create(
            draft, author_id=self._author_id, today=date.today(), allow_duplicate=allow
        )

    def submit(self) -> None:
        self.person.errors.clear()
        super().submit()

    def refused(self, error: UserError) -> None:
        if isinstance(error, DuplicateFound):
            self.ok_button.setEnabled(True)
            self._warn_duplicate(error.matches)
            return
        if isinstance(error, InvalidFields):
            self.ok_button.setEnabled(True)
            # Orientation fields first, then the person's: the focus lands on the topmost wrong field.
            if self.errors.show(error.errors) | self.person.errors.show(error.errors):
                self.adjustSize()
                return
        super().refused(error)

    def _warn_duplicate(self, matches: list[DuplicateMatch]) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Dossier existant ?", duplicate_text(matches), parent=self
        )
        open_button = box.addButton("Ouvrir le dossier existant", QMessageBox.ButtonRole.AcceptRole)
        create_button = box.addButton("Créer quand même", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Revenir au formulaire", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)

        def chosen(button: object) -> None:
            if button is open_button:
                self._leave_confirmed = True
                self.open_existing.emit(matches[0].dossier_id)
                self.reject()
            elif button is create_button:
                self._allow_duplicate = True
                self.submit()

        box.buttonClicked.connect(chosen)
        self.duplicate_box = box
        box.open()

    def is_dirty(self) -> bool:
        return self.person.draft() != PersonDraft() or bool(self.reasons.toPlainText().strip())
