"""A dossier's life through the real window: create it, meet a duplicate, enter, renew, close, reopen, edit,
note."""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from accomp_desktop.domain.caselist import Scope
from accomp_desktop.domain.enums import DossierStatus, ExitMotif
from accomp_desktop.storage.session import Store
from accomp_desktop.ui.dossiers.case_table_model import PENDING
from accomp_desktop.ui.dossiers.dossier_page import DossierPage
from accomp_desktop.ui.dossiers.new_dossier_dialog import NewDossierDialog
from accomp_desktop.ui.main_window import MainWindow
from tests.factories import seed
from tests.ui.keyboard import type_text
from tests.ui.windows import make_window


@pytest.fixture
def window(qtbot: QtBot, store: Store, tmp_path: Path) -> MainWindow:
    conseiller, _, _ = seed(store)
    window = make_window(qtbot, store, tmp_path)
    window.set_professional(conseiller)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def shortcut(qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    # Sent to the active QWindow: Qt 6 resolves shortcuts where window-system key events arrive. The offscreen
    # platform does not give the activation back when a dialog closes, so ask for it.
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.windowHandle(), key, modifier)


def open_new_dialog(qtbot: QtBot, window: MainWindow) -> NewDossierDialog:
    shortcut(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.workspace.dossiers.new_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def fill(
    dialog: NewDossierDialog,
    last: str = "N'Diaye-Lefèvre",
    first: str = "Aïssatou",
    birth: str = "04/07/1985",
) -> None:
    person = dialog.person
    for field, value in (
        (person.last_name, last),
        (person.first_name, first),
        (person.birth_date, birth),
        (person.phone, "06 12 34 56 78"),
        (person.postcode, "10000"),
        (person.city, "Troyes"),
    ):
        field.clear()
        type_text(field, value)
    dialog.reasons.setPlainText("Hébergée chez un tiers ; souhaite travailler dans l'aide à domicile.")
    dialog.agreement.setChecked(True)


def page(window: MainWindow) -> DossierPage:
    place = window.workspace.dossiers
    assert place.stack.currentWidget() is place.page
    return place.page


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def create_dossier(qtbot: QtBot, window: MainWindow, **names: str) -> DossierPage:
    dialog = open_new_dialog(qtbot, window)
    fill(dialog, **names)
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    return page(window)


def test_ctrl_n_creates_a_dossier_and_opens_its_page(qtbot: QtBot, window: MainWindow) -> None:
    shown = create_dossier(qtbot, window)
    assert shown.title.text() == "N'DIAYE-LEFÈVRE Aïssatou"
    assert shown.subtitle.text().startswith(f"Dossier AG-{date.today().year}-0001 · Accompagnement global · ")
    assert shown.status.text().startswith("Orientation depuis le")
    assert "créé pour N'DIAYE-LEFÈVRE Aïssatou" in window.statusBar().currentMessage()
    assert shown.step_buttons["diagnostic"].isVisible() and not shown.step_buttons["renew"].isVisible()
    # Back to the list: the new dossier is there, and the search finds it without accents.
    shortcut(qtbot, window, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    cases = window.workspace.dossiers.cases
    assert window.workspace.dossiers.stack.currentWidget() is window.workspace.dossiers.list_page
    type_text(cases.search, "ndiaye lef")
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1 and cases.model.index(0, 0).data() != PENDING)
    assert cases.model.index(0, 0).data() == "N'DIAYE-LEFÈVRE Aïssatou"


def test_wrong_fields_are_shown_and_what_was_typed_stays(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = open_new_dialog(qtbot, window)
    fill(dialog, birth="31/02/1985")
    dialog.agreement.setChecked(False)
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "n'existe pas dans le calendrier" in dialog.person.errors.message("birth_date")
    assert "accord de la personne" in dialog.errors.message("agreement")
    assert dialog.person.last_name.text() == "N'Diaye-Lefèvre" and dialog.person.birth_date.hasFocus()
    with store.unit_of_work() as session:
        assert session.execute(text("SELECT count(*) FROM dossiers")).scalar() == 0
    # Closing with typed text asks first, and "continue" keeps everything.
    dialog.reject()
    assert dialog.leave_box is not None and dialog.isVisible()
    keep = next(b for b in dialog.leave_box.buttons() if b.text() == "Continuer la saisie")
    click(qtbot, keep)
    assert dialog.isVisible() and dialog.person.first_name.text() == "Aïssatou"


def duplicate_choice(dialog: NewDossierDialog, label: str) -> QAbstractButton:
    box = dialog.duplicate_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    return next(b for b in box.buttons() if b.text() == label)


def test_a_duplicate_is_announced_and_the_existing_dossier_can_be_opened(
    qtbot: QtBot, window: MainWindow
) -> None:
    first = create_dossier(qtbot, window)
    reference = first.subtitle.text().split(" · ")[0]
    first.request_back()
    dialog = open_new_dialog(qtbot, window)
    fill(dialog, last="NDIAYE LEFEVRE", first="aissatou")
    click(qtbot, dialog.ok_button)
    assert dialog.duplicate_box is not None
    assert "mêmes nom, prénom et date de naissance" in dialog.duplicate_box.text()
    click(qtbot, duplicate_choice(dialog, "Ouvrir le dossier existant"))
    assert not dialog.isVisible()
    assert page(window).subtitle.text().startswith(reference)


def test_creating_anyway_after_the_warning(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    create_dossier(qtbot, window).request_back()
    dialog = open_new_dialog(qtbot, window)
    fill(dialog)
    click(qtbot, dialog.ok_button)
    click(qtbot, duplicate_choice(dialog, "Créer quand même"))
    assert not dialog.isVisible()
    with store.unit_of_work() as session:
        assert session.execute(text("SELECT count(*) FROM dossiers")).scalar() == 2


def message_text(shown: DossierPage) -> str:
    assert shown.message_box is not None and shown.message_box.isVisible()
    message = shown.message_box.text()
    shown.message_box.done(0)
    return message


def test_entering_renewing_closing_and_reopening(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    shown = create_dossier(qtbot, window)
    click(qtbot, shown.step_buttons["diagnostic"])
    assert shown.status.text().startswith("Diagnostic depuis le") and "non validé" in shown.status.text()

    click(qtbot, shown.step_buttons["enter"])  # refused: the diagnostic is not validated
    assert "diagnostic partagé validé" in message_text(shown)
    assert shown.detail is not None
    with store.unit_of_work() as session:  # stands for the diagnostic editor's validation (next issue)
        session.execute(text("UPDATE dossiers SET diagnostic_validated_on = orientation_date"))
    window.workspace.dossiers.open_dossier(shown.detail.dossier.id)

    click(qtbot, shown.step_buttons["enter"])
    enter = shown.dialog
    assert enter is not None and enter.isVisible()
    enter.conseiller.setChecked(True)  # type: ignore[attr-defined]
    click(qtbot, enter.ok_button)
    assert "décision conjointe" in enter.error.text() and enter.isVisible()
    enter.social.setChecked(True)  # type: ignore[attr-defined]
    click(qtbot, enter.ok_button)
    assert not enter.isVisible()
    assert shown.status.text().startswith("En accompagnement depuis le")
    assert shown.history.topLevelItem(0).text(1) == "Entrée en accompagnement"

    click(qtbot, shown.step_buttons["renew"])
    renew = shown.dialog
    assert renew is not None
    renew.joint.setChecked(True)  # type: ignore[attr-defined]
    click(qtbot, renew.ok_button)
    assert "(renouvelé)" in shown.status.text()
    click(qtbot, shown.step_buttons["renew"])  # a second renewal is refused before any form
    assert "déjà été renouvelé" in message_text(shown)

    click(qtbot, shown.step_buttons["exit"])
    leave = shown.dialog
    assert leave is not None
    click(qtbot, leave.ok_button)
    assert leave.errors.message("motif") == "Choisissez le motif de sortie."
    leave.motif.setCurrentIndex(leave.motif.findData(ExitMotif.TRAINING.value))  # type: ignore[attr-defined]
    type_text(leave.bilan, "Entrée en formation d'aide-soignante à l'IFSI de Troyes.")  # type: ignore[attr-defined]
    click(qtbot, leave.ok_button)
    assert shown.status.text().endswith("— Formation")
    assert shown.detail.dossier.status is DossierStatus.SORTIE
    assert [b for b, w in shown.step_buttons.items() if not w.isHidden()] == ["reopen"]

    click(qtbot, shown.step_buttons["reopen"])
    reopen = shown.dialog
    assert reopen is not None
    type_text(reopen.reason, "Formation interrompue.")  # type: ignore[attr-defined]
    click(qtbot, reopen.ok_button)
    assert shown.status.text().startswith("En accompagnement depuis le")
    assert "Dossier rouvert." in window.statusBar().currentMessage()


def test_enter_opens_the_selected_dossier_from_the_list(qtbot: QtBot, window: MainWindow) -> None:
    create_dossier(qtbot, window).request_back()
    cases = window.workspace.dossiers.cases
    cases.scope.setCurrentIndex(cases.scope.findData(Scope.ALL.value))
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1)
    cases.table.setFocus()
    cases.table.setCurrentIndex(cases.model.index(0, 0))
    qtbot.keyClick(cases.table, Qt.Key.Key_Return)
    assert page(window).title.text() == "N'DIAYE-LEFÈVRE Aïssatou"


def test_identity_edits_are_validated_saved_and_in_the_history(qtbot: QtBot, window: MainWindow) -> None:
    shown = create_dossier(qtbot, window)
    shown.person.email.setText("aissatou@")
    click(qtbot, shown.save_person)
    assert "e-mail" in shown.person.errors.message("email")
    shown.person.email.setText("aissatou.ndiaye@exemple.fr")
    click(qtbot, shown.save_person)
    assert shown.person.errors.message("email") == "" and not shown.person.is_dirty()
    assert shown.history.topLevelItem(0).text(1) == "Identité ou coordonnées modifiées"
    assert "E-mail : (vide) → aissatou.ndiaye@exemple.fr" in shown.history.topLevelItem(0).text(2)


def test_leaving_with_unsaved_text_asks_first(qtbot: QtBot, window: MainWindow) -> None:
    shown = create_dossier(qtbot, window)
    shown.person.city.setText("Bar-sur-Aube")
    shown.request_back()
    assert shown.message_box is not None and shown.message_box.isVisible()
    stay = next(b for b in shown.message_box.buttons() if b.text() == "Rester sur le dossier")
    click(qtbot, stay)
    assert page(window) is shown and shown.person.city.text() == "Bar-sur-Aube"
    shown.request_back()
    leave = next(b for b in shown.message_box.buttons() if b.text() == "Quitter sans enregistrer")
    click(qtbot, leave)
    place = window.workspace.dossiers
    assert place.stack.currentWidget() is place.list_page


def test_notes_are_added_edited_and_keep_their_previous_version(qtbot: QtBot, window: MainWindow) -> None:
    shown = create_dossier(qtbot, window)
    shown.tabs.setCurrentWidget(shown.journal_tab)
    type_text(shown.note_editor, "RDV CAF le 3 décembre à 14 h.")
    click(qtbot, shown.save_note)
    assert shown.notes.count() == 1 and "RDV CAF le 3 décembre" in shown.notes.item(0).text()
    assert shown.note_editor.toPlainText() == ""
    shown.notes.setCurrentRow(0)
    click(qtbot, shown.edit_note)
    shown.note_editor.setPlainText("RDV CAF le 4 décembre à 14 h.")
    click(qtbot, shown.save_note)
    assert "(modifiée)" in shown.notes.item(0).text() and "4 décembre" in shown.notes.item(0).text()
    shown.notes.setCurrentRow(0)
    assert "3 décembre" in shown.versions.text()


def test_closing_the_window_with_an_unsaved_note_asks_first(qtbot: QtBot, window: MainWindow) -> None:
    shown = create_dossier(qtbot, window)
    shown.note_editor.setPlainText("À transmettre : la personne déménage le 15.")
    window.close()
    assert window.isVisible() and shown.message_box is not None and shown.message_box.isVisible()
    click(qtbot, next(b for b in shown.message_box.buttons() if b.text() == "Quitter sans enregistrer"))
    assert not window.isVisible()


def test_the_preparation_sheet_lists_what_to_decide_and_prints(qtbot: QtBot, window: MainWindow) -> None:
    from pypdf import PdfReader

    shown = create_dossier(qtbot, window)
    opened: list[Path] = []
    shown.plan.open_file = opened.append
    qtbot.mouseClick(shown.prepare_button, Qt.MouseButton.LeftButton)
    dialog = shown.preparation_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.text.toPlainText()
    assert "Préparation du rendez-vous — N'DIAYE-LEFÈVRE Aïssatou" in text
    assert "Points à décider ensemble" in text and "Commencer le diagnostic partagé avec la personne." in text
    assert "Aucun frein repéré." in text and "Aucune action en cours." in text
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    pdf_text = PdfReader(opened[0]).pages[0].extract_text()
    assert "Commencer le diagnostic partagé" in pdf_text and "document interne au binôme" in pdf_text


def test_the_person_s_data_are_exported_for_a_right_of_access_request(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    import json

    shown = create_dossier(qtbot, window)
    assert (
        not shown.export_button.isEnabled()
        and "Réservé au travailleur social" in shown.export_button.toolTip()
    )
    detail = shown.detail
    assert detail is not None and detail.travailleur_social is not None
    window.set_professional(detail.travailleur_social)  # the binôme's social worker answers the request
    window.workspace.dossiers.open_dossier(detail.dossier.id)
    shown = page(window)
    assert shown.export_button.isEnabled()
    target = tmp_path / "acces.json"
    shown.ask_save_path = lambda _name: str(target)
    qtbot.mouseClick(shown.export_button, Qt.MouseButton.LeftButton)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["personne"]["first_name"] == "Aïssatou" and data["historique"][0]["kind"] == "Orientation"
    assert "Données de la personne exportées" in window.statusBar().currentMessage()
    from pypdf import PdfReader

    shown.ask_save_path = lambda name: str(
        tmp_path / "pour-la-personne"
    )  # no extension: a PDF, for the person
    qtbot.mouseClick(shown.export_button, Qt.MouseButton.LeftButton)
    text = PdfReader(tmp_path / "pour-la-personne.pdf").pages[0].extract_text()
    assert "Vos données" in text and "Aïssatou" in text


def test_a_dossier_past_its_retention_is_flagged_and_anonymised_on_confirmation(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    from accomp_desktop.domain.enums import Route
    from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
    from accomp_desktop.services.dossiers import DossierService

    professional = window.professional
    assert professional is not None
    team = window.workspace.dossiers.teams[0]
    old = (
        DossierService(store)
        .create(
            OrientationDraft(
                PersonDraft("Lefèvre", "Anne", "04/07/1985"),
                team.binome.id,
                professional.id,
                Route.GLOBAL,
                "01/06/2024",
                "Logement.",
                True,
            ),
            author_id=professional.id,
            today=date(2024, 6, 1),
        )
        .dossier.id
    )
    window.workspace.dossiers.open_dossier(old)
    shown = page(window)
    assert (
        shown.anonymise_button.isVisible()
        and "durée de conservation (2 ans) est dépassée" in shown.retention.text()
    )
    qtbot.mouseClick(shown.anonymise_button, Qt.MouseButton.LeftButton)
    assert shown.message_box is not None
    click(qtbot, next(b for b in shown.message_box.buttons() if b.text() == "Anonymiser définitivement"))
    assert shown.title.text().startswith("ANONYME AG-2024-")
    assert not shown.anonymise_button.isVisible() and shown.retention.text().startswith(
        "Dossier anonymisé le"
    )
    assert shown.person.last_name.text() == "Anonyme"


def test_an_unusual_orientation_date_is_asked_once_then_saved(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = open_new_dialog(qtbot, window)
    fill(dialog)
    three_years_ago = date.today().replace(year=date.today().year - 3, day=1)
    dialog.orientation_date.setText(three_years_ago.strftime("%d/%m/%Y"))
    click(qtbot, dialog.ok_button)
    box = dialog.unusual_box
    assert box is not None and box.isVisible() and dialog.isVisible()
    assert "hors de l'habituel" in box.text() and three_years_ago.strftime("%d/%m/%Y") in box.text()
    click(qtbot, next(b for b in box.buttons() if b.text() == "Créer le dossier quand même"))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page(window).subtitle.text().startswith(f"Dossier AG-{three_years_ago.year}-0001")
    dialog = open_new_dialog(qtbot, window)
    fill(dialog, last="Roy", first="Léa")
    dialog.orientation_date.setText("01/01/1850")
    click(qtbot, dialog.ok_button)
    assert "entre le 01/01/2014 et aujourd'hui" in dialog.errors.message("orientation_date")
    with store.unit_of_work() as session:
        assert session.execute(text("SELECT count(*) FROM dossiers")).scalar() == 1
