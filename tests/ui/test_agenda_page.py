"""The agenda through the real window: drag on the grid to create, drag to move, attendance in one click."""

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from accomp_desktop.domain.enums import AppointmentMode, AppointmentType, Attendance, Route
from accomp_desktop.domain.model import Professional
from accomp_desktop.services.agenda import AgendaService, AppointmentDraft
from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.storage.models import DossierRow
from accomp_desktop.storage.session import Store
from accomp_desktop.ui.agenda.appointment_dialog import AppointmentDialog
from accomp_desktop.ui.agenda.page import AgendaPage
from tests.conftest import TODAY
from tests.factories import seed
from tests.ui.windows import make_window

MONDAY = date(2026, 11, 23)


@pytest.fixture
def agenda(qtbot: QtBot, store: Store, tmp_path: Path) -> tuple[AgendaPage, Professional, str]:
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
    window = make_window(qtbot, store, tmp_path)
    window.resize(800, 570)
    window.set_professional(social)
    window.show()
    window.workspace.go_to(2)
    page = window.workspace.agenda
    page.day = MONDAY
    page.reload()
    return page, social, dossier


def drag(qtbot: QtBot, page: AgendaPage, start: QPoint, end: QPoint) -> None:
    grid = page.grid
    qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(grid, end)
    qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=end)


def point(page: AgendaPage, lane: int, hour: int, minute: int = 0) -> QPoint:
    grid = page.grid
    x = round(52 + (lane + 0.5) * grid.lane_width())
    return QPoint(x, round(grid.y_of(datetime(2026, 1, 1, hour, minute).time())) + 2)


def test_the_week_shows_my_partner_and_french_holidays(agenda: tuple[AgendaPage, Professional, str]) -> None:
    page, _, _ = agenda
    assert page.period.text() == "du 23 au 27 novembre 2026"
    assert [page.whose.itemText(i) for i in range(page.whose.count())] == [
        "Mon agenda",
        "Agenda de Jean-Marc Lefèvre",
        "Les deux côte à côte",
    ]
    page.day = date(2026, 11, 11)
    page.reload()
    assert page.data.holidays == {date(2026, 11, 11): "Armistice"}
    page.whose.setCurrentIndex(2)
    assert [(lane.day.day, lane.title) for lane in page.grid.lanes[:2]] == [(9, "Aïcha"), (9, "Jean-Marc")]


def test_dragging_on_free_time_opens_the_form_at_that_time(
    qtbot: QtBot, agenda: tuple[AgendaPage, Professional, str], store: Store
) -> None:
    page, social, dossier = agenda
    drag(qtbot, page, point(page, 1, 10), point(page, 1, 11, 30))  # Tuesday, 10:00 → 11:30
    dialog = page.dialog
    assert isinstance(dialog, AppointmentDialog) and dialog.isVisible()
    assert (dialog.day.text(), dialog.time.text(), dialog.duration.currentData()) == (
        "24/11/2026",
        "10:00",
        90,
    )
    assert dialog.participants[social.id].isChecked()
    dialog.type.setCurrentIndex(dialog.type.findData(AppointmentType.HOME_VISIT.value))
    dialog.mode.setCurrentIndex(dialog.mode.findData(AppointmentMode.AT_HOME.value))
    dialog.dossier.setCurrentIndex(dialog.dossier.findData(dossier))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    [item] = page.data.items
    assert (item.start, item.duration_minutes, item.person) == (
        datetime(2026, 11, 24, 10),
        90,
        "LEFÈVRE Anne",
    )


