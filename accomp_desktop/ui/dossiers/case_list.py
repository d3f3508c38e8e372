"""The case list view: search as you type, filters, alerts, and the lazy table of dossiers.

Typing waits for a short pause before searching (every search runs off the UI thread), so fast typing
never queues stale work. Ctrl+F puts the cursor in the search field; Escape clears it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QByteArray, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain.caselist import Alert, CaseQuery, Scope
from accomp_desktop.domain.enums import DossierStatus
from accomp_desktop.services.caselist import CaseListService
from accomp_desktop.services.directory import BinomeTeam
from accomp_desktop.ui.dossiers.case_table_model import ID_ROLE, CaseTableModel
from accomp_desktop.ui.tasks import Runner
from accomp_desktop.ui.widgets.fields import label_for
from accomp_desktop.ui.widgets.forms import combo

SEARCH_PAUSE_MS = 150


class CaseListView(QWidget):
    open_requested = Signal(str)  # dossier id

    def __init__(self, service: CaseListService, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseTableModel(service, runner, CaseQuery(professional_id="", today=date.today()))

        self.search = QLineEdit()
        self.search.setPlaceholderText("Nom, identifiant, référence… (Ctrl+F)")
        self.search.setAccessibleName("Recherche de dossiers")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(320)
        self.scope = combo("Périmètre", [(s.label, s.value) for s in Scope])
        self.status = combo(
            "Statut", [("Tous les statuts", None), *[(s.label, s.value) for s in DossierStatus]]
        )
        self.alert = combo("Alerte", [("Toutes les alertes", None), *[(a.label, a.value) for a in Alert]])
        self.rsa = combo("RSA", [("Tous", None), ("Allocataires du RSA", True), ("Sans RSA", False)])
        self.binome = combo("Binôme", [("Tous les binômes", None)])
        self.territory = combo("Territoire", [("Tous les territoires", None)])
        self.count = QLabel()
        self.count.setAccessibleName("Nombre de dossiers")

        self.table = QTableView()
        self.table.setAccessibleName("Liste des dossiers")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, the arrows move inside it
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((200, 110, 120, 150, 95, 235, 130, 120, 110)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(lambda index: self.open_requested.emit(index.data(ID_ROLE)))

        self.alert.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.alert.setMinimumContentsLength(18)
        # Two rows: the search and the everyday choices first, the narrowing filters under them.
        # Each list has its visible label: screen readers name a list from it (its own name is its value).
        filters = QHBoxLayout()
        filters.addWidget(self.search, stretch=1)
        for text, box in (("Dossiers", self.scope), ("Statut", self.status)):
            filters.addWidget(label_for(text, box))
            filters.addWidget(box)
        narrowing = QHBoxLayout()
        for text, box in (
            ("Alerte", self.alert),
            ("RSA", self.rsa),
            ("Binôme", self.binome),
            ("Territoire", self.territory),
        ):
            narrowing.addWidget(label_for(text, box))
            narrowing.addWidget(box)
        narrowing.addStretch(1)
        narrowing.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(narrowing)
        layout.addWidget(self.table, stretch=1)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._pause.start())
        for box in self._filters():
            box.currentIndexChanged.connect(lambda _index: self.refresh())
        self.model.ids_loaded.connect(self._show_count)
        self._keep: tuple[str | None, str | None] | None = None  # (selected, first visible) across a refresh
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.focus_search)
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear.activated.connect(self.search.clear)

    def _filters(self) -> tuple[QComboBox, ...]:
        return (self.scope, self.status, self.alert, self.rsa, self.binome, self.territory)

    def set_teams(self, teams: list[BinomeTeam]) -> None:
        """Offer every binôme and territory as a filter, keeping the current choices when they still exist."""
        binomes = sorted((t.binome.name, t.binome.id) for t in teams)
        territories = sorted({t.binome.territory for t in teams})
        for box, items in ((self.binome, binomes), (self.territory, [(t, t) for t in territories])):
            current = box.currentData()
            with QSignalBlocker(box):
                while box.count() > 1:
                    box.removeItem(1)
                for text, value in items:
                    box.addItem(text, value)
                box.setCurrentIndex(0 if current is None else max(box.findData(current), 0))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def show_for(self, professional_id: str) -> None:
        self.model.query = replace(self.model.query, professional_id=professional_id)
        self.refresh()

    def refresh(self) -> None:
        status, alert = self.status.currentData(), self.alert.currentData()
        query = replace(
            self.model.query,
            today=date.today(),
            text=self.search.text(),
            scope=Scope(self.scope.currentData()),
            status=DossierStatus(status) if status else None,
            alert=Alert(alert) if alert else None,
            rsa=self.rsa.currentData(),
            binome_id=self.binome.currentData(),
            territory=self.territory.currentData(),
        )
        self.model.set_query(query)

    def refresh_in_place(self) -> None:
        """Read the list again after a change, the same dossier selected and the same one first on screen."""
        current, top = self.table.currentIndex(), self.table.indexAt(self.table.viewport().rect().topLeft())
        self._keep = (
            current.data(ID_ROLE) if current.isValid() else None,
            top.data(ID_ROLE) if top.isValid() else None,
        )
        self.refresh()

    def _show_count(self, count: int) -> None:
        self.count.setText(
            "Aucun dossier ne correspond." if count == 0 else f"{count} dossier{'s' if count > 1 else ''}"
        )
        if self._keep is None:
            return
        (selected, top), self._keep = self._keep, None
        across = self.table.horizontalScrollBar().value()  # the columns scrolled to stay where they are
        top_row = self.model.row_of(top) if top else None
        if top_row is not None:
            self.table.scrollTo(self.model.index(top_row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        selected_row = self.model.row_of(selected) if selected else None
        if selected_row is not None and selected_row != self.table.currentIndex().row():
            self.table.selectRow(selected_row)
        self.table.horizontalScrollBar().setValue(across)

    def header_state(self) -> bytes:
        return bytes(self.table.horizontalHeader().saveState().data())

    def restore_header_state(self, state: bytes) -> None:
        """Column widths, order and sort as the user left them; the next search uses that sort.

        Called at start, before the professional is known: no search is run here, ``show_for`` runs it.
        """
        header = self.table.horizontalHeader()
        with QSignalBlocker(header):  # its sort-indicator signal would make the view search at once
            restored = header.restoreState(QByteArray(state))
        if restored:
            self.model.choose_sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
            self.table.updateGeometries()
