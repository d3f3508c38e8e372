"""The preparation sheet of a joint appointment on screen, with a button to print it as a PDF."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from accomp_desktop.services.preparation import Preparation, PreparationService
from accomp_desktop.ui.tasks import Runner, UserError
from accomp_desktop.ui.widgets.pdf_printing import write_temp_pdf


def preparation_html(preparation: Preparation) -> str:
    parts = [f"<h2>{escape(preparation.title)}</h2>"]
    for heading, lines in preparation.sections():
        parts.append(f"<h3>{escape(heading)}</h3><ul>")
        parts += [f"<li>{escape(line)}</li>" for line in lines]
        parts.append("</ul>")
    return "".join(parts)


class PreparationDialog(QDialog):
    def __init__(
        self,
        service: PreparationService,
        runner: Runner,
        preparation: Preparation,
        author: str,
        open_file: Callable[[Path], None],
        viewer_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._viewer_id = viewer_id
        self.setWindowTitle(preparation.title)
        self.resize(760, 640)
        self._service, self._runner, self._preparation, self._author = service, runner, preparation, author
        self._open_file = open_file
        self.text = QTextBrowser()
        self.text.setAccessibleName("Fiche de préparation")
        self.text.setHtml(preparation_html(preparation))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button: QPushButton = buttons.addButton(
            "Imprimer en PDF", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.clicked.connect(self.print_pdf)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def print_pdf(self) -> None:
        dossier = self._preparation.detail.dossier

        def work() -> Path:
            pdf = self._service.pdf(
                dossier.id, today=date.today(), author=self._author, viewer_id=self._viewer_id
            )
            return write_temp_pdf(pdf, f"preparation-{dossier.reference}.pdf")

        self._runner.run(work, self._open_file, self._failed)

    def _failed(self, error: UserError) -> None:
        self.text.append(f"<p><b>Impression impossible :</b> {escape(str(error))}</p>")
