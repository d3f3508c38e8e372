"""What the first window costs: the sign-in window is on screen before the heavy parts of the application
load.

Each line of HEAVY was once paid before the first paint and measured by the benchmarks (start-up is compared
with a bare Qt window); this test keeps them out, in a fresh interpreter as at a real start.
"""

import subprocess
import sys
from pathlib import Path

HEAVY = (
    "sqlalchemy",
    "alembic",
    "reportlab",
    "cryptography",
    "sqlcipher3",  # the database and the documents
    "accomp_desktop.ui.main_window",
    "accomp_desktop.services.caselist",  # everything behind the sign-in
    "accomp_desktop.domain.enums",
    "accomp_desktop.domain.rules",
    "accomp_desktop.domain.referentiel",
    "tomllib",
    "logging.handlers",
    "dataclasses",
    "concurrent.futures",
    "hashlib",
    "filelock",
)

PROBE = """
import sys
from pathlib import Path
from accomp_desktop.app import _make_application
from accomp_desktop.services.signin import SignInService
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.ui.signin_dialog import SignInDialog
from accomp_desktop.ui.tasks import TaskRunner
import PySide6.QtCore

app = _make_application()
folder = DataFolder(Path(sys.argv[1]))
folder.create()
service = SignInService(folder)
dialog = SignInDialog(service, TaskRunner(print), start=service.start(), demo=False)
dialog.show()
app.processEvents()
loaded = [name for name in sys.argv[2:] if name in sys.modules]
if "Qt" in vars(PySide6.QtCore):
    loaded.append("the Qt namespace (~45 ms of Python enums)")
print(";".join(loaded))
"""


def test_the_sign_in_window_shows_without_the_heavy_parts(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path), *HEAVY],
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        check=True,
    )
    assert done.stdout.strip() == ""
