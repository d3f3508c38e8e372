"""The lazy table model of the case list: it holds the ordered dossier ids, and fetches rows as they show.

Like Anki's browser model: a search or a sort asks the service for ids only (fast even at 100,000
dossiers); the displayed values of a screenful are fetched in one query on the worker thread, then the
view is told which rows changed. Until then a cell shows "…". Results of an outdated search are dropped.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor

from accomp_desktop.domain.caselist import Alert, CaseQuery, CaseRow, Column
from accomp_desktop.services.caselist import CaseListService
from accomp_desktop.ui.tasks import Runner

ModelIndex = QModelIndex | QPersistentModelIndex

DISPLAY = int(Qt.ItemDataRole.DisplayRole)  # cached: comparing PySide enums in data() is slow (qt-notes)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ID_ROLE = int(Qt.ItemDataRole.UserRole)
_GREY = QColor("#6b6b6b")  # still 5.3:1 on white: readable, and visibly apart
ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
OTHER_BINOME = (
    "Dossier d'un autre binôme : seuls son identité, sa référence, son binôme et son statut sont visibles."
)
BLOCK = 50
CACHE_LIMIT = 5000
PENDING = "…"

ALERT_BADGES = {
    Alert.END_SOON: "◷ fin < 30 j",
    Alert.NO_CONTACT: "✉ sans contact",
    Alert.OVERDUE: "⚠ retard",
    Alert.NO_DIAGNOSTIC: "◔ diagnostic",
    Alert.RETENTION: "⌫ à anonymiser",
}

# (sort column or None when the column cannot be sorted on, header)
COLUMNS: tuple[tuple[Column | None, str], ...] = (
    (Column.NAME, "Nom"),
    (Column.FRANCE_TRAVAIL_ID, "Identifiant FT"),
    (Column.STATUS, "Statut"),
    (Column.BINOME, "Binôme"),
    (Column.ENTRY, "Entrée"),
    (Column.END, "Fin prévue"),
    (Column.NEXT_APPOINTMENT, "Prochain RDV"),
    (Column.OVERDUE, "Actions en retard"),
    (Column.LAST_CONTACT, "Dernier contact"),
    (None, "Alertes"),
)


def _date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def cell_text(row: CaseRow, column: int) -> str:
    kind = COLUMNS[column][0]
    if kind is Column.NAME:
        return f"● {row.display_name}" if row.partner_news else row.display_name
    if kind is Column.FRANCE_TRAVAIL_ID:
        return row.france_travail_id or "—"
    if kind is Column.STATUS:
        return row.status.label
    if kind is Column.BINOME:
        return row.binome_name
    if kind is Column.ENTRY:
        return _date(row.entry_date)
    if kind is Column.END:
        if row.months_elapsed is None:
            return _date(row.planned_end)
        elapsed = row.months_elapsed
        return f"{_date(row.planned_end)} ({elapsed} mois écoulé{'s' if elapsed > 1 else ''})"
    if kind is Column.NEXT_APPOINTMENT:
        return row.next_appointment.strftime("%d/%m/%Y %H:%M") if row.next_appointment else "—"
    if kind is Column.OVERDUE:
        return str(row.overdue_actions) if row.overdue_actions else ""
    if kind is Column.LAST_CONTACT:
        return _date(row.last_contact)
    return "  ".join(ALERT_BADGES[a] for a in Alert if a in row.alerts)


PARTNER_NEWS = "● Modifié sur le poste de votre binôme depuis votre dernière ouverture du dossier"


class CaseTableModel(QAbstractTableModel):
    ids_loaded = Signal(int)  # how many dossiers match

    def __init__(self, service: CaseListService, runner: Runner, query: CaseQuery) -> None:
        super().__init__()
        self._service = service
        self._runner = runner
        self.query = query
        self._ids: list[str] = []
        self._rows: dict[str, CaseRow] = {}
        self._stale: set[str] = set()  # rows shown as they were until they are read again (a refresh)
        self._wanted: set[int] = set()
        self._generation = 0
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setSingleShot(True)
        self._fetch_timer.setInterval(0)
        self._fetch_timer.timeout.connect(self._fetch_wanted)

    # --- loading -----------------------------------------------------------------------------------------

    def set_query(self, query: CaseQuery) -> None:
        """Run a new search / filter / sort; the model resets when the ids arrive."""
        self.query = query
        self._generation += 1
        generation = self._generation
        self._runner.run(lambda: self._service.ids(query), lambda ids: self._ids_arrived(generation, ids))

    def reload(self) -> None:
        self.set_query(self.query)

    def _ids_arrived(self, generation: int, ids: list[str]) -> None:
        if generation != self._generation:
            return  # a newer search was typed meanwhile
        if ids == self._ids and ids:
            # The same dossiers in the same order (a refresh after a change): no reset, so the selection and
            # the scroll position stay; the rows keep showing until their new values arrive.
            self._stale = set(self._rows)
            self.dataChanged.emit(self.index(0, 0), self.index(len(ids) - 1, len(COLUMNS) - 1))
            self.ids_loaded.emit(len(ids))
            return
        self.beginResetModel()
        self._stale.clear()
        self._ids = ids
        self._rows.clear()
        self._wanted.clear()
        self.endResetModel()
        self.ids_loaded.emit(len(ids))

    def _want(self, row: int) -> None:
        self._wanted.add(row)
        if not self._fetch_timer.isActive():
            self._fetch_timer.start()

    def _fetch_wanted(self) -> None:
        if not self._wanted:
            return
        first = max(min(self._wanted) - BLOCK // 4, 0)
        last = min(max(max(self._wanted), first + BLOCK), len(self._ids))
        self._wanted.clear()
        ids = [i for i in self._ids[first:last] if i not in self._rows or i in self._stale]
        generation, today, viewer = self._generation, self.query.today, self.query.professional_id
        self._runner.run(
            lambda: self._service.rows(ids, today=today, viewer_id=viewer),
            lambda rows: self._rows_arrived(generation, first, last, rows),
        )

    def _rows_arrived(self, generation: int, first: int, last: int, rows: dict[str, CaseRow]) -> None:
        if generation != self._generation or not rows:
            return
        if len(self._rows) > CACHE_LIMIT:
            self._rows.clear()  # cheap bound on memory; rows on screen are fetched again at once
        self._rows.update(rows)
        self._stale.difference_update(rows)
        self.dataChanged.emit(self.index(first, 0), self.index(last - 1, len(COLUMNS) - 1))

    # --- Qt model --------------------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if orientation == Qt.Orientation.Horizontal and int(role) == DISPLAY and 0 <= section < len(COLUMNS):
            return COLUMNS[section][1]
        return None

    def data(self, index: ModelIndex, role: int = DISPLAY) -> object:
        if not index.isValid():
            return None
        role = int(role)
        dossier_id = self._ids[index.row()]
        if role == ID_ROLE:
            return dossier_id
        if role not in (DISPLAY, TOOLTIP, ACCESSIBLE, FOREGROUND):
            return None
        row = self._rows.get(dossier_id)
        if (row is None or dossier_id in self._stale) and role != FOREGROUND:
            self._want(index.row())
        if row is None:
            return PENDING if role == DISPLAY else None
        if role == FOREGROUND:  # another binôme's dossier reads as such: greyed, and said in the tooltip
            return None if row.in_scope else _GREY
        if role == TOOLTIP:
            if not row.in_scope:
                return OTHER_BINOME
            if COLUMNS[index.column()][0] is None and row.alerts:
                return "\n".join(a.label for a in Alert if a in row.alerts)
            if COLUMNS[index.column()][0] is Column.NAME and row.partner_news:
                return PARTNER_NEWS
            return None
        return cell_text(row, index.column())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.choose_sort(column, order):
            self.reload()

    def choose_sort(self, column: int, order: Qt.SortOrder) -> bool:
        """Set the order of the next search without running one; False for a column that cannot sort."""
        kind = COLUMNS[column][0] if 0 <= column < len(COLUMNS) else None
        if kind is None:
            return False
        self.query = replace(self.query, sort=kind, descending=order == Qt.SortOrder.DescendingOrder)
        return True

    def dossier_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, dossier_id: str) -> int | None:
        try:
            return self._ids.index(dossier_id)
        except ValueError:
            return None
