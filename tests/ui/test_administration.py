"""Setting the dispositif up through the windows: from a fresh data folder to a first binôme, a dossier, a
diagnostic and a printed plan with the first-use guide; then the Administration place (administrators
only)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from accomp_desktop.domain.enums import DossierStatus, ObstacleLevel, Role, Side
from accomp_desktop.services.diagnostic import DiagnosticService
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.services.signin import Account, SignInService
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.ui.admin.dialogs import (
    BinomeDialog,
    ProfessionalDialog,
    ReplaceMemberDialog,
    TerritoryDialog,
)
from accomp_desktop.ui.admin.first_use_guide import FirstUseGuide
from accomp_desktop.ui.dossiers.plan_tab import ActionDialog
from accomp_desktop.ui.main_window import ADMINISTRATION, MainWindow
from accomp_desktop.ui.signin_dialog import SignInDialog
from accomp_desktop.ui.tasks import ImmediateRunner
from tests.ui.keyboard import type_text
from tests.ui.windows import make_window

PASSPHRASE = "le chêne et le roseau"

pytestmark = pytest.mark.usefixtures("fast_keys")


def sign_in_first(qtbot: QtBot, data_folder: DataFolder, role: Role = Role.TRAVAILLEUR_SOCIAL) -> Account:
    """The first use of a fresh data folder, typed in the sign-in window."""
    service = SignInService(data_folder)
    dialog = SignInDialog(service, ImmediateRunner(print), start=service.start(), demo=False)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.first_name, "Maëlle")
    type_text(dialog.last_name, "N'Guessan-Lebœuf")
    dialog.role.setCurrentIndex(dialog.role.findData(role.value))
    type_text(dialog.new_passphrase, PASSPHRASE)
    type_text(dialog.new_again, PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.unlocked is not None and dialog.unlocked.professional.admin
    return Account(service, dialog.unlocked)


def open_window(qtbot: QtBot, account: Account, tmp_path: Path) -> MainWindow:
    window = make_window(qtbot, account._unlocked.store, tmp_path, account=account)  # noqa: SLF001
    window.set_professional(account.professional)
    window.show()
    return window


def click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_from_nothing_to_a_printed_plan_with_the_guide(
    qtbot: QtBot, data_folder: DataFolder, tmp_path: Path
) -> None:
    window = open_window(qtbot, sign_in_first(qtbot, data_folder), tmp_path)
    guide = window.guide
    assert isinstance(guide, FirstUseGuide) and guide.isVisible()
    click(qtbot, guide.button(QWizard.WizardButton.NextButton))
    type_text(guide.territory, "Barsuraubois")
    type_text(guide.postcodes, "10200 10140")
    click(qtbot, guide.button(QWizard.WizardButton.NextButton))
    # Her partner is a conseiller: the only role offered, and France Travail the only institution.
    assert guide.partner.role.count() == 1 and guide.partner.institution.currentText() == "France Travail"
    type_text(guide.partner.first_name, "Jean-Marc")
    type_text(guide.partner.last_name, "Lefèvre")
    type_text(guide.partner.email, "jean-marc.lefevre@francetravail")  # a typo, caught at the end
    click(qtbot, guide.button(QWizard.WizardButton.NextButton))
    assert guide.name.text() == "Binôme Barsuraubois"
    click(qtbot, guide.button(QWizard.WizardButton.FinishButton))
    assert guide.isVisible() and guide.currentId() == 2  # back to the page of the wrong field, typing kept
    assert "adresse e-mail n'est pas valide" in guide.errors.message("partner_email")
    assert DirectoryService(window.account._unlocked.store).is_empty()  # noqa: SLF001 - nothing written yet
    type_text(guide.partner.email, ".fr")
    click(qtbot, guide.button(QWizard.WizardButton.NextButton))
    click(qtbot, guide.button(QWizard.WizardButton.FinishButton))
    assert not guide.isVisible()
    assert "Binôme Barsuraubois créé" in window.statusBar().currentMessage()

    # The form of the first dossier opens by itself, on her binôme.
    dialog = window.workspace.dossiers.new_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.binome.currentText() == "Binôme Barsuraubois — Barsuraubois"
    type_text(dialog.person.last_name, "Ørsted-Łukasiewicz")
    type_text(dialog.person.first_name, "Zoé")
    type_text(dialog.person.birth_date, "04/07/1985")
    dialog.reasons.setPlainText("Hébergée chez un tiers, cherche un emploi dans l'aide à domicile.")
    dialog.agreement.setChecked(True)
    click(qtbot, dialog.ok_button)
    page = window.workspace.dossiers.page
    assert page.detail is not None and page.detail.person.last_name == "Ørsted-Łukasiewicz"
    click(qtbot, page.step_buttons["diagnostic"])
    assert page.detail.dossier.status is DossierStatus.DIAGNOSTIC

    # Her side of the diagnostic, saved without a button.
    click(qtbot, page.open_diagnostic)
    editor = window.workspace.diagnostic
    housing = editor.sections["logement"]
    housing.level.setCurrentIndex(housing.level.findData(ObstacleLevel.MAJOR.value))
    editor.flush()
    store = window.account._unlocked.store  # noqa: SLF001
    saved = DiagnosticService(store, editor.referentiel).sheet(
        page.detail.dossier.id, viewer_id=window.professional.id
    )
    assert saved.entries["logement"].level is ObstacleLevel.MAJOR
    window.workspace.go_to(0)

    # An action of her side, then the printed plan.
    tab = page.plan
    click(qtbot, tab.new_action)
    action = tab.dialog
    assert isinstance(action, ActionDialog) and action.side.currentData() == Side.SOCIAL.value
    type_text(action.label, "Déposer une demande de logement social")
    click(qtbot, action.ok_button)
    opened: list[Path] = []
    tab.open_file = opened.append
    click(qtbot, tab.pdf_button)
    text = " ".join(p.extract_text() for p in PdfReader(opened[0]).pages).replace("\n", " ")
    assert "Déposer une demande de logement social" in text and "Jean-Marc Lefèvre" in text


def test_the_administration_place_sets_the_dispositif_up(
    qtbot: QtBot, data_folder: DataFolder, tmp_path: Path
) -> None:
    window = open_window(qtbot, sign_in_first(qtbot, data_folder, Role.OTHER), tmp_path)
    assert window.guide is None  # a coordinator belongs to no binôme: the Administration place instead
    assert window.workspace.places.currentWidget() is window.workspace.administration
    admin = window.workspace.administration
    for _ in range(2):  # two professionals, through the form
        click(qtbot, admin.add_professional)
        form = admin.dialog
        assert isinstance(form, ProfessionalDialog)
        fields = form.fields
        if admin.professionals.topLevelItemCount() == 1:
            type_text(fields.first_name, "Jean-Marc")
            type_text(fields.last_name, "Lefèvre")
            fields.role.setCurrentIndex(fields.role.findData(Role.CONSEILLER.value))
            assert fields.institution.count() == 1  # a conseiller is of France Travail
        else:
            type_text(fields.first_name, "Aïcha")
            type_text(fields.last_name, "N'Diaye")
            fields.role.setCurrentIndex(fields.role.findData(Role.TRAVAILLEUR_SOCIAL.value))
        click(qtbot, form.ok_button)
        assert not form.isVisible()
    assert admin.professionals.topLevelItemCount() == 3
    admin.tabs.setCurrentIndex(1)
    click(qtbot, admin.add_territory)
    territory = admin.dialog
    assert isinstance(territory, TerritoryDialog)
    type_text(territory.name, "Troyes")
    type_text(territory.postcodes, "10000 1030")
    click(qtbot, territory.ok_button)
    assert "5 chiffres" in territory.errors.message("postcodes") and territory.isVisible()
    territory.postcodes.setText("10000 10300")
    click(qtbot, territory.ok_button)
    admin.tabs.setCurrentIndex(2)
    click(qtbot, admin.add_binome)
    binome = admin.dialog
    assert isinstance(binome, BinomeDialog)
    type_text(binome.name, "Binôme Troyes")
    assert (
        binome.conseiller.currentText() == "Jean-Marc Lefèvre"
        and binome.social.currentText() == "Aïcha N'Diaye"
    )
    click(qtbot, binome.ok_button)
    assert admin.binomes.topLevelItemCount() == 1
    assert admin.binomes.topLevelItem(0).text(4) == "70 à 100"
    # A new conseiller replaces Jean-Marc; the members' history keeps both.
    admin.tabs.setCurrentIndex(0)
    click(qtbot, admin.add_professional)
    form = admin.dialog
    assert isinstance(form, ProfessionalDialog)
    type_text(form.fields.first_name, "Paul")
    type_text(form.fields.last_name, "Ôzil")
    form.fields.role.setCurrentIndex(form.fields.role.findData(Role.CONSEILLER.value))
    click(qtbot, form.ok_button)
    admin.tabs.setCurrentIndex(2)
    admin.binomes.setCurrentItem(admin.binomes.topLevelItem(0))
    click(qtbot, admin.replace)
    replace = admin.dialog
    assert isinstance(replace, ReplaceMemberDialog)
    assert replace.newcomer.currentText() == "Paul Ôzil"
    click(qtbot, replace.ok_button)
    assert admin.binomes.topLevelItem(0).text(2) == "Paul Ôzil"
    assert {admin.members.topLevelItem(i).text(0) for i in range(admin.members.topLevelItemCount())} == {
        "Paul Ôzil",
        "Jean-Marc Lefèvre",
        "Aïcha N'Diaye",
    }
    history = [admin.history.topLevelItem(i).text(2) for i in range(admin.history.topLevelItemCount())]
    assert any("Paul Ôzil remplace Jean-Marc Lefèvre" in line for line in history)
    assert any(line.startswith("Binôme créé : Binôme Troyes") for line in history)


def test_the_place_is_not_listed_for_a_professional_who_does_not_administer(
    qtbot: QtBot, data_folder: DataFolder, tmp_path: Path
) -> None:
    account = sign_in_first(qtbot, data_folder)
    window = open_window(qtbot, account, tmp_path)
    assert window.guide is not None
    window.guide.reject()
    assert not window.workspace.navigation.item(ADMINISTRATION).isHidden()
    window.set_professional(replace(account.professional, admin=False))
    assert window.workspace.navigation.item(ADMINISTRATION).isHidden()
    window.workspace.go_to(ADMINISTRATION)
    assert window.workspace.places.currentWidget() is not window.workspace.administration
