"""Crash safety, proven: the process writing to the encrypted database is killed (SIGKILL) at random moments,
a hundred times; after each kill, every edit acknowledged before it is in the database, the database passes
SQLite's integrity check, and the audit log's hash chain still verifies."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from multiprocessing.connection import Connection

import pytest
from sqlalchemy import text

from accomp_desktop.services.audit import AuditService
from accomp_desktop.services.diagnostic import DiagnosticService
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.storage.engine import make_engine
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.migrate import open_database
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY
from tests.e2e.kill_writer import write_until_killed
from tests.factories import canary_dossier

KILLS = 100


def last_acknowledgement(receiver: Connection) -> int:
    """The last number sent before the kill (0 if none); the pipe ends at the kill."""
    last = 0
    try:
        while receiver.poll():
            last = receiver.recv()
    except EOFError:
        pass
    return last


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX kill")
def test_a_hundred_kills_lose_no_acknowledged_edit(data_folder: DataFolder, referentiel: object) -> None:
    key = os.urandom(32)
    store = Store(open_database(data_folder, key=key), data_folder.database)
    social, dossier_id = canary_dossier(store, "Kill")
    DossierService(store).start_diagnostic(dossier_id, author_id=social.id, today=TODAY)
    store.close()

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.e2e.kill_writer"])  # imports paid once, not per kill
    rng = random.Random(20261122)
    # Counted from what the writer acknowledged (both edits committed), never from what was expected: under
    # load two kills in a row may land between a note's commit and its comment's.
    acknowledged = 0  # the last number whose note and comment were both acknowledged
    written = 0  # the last note number in the database (committed, acknowledged or not)
    kills_mid_write = 0
    for _ in range(KILLS):
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(
            target=write_until_killed,
            args=(str(data_folder.database), key, dossier_id, social.id, written + 1, sender),
        )
        child.start()
        sender.close()
        assert receiver.poll(60) and receiver.recv() == 0, "the writer never started"
        deadline = time.monotonic() + rng.uniform(0.05, 0.4)
        while time.monotonic() < deadline:
            if receiver.poll(0.01):
                acknowledged = receiver.recv()  # the writer is alive until the kill below: no EOF here
        assert child.pid is not None and child.is_alive(), "the writer stopped by itself"
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        acknowledged = max(acknowledged, last_acknowledgement(receiver))
        receiver.close()

        store = Store(make_engine(data_folder.database, key), data_folder.database)
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            numbers = {
                int(body.rsplit(" ", 1)[1])
                for (body,) in connection.execute(
                    text("SELECT text FROM notes WHERE text LIKE 'Note numéro %'")
                )
            }
        assert set(range(1, acknowledged + 1)) <= numbers, "an acknowledged note is missing"
        if numbers and max(numbers) > max(acknowledged, written):
            kills_mid_write += 1  # committed but killed before the acknowledgement: allowed, and kept
        written = max(numbers, default=0)
        store.close()

    store = Store(make_engine(data_folder.database, key), data_folder.database)
    sheet = DiagnosticService(store, referentiel).sheet(dossier_id, viewer_id=social.id)  # type: ignore[arg-type]
    comment = sheet.entries["logement"].comment
    assert int(comment.rsplit(" ", 1)[1]) >= acknowledged  # the last acknowledged comment, or a later one
    assert AuditService(store).verify().ok
    store.close()
    assert acknowledged > 0  # the writer did write (how much depends on the machine's load, not on the rules)
    print(
        f"{KILLS} kills, {acknowledged} acknowledged edits, all present; {kills_mid_write} kills between a "
        "commit and its acknowledgement"
    )
