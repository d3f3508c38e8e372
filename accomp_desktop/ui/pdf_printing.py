"""Showing and printing PDFs: a temporary copy for the system viewer, or a printer chosen in Qt's dialog.

PySide6-Essentials has no PDF renderer, so each page is rendered by PDFium (``pypdfium2``) at the printer's
resolution and painted on the page: what comes out of the printer is exactly the PDF kept in the dossier.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QRect, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from accomp_desktop.storage.errors import StorageError
from accomp_desktop.storage.private_folder import PrivateFolder


class DocumentNotWritten(StorageError):
    def __init__(self, error: OSError) -> None:
        super().__init__(f"Le document n'a pas pu être préparé pour la visionneuse ({error.strerror}). Il reste "
                         "gardé dans le dossier quand c'est un plan remis.")


class PrintingFailed(StorageError):
    def __init__(self) -> None:
        super().__init__("L'imprimante n'a pas pu être utilisée. Vérifiez qu'elle est allumée et reliée, ou ouvrez "
                         "le PDF pour l'imprimer depuis la visionneuse. Le plan reste gardé dans le dossier.")


def open_in_viewer(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


_documents: PrivateFolder | None = None


def use_documents_folder(path: Path) -> None:
    """Where the copies for the viewer go: the data folder's own (set at start by the application). Without it
    (tests), a private folder of a random name is made for the process."""
    global _documents
    _documents = PrivateFolder(path)


def _folder() -> PrivateFolder:
    global _documents
    if _documents is None:
        _documents = PrivateFolder(Path(tempfile.mkdtemp(prefix="accomp-desktop-")))
    return _documents


def write_temp_pdf(pdf: bytes, name: str) -> Path:
    """A copy for the system's PDF viewer (kept copies live in the database), in a folder private to the user.

    These copies are readable by the viewer, hence in clear: they are removed when the application closes
    (and at the next start, after a crash) by :func:`clear_temp_documents`.
    """
    try:
        return _folder().write(name, pdf)
    except OSError as error:
        raise DocumentNotWritten(error) from None


def choose_printer(parent: QWidget | None) -> QPrinter | None:
    """Qt's print dialog; None when the professional cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Imprimer le plan d'action")
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print every page of ``pdf``; returns the number of pages sent."""
    import pypdfium2 as pdfium  # only when printing

    document = pdfium.PdfDocument(pdf)
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
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_BGR888)
            area = painter.viewport()
            scale = min(area.width() / image.width(), area.height() / image.height())
            painter.drawImage(QRect(0, 0, round(image.width() * scale), round(image.height() * scale)), image)
        return len(document)
    finally:
        painter.end()
        document.close()


def clear_temp_documents() -> None:
    """Remove the documents written for the viewer during the session."""
    _folder().clear()
