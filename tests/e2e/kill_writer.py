"""The writing side of the kill test (test_kill_writes): the services saving edits in a loop, each one
acknowledged — as the window acknowledges it to the professional — only once the service call has returned.

It runs in a process forked from a single-threaded forkserver that imported these modules beforehand, so the
test can kill and restart it a hundred times in seconds.
"""

from __future__ import annotations

from multiprocessing.connection import Connection
from pathlib import Path

from accomp_desktop.domain.referentiel import load_referentiel
from accomp_desktop.resources import resource_path
from accomp_desktop.services.diagnostic import DiagnosticService, EntryDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.storage.engine import make_engine
from accomp_desktop.storage.session import Store

__all__ = ["write_until_killed"]


def write_until_killed(
    database: str, key: bytes, dossier_id: str, author_id: str, first: int, acks: Connection
) -> None:
    """Add note number ``first``, ``first + 1``… and rewrite the housing comment with the same number."""
    store = Store(make_engine(Path(database), key), Path(database))
    dossiers = DossierService(store)
    diagnostic = DiagnosticService(store, load_referentiel(resource_path("referentiel.toml")))
    number = first
    acks.send(
        0
    )  # ready: the kill timer starts now, so that a slow start (a loaded machine) is not what is killed
    while True:
        dossiers.add_note(dossier_id, f"Note numéro {number}", author_id=author_id)
        diagnostic.save_entry(
            dossier_id, EntryDraft("logement", comment=f"Commentaire numéro {number}"), author_id=author_id
        )
        acks.send(number)  # acknowledged: both edits are committed
        number += 1
