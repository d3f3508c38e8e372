"""Showing and printing PDFs: a temporary copy for the system viewer, or a printer chosen in Qt's dialog.

PySide6-Essentials has no PDF renderer, so each page is rendered by PDFium (``pypdfium2``) at the printer's
resolution and painted on the page: what comes out of the printer is exactly the PDF kept in the dossier.
« Imprimer dans un fichier » writes the document's own PDF instead (text, fonts and all, not page images).
Where no PDF viewer is installed, the professional is told so and offered « Enregistrer sous… ».
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from accomp_desktop.domain.errors import FileNotWritten, StorageError, os_reason
from accomp_desktop.jsonfile import write_bytes_atomic
from accomp_desktop.services.documents import write_document
from accomp_desktop.ui.widgets.confirm import confirm
from accomp_desktop.ui.widgets.file_dialogs import save_path


class PrintingFailed(StorageError):
    def __init__(self) -> None:
        super().__init__(
            "L'imprimante n'a pas pu être utilisée. Vérifiez qu'elle est allumée et reliée, ou ouvrez "
            "le PDF pour l'imprimer depuis la visionneuse. Le plan reste gardé dans le dossier."
        )


@functools.cache
def pdf_viewer_available() -> bool:
    """Whether this computer has a program to open PDFs. On Linux, ``xdg-open`` starts (and Qt reports
    success) even when nothing handles PDFs, so the handler is asked for (once, from the worker: it runs a
    program). Elsewhere the system's answer to opening the file is enough."""
    if not sys.platform.startswith("linux"):
        return True
    if shutil.which("xdg-open") is None:
        return False
    query = shutil.which("xdg-mime")
    if query is None:
        return True  # nothing to ask: trust xdg-open
    try:
        found = subprocess.run(
            [query, "query", "default", "application/pdf"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return True
    return bool(found.stdout.strip())


def ask_pdf_path(parent: QWidget | None, name: str) -> str:
    """Qt's « Enregistrer sous » dialog for a PDF; "" when cancelled."""
    return save_path(parent, "Enregistrer le document", str(Path.home() / name), "Documents PDF (*.pdf)")


class NoViewer:
    """What is said when no program opens PDFs here, with « Enregistrer sous… » as the way out."""

    def __init__(
        self, parent: QWidget | None, path: Path, ask_path: Callable[[QWidget | None, str], str] | None = None
    ) -> None:
        self.path, self.saved_to = path, ""
        self._parent, self._ask_path = parent, ask_path or ask_pdf_path
        self.box = confirm(
            parent,  # type: ignore[arg-type]
            "Aucune visionneuse de PDF",
            "Aucun programme n'est installé sur cet ordinateur pour afficher les PDF : le document "
            "ne peut pas être montré ici. Enregistrez-le pour l'ouvrir ou l'imprimer ailleurs "
            "(ou demandez l'installation d'une visionneuse de PDF).",
            yes="Enregistrer sous…",
            no="Fermer",
            then=self.save,
            icon=QMessageBox.Icon.Information,
            yes_role=QMessageBox.ButtonRole.AcceptRole,
        )

    def save(self) -> None:
        target = self._ask_path(self._parent, self.path.name)
        if not target:
            return
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        try:
            write_bytes_atomic(Path(target), self.path.read_bytes())
        except OSError as error:
            QMessageBox.warning(
                self._parent,  # type: ignore[arg-type]
                "Document non enregistré",
                f"Le document n'a pas pu être enregistré dans {target} : {os_reason(error)}.",
            )
            return
        self.saved_to = target


last_no_viewer: NoViewer | None = None  # the last notice shown (kept alive while shown; tests read it)


def open_in_viewer(path: Path, parent: QWidget | None = None) -> None:
    """Show ``path`` in the system's PDF viewer, or say there is none and offer to save the document."""
    global last_no_viewer
    if pdf_viewer_available() and QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return
    last_no_viewer = NoViewer(parent, path)


def write_temp_pdf(pdf: bytes, name: str) -> Path:
    """A copy for the system's PDF viewer (see :mod:`accomp_desktop.services.documents`), on the worker."""
    pdf_viewer_available()  # asked here, on the worker, before the window opens the document
    return write_document(pdf, name)


def choose_printer(parent: QWidget | None) -> QPrinter | None:
    """Qt's print dialog; None when the professional cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Imprimer le plan d'action")
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print every page of ``pdf``; returns the number of pages sent. « Imprimer dans un fichier » (PDF) gets
    the document itself, not pictures of its pages (1.5 MB of images, no text to search or read aloud)."""
    import pypdfium2 as pdfium  # only when printing

    document = pdfium.PdfDocument(pdf)
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        target, pages = Path(printer.outputFileName()), len(document)
        document.close()
        try:
            write_bytes_atomic(target, pdf)
        except OSError as error:
            raise FileNotWritten("Le document", target, error) from None
        return pages
    printer.setFullPage(True)  # the PDF carries its own margins
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintingFailed()
    try:
        dpi = min(printer.resolution(), 300)  # beyond 300 dpi only the memory grows
        for index in range(len(document)):
            if index:
                printer.newPage()
            bitmap = document[index].render(scale=dpi / 72)
            image = QImage(
                bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_BGR888
            )
            area = painter.viewport()
            scale = min(area.width() / image.width(), area.height() / image.height())
            painter.drawImage(QRect(0, 0, round(image.width() * scale), round(image.height() * scale)), image)
        return len(document)
    finally:
        painter.end()
        document.close()
