"""Batch commands run from the terminal, without a window: ``accomp-desktop dossiers …``.

They read the database beside a running application (SQLite's WAL lets readers work during writes), so they
do not take the one-instance lock; for the same reason they never migrate: an out-of-date file is reported.
"""

from __future__ import annotations

import csv
import sys
from datetime import date
from typing import TextIO

from accomp_desktop.domain.enums import DossierStatus
from accomp_desktop.services.caselist import CaseListService, CaseQuery, Scope
from accomp_desktop.storage.engine import make_engine
from accomp_desktop.storage.errors import StorageError
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.migrate import head_revision, inspect_file
from accomp_desktop.storage.session import Store

PAGE = 500
CSV_HEADER = ("référence", "nom", "prénom", "identifiant France Travail", "statut", "binôme")


class CommandError(Exception):
    """A French message for the terminal; the command exits with status 2."""


def open_for_reading(folder: DataFolder) -> Store:
    if not folder.database.exists():
        raise CommandError(f"Aucune base de données dans {folder.root}.")
    try:
        revision = inspect_file(folder.database)
    except StorageError as error:
        raise CommandError(str(error)) from None
    if revision != head_revision():
        raise CommandError(
            "La base doit d'abord être mise à jour : ouvrez une fois l'application sur ce dossier de données."
        )
    return Store(make_engine(folder.database), folder.database)


def list_dossiers(
    folder: DataFolder, *, search: str, status: DossierStatus | None, out: TextIO = sys.stdout
) -> int:
    """Write the matching dossiers as CSV (semicolon-separated, as French spreadsheets expect)."""
    store = open_for_reading(folder)
    try:
        service = CaseListService(store)
        today = date.today()
        query = CaseQuery(professional_id="", today=today, text=search, scope=Scope.ALL, status=status)
        ids = service.ids(query)
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for start in range(0, len(ids), PAGE):
            page = ids[start : start + PAGE]
            rows = service.rows(page, today=today)
            for dossier_id in page:
                row = rows[dossier_id]
                writer.writerow(
                    (row.reference, row.last_name, row.first_name, row.france_travail_id, row.status.label,
                     row.binome_name)
                )
        return len(ids)
    finally:
        store.close()
