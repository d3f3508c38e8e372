"""No plaintext of a person's data in any file the application writes: a canary name, written in a person's
identity, address, reasons and notes, is searched (UTF-8 and UTF-16) in every file of the data folder —
database, WAL, backups, key file, settings, window state, logs, crash reports — after a real session of the
application, and in the copies of documents written for the PDF viewer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from accomp_desktop.domain.enums import Institution, Role
from accomp_desktop.services.signin import SignInService
from accomp_desktop.storage.location import DataFolder
from tests.factories import canary_dossier

CANARY = "Zéphyrine-Canari-9043"
PASSPHRASE = "une phrase pour le canari"


def holders(root: Path) -> list[Path]:
    patterns = (CANARY.encode("utf-8"), CANARY.encode("utf-16-le"), CANARY.upper().encode("utf-8"))
    return [
        path
        for path in root.rglob("*")
        if path.is_file() and any(pattern in path.read_bytes() for pattern in patterns)
    ]


def test_the_scan_finds_the_canary_where_it_is(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"x {CANARY} y", encoding="utf-16-le")
    (tmp_path / "b.txt").write_text("rien", encoding="utf-8")
    assert holders(tmp_path) == [tmp_path / "a.txt"]


def test_a_session_leaves_the_canary_in_no_file(tmp_path: Path) -> None:
    folder = DataFolder(tmp_path / "data")
    folder.create()
    service = SignInService(folder)
    unlocked = service.first_use(
        first_name="Agnès",
        last_name="Roux",
        institution=Institution.DEPARTEMENT,
        role=Role.TRAVAILLEUR_SOCIAL,
        passphrase=PASSPHRASE,
        again=PASSPHRASE,
    )
    social, dossier_id = canary_dossier(unlocked.store, CANARY)
    service.grant(unlocked, social.id, PASSPHRASE, PASSPHRASE)
    unlocked.store.close()
    # The next start reopens the canary's dossier page, as after a crash: its data is read and shown.
    (folder.window_state_file).write_text(
        json.dumps(
            {"where_by_profile": {social.id: {"dossier": dossier_id, "on_dossier_page": True, "place": 0}}}
        ),
        encoding="utf-8",
    )

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ACCOMP_PASSPHRASE=PASSPHRASE)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "accomp_desktop",
            "--data-dir",
            str(folder.root),
            "--profile",
            social.id,
            "--quit-after",
            "4",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    log = (folder.logs / "accomp.log").read_text(encoding="utf-8")
    assert f"workspace opened for professional {social.id}" in log
    assert "daily backup taken" in log
    written = [p.relative_to(folder.root).as_posix() for p in folder.root.rglob("*") if p.is_file()]
    assert {"accomp.db", "keys.json", "logs/accomp.log", "window-state.json"} <= set(written)
    assert any(name.startswith("backups/accomp-") for name in written)
    assert holders(folder.root) == []  # the viewer's copies live in the data folder, emptied at close
    assert not folder.documents.exists() or list(folder.documents.iterdir()) == []
