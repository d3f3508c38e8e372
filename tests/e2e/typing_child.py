"""A professional typing in the diagnostic editor, until the test kills the process (see test_crash_typing).

Run as ``python -m tests.e2e.typing_child DATA_DIR DOSSIER_ID AUTHOR_ID``. Each character is typed as a key
event, then ``typed <characters typed> <monotonic time>`` is printed; each time the editor says everything
typed is saved (its « ✓ Enregistré »), ``saved <characters> <monotonic time>``: what the professional was told
is safe.
"""

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from accomp_desktop.domain.referentiel import load_referentiel
from accomp_desktop.resources import resource_path
from accomp_desktop.services.diagnostic import DiagnosticService
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.migrate import open_database
from accomp_desktop.storage.session import Store
from accomp_desktop.ui.diagnostic.page import DiagnosticPage
from accomp_desktop.ui.tasks import TaskRunner
from tests.ui.keyboard import type_text

TEXT = (
    "Hébergée chez sa sœur à Troyes depuis l'été ; doit quitter le logement en décembre. "
    "Demande de logement social déposée, relance prévue avec l'assistante sociale. "
) * 4
KEY_INTERVAL_MS = 30


def main() -> None:
    data_dir, dossier_id, author_id = sys.argv[1:4]
    app = QApplication([])
    folder = DataFolder(Path(data_dir))
    store = Store(open_database(folder), folder.database)
    referentiel = load_referentiel(resource_path("referentiel.toml"))
    runner = TaskRunner(lambda error: print(f"error {error}", flush=True))
    page = DiagnosticPage(DiagnosticService(store, referentiel), referentiel, runner)
    author = DirectoryService(store).professional(author_id)
    assert author is not None
    page.set_professional(author)
    page.set_active(True)  # the professional is on the Diagnostic place
    page.show_dossier(dossier_id)
    page.show()
    comment = page.sections["logement"].comment
    typed = 0

    def type_next() -> None:
        nonlocal typed
        if page.sheet is None:  # still loading
            return
        if typed < len(TEXT):
            type_text(comment, TEXT[typed])
            typed += 1
            print(f"typed {typed} {time.monotonic()}", flush=True)

    page.saved.connect(lambda: print(f"saved {len(comment.toPlainText())} {time.monotonic()}", flush=True))
    keys = QTimer()
    keys.timeout.connect(type_next)
    keys.start(KEY_INTERVAL_MS)
    app.exec()


if __name__ == "__main__":
    main()
