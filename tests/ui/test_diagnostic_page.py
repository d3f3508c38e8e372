"""The diagnostic editor through the real window: tick, level, comment, autosave, sides, undo, validation."""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from accomp_desktop.domain.enums import ConsentMethod, DossierStatus, ObstacleLevel, Route
from accomp_desktop.domain.model import Professional
from accomp_desktop.domain.referentiel import Referentiel, load_referentiel
from accomp_desktop.resources import resource_path
from accomp_desktop.services.diagnostic import DiagnosticService, EntryDraft
from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.session import Store
from accomp_desktop.ui.diagnostic.dialogs import EvolutionDialog, HistoryDialog, ValidateDialog
from accomp_desktop.ui.diagnostic.page import DiagnosticPage
from accomp_desktop.ui.dossiers.lifecycle_dialogs import ConsentDialog
from accomp_desktop.ui.main_window import MainWindow
from tests.conftest import TODAY
from tests.factories import seed
from tests.ui.keyboard import type_text
from tests.ui.windows import make_window

HOUSING = "Hébergé chez un tiers"


@pytest.fixture
def people(store: Store) -> tuple[Professional, Professional, str]:
    conseiller, social, binome = seed(store)
    dossiers = DossierService(store)
    detail = dossiers.create(
        OrientationDraft(
            PersonDraft("Lefèvre", "Anne", "04/07/1985"),
            binome.id,
            conseiller.id,
            Route.GLOBAL,
            "02/11/2026",
            "Logement et projet.",
            True,
        ),
        author_id=conseiller.id,
        today=TODAY,
    )
    dossiers.start_diagnostic(detail.dossier.id, author_id=conseiller.id, today=TODAY)
    return conseiller, social, detail.dossier.id


def open_editor(qtbot: QtBot, store: Store, tmp_path: Path, who: Professional, dossier_id: str) -> MainWindow:
    window = make_window(qtbot, store, tmp_path)
    window.set_professional(who)
    window.show()
    window.workspace.dossiers.open_dossier(dossier_id)
    qtbot.mouseClick(window.workspace.dossiers.page.open_diagnostic, Qt.MouseButton.LeftButton)
    assert window.workspace.places.currentWidget() is window.workspace.diagnostic
    return window


