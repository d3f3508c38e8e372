"""The forms of the administration of the dispositif: a professional, a territory, a binôme, replacing a
member.

Each sends what was typed to :class:`~accomp_desktop.services.administration.AdministrationService` off the UI
thread; a refused field shows its French message under it and nothing typed is lost (:class:`ServiceDialog`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QSpinBox, QWidget

from accomp_desktop.domain.enums import Institution, Role
from accomp_desktop.domain.model import Binome, Professional, Territory
from accomp_desktop.domain.people import INSTITUTIONS_OF
from accomp_desktop.domain.validation import format_date
from accomp_desktop.services.administration import (
    TARGET_LIMIT,
    AdministrationService,
    BinomeDraft,
    ProfessionalDraft,
)
from accomp_desktop.ui.tasks import Runner
from accomp_desktop.ui.widgets.fields import DATE_HINT, combo, line_edit, wrapped_label
from accomp_desktop.ui.widgets.service_dialog import ServiceDialog


class ProfessionalFields:
    """Name, role, institution and contacts of a professional, in a form (also used by the first-use
    guide)."""

    def __init__(self, roles: tuple[Role, ...] = tuple(Role)) -> None:
        self.first_name = line_edit("Prénom", max_length=100)
        self.last_name = line_edit("Nom", max_length=100)
        self.role = combo("Fonction", [(r.label, r.value) for r in roles])
        self.institution = combo("Institution", [])
        self.email = line_edit("E-mail", placeholder="prenom.nom@exemple.fr", max_length=254)
        self.phone = line_edit("Téléphone", placeholder="03 25 12 34 56", max_length=24)
        self.role.currentIndexChanged.connect(lambda _index: self._fill_institutions())
        self._fill_institutions()

    def _fill_institutions(self) -> None:
        """Only the institutions of the chosen role: a conseiller is of France Travail."""
        chosen = self.institution.currentData()
        self.institution.clear()
        for institution in INSTITUTIONS_OF[Role(self.role.currentData())]:
            self.institution.addItem(institution.label, institution.value)
        self.institution.setCurrentIndex(max(self.institution.findData(chosen), 0))

    def load(self, professional: Professional) -> None:
        self.first_name.setText(professional.first_name)
        self.last_name.setText(professional.last_name)
        self.role.setCurrentIndex(max(self.role.findData(professional.role.value), 0))
        self.institution.setCurrentIndex(max(self.institution.findData(professional.institution.value), 0))
        self.email.setText(professional.email)
        self.phone.setText(professional.phone)

    def draft(self, *, admin: bool = False) -> ProfessionalDraft:
        return ProfessionalDraft(
            self.first_name.text(),
            self.last_name.text(),
            Institution(self.institution.currentData()),
            Role(self.role.currentData()),
            self.email.text(),
            self.phone.text(),
            admin,
        )

    def typed(self) -> bool:
        return any(edit.text().strip() for edit in (self.first_name, self.last_name, self.email, self.phone))


class ProfessionalDialog(ServiceDialog):
    """Add a professional to the directory, or change one; ``succeeded`` carries the professional."""

    def __init__(
        self,
        service: AdministrationService,
        runner: Runner,
        author_id: str,
        professional: Professional | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Modifier le professionnel" if professional else "Nouveau professionnel",
            "Enregistrer",
            runner,
            parent,
        )
        self.setMinimumWidth(520)
        self._service, self._author_id = service, author_id
        self._id = professional.id if professional else None
        self.fields = ProfessionalFields()
        self.admin = QCheckBox("Administrateur du dispositif sur ce poste (annuaire, binômes, accès)")
        for name, label, widget in (
            ("first_name", "Prénom", self.fields.first_name),
            ("last_name", "Nom", self.fields.last_name),
            ("role", "Fonction", self.fields.role),
            ("institution", "Institution", self.fields.institution),
            ("email", "E-mail", self.fields.email),
            ("phone", "Téléphone", self.fields.phone),
        ):
            self.errors.add(self.form, name, label, widget)
        self.form.addRow("", self.admin)
        self.form.addRow(
            wrapped_label(
                "La fonction décide de ce que le professionnel voit : un conseiller France "
                "Travail ne lit le volet social qu'avec l'accord de la personne, et jamais "
                "les éléments confidentiels.",
                "hint",
            )
        )
        if professional is not None:
            self.fields.load(professional)
            self.admin.setChecked(professional.admin)
        self._loaded = self.fields.draft(admin=self.admin.isChecked())

    def is_dirty(self) -> bool:
        return self.fields.draft(admin=self.admin.isChecked()) != self._loaded

    def work(self) -> Callable[[], Any]:
        draft, professional_id = self.fields.draft(admin=self.admin.isChecked()), self._id
        return lambda: self._service.save_professional(
            draft, author_id=self._author_id, professional_id=professional_id
        )


class TerritoryDialog(ServiceDialog):
    def __init__(
        self,
        service: AdministrationService,
        runner: Runner,
        author_id: str,
        territory: Territory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Modifier le territoire" if territory else "Nouveau territoire", "Enregistrer", runner, parent
        )
        self.setMinimumWidth(480)
        self._service, self._author_id = service, author_id
        self._id = territory.id if territory else None
        self.name = line_edit("Nom du territoire", placeholder="Barsuraubois", max_length=100)
        self.postcodes = line_edit("Codes postaux", placeholder="10200 10140", max_length=2000)
        self.errors.add(self.form, "name", "Territoire", self.name)
        self.errors.add(self.form, "postcodes", "Codes postaux", self.postcodes)
        self.form.addRow(
            wrapped_label(
                "Les codes postaux couverts servent à répartir les personnes importées "
                "d'une liste entre les binômes.",
                "hint",
            )
        )
        if territory is not None:
            self.name.setText(territory.name)
            self.postcodes.setText(" ".join(territory.postcodes))
        self._loaded = (self.name.text(), self.postcodes.text())

    def is_dirty(self) -> bool:
        return (self.name.text(), self.postcodes.text()) != self._loaded

    def work(self) -> Callable[[], Any]:
        name, postcodes, territory_id = self.name.text(), self.postcodes.text(), self._id
        return lambda: self._service.save_territory(
            name, postcodes, author_id=self._author_id, territory_id=territory_id
        )


def target_boxes(low: int, high: int) -> tuple[QWidget, QSpinBox, QSpinBox]:
    minimum, maximum = QSpinBox(), QSpinBox()
    for box, value, name in (
        (minimum, low, "File active visée, minimum"),
        (maximum, high, "File active visée, maximum"),
    ):
        box.setRange(1, TARGET_LIMIT)
        box.setValue(value)
        box.setAccessibleName(name)
    cell = QWidget()
    row = QHBoxLayout(cell)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(minimum)
    row.addWidget(wrapped_label("à"))
    row.addWidget(maximum)
    row.addWidget(wrapped_label("personnes"))
    row.addStretch(1)
    return cell, minimum, maximum


class BinomeDialog(ServiceDialog):
    """Create a binôme (a conseiller, a travailleur social, a territory, a target), or change its name,
    territory and target."""

    def __init__(
        self,
        service: AdministrationService,
        runner: Runner,
        author_id: str,
        professionals: list[Professional],
        territories: list[Territory],
        binome: Binome | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Modifier le binôme" if binome else "Nouveau binôme", "Enregistrer", runner, parent)
        self.setMinimumWidth(540)
        self._service, self._author_id = service, author_id
        self._id = binome.id if binome else None
        active = [p for p in professionals if p.active]
        self.name = line_edit("Nom du binôme", placeholder="Binôme Barsuraubois", max_length=100)
        self.territory = combo("Territoire", [(t.name, t.name) for t in territories])
        self.conseiller = combo(
            "Conseiller France Travail", [(p.display_name, p.id) for p in active if p.role is Role.CONSEILLER]
        )
        self.social = combo(
            "Travailleur social",
            [(p.display_name, p.id) for p in active if p.role is Role.TRAVAILLEUR_SOCIAL],
        )
        target, self.target_min, self.target_max = target_boxes(
            binome.target_min if binome else 70, binome.target_max if binome else 100
        )
        self.errors.add(self.form, "name", "Nom", self.name)
        self.errors.add(self.form, "territory", "Territoire", self.territory)
        self.errors.add(self.form, "conseiller_id", "Conseiller", self.conseiller)
        self.errors.add(self.form, "travailleur_social_id", "Travailleur social", self.social)
        self.errors.add(self.form, "target", "File active visée", target)
        if binome is not None:
            self.name.setText(binome.name)
            self.territory.setCurrentIndex(max(self.territory.findData(binome.territory), 0))
            for box, member in (
                (self.conseiller, binome.conseiller_id),
                (self.social, binome.travailleur_social_id),
            ):
                box.setCurrentIndex(max(box.findData(member), 0))
                box.setEnabled(False)  # a member changes by « Remplacer un membre », which keeps the history
            self.form.addRow(
                wrapped_label(
                    "Pour changer un membre, utilisez « Remplacer un membre… » : les "
                    "dossiers restent au binôme et l'historique garde qui les a suivis.",
                    "hint",
                )
            )
        self._loaded = self.draft()

    def draft(self) -> BinomeDraft:
        return BinomeDraft(
            self.name.text(),
            str(self.territory.currentData() or ""),
            str(self.conseiller.currentData() or ""),
            str(self.social.currentData() or ""),
            self.target_min.value(),
            self.target_max.value(),
        )

    def is_dirty(self) -> bool:
        return self.draft() != self._loaded

    def work(self) -> Callable[[], Any]:
        draft, binome_id = self.draft(), self._id
        return lambda: self._service.save_binome(
            draft, author_id=self._author_id, today=date.today(), binome_id=binome_id
        )


class ReplaceMemberDialog(ServiceDialog):
    """Another conseiller or travailleur social in a binôme, from a day on; the dossiers stay with the
    binôme."""

    def __init__(
        self,
        service: AdministrationService,
        runner: Runner,
        author_id: str,
        binome: Binome,
        professionals: list[Professional],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Remplacer un membre — {binome.name}", "Remplacer", runner, parent)
        self.setMinimumWidth(520)
        self._service, self._author_id, self._binome = service, author_id, binome
        self._professionals = [p for p in professionals if p.active]
        names = {p.id: p.display_name for p in professionals}
        self.role = combo(
            "Membre à remplacer",
            [
                (f"Le conseiller : {names.get(binome.conseiller_id, '—')}", Role.CONSEILLER.value),
                (
                    f"Le travailleur social : {names.get(binome.travailleur_social_id, '—')}",
                    Role.TRAVAILLEUR_SOCIAL.value,
                ),
            ],
        )
        self.newcomer = combo("Remplacé par", [])
        self.on = line_edit("À partir du", placeholder=DATE_HINT, max_length=12)
        self.on.setText(format_date(date.today()))
        self.form.addRow(
            wrapped_label(
                "Les dossiers restent au binôme ; l'historique de chaque dossier ouvert dit "
                "qui le suit à partir de cette date. Celui qui part ne voit plus ces "
                "dossiers.",
                "hint",
            )
        )
        self.form.addRow("Membre", self.role)
        self.errors.add(self.form, "professional_id", "Remplacé par", self.newcomer)
        self.errors.add(self.form, "on", "À partir du", self.on)
        self.role.currentIndexChanged.connect(lambda _index: self._fill())
        self._fill()

    def _fill(self) -> None:
        role = Role(self.role.currentData())
        current = (
            self._binome.conseiller_id if role is Role.CONSEILLER else self._binome.travailleur_social_id
        )
        self.newcomer.clear()
        for professional in self._professionals:
            if professional.role is role and professional.id != current:
                self.newcomer.addItem(professional.display_name, professional.id)

    def work(self) -> Callable[[], Any]:
        role, newcomer, on = (
            Role(self.role.currentData()),
            str(self.newcomer.currentData() or ""),
            self.on.text(),
        )
        return lambda: self._service.replace_member(
            self._binome.id, role, newcomer, on=on, author_id=self._author_id, today=date.today()
        )
