"""The Agenda place: my agenda, my binôme partner's, or both side by side, by day, week or month, or as a
list.

Navigation: "Aujourd'hui" (T), previous and next (Page précédente / Page suivante). An appointment selected in
the grid shows a strip to record its attendance in one click, open it or cancel it. The grid and the lists are
read from the database off the UI thread at each change of period or of whose agenda is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain.changes import Area, Changes
from accomp_desktop.domain.enums import AppointmentType, Attendance
from accomp_desktop.domain.errors import os_reason
from accomp_desktop.domain.french_dates import MONTHS
from accomp_desktop.domain.model import AgendaItem, BusyPeriod, Professional
from accomp_desktop.domain.slots import Period
from accomp_desktop.services.agenda import AgendaService
from accomp_desktop.services.directory import BinomeTeam
from accomp_desktop.ui.agenda.appointment_dialog import AppointmentDialog
from accomp_desktop.ui.agenda.grid import SHORT_TYPES, AgendaGrid, Lane
from accomp_desktop.ui.agenda.slot_dialog import SlotDialog
from accomp_desktop.ui.tasks import Runner, UserError
from accomp_desktop.ui.widgets.fields import label_for, list_view
from accomp_desktop.ui.widgets.file_dialogs import open_path, save_path
from accomp_desktop.ui.widgets.pdf_printing import open_in_viewer, write_temp_pdf


class View(StrEnum):
    """The agenda's views, by a stable code: the window state keeps the code, the list shows the label."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    LIST = "list"


VIEW_LABELS = {View.DAY: "Jour", View.WEEK: "Semaine", View.MONTH: "Mois", View.LIST: "Liste"}
NO_SELECTION = "Choisissez un rendez-vous (clic ou flèches) pour noter la présence."
ID_ROLE = int(Qt.ItemDataRole.UserRole)


@dataclass(frozen=True, slots=True)
class AgendaData:
    items: list[AgendaItem]
    busy: list[BusyPeriod]
    holidays: dict[date, str]


