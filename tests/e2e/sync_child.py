"""One desktop of a binôme, as a real process: the application's main window on a data folder joined to a hub,
synchronising on its own worker every second (``ACCOMP_SYNC_INTERVAL``), see test_sync_windows.

Run as ``python -m tests.e2e.sync_child DATA_DIR PROFESSIONAL_ID write NEW_NAME DOSSIER_ID`` to change a
person's name through the dossier page once the first synchronisation is done (prints ``edited``), or
``... watch NEW_NAME`` to wait until the case list shows it (prints ``seen``, then quits).
"""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from accomp_desktop.domain.referentiel import load_referentiel
from accomp_desktop.resources import resource_path
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.services.workspace import WorkspaceServices
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.migrate import open_database
from accomp_desktop.storage.session import Store
from accomp_desktop.ui.main_window import MainWindow
from accomp_desktop.ui.tasks import TaskRunner


def main() -> None:
    data_dir, professional_id, mode, name = sys.argv[1:5]
    app = QApplication([])
    folder = DataFolder(Path(data_dir))
    store = Store(open_database(folder), folder.database)
    runner = TaskRunner(lambda error: print(f"error {error}", flush=True))
    window = MainWindow(
        services=WorkspaceServices.on(store, load_referentiel(resource_path("referentiel.toml"))),
        runner=runner,
        data_dir=folder.root,
        window_state_file=folder.root / "window-state.json",
        demo=False,
        started=0.0,
        changes=store.changes,
    )
    professional = DirectoryService(store).professional(professional_id)
    assert professional is not None
    window.set_professional(professional)
    window.show()
    store.watch_outside(0.5)
    window.sync_panel.start()
    state = {"edited": False}

    def edit_once(_report: object) -> None:
        if mode != "write" or state["edited"]:
            return
        state["edited"] = True
        window.workspace.dossiers.open_dossier(sys.argv[5])
        page = window.workspace.dossiers.page

        def type_name() -> None:
            if page.detail is None:
                QTimer.singleShot(100, type_name)
                return
            page.person.last_name.setText(name)
            page.save_person.click()
            print("edited", flush=True)

        type_name()

    def look() -> None:
        model = window.workspace.dossiers.cases.model
        shown = [
            str(model.index(row, 0).data(Qt.ItemDataRole.DisplayRole)) for row in range(model.rowCount())
        ]
        if any(name.upper() in text.upper() for text in shown):
            print("seen", flush=True)
            window.close()
            app.quit()

    window.sync_panel.synced.connect(edit_once)
    if mode == "watch":
        timer = QTimer()
        timer.timeout.connect(look)
        timer.start(200)
    app.exec()
    runner.shutdown()
    store.close()


if __name__ == "__main__":
    main()
