"""Find a common slot: the next periods when both professionals of the binôme are free, in office hours,
on working days that are not public holidays. Choosing one opens the appointment form on it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain.french_dates import DAYS
from accomp_desktop.domain.slots import Period
from accomp_desktop.services.agenda import DURATIONS
from accomp_desktop.ui.agenda.appointment_dialog import duration_text

START_ROLE = int(Qt.ItemDataRole.UserRole)


class SlotDialog(QDialog):
    chosen = Signal(object, int)  # start datetime, minutes

    def __init__(self, search: Callable[[int], None], who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Trouver un créneau commun")
        self.resize(460, 380)
        self._search = search
        intro = QLabel(f"Prochains créneaux libres pour {who}, aux heures d'ouverture, hors jours fériés :")
        intro.setWordWrap(True)
        self.duration = QComboBox()
        self.duration.setAccessibleName("Durée")
        for minutes in DURATIONS[1:6]:
            self.duration.addItem(duration_text(minutes), minutes)
        self.duration.setCurrentIndex(self.duration.findData(60))
        self.duration.currentIndexChanged.connect(lambda _i: self._search(self.minutes()))
        self.slots = QListWidget()
        self.slots.setAccessibleName("Créneaux proposés")
        self.slots.itemActivated.connect(self._choose)
        self.slots.itemDoubleClicked.connect(self._choose)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.take = buttons.addButton("Prendre ce créneau", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(lambda: self._choose(self.slots.currentItem()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.duration)
        layout.addWidget(self.slots, stretch=1)
        layout.addWidget(buttons)
        self.take.setDefault(True)  # once inside the dialog, else « Annuler » is the default

    def minutes(self) -> int:
        return int(self.duration.currentData())

    def show_slots(self, slots: list[Period]) -> None:
        self.slots.clear()
        for slot in slots:
            day = f"{DAYS[slot.start.weekday()]} {slot.start:%d/%m/%Y}"
            item = QListWidgetItem(f"{day}, de {slot.start:%H:%M} à {slot.end:%H:%M}")
            item.setData(START_ROLE, slot.start)
            self.slots.addItem(item)
        if not slots:
            self.slots.addItem("Aucun créneau commun dans les 60 prochains jours.")
        else:
            self.slots.setCurrentRow(0)
        self.take.setEnabled(bool(slots))

    def _choose(self, item: QListWidgetItem | None) -> None:
        start = item.data(START_ROLE) if item is not None else None
        if isinstance(start, datetime):
            self.chosen.emit(start, self.minutes())
            self.accept()
