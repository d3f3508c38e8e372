"""Choosing a file to save or open, in French throughout.

Qt's own file dialog takes its labels from Qt's French catalogue, which lags behind its source: « &Look in: »
and « Files of &type: » stay in English, and so does the « Type » column (« Folder »). The dialog is built
here with its labels in French and without that column (the file types offered are said below the list), wide
enough for the dates and the folders' names.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QSplitter, QTreeView, QWidget

LABELS = {
    QFileDialog.DialogLabel.LookIn: "Dossier :",
    QFileDialog.DialogLabel.FileName: "Nom du fichier :",
    QFileDialog.DialogLabel.FileType: "Type de fichier :",
}


def file_dialog(
    parent: QWidget | None, title: str, *, saving: bool, start: str = "", filters: str = ""
) -> QFileDialog:
    """The dialog, ready to ``exec()``: French labels, the suggested name or folder, the file types
    offered."""
    dialog = QFileDialog(parent, title, start, filters)
    dialog.setOption(
        QFileDialog.Option.DontUseNativeDialog, True
    )  # the labels below apply to Qt's own dialog
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if saving else QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile if saving else QFileDialog.FileMode.ExistingFile)
    for label, text in LABELS.items():
        dialog.setLabelText(label, text)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "Enregistrer" if saving else "Ouvrir")
    dialog.setLabelText(QFileDialog.DialogLabel.Reject, "Annuler")
    details = dialog.findChild(QTreeView)
    if details is not None:
        details.hideColumn(2)  # « Type »: « Folder », « ics File »… untranslated
        details.setColumnWidth(0, 320)
        details.setColumnWidth(3, 170)  # « 29/11/2026 12:16 » whole
    places = dialog.findChild(QSplitter)
    if places is not None:
        places.setSizes([170, 690])  # « Ordinateur » and the home folder's name whole
    dialog.resize(860, 520)
    return dialog


def _chosen(dialog: QFileDialog) -> str:
    return dialog.selectedFiles()[0] if dialog.exec() == QFileDialog.DialogCode.Accepted else ""


def save_path(parent: QWidget | None, title: str, name: str, filters: str) -> str:
    """Where to save a file named ``name`` at first; "" when cancelled."""
    return _chosen(file_dialog(parent, title, saving=True, start=name, filters=filters))


def open_path(parent: QWidget | None, title: str, filters: str) -> str:
    """Which file to open; "" when cancelled."""
    return _chosen(file_dialog(parent, title, saving=False, filters=filters))
