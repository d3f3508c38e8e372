"""A relaunch meets the running instance: its window comes to the front; a stuck instance (the data folder
locked, no window answering) is named, with what to do; a freeze leaves every thread's stack for the
support."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from accomp_desktop.crash import CrashHandler
from accomp_desktop.services.signin import DEMO_PASSPHRASE
from accomp_desktop.ui.instance import Watchdog

ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen", ACCOMP_PASSPHRASE=DEMO_PASSPHRASE)


def app(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "accomp_desktop", "--data-dir", str(data_dir), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )


def wait_for(path: Path, text: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(encoding="utf-8", errors="replace"):
            return
        time.sleep(0.2)
    raise AssertionError(f"« {text} » never appeared in {path}")


def test_a_relaunch_brings_the_open_window_to_the_front(tmp_path: Path) -> None:
    first = app(tmp_path, "--demo", "--demo-size", "30", "--quit-after", "20")
    try:
        wait_for(tmp_path / "logs" / "accomp.log", "workspace opened for professional")
        second = subprocess.run(
            [
                sys.executable,
                "-m",
                "accomp_desktop",
                "--data-dir",
                str(tmp_path),
                "--demo",
                "--quit-after",
                "5",
            ],
            capture_output=True,
            text=True,
            env=ENV,
            timeout=60,
        )
        assert second.returncode == 0, second.stderr
        assert "déjà ouvert" in second.stderr and "Traceback" not in second.stderr
        wait_for(tmp_path / "logs" / "accomp.log", "a relaunch asked for the window: brought to the front")
    finally:
        first.kill()
        first.communicate()


def test_a_stuck_instance_is_named_with_what_to_do(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time\n"
                "from pathlib import Path\n"
                "from accomp_desktop.storage.location import DataFolder, InstanceLock\n"
                "folder = DataFolder(Path(sys.argv[1])); folder.create()\n"
                "InstanceLock(folder).acquire(); print('locked', flush=True); time.sleep(60)\n"
            ),
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        relaunch = subprocess.run(
            [sys.executable, "-m", "accomp_desktop", "--data-dir", str(tmp_path), "--quit-after", "0.5"],
            capture_output=True,
            text=True,
            env=ENV,
            timeout=60,
        )
        assert relaunch.returncode == 2
        assert "mais sa fenêtre ne répond pas" in relaunch.stderr
        assert f"kill {holder.pid}" in relaunch.stderr and "Traceback" not in relaunch.stderr
    finally:
        holder.kill()
        holder.communicate()


def test_a_freeze_leaves_the_stacks_and_is_reported_at_the_next_start(tmp_path: Path, qapp: object) -> None:
    watchdog = Watchdog(tmp_path, frozen_after=0.5)
    watchdog.start()  # no event loop runs here: the heartbeat stops, as in a frozen window
    try:
        wait_for(tmp_path / "freeze.log", "Thread", seconds=10)
    finally:
        watchdog.stop()
    text = (tmp_path / "freeze.log").read_text(encoding="utf-8")
    assert text.startswith("La fenêtre ne répond plus depuis") and "test_instance.py" in text
    handler = CrashHandler(tmp_path)
    handler.install()
    handler.uninstall()
    (report,) = handler.pending_reports()
    assert report.read_text(encoding="utf-8").startswith("L'application a cessé de répondre")
    assert (tmp_path / "freeze.log").read_text(encoding="utf-8") == ""
