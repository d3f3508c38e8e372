"""The case list in SQL: search, scope, filters, alerts, sorting and row values on the demo caseload."""

from dataclasses import replace
from datetime import date

import pytest

from accomp_desktop.domain.caselist import FOLLOW_UP, Alert, CaseQuery, Column, Scope
from accomp_desktop.domain.enums import DossierStatus, Role
from accomp_desktop.domain.text import name_sort_key
from accomp_desktop.services.caselist import CaseListService
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.storage.caselist_queries import fts_query
from accomp_desktop.storage.session import Store
from tests.conftest import TODAY


@pytest.fixture
def service(demo_store: Store) -> CaseListService:
    return CaseListService(demo_store)


@pytest.fixture
def me(demo_store: Store) -> str:
    return next(p.id for p in DirectoryService(demo_store).professionals() if p.role is Role.CONSEILLER)


def names(service: CaseListService, query: CaseQuery) -> list[str]:
    ids = service.ids(query)
    rows = service.rows(ids, today=query.today, viewer_id=query.professional_id)
    return [f"{rows[i].last_name} {rows[i].first_name}" for i in ids]


def test_mine_is_my_binome_and_all_is_everyone(service: CaseListService, me: str) -> None:
    mine = service.ids(CaseQuery(professional_id=me, today=TODAY))
    everyone = service.ids(CaseQuery(professional_id=me, today=TODAY, scope=Scope.ALL))
    assert len(everyone) == 250
    assert 60 <= len(mine) < 250 and set(mine) < set(everyone)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("lefevre", "Lefèvre"),
        ("LEFÈVRE", "Lefèvre"),
        ("ndiaye", "N'Diaye"),
        ("n'diaye", "N'Diaye"),
        ("n diaye", "N'Diaye"),
    ],
)
def test_search_ignores_case_accents_and_punctuation(
    service: CaseListService, me: str, typed: str, expected: str
) -> None:
    found = names(service, CaseQuery(professional_id=me, today=TODAY, text=typed, scope=Scope.ALL))
    assert found and all(name.startswith(expected) for name in found)


def test_search_matches_prefixes_of_each_word(service: CaseListService, me: str) -> None:
    found = names(service, CaseQuery(professional_id=me, today=TODAY, text="jean-ma", scope=Scope.ALL))
    assert found and all("Jean-Marc" in name for name in found)
    assert fts_query("  ,;  ") is None
    blank = service.ids(CaseQuery(professional_id=me, today=TODAY, text=" ' - ", scope=Scope.ALL))
    assert len(blank) == 250  # punctuation alone does not filter (and does not break FTS5)


def test_search_by_identifier_and_reference(service: CaseListService, me: str) -> None:
    everyone = CaseQuery(professional_id=me, today=TODAY, scope=Scope.ALL)
    first = service.rows(service.ids(everyone)[:1], today=TODAY, viewer_id=me)
    (row,) = first.values()
    for typed in (row.france_travail_id.lower(), row.reference):
        found = service.ids(CaseQuery(professional_id=me, today=TODAY, text=typed, scope=Scope.ALL))
        assert row.id in found


def test_default_order_is_alphabetical_ignoring_accents(service: CaseListService, me: str) -> None:
    query = CaseQuery(professional_id=me, today=TODAY, scope=Scope.ALL)
    rows = service.rows(service.ids(query), today=TODAY, viewer_id=me)
    ordered = [rows[i] for i in service.ids(query)]
    keys = [name_sort_key(r.last_name, r.first_name) for r in ordered]
    assert keys == sorted(keys)


@pytest.mark.parametrize("column", list(Column))
def test_every_column_sorts_both_ways_with_empty_values_last(
    service: CaseListService, me: str, column: Column
) -> None:
    for descending in (False, True):
        query = CaseQuery(
            professional_id=me, today=TODAY, scope=Scope.ALL, sort=column, descending=descending
        )
        ids = service.ids(query)
        assert len(ids) == 250
        rows = service.rows(ids, today=TODAY, viewer_id=me)
        values = [_value(rows[i], column) for i in ids]
        present = [v for v in values if v is not None]
        assert values[: len(present)] == present  # empty values last
        assert present == sorted(present, reverse=descending)


