"""A change made in one place of the window — or by another process — reaches every view that shows it, with
no refresh by hand: attendance in the agenda and the case list's last contact and alert, consent and the
diagnostic page, a validation and the « diagnostic » alert, a batch command's write and the open window."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from accomp_desktop.domain.enums import (
    AppointmentMode,
    AppointmentType,
    Attendance,
    ConsentMethod,
    ObstacleLevel,
    Route,
)
from accomp_desktop.domain.model import Professional
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.services.agenda import AgendaService, AppointmentDraft
from accomp_desktop.services.diagnostic import DiagnosticService, EntryDraft
from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.migrate import open_database
from accomp_desktop.storage.session import Store
from accomp_desktop.ui.dossiers.case_table_model import COLUMNS, PENDING
from accomp_desktop.ui.main_window import MainWindow
from tests.factories import add_dossier, seed
from tests.ui.windows import make_window

TODAY = date.today()  # the case list counts its alerts from the real day
LONG_AGO = TODAY - timedelta(days=70)  # no contact for 10 weeks, no diagnostic for more than a month


@pytest.fixture
def people(store: Store) -> tuple[Professional, Professional, str]:
    conseiller, social, binome = seed(store)
    draft = OrientationDraft(
        PersonDraft("Lefèvre", "Anne-Sophie", "04/07/1985"),
        binome.id,
        conseiller.id,
        Route.GLOBAL,
        LONG_AGO.strftime("%d/%m/%Y"),
        "Logement et recherche d'emploi.",
        True,
    )
    dossier = DossierService(store).create(draft, author_id=conseiller.id, today=TODAY).dossier.id
    return conseiller, social, dossier


def cell(window: MainWindow, header: str) -> str:
    """The first row's cell as shown; while a row is being read (« … »), its last known text is not known."""
    model = window.workspace.dossiers.cases.model
    column = next(i for i, (_, name) in enumerate(COLUMNS) if name == header)
    return str(model.data(model.index(0, column)))


def settled(window: MainWindow, header: str, check: Callable[[str], bool]) -> bool:
    text = cell(window, header)
    return text != PENDING and check(text)


def shown(qtbot: QtBot, window: MainWindow, professional: Professional) -> None:
    window.set_professional(professional)
    window.show()
    qtbot.waitUntil(lambda: window.workspace.dossiers.cases.model.rowCount() == 1)
    qtbot.waitUntil(lambda: cell(window, "Alertes") != PENDING)


def test_attendance_noted_in_the_agenda_reaches_the_case_list(
    qtbot: QtBot, store: Store, tmp_path: Path, people: tuple[Professional, Professional, str]
) -> None:
    conseiller, social, dossier = people
    day = TODAY - timedelta(days=1)
    while day.weekday() >= 5:  # a working day: the week view shows Monday to Friday
        day -= timedelta(days=1)
    when = datetime.combine(day, datetime.min.time()).replace(hour=10)
    item = AgendaService(store).save(
        AppointmentDraft(
            AppointmentType.TRIPARTITE,
            AppointmentMode.ON_SITE,
            when.strftime("%d/%m/%Y"),
            "10:00",
            60,
            (conseiller.id, social.id),
            dossier,
            place="Agence de Troyes",
            confirmed=frozenset({f"day@{when.date().isoformat()}"}),
        ),
        author_id=conseiller.id,
        today=TODAY,
    )
    window = make_window(qtbot, store, tmp_path)
    shown(qtbot, window, conseiller)
    assert cell(window, "Dernier contact") == "—"
    assert "sans contact" in cell(window, "Alertes")

    window.workspace.go_to(2)  # the agenda: the appointment of yesterday, noted « Honoré »
    agenda = window.workspace.agenda
    agenda.day = when.date()
    agenda.reload()
    qtbot.waitUntil(lambda: any(i.id == item.id for i in (agenda.data.items if agenda.data else [])))
    agenda.grid.select(item.id)
    agenda.set_attendance(Attendance.HONOURED)
    window.workspace.go_to(0)  # Ctrl+1: the list says it, read again by itself

    qtbot.waitUntil(
        lambda: settled(window, "Dernier contact", lambda text: text == when.strftime("%d/%m/%Y"))
    )
    assert "sans contact" not in cell(window, "Alertes")


