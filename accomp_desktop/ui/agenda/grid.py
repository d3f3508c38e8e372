"""The day/week grid of the agenda, painted in one widget: days across (one lane per professional when two
agendas are shown side by side), time down, appointments as blocks.

With the mouse: drag on free time to create an appointment there, drag a block to move it, drag its lower edge
to change its length, double-click to open it, right-click for attendance and cancellation. The grid only says
what the user asked for (signals); the page saves, then gives the grid the agenda as stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QStaticText,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from accomp_desktop.domain.enums import AppointmentType, Attendance
from accomp_desktop.domain.model import AgendaItem, BusyPeriod
from accomp_desktop.ui.agenda import accessible as agenda_accessible

DAY_START, DAY_END = time(8, 0), time(18, 30)
PIXELS_PER_MINUTE = 1.1
GUTTER = 52
HEADER = 46
SNAP = 15
RESIZE_ZONE = 6
DAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")

# Light fills with dark text; the type is also written in the block (never colour alone).
TYPE_COLOURS = {
    AppointmentType.CONSEILLER_INTERVIEW: "#dbe9f7",
    AppointmentType.SOCIAL_INTERVIEW: "#e3f1df",
    AppointmentType.TRIPARTITE: "#efe0f5",
    AppointmentType.HOME_VISIT: "#fbe6d4",
    AppointmentType.WORKSHOP: "#fdf3c8",
    AppointmentType.ACCOMPANIED_STEP: "#dff3f1",
}
SHORT_TYPES = {
    AppointmentType.CONSEILLER_INTERVIEW: "Entretien conseiller",
    AppointmentType.SOCIAL_INTERVIEW: "Entretien TS",
    AppointmentType.TRIPARTITE: "Tripartite",
    AppointmentType.HOME_VISIT: "Visite à domicile",
    AppointmentType.WORKSHOP: "Atelier",
    AppointmentType.ACCOMPANIED_STEP: "Démarche accompagnée",
}
TEXT_CACHE_LIMIT = 4000  # laid-out block lines kept between paints (a busy week has ~700)
ATTENDANCE_MARKS = {
    Attendance.HONOURED: "✓ ",
    Attendance.EXCUSED: "◌ ",
    Attendance.ABSENT: "✗ ",
    Attendance.CANCELLED: "Annulé · ",
    Attendance.PLANNED: "",
}


@dataclass(frozen=True, slots=True)
class Lane:
    day: date
    professional_id: str
    title: str  # the professional's first name when two agendas are side by side


@dataclass
class _Drag:
    kind: str  # "create", "move", "resize"
    origin: QPoint
    item: AgendaItem | None = None
    current: QPoint | None = None


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def block_lines(item: AgendaItem) -> list[str]:
    """What a block says, line by line: attendance, time and type; the person; the place."""
    lines = [f"{ATTENDANCE_MARKS[item.attendance]}{item.start:%H:%M} {SHORT_TYPES[item.type]}"]
    return lines + [part for part in (item.person, item.place) if part]


class AgendaGrid(QWidget):
    create_requested = Signal(object, int, str)  # start datetime, minutes, professional id
    move_requested = Signal(str, object, int)  # appointment id, new start, minutes
    open_requested = Signal(str)  # appointment id
    menu_requested = Signal(str, QPoint)  # appointment id, global position
    selection_changed = Signal(str)  # appointment id, "" when none

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lanes: list[Lane] = []
        self.items: list[AgendaItem] = []
        self.busy: list[BusyPeriod] = []
        self.holidays: dict[date, str] = {}
        self.today = date.today()
        self.selected_id = ""
        self._drag: _Drag | None = None
        self._blocks: tuple[int, list[tuple[QRectF, AgendaItem]]] | None = (
            None  # (width, blocks) until a change
        )
        self._lines: dict[
            str, list[str]
        ] = {}  # each shown appointment's block_lines, until the agenda changes
        self._texts: dict[tuple[str, int], QStaticText] = {}
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Grille de l'agenda")
        self.setAccessibleDescription(
            "Flèches : rendez-vous précédent ou suivant ; Entrée : ouvrir ; touche Menu "
            "ou Maj+F10 : présence, convocation, annulation."
        )
        agenda_accessible.install()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def show_agenda(
        self, lanes: list[Lane], items: list[AgendaItem], busy: list[BusyPeriod], holidays: dict[date, str]
    ) -> None:
        self.lanes, self.items, self.busy, self.holidays = lanes, items, busy, holidays
        self._blocks = None
        self._lines = {item.id: block_lines(item) for item in items}
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(900, HEADER + round((_minutes(DAY_END) - _minutes(DAY_START)) * PIXELS_PER_MINUTE) + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(400, self.sizeHint().height())

    # --- geometry -----------------------------------------------------------------------------------

    def lane_width(self) -> float:
        return (self.width() - GUTTER) / max(len(self.lanes), 1)

    def y_of(self, moment: time) -> float:
        return HEADER + (_minutes(moment) - _minutes(DAY_START)) * PIXELS_PER_MINUTE

    def rect_of(self, lane_index: int, start: datetime, end: datetime) -> QRectF:
        left = GUTTER + lane_index * self.lane_width()
        top = self.y_of(start.time())
        bottom = self.y_of(end.time()) if end.date() == start.date() else self.y_of(DAY_END)
        return QRectF(left + 2, top, self.lane_width() - 4, max(bottom - top, 12))

    def at(self, point: QPoint) -> tuple[int, datetime] | None:
        """The lane and the time (snapped to the quarter hour) under a point of the grid."""
        if point.x() < GUTTER or point.y() < HEADER or not self.lanes:
            return None
        lane = min(int((point.x() - GUTTER) / self.lane_width()), len(self.lanes) - 1)
        minutes = _minutes(DAY_START) + (point.y() - HEADER) / PIXELS_PER_MINUTE
        minutes = max(_minutes(DAY_START), min(_minutes(DAY_END) - SNAP, round(minutes / SNAP) * SNAP))
        return lane, datetime.combine(self.lanes[lane].day, time(int(minutes // 60), int(minutes % 60)))

    def blocks(self) -> list[tuple[QRectF, AgendaItem]]:
        """Each appointment's rectangle; overlapping ones share their lane side by side. Kept until the agenda
        or the width changes: every mouse move over the grid asks for them."""
        if self._blocks is None or self._blocks[0] != self.width():
            self._blocks = (self.width(), self._place_blocks())
        return self._blocks[1]

    def _place_blocks(self) -> list[tuple[QRectF, AgendaItem]]:
        found = []
        for index, lane in enumerate(self.lanes):
            items = sorted(
                (
                    i
                    for i in self.items
                    if i.start.date() == lane.day and lane.professional_id in i.participant_ids
                ),
                key=lambda i: (i.start, -i.duration_minutes),
            )
            cluster: list[tuple[AgendaItem, int]] = []
            cluster_end = datetime.min
            for item in [*items, None]:
                if item is None or item.start >= cluster_end:
                    columns = max((column for _, column in cluster), default=0) + 1
                    for placed, column in cluster:
                        rect = self.rect_of(index, placed.start, placed.end)
                        width = rect.width() / columns
                        found.append(
                            (
                                QRectF(rect.left() + column * width, rect.top(), width - 1, rect.height()),
                                placed,
                            )
                        )
                    cluster, cluster_end = [], datetime.min
                if item is None:
                    break
                taken = {column for placed, column in cluster if placed.end > item.start}
                cluster.append((item, next(c for c in range(len(cluster) + 1) if c not in taken)))
                cluster_end = max(cluster_end, item.end)
        return found

    def keyboard_order(self) -> list[tuple[QRectF, AgendaItem]]:
        """Each appointment once (a joint one shows in both lanes), by time then lane: the order of the arrow
        keys, and of the items screen readers see."""
        seen: set[str] = set()
        order = []
        for rect, item in sorted(self.blocks(), key=lambda block: (block[1].start, block[0].left())):
            if item.id not in seen:
                seen.add(item.id)
                order.append((rect, item))
        return order

    def block_at(self, point: QPoint) -> tuple[QRectF, AgendaItem] | None:
        for rect, item in reversed(self.blocks()):
            if rect.contains(point.toPointF()):
                return rect, item
        return None

    # --- painting -----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        width = self.lane_width()
        grid_pen, hour_pen = QPen(QColor("#ececec")), QPen(QColor("#c9c9c9"))
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1, 7))
        # Days: holidays and weekends shaded, today marked.
        for index, lane in enumerate(self.lanes):
            left = GUTTER + index * width
            column = QRectF(left, HEADER, width, self.height() - HEADER)
            if lane.day in self.holidays or lane.day.weekday() >= 5:
                painter.fillRect(column, QColor("#f3f3f3"))
            header = QRectF(left, 0, width, HEADER)
            if lane.day == self.today:
                painter.fillRect(header, QColor("#e7f0fb"))
            painter.setPen(QColor("#1a1a1a"))
            title = f"{DAYS[lane.day.weekday()]} {lane.day.day:02d}/{lane.day.month:02d}"
            painter.drawText(header.adjusted(4, 2, -4, -HEADER // 2), Qt.AlignmentFlag.AlignLeft, title)
            second = " · ".join(
                part
                for part in (
                    lane.title,
                    f"Férié : {self.holidays[lane.day]}" if lane.day in self.holidays else "",
                )
                if part
            )
            if second:
                painter.setFont(small)
                painter.drawText(header.adjusted(4, HEADER // 2, -4, 0), Qt.AlignmentFlag.AlignLeft, second)
                painter.setFont(self.font())
            painter.setPen(hour_pen)
            painter.drawLine(round(left), 0, round(left), self.height())
        # Hours down the left.
        for minutes in range(_minutes(DAY_START), _minutes(DAY_END) + 1, 30):
            y = round(self.y_of(time(minutes // 60, minutes % 60)))
            painter.setPen(hour_pen if minutes % 60 == 0 else grid_pen)
            painter.drawLine(GUTTER, y, self.width(), y)
            if minutes % 60 == 0:
                painter.setPen(QColor("#555555"))
                painter.drawText(
                    QRect(0, y - 8, GUTTER - 6, 16), Qt.AlignmentFlag.AlignRight, f"{minutes // 60} h"
                )
        # Outside commitments: hatched, titled "Occupé".
        for index, lane in enumerate(self.lanes):
            for busy in self.busy:
                if (
                    busy.professional_id == lane.professional_id
                    and busy.start.date() <= lane.day <= busy.end.date()
                ):
                    start = max(busy.start, datetime.combine(lane.day, DAY_START))
                    end = min(busy.end, datetime.combine(lane.day, DAY_END))
                    if end > start:
                        rect = self.rect_of(index, start, end)
                        painter.fillRect(rect, QColor(0, 0, 0, 18))
                        painter.fillRect(rect, Qt.BrushStyle.BDiagPattern)
                        painter.setPen(QColor("#444444"))
                        painter.drawText(
                            rect.adjusted(4, 2, -4, -2), Qt.TextFlag.TextWordWrap, f"Occupé : {busy.summary}"
                        )
        # Appointments: as many of their lines as the block's height allows, each cut short with "…" to its
        # width (the whole text is in the tooltip). The lines are laid out once and kept: laying out text is
        # most of the cost of painting a busy week.
        painter.setFont(small)
        spacing = QFontMetrics(small).lineSpacing()
        fills = {kind: QColor(colour) for kind, colour in TYPE_COLOURS.items()}
        cancelled_fill, text_pen, cancelled_pen = (
            QColor("#f4f4f4"),
            QPen(QColor("#1a1a1a")),
            QPen(QColor("#6b6b6b")),
        )
        # The selected block: a thicker border while the grid has the keyboard focus, so it can be followed.
        border, selected_border = (
            QPen(QColor("#8a8a8a"), 1),
            QPen(QColor("#1f4e8c"), 3 if self.hasFocus() else 2),
        )
        for rect, item in self.blocks():
            cancelled = item.attendance is Attendance.CANCELLED
            painter.setBrush(cancelled_fill if cancelled else fills[item.type])
            painter.setPen(selected_border if item.id == self.selected_id else border)
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(cancelled_pen if cancelled else text_pen)
            inner = rect.adjusted(4, 1, -3, -1)
            room = max(1, int(inner.height() // spacing))
            for number, line in enumerate(self._lines[item.id][:room]):
                painter.drawStaticText(
                    QPointF(inner.left(), inner.top() + number * spacing),
                    self._laid_out(line, int(inner.width()), small),
                )
        painter.setFont(self.font())
        # What is being dragged.
        if self._drag is not None and self._drag.current is not None:
            preview = self._preview()
            if preview is not None:
                lane_index, start, minutes = preview
                painter.setBrush(QColor(31, 78, 140, 40))
                painter.setPen(QPen(QColor("#1f4e8c"), 1, Qt.PenStyle.DashLine))
                painter.drawRoundedRect(
                    self.rect_of(lane_index, start, start + timedelta(minutes=minutes)), 4, 4
                )
        painter.end()

    def _laid_out(self, line: str, width: int, font: QFont) -> QStaticText:
        key = (line, width)
        laid_out = self._texts.get(key)
        if laid_out is None:
            if len(self._texts) > TEXT_CACHE_LIMIT:
                self._texts.clear()
            laid_out = QStaticText(QFontMetrics(font).elidedText(line, Qt.TextElideMode.ElideRight, width))
            laid_out.setTextFormat(Qt.TextFormat.PlainText)
            self._texts[key] = laid_out
        return laid_out

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._texts.clear()
        super().changeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.block_at(event.pos())
            if hit is None:
                QToolTip.hideText()
            else:
                item = hit[1]
                lines = [
                    f"{item.start:%H:%M}–{item.end:%H:%M} {item.type.label}",
                    item.person,
                    item.place,
                    item.attendance.label if item.attendance is not Attendance.PLANNED else "",
                ]
                QToolTip.showText(event.globalPos(), "\n".join(line for line in lines if line), self)
            return True
        return super().event(event)

    # --- mouse --------------------------------------------------------------------------------------

    def _preview(self) -> tuple[int, datetime, int] | None:
        """Where the current drag would put an appointment: lane, start, minutes."""
        drag = self._drag
        if drag is None or drag.current is None:
            return None
        here, origin = self.at(drag.current), self.at(drag.origin)
        if here is None or origin is None:
            return None
        if drag.kind == "create":
            start, end = sorted((origin[1], here[1]))
            return origin[0], start, max(int((end - start).total_seconds() // 60), SNAP)
        assert drag.item is not None
        if drag.kind == "resize":
            minutes = max(SNAP, int((here[1] - drag.item.start).total_seconds() // 60) + SNAP)
            return origin[0], drag.item.start, minutes
        shift = here[1] - origin[1]
        moved_day = self.lanes[here[0]].day
        start = datetime.combine(moved_day, (drag.item.start + shift).time())
        return here[0], start, drag.item.duration_minutes

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        hit = self.block_at(point)
        self.select(hit[1].id if hit is not None else "")
        if event.button() == Qt.MouseButton.RightButton and hit is not None:
            self.menu_requested.emit(hit[1].id, event.globalPosition().toPoint())
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if hit is not None:
            rect, item = hit
            near_bottom = rect.bottom() - point.y() <= RESIZE_ZONE
            self._drag = _Drag("resize" if near_bottom else "move", point, item)
        elif self.at(point) is not None:
            self._drag = _Drag("create", point)
        self.update()

    def select(self, appointment_id: str) -> None:
        if appointment_id != self.selected_id:
            self.selected_id = appointment_id
            self.selection_changed.emit(appointment_id)
            self.update()
            ids = [item.id for _, item in self.keyboard_order()]
            if appointment_id in ids:
                agenda_accessible.announce_selection(self, ids.index(appointment_id))

    # --- keyboard -----------------------------------------------------------------------------------

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()  # the focus border goes

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Arriving by Tab selects an appointment (the next one to come, else the first), so the strip's
        buttons and the keys work at once."""
        super().focusInEvent(event)
        self.update()
        order = self.keyboard_order()
        if order and self.selected_id not in {item.id for _, item in order}:
            now = datetime.now()
            self.select(next((item.id for _, item in order if item.end >= now), order[0][1].id))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        order = self.keyboard_order()
        ids = [item.id for _, item in order]
        current = ids.index(self.selected_id) if self.selected_id in ids else -1
        key = Qt.Key(event.key())
        steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1}
        if key in steps and ids:
            self.select(ids[max(0, min(len(ids) - 1, current + steps[key]))] if current >= 0 else ids[0])
        elif key == Qt.Key.Key_Home and ids:
            self.select(ids[0])
        elif key == Qt.Key.Key_End and ids:
            self.select(ids[-1])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current >= 0:
            self.open_requested.emit(ids[current])
        elif (
            key == Qt.Key.Key_Menu
            or (key == Qt.Key.Key_F10 and event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        ) and current >= 0:
            self.menu_requested.emit(ids[current], self.mapToGlobal(order[current][0].center().toPoint()))
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        if self._drag is not None:
            self._drag.current = point
            self.update()
            return
        hit = self.block_at(point)
        resizable = hit is not None and hit[0].bottom() - point.y() <= RESIZE_ZONE
        self.setCursor(Qt.CursorShape.SizeVerCursor if resizable else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None:
            return
        drag.current = event.position().toPoint()
        self._drag = drag
        preview = self._preview()
        self._drag = None
        self.update()
        if preview is None:
            return
        lane, start, minutes = preview
        moved = (drag.current - drag.origin).manhattanLength() >= 4
        if drag.kind == "create":
            self.create_requested.emit(start, minutes if moved else 60, self.lanes[lane].professional_id)
        elif (
            moved
            and drag.item is not None
            and (start, minutes) != (drag.item.start, drag.item.duration_minutes)
        ):
            self.move_requested.emit(drag.item.id, start, minutes)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self.block_at(event.position().toPoint())
        if hit is not None:
            self._drag = None
            self.open_requested.emit(hit[1].id)
