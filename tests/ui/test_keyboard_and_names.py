"""Everything by keyboard, and every control named for screen readers.

A walk through each place with the keyboard alone (the agenda's appointments included: attendance, opening,
the list view), and a census of the controls a screen reader could not name: a field without an accessible
name, or a drop-down list without a visible label pointing to it (on Linux a list's own name is its value).
"""

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from accomp_desktop.domain.enums import AppointmentMode, AppointmentType, Attendance, CarrierKind, Route, Side
from accomp_desktop.domain.model import Professional
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.services.agenda import AgendaService, AppointmentDraft
from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.services.plan import ActionDraft, PlanService
from accomp_desktop.storage.session import Store
from accomp_desktop.ui.agenda.appointment_dialog import AppointmentDialog
from accomp_desktop.ui.agenda.grid import AgendaGrid
from accomp_desktop.ui.main_window import MainWindow
from tests.conftest import TODAY
from tests.factories import seed
from tests.ui.windows import make_window

MONDAY = "23/11/2026"


@pytest.fixture
def world(
    qtbot: QtBot, store: Store, tmp_path: Path, referentiel: Referentiel
) -> tuple[MainWindow, Professional, str]:
    conseiller, social, binome = seed(store)
    dossier = (
        DossierService(store)
        .create(
            OrientationDraft(
                PersonDraft("Lefèvre", "Anne", "04/07/1985"),
                binome.id,
                conseiller.id,
                Route.GLOBAL,
                "02/11/2026",
                "Logement.",
                True,
            ),
            author_id=conseiller.id,
            today=TODAY,
        )
        .dossier.id
    )
    PlanService(store, referentiel).save_action(
        dossier, ActionDraft("Atelier CV", Side.SOCIAL, CarrierKind.PERSON), author_id=social.id, today=TODAY
    )
    agenda = AgendaService(store)
    for time, kind in (("09:00", AppointmentType.SOCIAL_INTERVIEW), ("14:00", AppointmentType.HOME_VISIT)):
        mode = AppointmentMode.AT_HOME if kind is AppointmentType.HOME_VISIT else AppointmentMode.PHONE
        agenda.save(
            AppointmentDraft(kind, mode, MONDAY, time, 60, (social.id,), dossier),
            author_id=social.id,
            today=TODAY,
        )
    coming = date.today() + timedelta(days=3)  # the list view shows the next 30 days from the real today
    agenda.save(
        AppointmentDraft(
            AppointmentType.TRIPARTITE,
            AppointmentMode.ON_SITE,
            coming.strftime("%d/%m/%Y"),
            "10:00",
            60,
            (conseiller.id, social.id),
            dossier,
            place="Agence",
            confirmed=frozenset({f"day@{coming.isoformat()}"}),
        ),
        author_id=social.id,
        today=TODAY,
    )
    window = make_window(qtbot, store, tmp_path)
    window.resize(1280, 800)
    window.set_professional(social)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window, social, dossier


def visible_controls(root: QWidget) -> Iterator[QWidget]:
    kinds = (QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QAbstractItemView, QAbstractSpinBox, AgendaGrid)
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QHeaderView):
            continue  # a table's column headers: named by their sections
        if (
            isinstance(widget, kinds)
            and widget.isVisibleTo(root)
            and not isinstance(widget.parent(), QComboBox)
        ):
            if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
                continue  # the edit line of an editable list: named by the list
            yield widget


def unnamed(root: QWidget) -> list[str]:
    """Controls a screen reader cannot name, described by class and by what they show."""
    missing = []
    labels = [
        label for label in root.findChildren(QLabel) if label.isVisibleTo(root) and label.text().strip()
    ]
    for widget in visible_controls(root):
        interface = QAccessible.queryAccessibleInterface(widget)
        name = widget.accessibleName() or (interface.text(QAccessible.Text.Name) if interface else "")
        if isinstance(widget, QComboBox):
            if not any(label.buddy() is widget for label in labels):
                missing.append(f"QComboBox « {widget.currentText()} » without a label")
        elif not name.strip():
            missing.append(f"{type(widget).__name__} « {getattr(widget, 'placeholderText', lambda: '')()} »")
    return missing


