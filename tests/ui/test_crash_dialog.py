from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from accomp_desktop.crash import CrashHandler
from accomp_desktop.ui.main_window import show_crash_reports


def test_last_crash_is_shown_once_with_the_report_path(qtbot: QtBot, tmp_path: Path) -> None:
    handler = CrashHandler(tmp_path)
    report = handler.write_report("Erreur inattendue", "Traceback ...")
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    show_crash_reports(parent, handler.pending_reports(), handler.acknowledge)
    box = parent.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    assert "dernière utilisation" in box.text()
    assert report is not None
    kept = report.with_name(report.name.replace("crash-", "seen-"))
    assert kept.exists() and str(kept) in box.informativeText()  # where the report is now, not where it was
    assert handler.pending_reports() == []  # not shown again at the next start
    box.accept()