def test_a_block_is_moved_by_dragging_and_attendance_takes_one_click(
    qtbot: QtBot, agenda: tuple[AgendaPage, Professional, str], store: Store
) -> None:
    page, social, dossier = agenda
    AgendaService(store).save(
        AppointmentDraft(
            AppointmentType.SOCIAL_INTERVIEW,
            AppointmentMode.PHONE,
            "23/11/2026",
            "09:00",
            60,
            (social.id,),
            dossier,
        ),
        author_id=social.id,
        today=TODAY,
    )
    page.reload()
    drag(qtbot, page, point(page, 0, 9, 15), point(page, 2, 14, 15))  # Monday 9:00 → Wednesday 14:00
    [item] = page.data.items
    assert item.start == datetime(2026, 11, 25, 14) and item.duration_minutes == 60
    qtbot.mousePress(page.grid, Qt.MouseButton.LeftButton, pos=point(page, 2, 14, 20))
    qtbot.mouseRelease(page.grid, Qt.MouseButton.LeftButton, pos=point(page, 2, 14, 20))
    assert page.grid.selected_id == item.id and page.attendance_buttons[Attendance.HONOURED].isEnabled()
    qtbot.mouseClick(page.attendance_buttons[Attendance.HONOURED], Qt.MouseButton.LeftButton)
    assert page.data.items[0].attendance is Attendance.HONOURED
    with store.unit_of_work() as session:
        assert session.get(DossierRow, dossier).last_contact_date == date(2026, 11, 25)  # type: ignore[union-attr]


def test_a_double_booking_is_announced_in_the_form(
    qtbot: QtBot, agenda: tuple[AgendaPage, Professional, str], store: Store
) -> None:
    page, social, dossier = agenda
    AgendaService(store).save(
        AppointmentDraft(
            AppointmentType.WORKSHOP,
            AppointmentMode.ON_SITE,
            "23/11/2026",
            "14:00",
            120,
            (social.id,),
            place="Salle 2",
        ),
        author_id=social.id,
        today=TODAY,
    )
    page.new_appointment(datetime(2026, 11, 23, 15), 60)
    dialog = page.dialog
    assert dialog is not None
    qtbot.mouseClick(
        dialog.ok_button, Qt.MouseButton.LeftButton
    )  # a conseiller interview by default, on site
    dialog.place.setText("Bureau 3")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.overlap_box is not None and "14:00 – 16:00 : Atelier collectif" in dialog.overlap_box.text()
    keep = next(b for b in dialog.overlap_box.buttons() if b.text() == "Enregistrer quand même")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and len(page.data.items) == 2
    assert page.data.items[0].start + timedelta(hours=1) == page.data.items[1].start


def test_a_common_slot_is_found_and_becomes_a_tripartite(
    qtbot: QtBot, agenda: tuple[AgendaPage, Professional, str]
) -> None:
    page, social, _ = agenda
    qtbot.mouseClick(page.slot_button, Qt.MouseButton.LeftButton)
    dialog = page.slot_dialog
    assert dialog is not None and dialog.slots.count() == 8
    first = dialog.slots.item(0).data(Qt.ItemDataRole.UserRole)
    assert isinstance(first, datetime) and first.weekday() < 5 and 9 <= first.hour < 17
    qtbot.mouseClick(dialog.take, Qt.MouseButton.LeftButton)
    form = page.dialog
    assert form is not None and form.isVisible()
    assert form.type.currentData() == AppointmentType.TRIPARTITE.value
    assert all(box.isChecked() for box in form.participants.values()) and len(form.participants) == 2
    assert form.day.text() == first.strftime("%d/%m/%Y") and form.time.text() == first.strftime("%H:%M")


def test_ics_export_and_import_from_the_agenda(
    qtbot: QtBot, agenda: tuple[AgendaPage, Professional, str], store: Store, tmp_path: Path
) -> None:
    page, social, dossier = agenda
    AgendaService(store).save(
        AppointmentDraft(
            AppointmentType.SOCIAL_INTERVIEW,
            AppointmentMode.PHONE,
            "23/11/2026",
            "09:00",
            60,
            (social.id,),
            dossier,
        ),
        author_id=social.id,
        today=TODAY,
    )
    page.reload()
    target = tmp_path / "semaine.ics"
    page.ask_save_path = lambda _name: str(target)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert b"SUMMARY:Entretien travailleur social" in target.read_bytes().replace(b"\r\n ", b"")
    outside = tmp_path / "outlook.ics"
    outside.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        b"DTSTART:20261124T090000\r\nDTEND:20261124T120000\r\nSUMMARY:Formation\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    page.ask_open_path = lambda: str(outside)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert [(b.start.hour, b.summary) for b in page.data.busy] == [(9, "Formation")]
    broken = tmp_path / "broken.ics"
    broken.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:2\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    page.ask_open_path = lambda: str(broken)
    messages: list[str] = []
    page.changed.connect(messages.append)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert messages and "Rien n'a été importé" in messages[-1]
    assert len(page.data.busy) == 1


