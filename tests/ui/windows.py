"""The main window built as the application builds it, on a test database, with work done at once."""

from pathlib import Path

from pytestqt.qtbot import QtBot

from accomp_desktop.domain.referentiel import load_referentiel
from accomp_desktop.resources import resource_path
from accomp_desktop.services.signin import Account
from accomp_desktop.services.workspace import WorkspaceServices
from accomp_desktop.storage.session import Store
from accomp_desktop.ui.main_window import MainWindow
from accomp_desktop.ui.tasks import ImmediateRunner, UserError


def make_window(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    errors: list[UserError] | None = None,
    account: Account | None = None,
    autosave_delay_ms: int = 800,
) -> MainWindow:
    sink = errors if errors is not None else []
    referentiel = load_referentiel(resource_path("referentiel.toml"))
    window = MainWindow(
        services=WorkspaceServices.on(store, referentiel),
        runner=ImmediateRunner(sink.append),
        data_dir=tmp_path,
        window_state_file=tmp_path / "window-state.json",
        demo=False,
        started=0.0,
        account=account,
        lock_after_minutes=10,
        autosave_delay_ms=autosave_delay_ms,
        changes=store.changes,
        sync_runner=ImmediateRunner(sink.append),
    )
    qtbot.addWidget(window)
    return window
