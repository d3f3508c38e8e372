"""The case list as a professional may see it: the matching dossiers in order, and what each row shows.

The terms (scopes, alerts, columns, the query and the row) are in :mod:`accomp_desktop.domain.caselist`, the
SQL in :mod:`accomp_desktop.storage.caselist_queries`. « Tous les dossiers » lists the whole département, but
of another binôme's dossier a professional sees only what duplicate detection needs — identity, reference,
binôme, status (:mod:`accomp_desktop.domain.access`): its dates, appointments, actions and alerts stay blank.
"""

from __future__ import annotations

from datetime import date

from accomp_desktop.domain import rules
from accomp_desktop.domain.caselist import Alert, CaseQuery, CaseRow
from accomp_desktop.domain.enums import DossierStatus
from accomp_desktop.services.gate import actor
from accomp_desktop.storage import caselist_queries as queries
from accomp_desktop.storage.session import Store

_ALERTS = tuple(Alert)
_ACCOMPAGNEMENT = DossierStatus.ACCOMPAGNEMENT.value


class CaseListService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def ids(self, query: CaseQuery) -> list[str]:
        """Ids of the matching dossiers in display order."""
        with self._store.unit_of_work() as session:
            return queries.matching_ids(session, query)

    def rows(self, ids: list[str], *, today: date, viewer_id: str) -> dict[str, CaseRow]:
        """The display values of the given dossiers (a screenful at a time), as ``viewer_id`` may see them."""
        if not ids:
            return {}
        result: dict[str, CaseRow] = {}
        with self._store.unit_of_work() as session:
            mine = actor(session, viewer_id).binome_ids
            fetched = queries.row_values(session, ids, today)
        for (
            dossier_id,
            reference,
            last_name,
            first_name,
            france_travail_id,
            status,
            binome_name,
            entry,
            end,
            next_appointment,
            overdue,
            last_contact,
            binome_id,
            *flags,
        ) in fetched:  # by position: Row attributes are slow
            *flags, partner_news = flags
            if binome_id not in mine:  # another binôme's dossier: identity, reference, binôme and status only
                result[dossier_id] = CaseRow(
                    id=dossier_id,
                    reference=reference,
                    last_name=last_name,
                    first_name=first_name,
                    france_travail_id=france_travail_id,
                    status=DossierStatus(status),
                    binome_name=binome_name,
                    entry_date=None,
                    planned_end=None,
                    months_elapsed=None,
                    next_appointment=None,
                    overdue_actions=0,
                    last_contact=None,
                    in_scope=False,
                )
                continue
            result[dossier_id] = CaseRow(
                id=dossier_id,
                reference=reference,
                last_name=last_name,
                first_name=first_name,
                france_travail_id=france_travail_id,
                status=DossierStatus(status),
                binome_name=binome_name,
                entry_date=entry,
                planned_end=end,
                # The clock runs only during the accompaniment (an exited dossier's clock has stopped).
                months_elapsed=(
                    rules.months_between(entry, today)
                    if entry is not None and status == _ACCOMPAGNEMENT
                    else None
                ),
                next_appointment=next_appointment,
                overdue_actions=overdue,
                last_contact=last_contact,
                alerts=frozenset(alert for alert, flag in zip(_ALERTS, flags, strict=True) if flag),
                partner_news=bool(partner_news),
            )
        return result

    def count(self, query: CaseQuery) -> int:
        with self._store.unit_of_work() as session:
            return queries.count(session, query)
