"""The first-use guide: from an empty data folder to a first binôme, so that an office starts without help.

Offered to the administrator when no binôme exists yet. Three steps — the territory, the partner of the binôme
(a travailleur social for a conseiller, and the other way round), the binôme itself — then everything is
written at once (:meth:`AdministrationService.set_up_first_binome`): nothing is saved until the last step is
accepted, and a refused field sends the guide back to its page with the French message under it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QWidget, QWizard, QWizardPage

from accomp_desktop.domain.enums import Role
from accomp_desktop.domain.model import Binome, Professional
from accomp_desktop.domain.people import NOUN
from accomp_desktop.domain.validation import InvalidFields
from accomp_desktop.services.administration import AdministrationService
from accomp_desktop.ui.admin.dialogs import ProfessionalFields, target_boxes
from accomp_desktop.ui.tasks import Runner, UserError
from accomp_desktop.ui.widgets.fields import FieldErrors, error_label, line_edit, wrapped_label


def _page(title: str, subtitle: str) -> tuple[QWizardPage, QFormLayout]:
    page = QWizardPage()
    page.setTitle(title)
    page.setSubTitle(subtitle)
    return page, QFormLayout(page)


class FirstUseGuide(QWizard):
    """``finished_set_up`` carries the binôme made and whether the professional wants his first dossier
    now."""

    finished_set_up = Signal(object, bool)

    def __init__(
        self, service: AdministrationService, runner: Runner, me: Professional, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mise en route d'Accomp Desktop")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumSize(640, 480)
        self.setButtonText(QWizard.WizardButton.NextButton, "Suivant >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Précédent")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Créer le binôme")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Plus tard")
        self._service, self._runner, self._me = service, runner, me
        self._done = False
        self.errors = FieldErrors()
        partner_role = Role.TRAVAILLEUR_SOCIAL if me.role is Role.CONSEILLER else Role.CONSEILLER

        welcome, form = _page(
            "Bienvenue", f"{me.display_name}, trois étapes pour commencer à suivre des personnes."
        )
        form.addRow(
            wrapped_label(
                "Un dossier est toujours suivi par un binôme : un conseiller France Travail et un "
                "travailleur social, "
                "sur un territoire. Ce guide crée votre territoire, votre binôme et son autre membre. "
                "Vous pourrez tout "
                "changer ensuite dans Administration (Ctrl+4)."
            )
        )
        form.addRow(
            wrapped_label(
                f"Vous êtes {NOUN[me.role]} et administrateur de ce poste : c'est vous qui donnez les "
                "fonctions "
                "et les accès aux collègues. Personne ne choisit sa propre fonction.",
                "hint",
            )
        )
        self.addPage(welcome)

        place, form = _page("1. Le territoire", "Où le binôme suit les personnes.")
        self.territory = line_edit("Nom du territoire", placeholder="Barsuraubois", max_length=100)
        self.postcodes = line_edit("Codes postaux", placeholder="10200 10140 10110", max_length=2000)
        self.errors.add(form, "territory", "Territoire", self.territory)
        self.errors.add(form, "postcodes", "Codes postaux (facultatif)", self.postcodes)
        self.addPage(place)

        partner, form = _page(
            f"2. Votre binôme : le {NOUN[partner_role]}",
            "Son nom et comment le joindre ; sa fonction vient d'ici, pas de lui.",
        )
        self.partner = ProfessionalFields(roles=(partner_role,))
        for name, label, widget in (
            ("partner_first_name", "Prénom", self.partner.first_name),
            ("partner_last_name", "Nom", self.partner.last_name),
            ("partner_institution", "Institution", self.partner.institution),
            ("partner_email", "E-mail", self.partner.email),
            ("partner_phone", "Téléphone", self.partner.phone),
        ):
            self.errors.add(form, name, label, widget)
        form.addRow(
            wrapped_label(
                "S'il travaille sur ce poste, donnez-lui ensuite l'accès (Administration › "
                "Professionnels) : il tapera lui-même sa phrase de passe.",
                "hint",
            )
        )
        self.addPage(partner)

        team, form = _page("3. Le binôme", "Son nom et la file active qu'il vise.")
        self.name = line_edit("Nom du binôme", placeholder="Binôme Barsuraubois", max_length=100)
        target, self.target_min, self.target_max = target_boxes(70, 100)
        self.errors.add(form, "name", "Nom du binôme", self.name)
        self.errors.add(form, "target", "File active visée", target)
        self.first_dossier = QCheckBox("Ouvrir ensuite le formulaire de mon premier dossier")
        self.first_dossier.setChecked(True)
        form.addRow("", self.first_dossier)
        self.error = error_label()
        form.addRow(self.error)
        self.addPage(team)
        self._pages = {"territory": 1, "postcodes": 1, "partner": 2, "name": 3, "target": 3}
        self.currentIdChanged.connect(self._entered)

    def _entered(self, page_id: int) -> None:
        if page_id == 3 and not self.name.text().strip() and self.territory.text().strip():
            self.name.setText(f"Binôme {self.territory.text().strip()}")

    def accept(self) -> None:
        """« Créer le binôme »: everything is written at once, or the guide shows what to correct."""
        if self._done:
            super().accept()
            return
        self.error.hide()
        self.errors.clear()
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        service, me, today = self._service, self._me.id, date.today()
        territory, postcodes, partner = self.territory.text(), self.postcodes.text(), self.partner.draft()
        name, low, high = self.name.text(), self.target_min.value(), self.target_max.value()
        self._runner.run(
            lambda: service.set_up_first_binome(
                territory=territory,
                postcodes=postcodes,
                partner=partner,
                binome_name=name,
                target_min=low,
                target_max=high,
                author_id=me,
                today=today,
            ),
            self._created,
            self._refused,
        )

    def _created(self, binome: Binome) -> None:
        self._done = True
        self.finished_set_up.emit(binome, self.first_dossier.isChecked())
        super().accept()

    def _refused(self, error: UserError) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        if isinstance(error, InvalidFields):
            first = min(
                (
                    page
                    for key, page in self._pages.items()
                    for field in error.errors
                    if field.startswith(key)
                ),
                default=3,
            )
            while self.currentId() > first:
                self.back()
            if self.errors.show(error.errors):
                return
        self.error.setText(str(error))
        self.error.show()
