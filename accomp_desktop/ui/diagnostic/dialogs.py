"""Around the diagnostic editor: the joint validation, the evolution since a validation, the change
history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.domain.diagnostic import ThemeEvolution
from accomp_desktop.domain.people import NOUN
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.domain.validation import format_date
from accomp_desktop.services.diagnostic import ChangeLine, DiagnosticService, DiagnosticSheet
from accomp_desktop.ui.tasks import Runner
from accomp_desktop.ui.widgets.chips import level_text
from accomp_desktop.ui.widgets.fields import list_view, wrapped_label
from accomp_desktop.ui.widgets.forms import DATE_HINT, line_edit
from accomp_desktop.ui.widgets.service_dialog import ServiceDialog


class ValidateDialog(ServiceDialog):
    """Each professional of the binôme validates the diagnostic for himself, with the person; once both have
    approved the same content it becomes the reference to compare with."""

    def __init__(
        self,
        service: DiagnosticService,
        runner: Runner,
        sheet: DiagnosticSheet,
        author_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Valider le diagnostic — {sheet.person_name}", "Valider", runner, parent)
        self.setMinimumWidth(520)
        self._service, self._sheet, self._author_id = service, sheet, author_id
        intro = wrapped_label(
            "Le diagnostic partagé se valide ensemble, avec la personne : le conseiller et le "
            "travailleur social le valident chacun pour lui-même. Cette version servira de "
            "référence pour mesurer les progrès (à 6 mois, à la sortie)."
        )
        self.form.addRow(intro)
        self.progress = wrapped_label(self._progress(sheet, author_id), "hint")
        self.progress.setAccessibleName("Où en est la validation")
        self.form.addRow(self.progress)
        self.validated_on = line_edit("Date de validation", placeholder=DATE_HINT, max_length=12)
        self.validated_on.setText(format_date(date.today()))
        me = next((p for p in (sheet.conseiller, sheet.travailleur_social) if p and p.id == author_id), None)
        self.mine = QCheckBox(
            f"Je valide ce diagnostic ({me.display_name}, {NOUN[me.role]})"
            if me
            else "Je valide ce diagnostic"
        )
        self.person = QCheckBox("La personne a pris connaissance du diagnostic et l'accepte")
        self.form.addRow("Date", self.validated_on)
        self.form.addRow("Moi", self.mine)
        self.form.addRow("Personne", self.person)
        if me is None:  # only the binôme's two professionals validate
            self.mine.setEnabled(False)
            self.ok_button.setEnabled(False)

    @staticmethod
    def _progress(sheet: DiagnosticSheet, author_id: str) -> str:
        """Who has approved already, and what is awaited."""
        members = [p for p in (sheet.conseiller, sheet.travailleur_social) if p]
        if all(p.id != author_id for p in members):
            return "Seuls le conseiller et le travailleur social du binôme valident le diagnostic."
        given = {line.professional_id: line for line in sheet.approvals}
        lines = []
        for person in members:
            line = given.get(person.id)
            if line is None:
                lines.append(f"{person.display_name} : pas encore validé.")
            elif line.current:
                lines.append(f"{person.display_name} : validé le {format_date(line.approved_on)}.")
            else:
                lines.append(
                    f"{person.display_name} : validé le {format_date(line.approved_on)}, mais le "
                    "diagnostic a changé depuis — à valider de nouveau."
                )
        return "\n".join(lines)

    def work(self) -> Callable[[], Any]:
        day, mine, person = self.validated_on.text(), self.mine.isChecked(), self.person.isChecked()
        dossier_id, confirmed = self._sheet.dossier_id, self.confirmed
        return lambda: self._service.validate(
            dossier_id,
            validated_on=day,
            i_agree=mine,
            person_agrees=person,
            author_id=self._author_id,
            today=date.today(),
            confirmed=confirmed,
        )


class EvolutionDialog(QDialog):
    """Each theme's obstacle at a validation, beside today's: which were lifted, which remain."""

    def __init__(
        self,
        service: DiagnosticService,
        runner: Runner,
        sheet: DiagnosticSheet,
        referentiel: Referentiel,
        viewer_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._viewer_id = viewer_id
        self.setWindowTitle(f"Évolution du diagnostic — {sheet.person_name}")
        self.resize(760, 460)
        self._service, self._runner, self._sheet, self._referentiel = service, runner, sheet, referentiel
        self.validation = QComboBox()
        self.validation.setAccessibleName("Diagnostic validé de référence")
        for validation in reversed(sheet.validations):
            self.validation.addItem(
                f"Diagnostic validé le {format_date(validation.validated_on)}", validation.id
            )
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName("Évolution des freins par thème")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, the arrows move inside it
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((220, 170, 170)):
            self.table.setColumnWidth(column, width)
        self.summary = QLabel()
        self.summary.setObjectName("sectionTitle")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.validation)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(close)
        self.validation.currentIndexChanged.connect(lambda _index: self.load())
        self.load()

    def load(self) -> None:
        validation_id = self.validation.currentData()
        if validation_id:
            viewer = self._viewer_id
            self._runner.run(
                lambda: self._service.evolution(self._sheet.dossier_id, validation_id, viewer_id=viewer),
                self._show,
            )

    def _show(self, rows: list[ThemeEvolution]) -> None:
        day = self.validation.currentText().removeprefix("Diagnostic validé le ")
        self.table.setHorizontalHeaderLabels(["Thème", f"Le {day}", "Aujourd'hui", "Évolution"])
        self.table.setRowCount(len(rows))
        for row, line in enumerate(rows):
            values = (
                self._referentiel.theme(line.theme_code).label,
                level_text(line.before) if line.before else "—",
                level_text(line.after) if line.after else "—",
                line.evolution.value,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        lifted = sum(1 for line in rows if line.evolution.name == "LIFTED")
        remaining = sum(
            1 for line in rows if line.after is not None and line.evolution.name not in ("LIFTED", "NONE")
        )
        self.summary.setText(
            f"{lifted} frein{'s' if lifted > 1 else ''} levé{'s' if lifted > 1 else ''}, "
            f"{remaining} encore à travailler"
        )


class HistoryDialog(QDialog):
    """Every change of the diagnostic: when, who, which part, old → new."""

    def __init__(self, lines: list[ChangeLine], person_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Historique du diagnostic — {person_name}")
        self.resize(900, 480)
        self.tree = list_view(
            "Historique des modifications du diagnostic",
            ["Quand", "Qui", "Partie", "Champ", "Avant", "Après"],
            (130, 140, 150, 110, 170),
        )
        self.tree.setWordWrap(True)
        for line in lines:
            when = line.at.replace(tzinfo=UTC).astimezone().strftime("%d/%m/%Y %H:%M")
            item = QTreeWidgetItem(
                [when, line.author, line.part, line.field, line.old or "—", line.new or "—"]
            )
            for column in (4, 5):
                item.setToolTip(column, item.text(column))
            self.tree.addTopLevelItem(item)
        if not lines:
            self.tree.addTopLevelItem(QTreeWidgetItem(["", "", "Aucune modification pour l'instant."]))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(close)
