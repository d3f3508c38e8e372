"""The wall through the real widgets: what a conseiller's plan tab, preparation sheet and printed plan show,
and what the travailleur social's show, for the same dossier; print choices that never carry over; each
profile back on its own dossier."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from accomp_desktop.domain.enums import CarrierKind, ObstacleLevel, Side
from accomp_desktop.domain.model import Professional
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.services.diagnostic import DiagnosticService, EntryDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.services.plan import ActionDraft, PlanService
from accomp_desktop.storage.session import Store
from accomp_desktop.ui.dossiers.plan_tab import ActionDialog, PlanTab
from accomp_desktop.ui.dossiers.preparation_dialog import PreparationDialog
from accomp_desktop.ui.main_window import MainWindow
from tests.conftest import TODAY
from tests.factories import add_dossier, seed
from tests.ui.windows import make_window

EMPLOI, SOCIAL, SECRET = "EMPLOIMARK", "SOCIALMARK", "SECRETMARK"


@pytest.fixture
def people(store: Store, referentiel: Referentiel) -> tuple[Professional, Professional, str, str]:
    """The binôme, and two dossiers: one with an emploi, a social and a confidential action, one empty."""
    conseiller, social, binome = seed(store)
    dossier = add_dossier(store, binome.id, conseiller.id)
    other = add_dossier(store, binome.id, conseiller.id, last_name="Autre-Dossier")
    DossierService(store).start_diagnostic(dossier, author_id=conseiller.id, today=TODAY)
    DiagnosticService(store, referentiel).save_entry(
        dossier,
        EntryDraft("sante", (), ObstacleLevel.BLOCKING, "Addiction", confidential=True),
        author_id=social.id,
    )
    plans = PlanService(store, referentiel)
    plans.save_action(
        dossier, ActionDraft(f"Atelier CV {EMPLOI}", Side.EMPLOI, CarrierKind.PERSON), author_id=conseiller.id
    )
    plans.save_action(
        dossier,
        ActionDraft(f"Demande de logement {SOCIAL}", Side.SOCIAL, CarrierKind.PERSON),
        author_id=social.id,
    )
    objective = plans.add_objective(
        dossier, theme_code="sante", label="Accéder aux soins", author_id=social.id
    )
    plans.save_action(
        dossier,
        ActionDraft(
            f"Centre d'addictologie {SECRET}",
            Side.SOCIAL,
            CarrierKind.PERSON,
            objective_id=objective.objectives[0].id,
        ),
        author_id=social.id,
    )
    return conseiller, social, dossier, other


def open_as(qtbot: QtBot, store: Store, tmp_path: Path, who: Professional, dossier: str) -> MainWindow:
    window = make_window(qtbot, store, tmp_path)
    window.set_professional(who)
    window.show()
    window.workspace.dossiers.open_dossier(dossier)
    return window


def plan_of(window: MainWindow) -> PlanTab:
    return window.workspace.dossiers.page.plan


def rows(tab: PlanTab) -> str:
    return " ".join(str(tab.model.index(row, 0).data()) for row in range(tab.model.rowCount()))


def marks(text: str) -> set[str]:
    return {mark for mark in (EMPLOI, SOCIAL, SECRET) if mark in text}


def print_to_file(qtbot: QtBot, tab: PlanTab) -> str:
    """The plan shown in the viewer, then noted as handed to the person."""
    opened: list[Path] = []
    tab.open_file = opened.append
    qtbot.mouseClick(tab.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.handed_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    return " ".join(page.extract_text() for page in PdfReader(opened[0]).pages).replace("\n", " ")


def test_the_conseiller_sees_and_prints_the_emploi_side_only(
    qtbot: QtBot, store: Store, tmp_path: Path, people: tuple[Professional, Professional, str, str]
) -> None:
    conseiller, social, dossier, _ = people
    mine = open_as(qtbot, store, tmp_path, social, dossier)
    assert marks(print_to_file(qtbot, plan_of(mine))) == {EMPLOI, SOCIAL}  # her plan, kept in the dossier
    window = open_as(qtbot, store, tmp_path, conseiller, dossier)
    tab = plan_of(window)
    assert marks(rows(tab)) == {EMPLOI}
    assert "non partagé" in tab.hidden_note.text() and not tab.hidden_note.isHidden()
    assert tab.with_confidential.isHidden()  # never offered to him
    qtbot.mouseClick(tab.new_action, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, ActionDialog)
    assert [dialog.side.itemData(i) for i in range(dialog.side.count())] == [Side.EMPLOI.value]
    dialog.reject()
    # The plan she printed holds the social side: listed, but not his to reopen.
    her_plan = tab.issued.item(0)
    assert not her_plan.flags() & Qt.ItemFlag.ItemIsEnabled and "non partagé" in her_plan.text()
    assert marks(print_to_file(qtbot, tab)) == {EMPLOI}
    # The preparation sheet, on screen and in PDF.
    page = window.workspace.dossiers.page
    qtbot.mouseClick(page.prepare_button, Qt.MouseButton.LeftButton)
    sheet = page.preparation_dialog
    assert isinstance(sheet, PreparationDialog)
    assert marks(sheet.text.toPlainText()) == {EMPLOI}
    opened: list[Path] = []
    sheet._open_file = opened.append  # noqa: SLF001 - the system viewer, replaced
    qtbot.mouseClick(sheet.print_button, Qt.MouseButton.LeftButton)
    assert marks(" ".join(p.extract_text() for p in PdfReader(opened[0]).pages)) == {EMPLOI}


def test_the_travailleur_social_prints_the_confidential_only_when_asked_and_never_twice(
    qtbot: QtBot, store: Store, tmp_path: Path, people: tuple[Professional, Professional, str, str]
) -> None:
    _, social, dossier, other = people
    window = open_as(qtbot, store, tmp_path, social, dossier)
    tab = plan_of(window)
    assert marks(rows(tab)) == {EMPLOI, SOCIAL, SECRET} and tab.hidden_note.isHidden()
    assert not tab.with_confidential.isHidden()
    assert marks(print_to_file(qtbot, tab)) == {EMPLOI, SOCIAL}
    tab.with_confidential.setChecked(True)
    assert marks(print_to_file(qtbot, tab)) == {EMPLOI, SOCIAL, SECRET}
    assert not tab.with_confidential.isChecked()  # a choice for one print
    tab.with_confidential.setChecked(True)
    window.workspace.dossiers.open_dossier(other)  # another dossier: the tick does not follow
    assert not tab.with_confidential.isChecked()


def test_each_profile_comes_back_to_its_own_dossier(
    qtbot: QtBot, store: Store, tmp_path: Path, people: tuple[Professional, Professional, str, str]
) -> None:
    conseiller, social, dossier, other = people
    hers = open_as(qtbot, store, tmp_path, social, dossier)
    hers.close()
    his = open_as(qtbot, store, tmp_path, conseiller, other)
    his.close()
    state = json.loads((tmp_path / "window-state.json").read_text(encoding="utf-8"))
    assert state["where_by_profile"][social.id]["dossier"] == dossier
    assert state["where_by_profile"][conseiller.id]["dossier"] == other
    again = make_window(qtbot, store, tmp_path)
    again.set_professional(social)  # she signs in next: her dossier, not his
    page = again.workspace.dossiers.page
    assert page.detail is not None and page.detail.dossier.id == dossier


def test_opening_another_binomes_dossier_is_refused_and_the_list_stays(
    qtbot: QtBot, store: Store, tmp_path: Path, people: tuple[Professional, Professional, str, str]
) -> None:
    from accomp_desktop.domain.enums import Institution, Role
    from accomp_desktop.domain.model import Binome
    from accomp_desktop.storage import repositories as repo
    from accomp_desktop.storage.models import new_id

    _, _, dossier, _ = people
    outsider = Professional(new_id(), "Théo", "Ailleurs", Institution.DEPARTEMENT, Role.TRAVAILLEUR_SOCIAL)
    partner = Professional(new_id(), "Inès", "Ailleurs", Institution.FRANCE_TRAVAIL, Role.CONSEILLER)
    with store.unit_of_work() as session:
        repo.add_professional(session, outsider, author_id=None)
        repo.add_professional(session, partner, author_id=None)
        repo.add_binome(
            session, Binome(new_id(), "Binôme Troyes", "Troyes", partner.id, outsider.id), author_id=None
        )
    window = open_as(qtbot, store, tmp_path, outsider, dossier)
    place = window.workspace.dossiers
    assert place.stack.currentWidget() is place.list_page  # not left on an empty page
    assert place.notice is not None and "seuls les deux professionnels de ce binôme" in place.notice.text()
    assert window.workspace.diagnostic.dossier_id != dossier  # the other places do not follow it either
