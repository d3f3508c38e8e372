"""The synchronisation's line in the status bar: hidden on a machine that shares nothing, calm when the hub
cannot be reached (since when, and what waits here), and the edits kept."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from accomp_desktop.services.sync_http import HUB_URL, TOKEN, HubLink
from accomp_desktop.storage import outbox
from accomp_desktop.storage.session import Store
from accomp_desktop.ui.sync_panel import SyncPanel
from accomp_desktop.ui.tasks import ImmediateRunner, UserError
from tests.factories import add_dossier, seed


def test_hidden_alone_then_calm_when_the_hub_is_unreachable(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    errors: list[UserError] = []
    panel = SyncPanel(HubLink(store), ImmediateRunner(errors.append))
    panel.start()
    assert panel.label.isHidden() and not panel.sync_action.isEnabled()

    _, social, binome = seed(store)
    add_dossier(store, binome.id, social.id)
    with store.engine.begin() as connection:  # joined to a hub that does not answer (nothing listens there)
        outbox.set_state(connection, HUB_URL, "http://127.0.0.1:9")
        outbox.set_state(connection, TOKEN, "jeton")
        outbox.set_state(connection, outbox.SITE_CODE, "2")
        waiting = outbox.pending_count(connection)
    panel.start()
    assert not panel.label.isHidden() and panel.sync_action.isEnabled()
    assert panel.label.text().startswith("Hub injoignable depuis ")
    assert f"{waiting} modifications à envoyer" in panel.label.text()
    assert "vos saisies restent sur ce poste" in panel.label.toolTip()
    assert errors == []
    panel.shutdown()