def test_the_convocation_and_the_list_are_printed_from_the_agenda(
    qtbot: QtBot, agenda: tuple[AgendaPage, Professional, str], store: Store
) -> None:
    from pypdf import PdfReader

    page, social, dossier = agenda
    AgendaService(store).save(
        AppointmentDraft(
            AppointmentType.HOME_VISIT,
            AppointmentMode.AT_HOME,
            "24/11/2026",
            "10:00",
            60,
            (social.id,),
            dossier,
        ),
        author_id=social.id,
        today=TODAY,
    )
    page.reload()
    opened: list[Path] = []
    page.open_file = opened.append
    page.grid.select(page.data.items[0].id)
    assert page.convocation_button.isEnabled()
    qtbot.mouseClick(page.convocation_button, Qt.MouseButton.LeftButton)
    assert "Chez vous : nous viendrons à votre domicile" in PdfReader(opened[0]).pages[0].extract_text()
    qtbot.mouseClick(page.list_button, Qt.MouseButton.LeftButton)
    text = PdfReader(opened[1]).pages[0].extract_text().replace("\n", " ")
    assert "Rendez-vous — Aïcha N'Diaye, du 23/11/2026 au 27/11/2026" in text and "Visite à domicile" in text


def test_cancelling_asks_the_reason_and_frees_the_slot(
    qtbot: QtBot, agenda: tuple[AgendaPage, Professional, str], store: Store
) -> None:
    page, social, dossier = agenda
    AgendaService(store).save(
        AppointmentDraft(
            AppointmentType.SOCIAL_INTERVIEW,
            AppointmentMode.PHONE,
            "23/11/2026",
            "09:00",
            60,
            (social.id,),
            dossier,
        ),
        author_id=social.id,
        today=TODAY,
    )
    page.reload()
    page.grid.select(page.data.items[0].id)
    page.ask_reason = lambda: ("", False)  # the professional changed their mind
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert page.data.items[0].attendance is Attendance.PLANNED
    page.ask_reason = lambda: ("La personne est hospitalisée.", True)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    item = page.data.items[0]
    assert item.attendance is Attendance.CANCELLED and item.cancel_reason == "La personne est hospitalisée."
    assert not page.cancel_button.isEnabled() and not page.convocation_button.isEnabled()


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform, showing the tooltip
def test_a_short_block_shows_what_fits_and_its_tooltip_tells_all(
    qtbot: QtBot, agenda: tuple[AgendaPage, Professional, str], store: Store
) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    page, social, dossier = agenda
    AgendaService(store).save(
        AppointmentDraft(
            AppointmentType.ACCOMPANIED_STEP,
            AppointmentMode.ON_SITE,
            "23/11/2026",
            "09:00",
            20,
            (social.id,),
            dossier,
            place="Caisse d'allocations familiales, 12 rue de la République",
        ),
        author_id=social.id,
        today=TODAY,
    )
    page.reload()
    grid = page.grid
    [(rect, _)] = grid.blocks()
    assert rect.width() < 200 and rect.height() < 30  # a week of five days in a small window: one line fits
    assert not grid.grab().isNull()
    where = point(page, 0, 9, 5)
    QApplication.sendEvent(grid, QHelpEvent(QEvent.Type.ToolTip, where, grid.mapToGlobal(where)))
    assert QToolTip.text() == (
        "09:00–09:20 Démarche accompagnée\nLEFÈVRE Anne\n"
        "Caisse d'allocations familiales, 12 rue de la République"
    )
