"""Killing the application while someone types in the diagnostic loses at most about a second of typing."""

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from accomp_desktop.domain.enums import Route
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.services.diagnostic import DiagnosticService
from accomp_desktop.services.dossier_records import OrientationDraft, PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY
from tests.e2e.typing_child import TEXT
from tests.factories import seed

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("seed_value", [1, 2, 3])
def test_a_kill_mid_typing_loses_nothing_the_editor_said_was_saved(
    data_folder: DataFolder, store: Store, referentiel: Referentiel, seed_value: int
) -> None:
    _, social, binome = seed(store)
    dossier = (
        DossierService(store)
        .create(
            OrientationDraft(
                PersonDraft("Lefèvre", "Anne", "04/07/1985"),
                binome.id,
                social.id,
                Route.GLOBAL,
                "02/11/2026",
                "Logement.",
                True,
            ),
            author_id=social.id,
            today=TODAY,
        )
        .dossier.id
    )
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.typing_child", str(data_folder.root), dossier, social.id],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    timeline: list[tuple[int, float]] = []
    saved: list[tuple[int, float]] = []  # what the editor said was saved (« ✓ Enregistré »), and when
    kill_after = random.Random(seed_value).uniform(1.5, 4.0)  # seconds of typing before the kill
    assert child.stdout is not None
    watchdog = threading.Timer(120, child.kill)  # a child that never types must fail the test, not hang it
    watchdog.start()
    try:
        for line in child.stdout:
            kind, count, at = line.split()
            (timeline if kind == "typed" else saved).append((int(count), float(at)))
            if timeline and float(at) - timeline[0][1] >= kill_after and saved:
                break
        killed_at = time.monotonic()
        child.send_signal(signal.SIGKILL)
    finally:
        watchdog.cancel()
        child.kill()
        _, errors = child.communicate()  # also closes the pipes
    assert timeline and saved, errors
    stored = DiagnosticService(store, referentiel).sheet(dossier, viewer_id=social.id).entries.get("logement")
    saved_text = stored.comment if stored else ""
    # Correct under any load: what the editor said was saved before the kill is there (the comment is stored
    # trimmed, hence the -1); how much typing followed the last « ✓ Enregistré » depends on the machine.
    acknowledged = max(count for count, _ in saved)
    assert TEXT.startswith(saved_text.rstrip()) or TEXT.strip().startswith(saved_text)
    assert len(saved_text) >= acknowledged - 1, (len(saved_text), acknowledged, timeline[-1][0])
    lag = killed_at - max(at for _, at in saved)
    print(
        f"killed {lag:.2f} s after the last « Enregistré » ({len(saved_text)} of {timeline[-1][0]} "
        "characters "
        "in the database)"
    )