def tick(qtbot: QtBot, page: DiagnosticPage, theme: str, situation: str) -> None:
    """Scroll to the box, as a user would, and click it."""
    box = page.sections[theme].situations[situation]
    page.scroll_area.ensureWidgetVisible(box)
    # Through the window, as the system delivers a click (so read-only boxes let it pass through), on the
    # square itself: a check box spans the column but reacts only on its square and its words.
    window = page.window()
    qtbot.mouseClick(
        window.windowHandle(), Qt.MouseButton.LeftButton, pos=box.mapTo(window, QPoint(8, box.height() // 2))
    )


def saved_entry(store: Store, referentiel: Referentiel, dossier_id: str, theme: str) -> object:
    """What the database holds, read as the binôme's travailleur social (who reads every theme)."""
    with store.unit_of_work() as session:
        dossier = repo.get_dossier(session, dossier_id)
        assert dossier is not None
        binome = repo.get_binome(session, dossier.binome_id)
        assert binome is not None
    sheet = DiagnosticService(store, referentiel).sheet(dossier_id, viewer_id=binome.travailleur_social_id)
    return sheet.entries.get(theme)


def test_ticking_choosing_a_level_and_typing_are_saved_without_a_button(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    people: tuple[Professional, Professional, str],
    referentiel: Referentiel,
) -> None:
    _, social, dossier_id = people
    page = open_editor(qtbot, store, tmp_path, social, dossier_id).workspace.diagnostic
    housing = page.sections["logement"]
    assert housing.editable and page.title.text() == "Diagnostic partagé — LEFÈVRE Anne"
    tick(qtbot, page, "logement", HOUSING)
    housing.level.setCurrentIndex(housing.level.findData(ObstacleLevel.MAJOR.value))
    type_text(housing.comment, "Hébergée chez sa sœur, doit partir en décembre.")
    with qtbot.waitSignal(page.saved, timeout=3000):
        pass  # the autosave timer fires on its own
    entry = saved_entry(store, referentiel, dossier_id, "logement")
    assert entry is not None
    assert entry.situations == (HOUSING,) and entry.level is ObstacleLevel.MAJOR  # type: ignore[attr-defined]
    assert entry.comment == "Hébergée chez sa sœur, doit partir en décembre."  # type: ignore[attr-defined]
    assert page.save_state.text().startswith("✓ Enregistré à")
    assert "Logement&nbsp;:&nbsp;important" in page.summary.text()
    assert "Logement : Frein important" in page.summary.accessibleDescription()


def test_leaving_a_field_saves_at_once(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    people: tuple[Professional, Professional, str],
    referentiel: Referentiel,
) -> None:
    _, social, dossier_id = people
    page = open_editor(qtbot, store, tmp_path, social, dossier_id).workspace.diagnostic
    page.sections["mobilite"].comment.setPlainText("Pas de permis.")
    page.sections["mobilite"].left_field.emit("mobilite")  # what the focus-out filter does
    entry = saved_entry(store, referentiel, dossier_id, "mobilite")
    assert entry is not None and entry.comment == "Pas de permis."  # type: ignore[attr-defined]
    assert not page.has_pending()


def test_a_comment_too_long_is_refused_once_and_the_level_is_saved(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    people: tuple[Professional, Professional, str],
    referentiel: Referentiel,
) -> None:
    """It used to be retried every 5 s for ever, holding back the level changed on the same theme."""
    from accomp_desktop.domain.validation import NOTE_MAX

    _, social, dossier_id = people
    page = open_editor(qtbot, store, tmp_path, social, dossier_id).workspace.diagnostic
    housing = page.sections["logement"]
    housing.level.setCurrentIndex(housing.level.findData(ObstacleLevel.MAJOR.value))
    housing.comment.setPlainText("x" * (NOTE_MAX + 1))
    housing.left_field.emit("logement")
    entry = saved_entry(store, referentiel, dossier_id, "logement")
    assert entry is not None and entry.level is ObstacleLevel.MAJOR  # type: ignore[attr-defined]
    assert entry.comment == ""  # type: ignore[attr-defined]
    assert (
        "trop long" in page.save_state.text()
        and "niveau et les situations sont enregistrés" in page.save_state.text()
    )
    assert not page.has_pending() and not page._timer.isActive()  # noqa: SLF001 - no retry of the same refusal
    assert housing.comment.toPlainText() == "x" * (NOTE_MAX + 1)  # what was typed stays, to be shortened
    housing.comment.setPlainText("Hébergée chez sa sœur.")
    housing.left_field.emit("logement")
    entry = saved_entry(store, referentiel, dossier_id, "logement")
    assert entry is not None and entry.comment == "Hébergée chez sa sœur."  # type: ignore[attr-defined]
    assert page.save_state.text().startswith("✓ Enregistré à")


def test_the_other_side_is_readable_but_not_editable(
    qtbot: QtBot, store: Store, tmp_path: Path, people: tuple[Professional, Professional, str]
) -> None:
    conseiller, _, dossier_id = people
    page = open_editor(qtbot, store, tmp_path, conseiller, dossier_id).workspace.diagnostic
    assert page.sections["numerique"].editable and not page.sections["logement"].editable
    housing = page.sections["logement"]
    assert housing.comment.isReadOnly() and "lecture seule" in housing.title()
    tick(qtbot, page, "logement", HOUSING)
    assert not housing.situations[HOUSING].isChecked() and not page.has_pending()
    tick(qtbot, page, "numerique", "Absence d’équipement")  # the same click on their own side works
    assert page.sections["numerique"].situations["Absence d’équipement"].isChecked() and page.has_pending()


def test_ticks_and_levels_can_be_undone_and_the_undo_is_saved(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    people: tuple[Professional, Professional, str],
    referentiel: Referentiel,
) -> None:
    _, social, dossier_id = people
    page = open_editor(qtbot, store, tmp_path, social, dossier_id).workspace.diagnostic
    housing = page.sections["logement"]
    tick(qtbot, page, "logement", HOUSING)
    housing.level.setCurrentIndex(housing.level.findData(ObstacleLevel.BLOCKING.value))
    assert page.undo_stack.count() == 2
    page.undo_stack.undo()
    assert housing.level.currentData() == ObstacleLevel.NONE.value
    page.undo_stack.undo()
    assert not housing.situations[HOUSING].isChecked()
    page.undo_stack.redo()
    assert housing.situations[HOUSING].isChecked()
    page.flush()
    entry = saved_entry(store, referentiel, dossier_id, "logement")
    assert entry is not None and entry.situations == (HOUSING,)  # type: ignore[attr-defined]
    assert entry.level is ObstacleLevel.NONE  # type: ignore[attr-defined]


def test_joint_validation_from_the_editor_then_history(
    qtbot: QtBot, store: Store, tmp_path: Path, people: tuple[Professional, Professional, str]
) -> None:
    _, social, dossier_id = people
    window = open_editor(qtbot, store, tmp_path, social, dossier_id)
    page: DiagnosticPage = window.workspace.diagnostic
    housing = page.sections["logement"]
    housing.level.setCurrentIndex(housing.level.findData(ObstacleLevel.MAJOR.value))
    qtbot.mouseClick(page.validate_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ValidateDialog)
    assert "Jean-Marc Lefèvre : pas encore validé." in dialog.progress.text()
    assert dialog.mine.text() == "Je valide ce diagnostic (Aïcha N'Diaye, travailleur social)"
    dialog.mine.setChecked(True)  # her own validation only: there is no box for her partner's
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "accord" in dialog.error.text() and dialog.isVisible()  # the person's agreement is missing
    dialog.person.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    ask = dialog.unusual_box  # nothing on the emploi side: asked first
    assert ask is not None and "Le volet emploi du diagnostic est vide" in ask.text()
    qtbot.mouseClick(
        next(b for b in ask.buttons() if b.text() == "Valider quand même"), Qt.MouseButton.LeftButton
    )
    assert not dialog.isVisible() and "Validé le" not in page.state.text()
    assert "validation est enregistrée" in window.statusBar().currentMessage()
    # Her partner validates the same content on his own computer, for himself: then it is validated.
    DiagnosticService(store, load_referentiel(resource_path("referentiel.toml"))).validate(
        dossier_id,
        validated_on="20/11/2026",
        i_agree=True,
        person_agrees=True,
        author_id=people[0].id,
        today=date.today(),
        confirmed=frozenset({"empty_side:emploi"}),
    )
    page.reload()
    qtbot.waitUntil(lambda: "Validé le" in page.state.text())
    assert page.evolution_button.isEnabled()
    assert (
        DossierService(store).detail(dossier_id, viewer_id=social.id).dossier.diagnostic_validated_on
        is not None
    )
    assert window.workspace.dossiers.page.detail is not None
    assert window.workspace.dossiers.page.detail.dossier.status is DossierStatus.DIAGNOSTIC
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    history = page.dialog
    assert isinstance(history, HistoryDialog)
    first = history.tree.topLevelItem(0)
    assert [first.text(i) for i in (1, 2, 3, 4, 5)] == [
        "Aïcha N'Diaye",
        "Logement",
        "Niveau de frein",
        "—",
        "Frein important",
    ]


def test_after_a_crash_the_app_reopens_on_the_same_diagnostic(
    qtbot: QtBot, store: Store, tmp_path: Path, people: tuple[Professional, Professional, str]
) -> None:
    _, social, dossier_id = people
    open_editor(qtbot, store, tmp_path, social, dossier_id)  # never closed: as if the process died here
    again = make_window(qtbot, store, tmp_path)
    again.set_professional(social)
    assert again.workspace.places.currentWidget() is again.workspace.diagnostic
    assert again.workspace.diagnostic.dossier_id == dossier_id
    assert again.workspace.diagnostic.title.text() == "Diagnostic partagé — LEFÈVRE Anne"


def test_ctrl_z_undoes_a_tick(
    qtbot: QtBot, store: Store, tmp_path: Path, people: tuple[Professional, Professional, str]
) -> None:
    _, social, dossier_id = people
    window = open_editor(qtbot, store, tmp_path, social, dossier_id)
    page = window.workspace.diagnostic
    window.activateWindow()
    qtbot.waitActive(window)
    tick(qtbot, page, "logement", HOUSING)
    box = page.sections["logement"].situations[HOUSING]
    assert box.isChecked() and box.hasFocus()
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not box.isChecked()


def test_the_evolution_since_the_validation_side_by_side(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    people: tuple[Professional, Professional, str],
    referentiel: Referentiel,
) -> None:
    conseiller, social, dossier_id = people
    service = DiagnosticService(store, referentiel)
    service.save_entry(
        dossier_id, EntryDraft("logement", (HOUSING,), ObstacleLevel.BLOCKING), author_id=social.id
    )
    service.save_entry(dossier_id, EntryDraft("mobilite", (), ObstacleLevel.MAJOR), author_id=social.id)
    for who in (conseiller, social):
        service.validate(
            dossier_id,
            validated_on="20/11/2026",
            i_agree=True,
            person_agrees=True,
            author_id=who.id,
            today=TODAY,
            confirmed=frozenset({"empty_side:emploi"}),
        )
    page = open_editor(qtbot, store, tmp_path, social, dossier_id).workspace.diagnostic
    housing = page.sections["logement"]
    housing.level.setCurrentIndex(housing.level.findData(ObstacleLevel.NONE.value))
    qtbot.mouseClick(page.evolution_button, Qt.MouseButton.LeftButton)  # saves first, then compares
    dialog = page.dialog
    assert isinstance(dialog, EvolutionDialog)
    rows = [[dialog.table.item(r, c).text() for c in range(4)] for r in range(dialog.table.rowCount())]
    assert rows == [
        ["Logement", "■ Frein bloquant", "○ Aucun frein", "Frein levé"],
        ["Mobilité", "● Frein important", "● Frein important", "Inchangé"],
    ]
    assert dialog.summary.text() == "1 frein levé, 1 encore à travailler"


def test_france_travail_sees_the_social_side_only_once_the_person_agrees(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    people: tuple[Professional, Professional, str],
    referentiel: Referentiel,
) -> None:
    conseiller, social, dossier_id = people
    DiagnosticService(store, referentiel).save_entry(
        dossier_id,
        EntryDraft("logement", (HOUSING,), ObstacleLevel.MAJOR, "Chez sa sœur."),
        author_id=social.id,
    )
    window = open_editor(qtbot, store, tmp_path, conseiller, dossier_id)
    housing = window.workspace.diagnostic.sections["logement"]
    assert housing.body.isHidden() and "accord" in housing.hidden_reason.text()
    assert not housing.situations[HOUSING].isChecked()  # nothing of it reached this screen
    # The conseiller cannot record the consent: he sees its state, and no button for it.
    page = window.workspace.dossiers.page
    assert page.consent_button.isHidden() and "n'est pas recueilli" in page.consent.text()
    # The travailleur social records it on her dossier page: how and when it was collected.
    hers = make_window(qtbot, store, tmp_path)
    hers.set_professional(social)
    hers.show()
    hers.workspace.dossiers.open_dossier(dossier_id)
    her_page = hers.workspace.dossiers.page
    assert not her_page.consent_button.isHidden()
    qtbot.mouseClick(her_page.consent_button, Qt.MouseButton.LeftButton)
    dialog = her_page.dialog
    assert isinstance(dialog, ConsentDialog)
    dialog.method.setCurrentIndex(dialog.method.findData(ConsentMethod.WRITTEN.value))
    dialog.given_on.setText("20/11/2026")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert her_page.detail is not None and her_page.detail.dossier.share_consent
    assert "recueilli le 20/11/2026, par écrit" in her_page.consent.text()
    # The conseiller's editor, read again, now shows the social side (read-only).
    window.workspace.dossiers.page.reload()
    assert "recueilli le 20/11/2026" in page.consent.text()
    window.workspace.diagnostic.reload()
    assert not housing.body.isHidden() and housing.situations[HOUSING].isChecked()
    assert housing.comment.isReadOnly()


def test_opening_the_diagnostic_is_in_the_audit_log_and_the_log_checks_itself(
    qtbot: QtBot, store: Store, tmp_path: Path, people: tuple[Professional, Professional, str]
) -> None:
    _, social, dossier_id = people
    window = open_editor(qtbot, store, tmp_path, social, dossier_id)
    window.show_audit()
    dialog = window.audit_dialog
    assert dialog is not None
    rows = [
        [dialog.tree.topLevelItem(i).text(c) for c in (2, 4, 5)]
        for i in range(dialog.tree.topLevelItemCount())
    ]
    assert ["Aïcha N'Diaye", "Diagnostic partagé", "Consultation"] in rows
    assert ["Aïcha N'Diaye", "Dossier (identité, journal)", "Consultation"] in rows
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    assert dialog.check_result.text().startswith("✓ Journal intact")
