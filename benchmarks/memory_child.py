"""Memory benchmark, in its own process: the case list on every dossier of a large database, scrolled from the
first row to the last the way a view asks for rows; prints the peak resident memory (MB) and the row count."""

from __future__ import annotations

import resource
import sys
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication

from accomp_desktop.domain.caselist import CaseQuery, Scope
from accomp_desktop.services.caselist import CaseListService
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.ui.dossiers.case_list import CaseListView
from accomp_desktop.ui.tasks import ImmediateRunner
from benchmarks.databases import sign_in


def main() -> int:
    app = QApplication(sys.argv[:1])
    unlocked = sign_in(DataFolder(Path(sys.argv[1])))
    view = CaseListView(CaseListService(unlocked.store), ImmediateRunner(print))
    view.resize(1100, 700)
    view.show()
    view.model.set_query(
        CaseQuery(professional_id=unlocked.professional.id, today=date.today(), scope=Scope.ALL)
    )
    bar = view.table.verticalScrollBar()
    app.processEvents()
    position = 0
    while position < bar.maximum():
        position = min(position + bar.pageStep(), bar.maximum())
        bar.setValue(position)
        app.processEvents()  # the view asks for the rows it shows; the model fetches them
    app.processEvents()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(f"{peak_kb / 1024:.0f} {view.model.rowCount()}")
    unlocked.store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
