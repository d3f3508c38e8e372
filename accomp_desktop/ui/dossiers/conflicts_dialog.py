"""« Conflits à résoudre »: for each text two professionals wrote without reading each other's, both versions
side by side and a text to keep — one of them, the other, or a merge typed from both."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from accomp_desktop.services.conflicts import ConflictLine, ConflictService
from accomp_desktop.ui.tasks import Runner, UserError


def _when(stamp: str) -> str:
    """« (le 29/11/2026 à 16:52) » from the moment the other text was written, as its machine stamped it."""
    try:
        moment = datetime.fromisoformat(stamp.strip())
    except ValueError:
        return ""
    return f" (le {moment:%d/%m/%Y à %H:%M})"


class _ConflictBox(QGroupBox):
    def __init__(self, line: ConflictLine, keep: Callable[[str, str], None]) -> None:
        super().__init__(f"Deux versions pour {line.what}")
        conflict = line.conflict
        self.line = line
        layout = QVBoxLayout(self)
        versions = QHBoxLayout()
        for title, text in (
            ("Version enregistrée", conflict.kept),
            (f"Version de {line.other_author}{_when(conflict.other_at)}", conflict.other),
        ):
            column = QVBoxLayout()
            label = QLabel(title)
            label.setWordWrap(True)
            column.addWidget(label)
            shown = QPlainTextEdit(text)
            shown.setReadOnly(True)
            shown.setAccessibleName(title)
            column.addWidget(shown)
            versions.addLayout(column)
        layout.addLayout(versions)
        layout.addWidget(QLabel("Texte à garder (modifiable, pour fusionner les deux) :"))
        self.merged = QPlainTextEdit(conflict.kept if conflict.kept else conflict.other)
        self.merged.setAccessibleName("Texte à garder")
        layout.addWidget(self.merged)
        buttons = QHBoxLayout()
        self.take_kept = QPushButton("Reprendre la version enregistrée")
        self.take_kept.clicked.connect(lambda: self.merged.setPlainText(conflict.kept))
        self.take_other = QPushButton("Reprendre l'autre version")
        self.take_other.clicked.connect(lambda: self.merged.setPlainText(conflict.other))
        self.both = QPushButton("Mettre les deux bout à bout")
        self.both.clicked.connect(
            lambda: self.merged.setPlainText(f"{conflict.kept}\n\n{conflict.other}".strip())
        )
        self.save = QPushButton("Garder ce texte")
        self.save.setDefault(True)
        self.save.clicked.connect(lambda: keep(conflict.id, self.merged.toPlainText()))
        for button in (self.take_kept, self.take_other, self.both):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        layout.addLayout(buttons)
        if not line.writable:
            for widget in (self.merged, self.take_kept, self.take_other, self.both, self.save):
                widget.setEnabled(False)
            layout.addWidget(QLabel("Seul le professionnel qui peut écrire ce texte peut choisir."))


class ConflictsDialog(QDialog):
    def __init__(
        self,
        service: ConflictService,
        runner: Runner,
        dossier_id: str,
        viewer_id: str,
        on_resolved: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Conflits à résoudre")
        self.resize(900, 640)
        self._service, self._runner = service, runner
        self._dossier_id, self._viewer_id, self._on_resolved = dossier_id, viewer_id, on_resolved
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Ces textes ont été écrits en même temps sur les deux postes du binôme, chacun sans avoir lu "
            "l'autre. "
            "Aucun n'a été effacé : choisissez celui à garder, ou fusionnez-les."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self._area = QScrollArea()
        self._area.setWidgetResizable(True)
        layout.addWidget(self._area, stretch=1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.boxes: list[_ConflictBox] = []
        self.reload()

    def reload(self) -> None:
        dossier_id, viewer = self._dossier_id, self._viewer_id
        self._runner.run(
            lambda: self._service.of_dossier(dossier_id, viewer_id=viewer), self._show, self._failed
        )

    def _show(self, lines: list[ConflictLine]) -> None:
        content = QWidget()
        column = QVBoxLayout(content)
        self.boxes = [_ConflictBox(line, self._keep) for line in lines]
        for box in self.boxes:
            column.addWidget(box)
        if not lines:
            column.addWidget(QLabel("Plus aucun conflit dans ce dossier."))
        column.addStretch(1)
        self._area.setWidget(content)

    def _keep(self, conflict_id: str, text: str) -> None:
        author = self._viewer_id

        def done(_: object) -> None:
            self.message.setText("")
            self._on_resolved()
            self.reload()

        self._runner.run(
            lambda: self._service.resolve(conflict_id, text, author_id=author), done, self._failed
        )

    def _failed(self, error: UserError) -> None:
        self.message.setText(str(error))
