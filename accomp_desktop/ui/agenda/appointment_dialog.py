"""The appointment form: type, mode and place, day and time, length, who takes part, which dossier, what the
person brings (printed on the convocation), the professionals' notes.

A slot that overlaps another appointment of a participant is announced before anything is saved; the
professional may keep it anyway or go back to the form.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QMessageBox, QWidget

from accomp_desktop.domain.enums import AppointmentMode, AppointmentType
from accomp_desktop.domain.model import AgendaItem, Professional
from accomp_desktop.domain.text import duration_words
from accomp_desktop.services.agenda import DURATIONS, AgendaService, AppointmentDraft, DoubleBooking
from accomp_desktop.ui.tasks import Runner, UserError
from accomp_desktop.ui.widgets.confirm import confirm
from accomp_desktop.ui.widgets.forms import DATE_HINT, line_edit, text_edit
from accomp_desktop.ui.widgets.service_dialog import ServiceDialog


def duration_text(minutes: int) -> str:
    return duration_words(minutes, unit="min")


class AppointmentDialog(ServiceDialog):
    def __init__(
        self,
        service: AgendaService,
        runner: Runner,
        *,
        author_id: str,
        people: list[Professional],
        dossiers: list[tuple[str, str]],
        item: AgendaItem | None = None,
        start: datetime | None = None,
        minutes: int = 60,
        participant_ids: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Modifier le rendez-vous" if item else "Nouveau rendez-vous", "Enregistrer", runner, parent
        )
        self.setMinimumWidth(520)
        self._service, self._author_id = service, author_id
        self._item_id = item.id if item else None
        self._allow_overlap = False
        self.overlap_box: QMessageBox | None = None
        self.type = QComboBox()
        self.type.setAccessibleName("Type de rendez-vous")
        for kind in AppointmentType:
            self.type.addItem(kind.label, kind.value)
        self.mode = QComboBox()
        self.mode.setAccessibleName("Modalité")
        for mode in AppointmentMode:
            self.mode.addItem(mode.label, mode.value)
        self.place = line_edit("Lieu", placeholder="Agence, CCAS, adresse…", max_length=200)
        self.day = line_edit("Date", placeholder=DATE_HINT, max_length=12)
        self.time = line_edit("Heure", placeholder="14:30", max_length=6)
        self.duration = QComboBox()
        self.duration.setAccessibleName("Durée")
        for value in sorted({*DURATIONS, minutes}):
            self.duration.addItem(duration_text(value), value)
        self.participants: dict[str, QCheckBox] = {}
        row = QWidget()
        boxes = QHBoxLayout(row)
        boxes.setContentsMargins(0, 0, 0, 0)
        for person in people:
            box = QCheckBox(f"{person.display_name} ({person.role.label})")
            self.participants[person.id] = box
            boxes.addWidget(box)
        self.dossier = QComboBox()
        self.dossier.setAccessibleName("Dossier")
        self.dossier.setEditable(True)  # type a name to find the dossier among the binôme's
        self.dossier.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.dossier.addItem("Sans dossier (réunion, atelier…)", None)
        for dossier_id, label in dossiers:
            self.dossier.addItem(label, dossier_id)
        self.to_bring = line_edit(
            "À apporter", placeholder="Avis d'imposition, CV… (imprimé sur la convocation)", max_length=500
        )
        self.notes = text_edit(
            "Notes", placeholder="Ordre du jour… (pour les professionnels, jamais imprimé)", height=60
        )
        self.form.addRow("Type", self.type)
        self.form.addRow("Modalité", self.mode)
        self.errors.add(self.form, "place", "Lieu", self.place)
        self.errors.add(self.form, "day", "Date", self.day)
        self.errors.add(self.form, "time", "Heure", self.time)
        self.errors.add(self.form, "duration", "Durée", self.duration)
        self.errors.add(self.form, "participants", "Avec", row)
        self.errors.add(self.form, "dossier", "Dossier", self.dossier)
        self.errors.add(self.form, "to_bring", "À apporter", self.to_bring)
        self.errors.add(self.form, "notes", "Notes", self.notes)
        self.type.currentIndexChanged.connect(self._type_changed)

        if item is not None:
            self.type.setCurrentIndex(self.type.findData(item.type.value))
            self.mode.setCurrentIndex(self.mode.findData(item.mode.value))
            self.place.setText(item.place)
            start, minutes, participant_ids = item.start, item.duration_minutes, item.participant_ids
            self.dossier.setCurrentIndex(max(self.dossier.findData(item.dossier_id), 0))
            self.notes.setPlainText(item.notes)
            self.to_bring.setText(item.to_bring)
        if start is not None:
            self.day.setText(start.strftime("%d/%m/%Y"))
            self.time.setText(start.strftime("%H:%M"))
        self.duration.setCurrentIndex(self.duration.findData(minutes))
        for person_id in participant_ids or (author_id,):
            if person_id in self.participants:
                self.participants[person_id].setChecked(True)

    def _type_changed(self) -> None:
        """A tripartite brings both professionals together: tick both."""
        if AppointmentType(self.type.currentData()) is AppointmentType.TRIPARTITE:
            for box in self.participants.values():
                box.setChecked(True)

    def draft(self) -> AppointmentDraft:
        return AppointmentDraft(
            type=AppointmentType(self.type.currentData()),
            mode=AppointmentMode(self.mode.currentData()),
            day=self.day.text(),
            time=self.time.text(),
            duration_minutes=int(self.duration.currentData()),
            participant_ids=tuple(pid for pid, box in self.participants.items() if box.isChecked()),
            dossier_id=self.dossier.currentData(),
            place=self.place.text(),
            notes=self.notes.toPlainText(),
            to_bring=self.to_bring.text(),
            confirmed=self.confirmed,
        )

    def work(self) -> Callable[[], Any]:
        draft, allow, item_id = self.draft(), self._allow_overlap, self._item_id
        self._allow_overlap = False
        return lambda: self._service.save(
            draft, author_id=self._author_id, appointment_id=item_id, allow_overlap=allow
        )

    def refused(self, error: UserError) -> None:
        if not isinstance(error, DoubleBooking):
            super().refused(error)
            return
        self.ok_button.setEnabled(True)
        self.overlap_box = confirm(
            self,
            "Créneau déjà pris",
            str(error),
            yes="Enregistrer quand même",
            no="Choisir un autre créneau",
            then=self._keep_overlap,
            yes_role=QMessageBox.ButtonRole.AcceptRole,
        )

    def _keep_overlap(self) -> None:
        self._allow_overlap = True
        self.submit()

    def is_dirty(self) -> bool:
        return bool(self.notes.toPlainText().strip() or self.to_bring.text().strip())