class AgendaPage(QWidget):
    changed = Signal(str)  # a sentence for the status bar

    def __init__(self, service: AgendaService, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self.professional: Professional | None = None
        self.partner: Professional | None = None
        self._teams: list[BinomeTeam] = []
        self._active = False
        self._stale = True
        self.day = date.today()
        self.data = AgendaData([], [], {})
        self.dialog: AppointmentDialog | None = None
        self.menu: QMenu | None = None

        title = QLabel("Agenda")
        title.setObjectName("pageTitle")
        self.previous = QPushButton("◀")
        self.previous.setAccessibleName("Période précédente (Page précédente)")
        self.today_button = QPushButton("Aujourd'hui")
        self.today_button.setToolTip("T")
        self.next = QPushButton("▶")
        self.next.setAccessibleName("Période suivante (Page suivante)")
        for arrow in (self.previous, self.next):
            arrow.setFixedWidth(40)
        self.period = QLabel()
        self.period.setObjectName("sectionTitle")
        self.period.setMinimumWidth(300)  # « du 30 novembre au 4 décembre 2026 » whole
        self.view = QComboBox()
        self.view.setAccessibleName("Vue")
        for view in View:
            self.view.addItem(VIEW_LABELS[view], view.value)
        self.view.setCurrentIndex(self.view.findData(View.WEEK.value))
        self.whose = QComboBox()
        self.whose.setAccessibleName("Agenda de")
        self.whose.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.whose.setMinimumContentsLength(18)
        self.weekend = QCheckBox("Week-end")
        self.new_button = QPushButton("Nouveau rendez-vous…")
        self.previous.clicked.connect(lambda: self.shift(-1))
        self.next.clicked.connect(lambda: self.shift(1))
        self.today_button.clicked.connect(self.go_today)
        self.new_button.clicked.connect(lambda: self.new_appointment())
        self.view.currentIndexChanged.connect(lambda _i: self.reload())
        self.whose.currentIndexChanged.connect(lambda _i: self.reload())
        self.weekend.toggled.connect(lambda _on: self.reload())
        # What is shown, then when: two rows, so that the period's title is never covered on a laptop screen.
        choices = QHBoxLayout()
        shown: tuple[QWidget, ...] = (
            label_for("Vue", self.view),
            self.view,
            label_for("Agenda de", self.whose),
            self.whose,
            self.weekend,
        )
        for control in shown:
            choices.addWidget(control)
        choices.addStretch(1)
        bar = QHBoxLayout()
        for moving in (self.previous, self.today_button, self.next, self.period):
            bar.addWidget(moving)
        bar.addStretch(1)

        self.grid = AgendaGrid()
        self.grid.create_requested.connect(self.new_appointment)
        self.grid.move_requested.connect(self.move_appointment)
        self.grid.open_requested.connect(self.open_appointment)
        self.grid.menu_requested.connect(self.show_menu)
        self.grid.selection_changed.connect(self._show_selected)
        self.grid_area = QScrollArea()
        self.grid_area.setWidget(self.grid)
        self.grid_area.setWidgetResizable(True)
        self.month = QTableWidget(6, 7)
        self.month.setAccessibleName("Mois")
        self.month.setTabKeyNavigation(False)  # Tab leaves the month, the arrows move from day to day
        self.month.setHorizontalHeaderLabels(
            ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]
        )
        self.month.verticalHeader().hide()
        self.month.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.month.cellDoubleClicked.connect(self._open_month_day)
        self.month.cellActivated.connect(self._open_month_day)  # Enter on a day, as a double click
        self.list = list_view(
            "Rendez-vous à venir", ["Quand", "Type", "Personne", "Lieu", "Présence"], (170, 190, 200, 200)
        )
        self.list.itemActivated.connect(lambda item, _c: self.open_appointment(item.data(0, ID_ROLE)))
        self.list.currentItemChanged.connect(lambda *_rows: self._update_strip())  # arrows select, as clicks
        self.views = QStackedWidget()
        for page in (self.grid_area, self.month, self.list):
            self.views.addWidget(page)

        # The selected appointment: attendance in one click.
        self.selection = QLabel(NO_SELECTION)
        self.selection.setWordWrap(True)  # never cut by the buttons beside it
        self.attendance_buttons: dict[Attendance, QPushButton] = {}
        strip = QHBoxLayout()
        strip.addWidget(self.selection, stretch=1)
        for attendance, text in (
            (Attendance.HONOURED, "✓ Honoré"),
            (Attendance.EXCUSED, "Excusé"),
            (Attendance.ABSENT, "✗ Absent"),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, a=attendance: self.set_attendance(a))
            strip.addWidget(button)
            self.attendance_buttons[attendance] = button
        self.convocation_button = QPushButton("Convocation…")
        self.convocation_button.setToolTip("La lettre pour la personne (PDF)")
        self.convocation_button.clicked.connect(self.print_convocation)
        strip.addWidget(self.convocation_button)
        self.cancel_button = QPushButton("Annuler le rendez-vous…")
        self.cancel_button.clicked.connect(lambda: self.cancel(self.selected_id()))
        strip.addWidget(self.cancel_button)

        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addStretch(1)
        self.slot_button = QPushButton("Trouver un créneau commun…")
        self.slot_button.clicked.connect(self.find_slot)
        self.slot_dialog: SlotDialog | None = None
        self.export_button = QPushButton("Exporter en .ics…")
        self.export_button.setToolTip("Les rendez-vous affichés, pour Outlook ou Thunderbird")
        self.export_button.clicked.connect(lambda: self.export_ics())
        self.import_button = QPushButton("Importer un .ics…")
        self.import_button.setToolTip("Vos engagements extérieurs, comptés comme occupés")
        self.import_button.clicked.connect(self.import_ics)
        # Replaced in tests: the system's file dialogs block.
        self.ask_save_path: Callable[[str], str] = lambda name: save_path(
            self, "Exporter l'agenda", name, "Calendrier (*.ics)"
        )
        self.ask_open_path: Callable[[], str] = lambda: open_path(
            self, "Importer un calendrier", "Calendrier (*.ics)"
        )
        self.list_button = QPushButton("Imprimer la liste…")
        self.list_button.setToolTip("Les rendez-vous des jours affichés, pour l'accueil (PDF)")
        self.list_button.clicked.connect(self.print_list)
        self.open_file: Callable[[Path], None] = lambda path: open_in_viewer(path, self)  # tests: replaced
        self.ask_reason: Callable[[], tuple[str, bool]] = lambda: QInputDialog.getText(
            self, "Annuler le rendez-vous", "Motif de l'annulation :"
        )
        for button in (
            self.list_button,
            self.export_button,
            self.import_button,
            self.slot_button,
            self.new_button,
        ):
            heading.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(choices)
        layout.addLayout(bar)
        layout.addWidget(self.views, stretch=1)
        layout.addLayout(strip)
        for keys, slot in (
            ("T", self.go_today),
            ("PgUp", lambda: self.shift(-1)),
            ("PgDown", lambda: self.shift(1)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._update_strip()

    # --- who and when -------------------------------------------------------------------------------

    def set_professional(self, professional: Professional) -> None:
        self.professional = professional
        self._find_partner()
        self.reload()

    def set_teams(self, teams: list[BinomeTeam]) -> None:
        """My binôme partner, once the binômes are read: their agenda can then be shown beside mine."""
        self._teams = teams
        self._find_partner()
        self.reload()

    def _find_partner(self) -> None:
        professional = self.professional
        team = next((t for t in self._teams if professional and t.includes(professional.id)), None)
        self.partner = (
            next((p for p in team.members if p.id != professional.id), None)
            if team and professional
            else None
        )
        self._fill_whose()

    def _fill_whose(self) -> None:
        choice = self.whose.currentData()
        self.whose.blockSignals(True)
        self.whose.clear()
        self.whose.addItem("Mon agenda", "me")
        if self.partner is not None:
            self.whose.addItem(f"Agenda de {self.partner.display_name}", "partner")
            self.whose.addItem("Les deux côte à côte", "both")
        self.whose.setCurrentIndex(max(self.whose.findData(choice), 0) if choice else 0)
        self.whose.blockSignals(False)

    def shown_people(self) -> list[Professional]:
        if self.professional is None:
            return []
        choice = self.whose.currentData()
        if choice == "partner" and self.partner is not None:
            return [self.partner]
        if choice == "both" and self.partner is not None:
            return [self.professional, self.partner]
        return [self.professional]

    def current_view(self) -> View:
        return View(self.view.currentData())

    def days(self) -> list[date]:
        view = self.current_view()
        if view is View.DAY:
            return [self.day]
        monday = self.day - timedelta(days=self.day.weekday())
        return [monday + timedelta(days=n) for n in range(7 if self.weekend.isChecked() else 5)]

    def shift(self, direction: int) -> None:
        view = self.current_view()
        if view is View.MONTH:
            month = self.day.month - 1 + direction
            self.day = date(self.day.year + month // 12, month % 12 + 1, 1)
        else:
            self.day += timedelta(days=direction * (1 if view is View.DAY else 7))
        self.reload()

    def go_today(self) -> None:
        self.day = date.today()
        self.reload()

    # --- loading ------------------------------------------------------------------------------------

    def _range(self) -> tuple[datetime, datetime]:
        view = self.current_view()
        if view is View.MONTH:
            first = self.day.replace(day=1)
            start = first - timedelta(days=first.weekday())
            return datetime.combine(start, time.min), datetime.combine(start + timedelta(days=42), time.min)
        if view is View.LIST:
            now = datetime.now()
            return now, now + timedelta(days=30)
        days = self.days()
        return datetime.combine(days[0], time.min), datetime.combine(days[-1] + timedelta(days=1), time.min)

    def set_active(self, active: bool) -> None:
        """Shown or left: the agenda is read when it is shown, not at start (holidays, appointments)."""
        self._active = active
        if active and self._stale:
            self.reload()

    def view_state(self) -> dict[str, object]:
        """The view chosen (day, week…) and whether weeks show the week-end: kept with the window's state."""
        return {"view": self.current_view().value, "weekend": self.weekend.isChecked()}

    def restore_view_state(self, state: dict[str, object]) -> None:
        """Back to the view of the last session; anything unknown in ``state`` is ignored."""
        view = state.get("view")
        # A code; a window state written before the codes holds the label.
        code = next((v.value for v, label in VIEW_LABELS.items() if label == view), view)
        if isinstance(code, str) and self.view.findData(code) >= 0:
            self.view.setCurrentIndex(self.view.findData(code))
        weekend = state.get("weekend")
        if isinstance(weekend, bool):
            self.weekend.setChecked(weekend)

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches(Area.AGENDA, Area.PERSON, Area.DOSSIER, Area.DIRECTORY):
            self.reload()

    def reload(self) -> None:
        people = self.shown_people()
        if not people:
            return
        if not self._active:
            self._stale = True
            return
        self._stale = False
        ids = [p.id for p in people]
        start, end = self._range()
        view = self.current_view()
        self.views.setCurrentIndex({View.DAY: 0, View.WEEK: 0, View.MONTH: 1, View.LIST: 2}[view])
        self.weekend.setEnabled(view is View.WEEK)

        viewer = self.professional.id if self.professional else ""

        def work() -> AgendaData:
            items = (
                self._service.upcoming(ids, start, viewer_id=viewer)
                if view is View.LIST
                else self._service.appointments(ids, start, end, viewer_id=viewer)
            )
            return AgendaData(
                items,
                self._service.busy(ids, start, end, viewer_id=viewer),
                self._service.holidays(start.date(), end.date()),
            )

        self._runner.run(work, self._show, self._failed)

    def _failed(self, error: UserError) -> None:
        self.changed.emit(str(error))

    def _show(self, data: AgendaData) -> None:
        self.data = data
        view = self.current_view()
        people = self.shown_people()
        if view in (View.DAY, View.WEEK):
            days = self.days()
            both = len(people) > 1
            lanes = [Lane(day, p.id, p.first_name if both else "") for day in days for p in people]
            self.grid.today = date.today()
            self.grid.show_agenda(lanes, data.items, data.busy, data.holidays)
            self.period.setText(self._period_text(days[0], days[-1]))
            self.grid_area.verticalScrollBar().setValue(0)  # day headers in view
        elif view is View.MONTH:
            self._show_month(data)
        else:
            self._show_list(data)
        self._update_strip()

    @staticmethod
    def _period_text(first: date, last: date) -> str:
        """The days shown, said shortly: « du 23 au 27 novembre 2026 », « du 30 novembre au 4 décembre 2026
        »."""

        def day(moment: date) -> str:
            return "1er" if moment.day == 1 else str(moment.day)

        if first == last:
            return f"{day(first)} {MONTHS[first.month - 1]} {first.year}"
        if (first.year, first.month) == (last.year, last.month):
            return f"du {day(first)} au {day(last)} {MONTHS[last.month - 1]} {last.year}"
        year = f" {first.year}" if first.year != last.year else ""
        return (
            f"du {day(first)} {MONTHS[first.month - 1]}{year} au {day(last)} {MONTHS[last.month - 1]} "
            f"{last.year}"
        )

    def _show_month(self, data: AgendaData) -> None:
        first = self.day.replace(day=1)
        start = first - timedelta(days=first.weekday())
        self.period.setText(f"{MONTHS[first.month - 1]} {first.year}")
        for cell in range(42):
            day = start + timedelta(days=cell)
            items = [
                i for i in data.items if i.start.date() == day and i.attendance is not Attendance.CANCELLED
            ]
            lines = [f"{day.day}" + (f" · {data.holidays[day]}" if day in data.holidays else "")]
            lines += [f"{i.start:%H:%M} {SHORT_TYPES[i.type]}" for i in items[:4]]
            if len(items) > 4:
                lines.append(f"+ {len(items) - 4} autres")
            entry = QTableWidgetItem("\n".join(lines))
            entry.setData(ID_ROLE, day.isoformat())
            if day.month != first.month:
                entry.setForeground(Qt.GlobalColor.gray)
            self.month.setItem(cell // 7, cell % 7, entry)
        self.month.resizeRowsToContents()

    def _open_month_day(self, row: int, column: int) -> None:
        entry = self.month.item(row, column)
        if entry is not None:
            self.day = date.fromisoformat(entry.data(ID_ROLE))
            self.view.setCurrentIndex(0)

    def _show_list(self, data: AgendaData) -> None:
        self.period.setText("Les 30 prochains jours")
        self.list.clear()
        for item in data.items:
            row = QTreeWidgetItem(
                [
                    f"{item.start:%d/%m/%Y %H:%M}",
                    item.type.label,
                    item.person or "—",
                    item.place or item.mode.label,
                    item.attendance.label,
                ]
            )
            row.setData(0, ID_ROLE, item.id)
            self.list.addTopLevelItem(row)

    # --- the selected appointment -------------------------------------------------------------------

    def selected_id(self) -> str:
        """The appointment the strip's buttons act on: the one selected in the grid (by click or arrows), or
        the current row of the list."""
        if self.views.currentWidget() is self.list:
            row = self.list.currentItem()
            return str(row.data(0, ID_ROLE)) if row is not None else ""
        return self.grid.selected_id if self.views.currentWidget() is self.grid_area else ""

    def _show_selected(self, appointment_id: str) -> None:
        """Keep the selected block in sight (the arrows may select one below the visible hours)."""
        block = next((rect for rect, item in self.grid.keyboard_order() if item.id == appointment_id), None)
        if block is not None:
            centre = block.center().toPoint()
            self.grid_area.ensureVisible(centre.x(), centre.y(), 20, int(block.height() / 2) + 20)
        self._update_strip()

    def _item(self, appointment_id: str) -> AgendaItem | None:
        return next((i for i in self.data.items if i.id == appointment_id), None)

    def _update_strip(self) -> None:
        item = self._item(self.selected_id())
        for button in (*self.attendance_buttons.values(), self.cancel_button):
            button.setEnabled(item is not None and item.attendance is not Attendance.CANCELLED)
        self.convocation_button.setEnabled(
            item is not None and item.dossier_id is not None and item.attendance is Attendance.PLANNED
        )
        if item is None:
            self.selection.setText(NO_SELECTION)
        else:
            who = f" avec {item.person}" if item.person else ""
            self.selection.setText(
                f"{item.start:%d/%m %H:%M} · {item.type.label}{who} · {item.attendance.label}"
            )

    def set_attendance(self, attendance: Attendance) -> None:
        appointment_id, author = self.selected_id(), self.professional.id if self.professional else ""
        if not appointment_id:
            return
        self._runner.run(
            lambda: self._service.set_attendance(appointment_id, attendance, author_id=author),
            lambda item: self._saved(f"Présence notée : {item.attendance.label}."),
            self._failed,
        )

    def cancel(self, appointment_id: str) -> None:
        if not appointment_id or self.professional is None:
            return
        reason, accepted = self.ask_reason()
        if not accepted:
            return
        author = self.professional.id
        self._runner.run(
            lambda: self._service.cancel(appointment_id, reason=reason, author_id=author),
            lambda _item: self._saved("Rendez-vous annulé."),
            self._failed,
        )

    def _saved(self, message: str) -> None:
        self.changed.emit(message)
        self.reload()

    def _attendance_setter(self, attendance: Attendance) -> Callable[[], None]:
        return lambda: self.set_attendance(attendance)

    def show_menu(self, appointment_id: str, where: QPoint) -> None:
        self._update_strip()
        menu = QMenu(self)
        menu.addAction("Ouvrir…", lambda: self.open_appointment(appointment_id))
        menu.addSeparator()
        for attendance in (Attendance.HONOURED, Attendance.EXCUSED, Attendance.ABSENT):
            menu.addAction(f"Présence : {attendance.label}", self._attendance_setter(attendance))
        menu.addAction("Convocation (PDF)…", self.print_convocation)
        menu.addAction("Exporter ce rendez-vous (.ics)…", lambda: self.export_ics(only=appointment_id))
        menu.addSeparator()
        menu.addAction("Annuler le rendez-vous…", lambda: self.cancel(appointment_id))
        self.menu = menu
        menu.popup(where)

    # --- paper --------------------------------------------------------------------------------------

    def print_convocation(self) -> None:
        appointment_id = self.selected_id()
        if not appointment_id or self.professional is None:
            return
        author = self.professional.id

        def work() -> Path:
            pdf = self._service.convocation(appointment_id, author_id=author, today=date.today())
            return write_temp_pdf(pdf, f"convocation-{appointment_id[:8]}.pdf")

        self._runner.run(work, self.open_file, self._failed)

    def print_list(self) -> None:
        """The appointments of the days shown (one day or the week), for the office."""
        people = self.shown_people()
        if not people or self.professional is None:
            return
        ids, author = [p.id for p in people], self.professional.id
        days = self.days() if self.current_view() in (View.DAY, View.WEEK) else [self.day]
        first, last = days[0], days[-1]

        def work() -> Path:
            pdf = self._service.day_list(ids, first, last, author_id=author)
            return write_temp_pdf(pdf, f"rendez-vous-{first:%Y-%m-%d}.pdf")

        self._runner.run(work, self.open_file, self._failed)

    # --- .ics files -----------------------------------------------------------------------------------

    def export_ics(self, only: str = "") -> None:
        """The appointments shown (this day, week, month or list), or only one, into an .ics file."""
        items = [i for i in self.data.items if not only or i.id == only]
        name = (
            f"rendez-vous-{items[0].start:%Y-%m-%d-%H%M}.ics"
            if only and items
            else f"agenda-{self.day:%Y-%m-%d}.ics"
        )
        path = self.ask_save_path(name)
        if not path:
            return
        names = {p.id: p.display_name for p in (self.professional, self.partner) if p is not None}

        def work() -> int:
            from accomp_desktop.services.calendar_files import (  # icalendar: ~70 ms
                CalendarFileError,
                export_ics,
            )

            try:
                Path(path).write_bytes(export_ics(items, names))
            except OSError as error:
                raise CalendarFileError(f"Le fichier n'a pas pu être écrit : {error.strerror}.") from None
            return len(items)

        self._runner.run(
            work, lambda count: self.changed.emit(f"{count} rendez-vous exportés dans {path}."), self._failed
        )

    def import_ics(self) -> None:
        """Outside commitments from an .ics file become busy time in my agenda (all or nothing)."""
        if self.professional is None:
            return
        path = self.ask_open_path()
        if not path:
            return
        professional_id = self.professional.id

        def work() -> int:
            from accomp_desktop.services.calendar_files import (  # icalendar: ~70 ms
                CalendarFileError,
                import_ics,
            )

            try:
                data = Path(path).read_bytes()
            except OSError as error:
                raise CalendarFileError(f"Le fichier n'a pas pu être lu : {os_reason(error)}.") from None
            calendar = import_ics(data, file_name=Path(path).name, today=date.today())
            return self._service.replace_busy(
                professional_id, calendar.periods, author_id=professional_id, source=calendar.source
            )

        self._runner.run(
            work, lambda count: self._saved(f"{count} engagements extérieurs importés."), self._failed
        )

    # --- the common slot ----------------------------------------------------------------------------

    def find_slot(self) -> None:
        """Next free periods of both professionals of my binôme (or mine alone when I have no partner)."""
        if self.professional is None:
            return
        people = [p for p in (self.professional, self.partner) if p is not None]
        ids = [p.id for p in people]
        who = " et ".join(p.display_name for p in people)
        dialog = SlotDialog(lambda minutes: self._search_slots(ids, minutes), who, self)
        dialog.chosen.connect(
            lambda start, minutes: self._open_dialog(
                start=start, minutes=minutes, participant_ids=tuple(ids), joint=len(ids) > 1
            )
        )
        self.slot_dialog = dialog
        dialog.open()
        self._search_slots(ids, dialog.minutes())

    def _search_slots(self, ids: list[str], minutes: int) -> None:
        after, viewer = datetime.now(), self.professional.id if self.professional else ""
        self._runner.run(
            lambda: self._service.common_slots(
                ids, after=after, duration_minutes=minutes, viewer_id=viewer, count=8
            ),
            self._show_slots,
            self._failed,
        )

    def _show_slots(self, slots: list[Period]) -> None:
        if self.slot_dialog is not None:
            self.slot_dialog.show_slots(slots)

    # --- creating, opening, moving ------------------------------------------------------------------

    def _open_dialog(
        self,
        item: AgendaItem | None = None,
        start: datetime | None = None,
        minutes: int = 60,
        participant_ids: tuple[str, ...] = (),
        joint: bool = False,
    ) -> None:
        if self.professional is None:
            return
        professional = self.professional
        people = [p for p in (professional, self.partner) if p is not None]

        def opened(dossiers: list[tuple[str, str]]) -> None:
            dialog = AppointmentDialog(
                self._service,
                self._runner,
                author_id=professional.id,
                people=people,
                dossiers=dossiers,
                item=item,
                start=start,
                minutes=minutes,
                participant_ids=participant_ids,
                parent=self,
            )
            if joint:
                dialog.type.setCurrentIndex(dialog.type.findData(AppointmentType.TRIPARTITE.value))
            dialog.succeeded.connect(lambda _item: self._saved("Rendez-vous enregistré."))
            self.dialog = dialog
            dialog.open()

        self._runner.run(lambda: self._service.dossier_choices(professional.id), opened, self._failed)

    def new_appointment(
        self, start: datetime | None = None, minutes: int = 60, professional_id: str = ""
    ) -> None:
        if start is None:
            now = datetime.now()
            start = datetime.combine(self.day, time(max(9, min(now.hour + 1, 16))))
        self._open_dialog(
            start=start, minutes=minutes, participant_ids=(professional_id,) if professional_id else ()
        )

    def open_appointment(self, appointment_id: str) -> None:
        item = self._item(appointment_id)
        if item is not None:
            self._open_dialog(item=item)

    def move_appointment(self, appointment_id: str, start: datetime, minutes: int) -> None:
        if self.professional is None:
            return
        author = self.professional.id

        def refused(error: UserError) -> None:
            self.changed.emit(f"Rendez-vous non déplacé : {error}")
            self.reload()

        self._runner.run(
            lambda: self._service.move(
                appointment_id, start=start, duration_minutes=minutes, author_id=author
            ),
            lambda _item: self._saved("Rendez-vous déplacé."),
            refused,
        )
