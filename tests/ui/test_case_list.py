"""The case list through its real widgets: typing filters, filters combine, the model is a proper Qt model."""

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from accomp_desktop.domain.caselist import Scope
from accomp_desktop.domain.enums import DossierStatus, Role
from accomp_desktop.services.caselist import CaseListService
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.storage.session import Store
from accomp_desktop.ui.dossiers.case_list import CaseListView
from accomp_desktop.ui.dossiers.case_table_model import PENDING
from accomp_desktop.ui.tasks import ImmediateRunner
from tests.ui.keyboard import type_text


@pytest.fixture
def view(qtbot: QtBot, demo_store: Store) -> CaseListView:
    view = CaseListView(CaseListService(demo_store), ImmediateRunner(pytest.fail))
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    me = next(p for p in DirectoryService(demo_store).professionals() if p.role is Role.CONSEILLER)
    view.show_for(me.id)
    return view


def visible_names(qtbot: QtBot, view: CaseListView) -> list[str]:
    model = view.model
    for row in range(model.rowCount()):
        model.index(row, 0).data()  # asks for the rows; they arrive on the next turn of the event loop
    qtbot.waitUntil(lambda: all(model.index(r, 0).data() != PENDING for r in range(model.rowCount())))
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_typing_an_accented_name_without_accents_finds_it(qtbot: QtBot, view: CaseListView) -> None:
    view.scope.setCurrentIndex(view.scope.findData(Scope.ALL.value))
    assert view.model.rowCount() == 250
    type_text(view.search, "lefevre")
    qtbot.waitUntil(lambda: 0 < view.model.rowCount() < 250)
    names = visible_names(qtbot, view)
    assert names and all(name.startswith("LEFÈVRE") for name in names)
    assert view.count.text() == f"{len(names)} dossier{'s' if len(names) > 1 else ''}"


@pytest.mark.parametrize("typed", ["n'diaye", "ndiaye", "N’Diaye"])
def test_apostrophes_do_not_matter(qtbot: QtBot, view: CaseListView, typed: str) -> None:
    view.scope.setCurrentIndex(view.scope.findData(Scope.ALL.value))
    type_text(view.search, typed)
    qtbot.waitUntil(lambda: 0 < view.model.rowCount() < 250)
    assert all(name.startswith("N'DIAYE") for name in visible_names(qtbot, view))


def test_no_match_says_so(qtbot: QtBot, view: CaseListView) -> None:
    type_text(view.search, "Xyzzyé")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    assert view.count.text() == "Aucun dossier ne correspond."
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    assert view.search.text() == ""


def test_status_filter_and_sort_by_header_click(qtbot: QtBot, view: CaseListView) -> None:
    view.status.setCurrentIndex(view.status.findData(DossierStatus.SORTIE.value))
    assert visible_names(qtbot, view)
    statuses = {view.model.index(r, 2).data() for r in range(view.model.rowCount())}
    assert statuses == {"Sorti"}
    view.status.setCurrentIndex(0)
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    names = visible_names(qtbot, view)
    assert names[0] > names[-1]


def test_ctrl_f_puts_the_cursor_in_the_search(qtbot: QtBot, view: CaseListView) -> None:
    view.activateWindow()
    qtbot.waitActive(view)
    view.table.setFocus()
    qtbot.keyClick(view.windowHandle(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()


def test_column_layout_and_sort_are_restored(qtbot: QtBot, view: CaseListView, demo_store: Store) -> None:
    view.table.setColumnWidth(1, 177)
    view.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    state = view.header_state()
    other = CaseListView(CaseListService(demo_store), ImmediateRunner(pytest.fail))
    qtbot.addWidget(other)
    other.restore_header_state(state)
    assert other.table.columnWidth(1) == 177
    assert other.model.query.sort.value == "binome" and other.model.query.descending


def test_model_passes_qt_model_checks(qtbot: QtBot, view: CaseListView, qtmodeltester: ModelTester) -> None:
    visible_names(qtbot, view)
    qtmodeltester.check(view.model, force_py=True)


def test_binome_and_territory_filters(qtbot: QtBot, view: CaseListView, demo_store: Store) -> None:
    view.scope.setCurrentIndex(view.scope.findData(Scope.ALL.value))
    view.set_teams(DirectoryService(demo_store).teams())
    assert (
        view.binome.count() == 4 and view.territory.count() == 4
    )  # "all" + the 3 demo binômes and territories
    view.binome.setCurrentIndex(1)
    qtbot.waitUntil(lambda: 0 < view.model.rowCount() < 250)
    visible_names(qtbot, view)
    assert {view.model.index(r, 3).data() for r in range(view.model.rowCount())} == {
        view.binome.currentText()
    }
    in_binome = view.model.rowCount()
    view.binome.setCurrentIndex(0)
    view.territory.setCurrentIndex(view.territory.findText(view.territory.itemText(1)))
    qtbot.waitUntil(lambda: 0 < view.model.rowCount() < 250)
    view.set_teams(DirectoryService(demo_store).teams())  # a refresh of the teams keeps the choice
    assert view.territory.currentIndex() == 1
    assert in_binome > 0
