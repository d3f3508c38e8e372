"""The steps of a dossier's life, each a small dialog: enter the accompaniment, renew, record the exit,
reopen; and the person's consent to share the social side, recorded (or withdrawn) by the travailleur social.

Each dialog says what the step means in the dispositif, asks only what the step needs, and lets the service
apply the rules; the joint decisions are two explicit confirmations, one per professional of the binôme.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QSpinBox, QWidget

from accomp_desktop.domain.enums import ConsentMethod, ExitMotif
from accomp_desktop.domain.rules import RENEWAL_MONTHS
from accomp_desktop.domain.validation import format_date
from accomp_desktop.services.dossier_records import DossierDetail
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.ui.tasks import Runner
from accomp_desktop.ui.widgets.forms import DATE_HINT, line_edit, text_edit
from accomp_desktop.ui.widgets.service_dialog import ServiceDialog


def _explanation(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _member(detail: DossierDetail, role: str) -> str:
    professional = detail.conseiller if role == "conseiller" else detail.travailleur_social
    return professional.display_name if professional else "—"


class StepDialog(ServiceDialog):
    """A lifecycle step on one dossier, done by the current professional."""

    def __init__(
        self,
        title: str,
        ok_text: str,
        service: DossierService,
        runner: Runner,
        detail: DossierDetail,
        author_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"{title} — {detail.person.display_name}", ok_text, runner, parent)
        self.setMinimumWidth(480)
        self._service = service
        self._detail = detail
        self._author_id = author_id
        self._id = detail.dossier.id


class EnterDialog(StepDialog):
    def __init__(
        self,
        service: DossierService,
        runner: Runner,
        detail: DossierDetail,
        author_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Entrée en accompagnement", "Enregistrer l'entrée", service, runner, detail, author_id, parent
        )
        self.form.addRow(
            _explanation(
                "L'entrée se décide ensemble, après le diagnostic partagé et avec l'accord de la personne. "
                "Elle ouvre les 12 mois d'accompagnement."
            )
        )
        self.entry_date = line_edit("Date d'entrée", placeholder=DATE_HINT, max_length=12)
        self.entry_date.setText(format_date(date.today()))
        self.conseiller = QCheckBox(f"{_member(detail, 'conseiller')} (conseiller France Travail) confirme")
        self.social = QCheckBox(f"{_member(detail, 'social')} (travailleur social) confirme")
        self.errors.add(self.form, "entry_date", "Date d'entrée", self.entry_date)
        self.form.addRow("Décision conjointe", self.conseiller)
        self.form.addRow("", self.social)

    def work(self) -> Callable[[], Any]:
        entry, both = self.entry_date.text(), (self.conseiller.isChecked(), self.social.isChecked())
        return lambda: self._service.enter(
            self._id,
            entry_date=entry,
            conseiller_agrees=both[0],
            social_agrees=both[1],
            author_id=self._author_id,
            today=date.today(),
        )


class RenewDialog(StepDialog):
    def __init__(
        self,
        service: DossierService,
        runner: Runner,
        detail: DossierDetail,
        author_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Renouvellement", "Renouveler", service, runner, detail, author_id, parent)
        end = format_date(detail.dossier.planned_end)
        self.form.addRow(
            _explanation(
                f"L'accompagnement prend fin le {end}. Il peut être renouvelé une seule fois, "
                f"pour {RENEWAL_MONTHS} mois au plus, par décision conjointe du binôme."
            )
        )
        self.months = QSpinBox()
        self.months.setAccessibleName("Durée du renouvellement en mois")
        self.months.setRange(1, RENEWAL_MONTHS)
        self.months.setValue(6)
        self.months.setSuffix(" mois")
        self.joint = QCheckBox(
            f"Décidé ensemble par {_member(detail, 'conseiller')} et {_member(detail, 'social')}"
        )
        self.form.addRow("Durée", self.months)
        self.form.addRow("", self.joint)

    def work(self) -> Callable[[], Any]:
        months, joint = self.months.value(), self.joint.isChecked()
        return lambda: self._service.renew(
            self._id, months=months, joint_decision=joint, author_id=self._author_id, today=date.today()
        )


class ExitDialog(StepDialog):
    def __init__(
        self,
        service: DossierService,
        runner: Runner,
        detail: DossierDetail,
        author_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Sortie du dispositif", "Enregistrer la sortie", service, runner, detail, author_id, parent
        )
        self.exit_date = line_edit("Date de sortie", placeholder=DATE_HINT, max_length=12)
        self.exit_date.setText(format_date(date.today()))
        self.motif = QComboBox()
        self.motif.setAccessibleName("Motif de sortie")
        self.motif.addItem("Choisir le motif…", None)
        for motif in ExitMotif:
            self.motif.addItem(motif.label, motif.value)
        self.bilan = text_edit(
            "Bilan", placeholder="Ce qui a été fait ensemble, ce qui reste à faire, vers qui…", height=110
        )
        self.errors.add(self.form, "exit_date", "Date de sortie", self.exit_date)
        self.errors.add(self.form, "motif", "Motif", self.motif)
        self.errors.add(self.form, "bilan", "Bilan", self.bilan)

    def work(self) -> Callable[[], Any]:
        value = self.motif.currentData()
        exit_date, motif, bilan = (
            self.exit_date.text(),
            ExitMotif(value) if value else None,
            self.bilan.toPlainText(),
        )
        return lambda: self._service.close(
            self._id,
            exit_date=exit_date,
            motif=motif,
            bilan=bilan,
            author_id=self._author_id,
            today=date.today(),
        )

    def is_dirty(self) -> bool:
        return bool(self.bilan.toPlainText().strip())


class ReopenDialog(StepDialog):
    def __init__(
        self,
        service: DossierService,
        runner: Runner,
        detail: DossierDetail,
        author_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Réouverture", "Rouvrir le dossier", service, runner, detail, author_id, parent)
        back_to = "l'accompagnement" if detail.dossier.entry_date else "le diagnostic"
        self.form.addRow(
            _explanation(
                f"Le dossier reprendra à {back_to}. La sortie enregistrée reste visible dans l'historique."
            )
        )
        self.reason = text_edit("Motif de la réouverture", placeholder="Pourquoi le dossier est rouvert…")
        self.form.addRow("Motif", self.reason)

    def work(self) -> Callable[[], Any]:
        reason = self.reason.toPlainText()
        return lambda: self._service.reopen(
            self._id, reason=reason, author_id=self._author_id, today=date.today()
        )

    def is_dirty(self) -> bool:
        return bool(self.reason.toPlainText().strip())


class ConsentDialog(StepDialog):
    """Record the person's consent to share the useful social side with France Travail (how and when it was
    collected), or its withdrawal."""

    def __init__(
        self,
        service: DossierService,
        runner: Runner,
        detail: DossierDetail,
        author_id: str,
        parent: QWidget | None = None,
    ) -> None:
        self._give = not detail.dossier.share_consent
        title = "Accord de partage" if self._give else "Retrait de l'accord de partage"
        super().__init__(
            title,
            "Enregistrer l'accord" if self._give else "Enregistrer le retrait",
            service,
            runner,
            detail,
            author_id,
            parent,
        )
        self.form.addRow(
            _explanation(
                "Avec l'accord de la personne, le conseiller France Travail du binôme lit le volet "
                "social utile du "
                "diagnostic, les notes du travailleur social et les actions sociales du plan. Les "
                "éléments marqués "
                "confidentiels ne lui sont jamais montrés (CASF L.121-6-2)."
                if self._give
                else "Sans accord, le conseiller France Travail ne voit plus le volet social, les notes "
                "du travailleur social "
                "ni les actions sociales du plan."
            )
        )
        self.method = QComboBox()
        self.method.setAccessibleName("Comment l'accord a été recueilli")
        for method in ConsentMethod:
            self.method.addItem(method.label, method.value)
        self.given_on = line_edit("Date", placeholder=DATE_HINT, max_length=12)
        self.given_on.setText(format_date(date.today()))
        if self._give:
            self.errors.add(self.form, "method", "Recueilli", self.method)
        self.errors.add(
            self.form, "given_on", "Date de l'accord" if self._give else "Date du retrait", self.given_on
        )

    def work(self) -> Callable[[], Any]:
        give, day = self._give, self.given_on.text()
        method = ConsentMethod(self.method.currentData()) if give else None
        return lambda: self._service.set_consent(
            self._id, give, method=method, given_on=day, author_id=self._author_id, today=date.today()
        )