def _value(row: object, column: Column) -> object:
    from accomp_desktop.domain.caselist import CaseRow

    assert isinstance(row, CaseRow)
    if not row.in_scope and column in FOLLOW_UP:
        return None  # another binôme's follow-up is not shown, and sorts as empty
    return {
        Column.NAME: name_sort_key(row.last_name, row.first_name),
        Column.FRANCE_TRAVAIL_ID: row.france_travail_id,
        Column.REFERENCE: row.reference,
        Column.STATUS: list(DossierStatus).index(row.status),
        Column.BINOME: row.binome_name,
        Column.ENTRY: row.entry_date,
        Column.END: row.planned_end,
        Column.NEXT_APPOINTMENT: row.next_appointment,
        Column.OVERDUE: row.overdue_actions,
        Column.LAST_CONTACT: row.last_contact,
    }[column]


def test_status_rsa_and_alert_filters(service: CaseListService, me: str) -> None:
    base = CaseQuery(professional_id=me, today=TODAY, scope=Scope.ALL)
    exited = service.rows(service.ids(replace(base, status=DossierStatus.SORTIE)), today=TODAY, viewer_id=me)
    assert exited and all(r.status is DossierStatus.SORTIE for r in exited.values())
    with_rsa = service.count(replace(base, rsa=True))
    without = service.count(replace(base, rsa=False))
    # The RSA and alert filters read the follow-up: even under « Tous » they select among my binômes only.
    mine = service.count(replace(base, scope=Scope.MINE))
    assert with_rsa + without == mine < 250 and with_rsa > 10 and without > 10
    for alert in Alert:
        rows = service.rows(service.ids(replace(base, alert=alert)), today=TODAY, viewer_id=me)
        assert rows or alert is Alert.RETENTION, alert
        assert all(alert in r.alerts for r in rows.values())
        if alert is Alert.END_SOON:
            assert all(r.planned_end and (r.planned_end - TODAY).days <= 30 for r in rows.values())
        if alert is Alert.OVERDUE:
            assert all(r.overdue_actions > 0 and r.status is not DossierStatus.SORTIE for r in rows.values())
    assert all(r.overdue_actions == 0 for r in exited.values())  # a dossier that left has no late actions


def test_a_dossier_whose_twelve_months_ended_days_ago_is_alerted(service: CaseListService, me: str) -> None:
    """The alert used to stop at the planned end: the dossiers most urgent to decide disappeared from it."""
    base = CaseQuery(professional_id=me, today=TODAY, status=DossierStatus.ACCOMPAGNEMENT)
    rows = service.rows(service.ids(base), today=TODAY, viewer_id=me)
    overrun = {i for i, r in rows.items() if r.planned_end is not None and r.planned_end < TODAY}
    assert overrun  # the demo caseload has some
    alerted = set(service.ids(replace(base, alert=Alert.END_SOON)))
    assert overrun <= alerted


def test_clock_columns(service: CaseListService, me: str) -> None:
    query = CaseQuery(professional_id=me, today=TODAY, status=DossierStatus.ACCOMPAGNEMENT)
    rows = service.rows(service.ids(query), today=TODAY, viewer_id=me)
    for row in rows.values():
        assert row.entry_date is not None and row.planned_end is not None and row.months_elapsed is not None
        assert 0 <= row.months_elapsed <= 18
        assert row.entry_date < row.planned_end
    assert service.rows([], today=date(2026, 1, 1), viewer_id=me) == {}
    closed = replace(query, status=DossierStatus.SORTIE)
    assert all(
        r.months_elapsed is None
        for r in service.rows(service.ids(closed), today=TODAY, viewer_id=me).values()
    )


def test_another_binomes_dossiers_show_identity_reference_binome_and_status_only(
    service: CaseListService, me: str
) -> None:
    everyone = CaseQuery(
        professional_id=me, today=TODAY, scope=Scope.ALL, status=DossierStatus.ACCOMPAGNEMENT
    )
    mine = set(service.ids(replace(everyone, scope=Scope.MINE)))
    rows = service.rows(service.ids(everyone), today=TODAY, viewer_id=me)
    others = [r for r in rows.values() if r.id not in mine]
    assert others and all(not r.in_scope for r in others)
    for row in others:
        assert (
            row.last_name and row.reference and row.binome_name and row.status is DossierStatus.ACCOMPAGNEMENT
        )
        assert (
            row.entry_date,
            row.planned_end,
            row.months_elapsed,
            row.next_appointment,
            row.overdue_actions,
            row.last_contact,
            row.alerts,
        ) == (None, None, None, None, 0, None, frozenset())
    assert all(r.in_scope and r.entry_date is not None for r in rows.values() if r.id in mine)
    # Sorting « Tous » on a follow-up column puts the other binômes' dossiers with the empty values, last.
    ordered = service.ids(replace(everyone, sort=Column.OVERDUE, descending=True))
    assert set(ordered[: len(mine)]) == mine