def test_every_control_of_every_place_has_a_name(
    qtbot: QtBot, world: tuple[MainWindow, Professional, str]
) -> None:
    window, _, dossier = world
    places = window.workspace
    found: dict[str, list[str]] = {}
    places.go_to(0)
    found["liste des dossiers"] = unnamed(window)
    places.dossiers.open_dossier(dossier)
    tabs = places.dossiers.page.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        found[f"dossier, onglet {tabs.tabText(index)}"] = unnamed(window)
    qtbot.mouseClick(places.dossiers.page.open_diagnostic, Qt.MouseButton.LeftButton)
    found["diagnostic"] = unnamed(window)
    places.go_to(2)
    agenda = places.agenda
    for view in range(agenda.view.count()):
        agenda.view.setCurrentIndex(view)
        found[f"agenda, vue {agenda.view.itemText(view)}"] = unnamed(window)
    agenda.new_appointment()
    dialog = agenda.dialog
    assert isinstance(dialog, AppointmentDialog)
    found["nouveau rendez-vous"] = unnamed(dialog)
    dialog.reject()
    missing = [f"{place}: {name}" for place, names in found.items() for name in names]
    assert not missing, "\n".join(missing)


def test_the_agenda_by_keyboard_alone(
    qtbot: QtBot, world: tuple[MainWindow, Professional, str], store: Store
) -> None:
    """Appointments used to need a mouse: recording attendance, printing a convocation, cancelling."""
    window, social, _ = world
    window.workspace.go_to(2)
    page = window.workspace.agenda
    page.day = TODAY.replace(day=23)
    page.reload()
    grid = page.grid
    interface = QAccessible.queryAccessibleInterface(grid)
    assert interface is not None and interface.childCount() == 2  # each appointment an accessible item
    names = [interface.child(i).text(QAccessible.Text.Name) for i in range(2)]
    assert names[0].startswith(
        "lundi 23/11, de 09:00 à 10:00 : Entretien travailleur social avec LEFÈVRE Anne"
    )
    assert "Visite à domicile" in names[1]
    # Tab reaches the grid, which selects an appointment: the strip's buttons work at once.
    page.view.setFocus()
    for _ in range(10):
        if grid.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert grid.hasFocus() and grid.selected_id
    qtbot.keyClick(grid, Qt.Key.Key_Home)
    first = grid.selected_id
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    second = grid.selected_id
    assert second != first and interface.child(1).state().selected
    assert page.attendance_buttons[Attendance.HONOURED].isEnabled()
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    assert grid.selected_id == first
    honoured = page.attendance_buttons[Attendance.HONOURED]
    honoured.setFocus()
    qtbot.keyClick(honoured, Qt.Key.Key_Space)
    assert next(i for i in page.data.items if i.id == first).attendance is Attendance.HONOURED
    # Enter opens the selected appointment; Escape closes the form.
    grid.setFocus()
    qtbot.waitUntil(grid.hasFocus)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, AppointmentDialog) and dialog.isVisible()
    qtbot.keyClick(dialog.day, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    # The list view: the arrows select a row, and the strip acts on it.
    page.view.setCurrentIndex(page.view.findText("Liste"))
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() >= 1)
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Down)
    assert page.selected_id() and page.attendance_buttons[Attendance.ABSENT].isEnabled()


def test_tab_leaves_the_tables(qtbot: QtBot, world: tuple[MainWindow, Professional, str]) -> None:
    """Tab used to move cell by cell inside the case list and the plan's actions, and wrap: a trap."""
    window, _, dossier = world
    cases = window.workspace.dossiers.cases
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1)
    cases.table.setFocus()
    qtbot.waitUntil(cases.table.hasFocus)
    qtbot.keyClick(cases.table, Qt.Key.Key_Tab)
    assert not cases.table.hasFocus()
    window.workspace.dossiers.open_dossier(dossier)
    plan = window.workspace.dossiers.page.plan
    window.workspace.dossiers.page.tabs.setCurrentWidget(plan)
    qtbot.waitUntil(lambda: plan.model.rowCount() == 1)
    plan.table.setFocus()
    qtbot.waitUntil(plan.table.hasFocus)
    qtbot.keyClick(plan.table, Qt.Key.Key_Tab)
    assert not plan.table.hasFocus()
