"""The plan tab through the real window: add actions, see deadlines, reorder by drag and keyboard, print."""

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from accomp_desktop.domain.enums import CarrierKind, Route, Side
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.services.plan import ActionDraft, PlanService
from accomp_desktop.storage.session import Store
from accomp_desktop.ui.dossiers.plan_tab import ActionDialog, ObjectiveDialog, PlanTab
from accomp_desktop.ui.main_window import MainWindow
from tests.conftest import TODAY
from tests.factories import seed
from tests.ui.keyboard import type_text
from tests.ui.windows import make_window


@pytest.fixture
def window(qtbot: QtBot, store: Store, tmp_path: Path, referentiel: Referentiel) -> MainWindow:
    conseiller, _, binome = seed(store)
    dossier = (
        DossierService(store)
        .create(
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
        .dossier.id
    )
    plans = PlanService(store, referentiel)
    for label, due in (
        ("Mettre à jour mon CV", "02/11/2026"),
        ("Atelier numérique", ""),
        ("Rendez-vous CAF", ""),
    ):
        plans.save_action(
            dossier,
            ActionDraft(label, Side.EMPLOI, CarrierKind.PERSON, due_date=due),
            author_id=conseiller.id,
            today=TODAY,
        )
    window = make_window(qtbot, store, tmp_path)
    window.set_professional(conseiller)
    window.show()
    window.workspace.dossiers.open_dossier(dossier)
    return window


def plan_of(window: MainWindow) -> PlanTab:
    return window.workspace.dossiers.page.plan


def labels(tab: PlanTab) -> list[str]:
    return [tab.model.index(row, 0).data() for row in range(tab.model.rowCount())]


def test_the_plan_shows_actions_in_order_with_their_deadlines(window: MainWindow) -> None:
    tab = plan_of(window)
    assert window.workspace.dossiers.page.tabs.currentWidget() is tab
    assert labels(tab) == ["Mettre à jour mon CV", "Atelier numérique", "Rendez-vous CAF"]
    assert tab.model.index(0, 4).data() == "⚠ 02/11/2026 (en retard)"
    assert tab.summary.text().startswith("3 actions · ⚠ 1 en retard")


def test_a_new_action_is_validated_then_added(qtbot: QtBot, window: MainWindow) -> None:
    tab = plan_of(window)
    qtbot.mouseClick(tab.new_action, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, ActionDialog)
    dialog.carrier.setCurrentIndex(dialog.carrier.findData(CarrierKind.PARTNER.value))
    dialog.due_date.setText("31/02/2027")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors.message("label") == "L'intitulé de l'action est obligatoire."
    assert "structure partenaire" in dialog.errors.message("carrier_name")
    assert "n'existe pas" in dialog.errors.message("due_date")
    type_text(dialog.label, "Demande d'aide au permis de conduire")
    dialog.carrier_name.setText("Mission locale de Troyes")
    dialog.due_date.setText("15/03/2027")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert labels(tab)[-1] == "Demande d'aide au permis de conduire"
    assert tab.model.index(3, 2).data() == "Mission locale de Troyes"


def test_reorder_by_keyboard_and_by_drag(qtbot: QtBot, window: MainWindow) -> None:
    tab = plan_of(window)
    window.activateWindow()
    qtbot.waitActive(window)
    tab.table.setFocus()
    tab.table.selectRow(0)
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert labels(tab) == ["Atelier numérique", "Mettre à jour mon CV", "Rendez-vous CAF"]
    assert tab.table.selectionModel().selectedRows()[0].row() == 1  # the moved action stays selected
    # A drag of the last row onto the first place.
    data = tab.model.mimeData([tab.model.index(2, 0)])
    tab.model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert labels(tab) == ["Rendez-vous CAF", "Atelier numérique", "Mettre à jour mon CV"]


def test_objectives_come_from_the_referentiel_of_ones_own_side(qtbot: QtBot, window: MainWindow) -> None:
    tab = plan_of(window)
    qtbot.mouseClick(tab.new_objective, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, ObjectiveDialog)
    # The conseiller sets objectives of the emploi side only: the social themes are not offered.
    assert dialog.theme.findData("logement") < 0 and dialog.theme.findData("maitrise_langue") >= 0
    dialog.theme.setCurrentIndex(dialog.theme.findData("maitrise_langue"))
    objective = "Apprendre / Améliorer ses capacités en français"
    assert dialog.label.findText(objective) >= 0
    dialog.label.setCurrentIndex(dialog.label.findText(objective))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert tab.sheet is not None and [o.label for o in tab.sheet.objectives] == [objective]


def test_a_preview_is_not_handed_over_until_the_professional_says_so(
    qtbot: QtBot, window: MainWindow
) -> None:
    tab = plan_of(window)
    opened: list[Path] = []
    tab.open_file = opened.append
    qtbot.mouseClick(tab.pdf_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and "Mettre à jour mon CV" in PdfReader(opened[0]).pages[0].extract_text()
    assert tab.issued.count() == 0  # a preview is no plan « remis »
    assert "Aperçu du plan" in window.statusBar().currentMessage() and tab.handed_button.isEnabled()
    qtbot.mouseClick(tab.handed_button, Qt.MouseButton.LeftButton)
    assert tab.issued.count() == 1 and tab.issued.item(0).text().startswith("Version 1, remise le")
    assert (
        "version 1 noté comme remis" in window.statusBar().currentMessage()
        and not tab.handed_button.isEnabled()
    )
    tab.reopen(tab.issued.item(0))
    assert len(opened) == 2 and opened[1].read_bytes() == opened[0].read_bytes()
    QApplication.processEvents()


def test_the_action_model_passes_qt_model_checks(window: MainWindow, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(plan_of(window).model, force_py=True)


def test_my_deadlines_of_the_week_open_the_dossier(qtbot: QtBot, window: MainWindow) -> None:
    place = window.workspace.dossiers
    place.show_list()
    qtbot.mouseClick(place.deadlines_button, Qt.MouseButton.LeftButton)
    dialog = place.deadlines_dialog
    assert dialog is not None and dialog.isVisible()
    item = dialog.tree.topLevelItem(0)
    assert dialog.tree.topLevelItemCount() == 1  # the only action with a due date, overdue
    assert [item.text(i) for i in range(4)] == [
        "⚠ 02/11/2026 (en retard)",
        "LEFÈVRE Anne",
        "Mettre à jour mon CV",
        "La personne elle-même",
    ]
    dialog.tree.itemActivated.emit(item, 0)
    assert not dialog.isVisible() and place.stack.currentWidget() is place.page


class PaperPrinter(QPrinter):
    """A printer whose paper the test can read: Qt's PDF engine underneath, but a printer for the application
    (there is no physical printer here)."""

    def outputFormat(self) -> QPrinter.OutputFormat:  # noqa: N802 - Qt's name
        return QPrinter.OutputFormat.NativeFormat


def test_printing_goes_through_the_print_dialog(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    tab = plan_of(window)
    printed = tmp_path / "printer-output.pdf"

    def printer_chosen_in_the_dialog(_parent: object) -> QPrinter:
        printer = PaperPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFileName(str(printed))
        return printer

    tab.choose_printer = printer_chosen_in_the_dialog
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    kept = PdfReader(tab.last_pdf) if tab.last_pdf else None
    assert kept is not None and len(PdfReader(printed).pages) == len(kept.pages)
    assert f"envoyé à l'imprimante ({len(kept.pages)} pages)" in window.statusBar().currentMessage()
    assert tab.issued.count() == 1  # printed: handed to the person
    tab.choose_printer = lambda _parent: None  # cancelled in the dialog
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    assert "Impression annulée : rien n'est noté comme remis" in window.statusBar().currentMessage()
    assert tab.issued.count() == 1 and tab.print_button.isEnabled()


def test_printing_to_a_file_saves_the_document_itself(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """« Imprimer dans un fichier » used to write pictures of the pages (1.5 MB, no text); and a file is not
    yet a plan handed over."""
    tab = plan_of(window)
    target = tmp_path / "plan à envoyer.pdf"

    def file_chosen_in_the_dialog(_parent: object) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # what « Imprimer dans un fichier » sets
        printer.setOutputFileName(str(target))
        return printer

    tab.choose_printer = file_chosen_in_the_dialog
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    assert tab.last_pdf is not None and target.read_bytes() == tab.last_pdf.read_bytes()
    assert "Mettre à jour mon CV" in PdfReader(target).pages[0].extract_text()
    assert tab.issued.count() == 0 and tab.handed_button.isEnabled()
    assert f"enregistré dans {target}" in window.statusBar().currentMessage()


def test_without_a_pdf_viewer_the_plan_is_offered_for_saving(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no viewer installed, « Voir le plan en PDF » did nothing visible."""
    from accomp_desktop.ui.widgets import pdf_printing

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # a computer where no program opens PDFs
    pdf_printing.pdf_viewer_available.cache_clear()
    chosen = tmp_path / "mon plan"
    monkeypatch.setattr(pdf_printing, "ask_pdf_path", lambda _parent, _name: str(chosen))  # Qt's file dialog
    tab = plan_of(window)
    try:
        qtbot.mouseClick(tab.pdf_button, Qt.MouseButton.LeftButton)
        notice = pdf_printing.last_no_viewer
        assert notice is not None and notice.box.isVisible()
        assert "Aucun programme n'est installé" in notice.box.text()
        qtbot.mouseClick(
            next(b for b in notice.box.buttons() if b.text() == "Enregistrer sous…"),
            Qt.MouseButton.LeftButton,
        )
        saved = chosen.with_suffix(".pdf")
        assert notice.saved_to == str(saved) and tab.last_pdf is not None
        assert saved.read_bytes() == tab.last_pdf.read_bytes()
    finally:
        pdf_printing.pdf_viewer_available.cache_clear()


def test_a_plan_that_fails_to_render_gives_the_buttons_back(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = plan_of(window)

    def broken(*_args: object, **_kwargs: object) -> bytes:
        raise ValueError("a bug in the layout")

    monkeypatch.setattr("accomp_desktop.reports.plan_pdf.render_plan", broken)
    reported: list[BaseException] = []
    monkeypatch.setattr("sys.excepthook", lambda _t, error, _tb: reported.append(error))
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    assert tab.print_button.isEnabled() and tab.pdf_button.isEnabled()
    assert tab.print_button.text() == "Imprimer le plan…"
    assert "Erreur inattendue" in tab.print_error.text() and len(reported) == 1


def test_viewer_copies_are_removed_at_the_end_of_the_session(qtbot: QtBot, window: MainWindow) -> None:
    from accomp_desktop.services.documents import clear_documents

    tab = plan_of(window)
    opened: list[Path] = []
    tab.open_file = opened.append
    qtbot.mouseClick(tab.pdf_button, Qt.MouseButton.LeftButton)
    assert opened[0].exists()
    clear_documents()
    assert not opened[0].exists()
