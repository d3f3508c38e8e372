"""Two real desktop processes and the hub: a name changed in the travailleur social's window appears in the
conseiller's open window, through HTTP, the hub's PostgreSQL and each window's own synchronisation worker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from accomp_desktop.hub.server import HubServer
from accomp_desktop.hub.store import Hub
from accomp_desktop.services import sync_http
from tests.factories import canary_dossier
from tests.hub.conftest import HubDatabase
from tests.hub.machines import Desktop

ROOT = Path(__file__).resolve().parents[2]


def test_an_edit_in_one_window_appears_in_the_others(tmp_path: Path, hub_db: HubDatabase) -> None:
    server = HubServer(hub_db.service_url(), "127.0.0.1", 0).start()
    try:
        social_pc, conseiller_pc = Desktop.new(tmp_path / "ts"), Desktop.new(tmp_path / "cft")
        social, dossier_id = canary_dossier(social_pc.store, "Lefèvre")
        conseiller_id = str(social_pc.scalar("SELECT conseiller_id FROM binomes"))
        for machine, professional in ((social_pc, social.id), (conseiller_pc, conseiller_id)):
            with hub_db.connect() as connection:
                code = Hub(connection).issue_code(professional)
            sync_http.join(machine.store, server.address, code)
            sync_http.client(machine.store).sync()  # type: ignore[union-attr]
            machine.close()
        environment = {**os.environ, "ACCOMP_SYNC_INTERVAL": "1", "QT_QPA_PLATFORM": "offscreen"}
        child = [sys.executable, "-m", "tests.e2e.sync_child"]
        started = time.monotonic()
        watcher = subprocess.Popen(
            [*child, str(tmp_path / "cft"), conseiller_id, "watch", "Lefèvre-Ørsted"],
            cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        writer = subprocess.Popen(
            [*child, str(tmp_path / "ts"), social.id, "write", "Lefèvre-Ørsted", dossier_id],
            cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            out, err = watcher.communicate(timeout=90)
        finally:
            writer.terminate()
            written, writer_err = writer.communicate(timeout=30)
        assert "seen" in out, (out, err, written, writer_err)
        assert "edited" in written
        assert time.monotonic() - started < 90
    finally:
        server.stop()