def test_consent_recorded_reaches_the_open_diagnostic(
    qtbot: QtBot, store: Store, tmp_path: Path, people: tuple[Professional, Professional, str]
) -> None:
    conseiller, social, dossier = people
    window = make_window(qtbot, store, tmp_path)
    shown(qtbot, window, conseiller)
    window.workspace.dossiers.open_dossier(dossier)
    window.workspace.go_to(1)
    page = window.workspace.diagnostic
    qtbot.waitUntil(lambda: page.sheet is not None and page.sheet.dossier_id == dossier)
    assert page.sheet is not None and any("Non partagé" in why for why in page.sheet.hidden.values())

    # The travailleur social records the person's consent (here, on this computer's database).
    DossierService(store).set_consent(
        dossier, True, method=ConsentMethod.WRITTEN, author_id=social.id, today=TODAY
    )

    qtbot.waitUntil(lambda: page.sheet is not None and not page.sheet.hidden)


def test_a_validation_clears_the_diagnostic_alert_of_the_list(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    people: tuple[Professional, Professional, str],
    referentiel: Referentiel,
) -> None:
    conseiller, social, dossier = people
    DossierService(store).start_diagnostic(dossier, author_id=conseiller.id, today=TODAY)
    service = DiagnosticService(store, referentiel)
    service.save_entry(
        dossier, EntryDraft("logement", (), ObstacleLevel.MAJOR, "Chez sa sœur."), author_id=social.id
    )
    service.save_entry(dossier, EntryDraft("emploi", (), ObstacleLevel.TO_WORK_ON), author_id=conseiller.id)
    window = make_window(qtbot, store, tmp_path)
    shown(qtbot, window, conseiller)
    assert "diagnostic" in cell(window, "Alertes")

    for professional in (social, conseiller):  # each for himself, the second one makes it validated
        service.validate(
            dossier,
            validated_on=TODAY.strftime("%d/%m/%Y"),
            i_agree=True,
            person_agrees=True,
            author_id=professional.id,
            today=TODAY,
        )

    qtbot.waitUntil(lambda: settled(window, "Alertes", lambda text: "diagnostic" not in text))


def test_a_write_by_another_process_reaches_the_open_window(
    qtbot: QtBot,
    store: Store,
    data_folder: DataFolder,
    tmp_path: Path,
    people: tuple[Professional, Professional, str],
) -> None:
    conseiller, _, dossier = people
    binome = DossierService(store).detail(dossier, viewer_id=conseiller.id).binome.id
    add_dossier(store, binome, conseiller.id, last_name="Martin", first_name="Paul")
    window = make_window(qtbot, store, tmp_path)
    store.watch_outside(interval=0.05)
    window.set_professional(conseiller)
    window.show()
    model, table = window.workspace.dossiers.cases.model, window.workspace.dossiers.cases.table
    qtbot.waitUntil(lambda: model.rowCount() == 2 and cell(window, "Nom") != PENDING)
    table.selectRow(0)
    assert model.dossier_id(0) == dossier  # LEFÈVRE before MARTIN
    across = table.horizontalScrollBar()
    across.setValue(across.maximum())  # scrolled to « Dernier contact » and the alerts
    scrolled = across.value()
    assert scrolled > 0

    # Another connection to the same file, as a batch command or a second instance would write: the new name
    # sorts after MARTIN.
    other = Store(open_database(data_folder), data_folder.database)
    try:
        DossierService(other).update_person(
            dossier, PersonDraft("Petit", "Anne-Sophie", "04/07/1985"), author_id=conseiller.id, today=TODAY
        )
    finally:
        other.close()

    # The list reads again by itself, and the same dossier is still the one selected, now second.
    qtbot.waitUntil(lambda: model.rowCount() == 2 and model.dossier_id(1) == dossier, timeout=5000)
    qtbot.waitUntil(lambda: table.currentIndex().row() == 1)
    assert table.selectionModel().selectedRows()[0].row() == 1
    assert across.value() == scrolled  # still on the same columns
