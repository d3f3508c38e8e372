"""Only one instance of the application may work on a data folder."""

import subprocess
import sys
import time

import pytest

from accomp_desktop.storage.errors import AlreadyRunning
from accomp_desktop.storage.location import DataFolder, InstanceLock

HOLD = """
import sys, time
from pathlib import Path
from accomp_desktop.storage.location import DataFolder, InstanceLock
lock = InstanceLock(DataFolder(Path(sys.argv[1])))
lock.acquire()
print("held", flush=True)
time.sleep(30)
"""


def test_a_second_holder_is_refused_with_a_french_message(data_folder: DataFolder) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(data_folder.root)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(AlreadyRunning, match="déjà ouvert"):
            InstanceLock(data_folder).acquire()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    # The OS released the lock of the dead process: no stale lock after a crash.
    deadline = time.monotonic() + 5
    while True:
        try:
            with InstanceLock(data_folder):
                break
        except AlreadyRunning:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
