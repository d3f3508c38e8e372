"""The case list in SQL: which dossiers match a search and filters, in which order, and the columns of a few
rows.

Everything is computed in the database so that the list stays instant at 100,000 dossiers: the ids in order
(the lazy table model holds those), then the columns of the rows on screen. Search goes through the FTS5 index
of migration 0003. The alert and RSA filters, and the sort on follow-up columns, select among the viewer's own
binômes only, whatever the scope: « Tous » with an alert reveals nothing of another binôme's dossiers.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from accomp_desktop.domain import rules
from accomp_desktop.domain.caselist import (
    DIAGNOSTIC_DELAY_MONTHS,
    FOLLOW_UP,
    NEVER_EMPTY,
    NO_CONTACT_DAYS,
    Alert,
    CaseQuery,
    Column,
    Scope,
)
from accomp_desktop.domain.enums import ActionStatus, Attendance, DossierStatus
from accomp_desktop.domain.text import search_terms
from accomp_desktop.storage.models import ActionRow, AppointmentRow, BinomeRow, DossierRow, PersonRow

OPEN_ACTIONS = (ActionStatus.PLANNED.value, ActionStatus.IN_PROGRESS.value, ActionStatus.WAITING.value)
ACTIVE = (DossierStatus.ORIENTATION.value, DossierStatus.DIAGNOSTIC.value, DossierStatus.ACCOMPAGNEMENT.value)


def _overdue_count(today: date) -> ColumnElement[int]:
    return (
        select(func.count())
        .where(
            ActionRow.dossier_id == DossierRow.id,
            ActionRow.deleted_at.is_(None),
            ActionRow.status.in_(OPEN_ACTIONS),
            ActionRow.due_date < today,
            DossierRow.status != DossierStatus.SORTIE.value,
        )  # an exited dossier has no late actions
        .scalar_subquery()
    )


def _next_appointment(now: datetime) -> ColumnElement[datetime]:
    return (
        select(func.min(AppointmentRow.start))
        .where(
            AppointmentRow.dossier_id == DossierRow.id,
            AppointmentRow.deleted_at.is_(None),
            AppointmentRow.attendance == Attendance.PLANNED.value,
            AppointmentRow.start >= now,
        )
        .scalar_subquery()
    )


def _alert_condition(alert: Alert, today: date) -> ColumnElement[bool]:
    if alert is Alert.END_SOON:
        # Past ends included: a dossier whose 12 months ended days ago is the most urgent to decide (renew or
        # exit).
        return and_(
            DossierRow.status == DossierStatus.ACCOMPAGNEMENT.value,
            DossierRow.planned_end <= today + timedelta(days=rules.END_SOON_DAYS),
        )
    if alert is Alert.NO_CONTACT:
        last = func.coalesce(DossierRow.last_contact_date, DossierRow.entry_date, DossierRow.orientation_date)
        return and_(DossierRow.status.in_(ACTIVE), last < today - timedelta(days=NO_CONTACT_DAYS))
    if alert is Alert.OVERDUE:
        return and_(
            DossierRow.status != DossierStatus.SORTIE.value,  # an exited dossier has no late actions
            exists().where(
                ActionRow.dossier_id == DossierRow.id,
                ActionRow.deleted_at.is_(None),
                ActionRow.status.in_(OPEN_ACTIONS),
                ActionRow.due_date < today,
            ),
        )
    if alert is Alert.RETENTION:
        return retention_due(today)
    # Before the accompaniment, until the binôme has validated it (entering requires it; a validated
    # diagnostic waiting for the joint decision is not late).
    return and_(
        DossierRow.status.in_((DossierStatus.ORIENTATION.value, DossierStatus.DIAGNOSTIC.value)),
        DossierRow.diagnostic_validated_on.is_(None),
        DossierRow.orientation_date < rules.add_months(today, -DIAGNOSTIC_DELAY_MONTHS),
    )


def retention_due(today: date) -> ColumnElement[bool]:
    """Dossiers whose last contact is more than 2 years old (CNIL): to anonymise, unless already done."""
    last = func.coalesce(
        DossierRow.last_contact_date, DossierRow.exit_date, DossierRow.entry_date, DossierRow.orientation_date
    )
    return and_(last < rules.add_months(today, -rules.RETENTION_MONTHS), DossierRow.anonymised_on.is_(None))


# Looked up once: enum attribute access is slow in a loop over rows.


def fts_query(text: str) -> str | None:
    """The FTS5 expression for what the user typed: every term as a prefix."""
    tokens = search_terms(text)
    if not tokens:
        return None
    return " AND ".join(f'"{token}"*' for token in tokens)


def _my_binomes(professional_id: str) -> Select[str]:
    return select(BinomeRow.id).where(
        BinomeRow.deleted_at.is_(None),
        or_(BinomeRow.conseiller_id == professional_id, BinomeRow.travailleur_social_id == professional_id),
    )


SEARCHING = "\x00"
"""The text of a query's shape when something is searched: the statement is the same whatever was typed."""


def _filtered(query: CaseQuery) -> Select[str]:
    """The ids of the dossiers a query shape selects (its text is :data:`SEARCHING` or empty; the typed words
    are bound as ``match``), in no particular order."""
    # Persons and binômes are joined only when a filter or the order needs them: the name's sort key is
    # copied into dossiers (migration 0011), so a search reads one narrow index and nothing else.
    statement = select(DossierRow.id).where(DossierRow.deleted_at.is_(None))
    if query.text:
        search = table("dossier_search", column("rowid"))  # the FTS5 index has no ORM model
        statement = statement.join(search, search.c.rowid == DossierRow.search_key).where(
            text("dossier_search MATCH :match")
        )
    if query.rsa is not None or query.sort is Column.FRANCE_TRAVAIL_ID:
        statement = statement.join(PersonRow, PersonRow.id == DossierRow.person_id)
    if query.territory is not None or query.sort is Column.BINOME:
        statement = statement.join(BinomeRow, BinomeRow.id == DossierRow.binome_id)
    # The alert and RSA filters read the follow-up: they select among the viewer's own binômes only, whatever
    # the scope, so that « Tous » with an alert reveals nothing of another binôme's dossiers.
    if query.scope is Scope.MINE or query.alert is not None or query.rsa is not None:
        # Through the binôme ids, so that SQLite walks the dossiers' binome_id index (≈100 rows)
        # instead of scanning every dossier.
        statement = statement.where(DossierRow.binome_id.in_(_my_binomes(query.professional_id)))
    if query.status is not None:
        statement = statement.where(DossierRow.status == query.status.value)
    if query.binome_id is not None:
        statement = statement.where(DossierRow.binome_id == query.binome_id)
    if query.territory is not None:
        statement = statement.where(BinomeRow.territory == query.territory)
    if query.rsa is not None:
        statement = statement.where(PersonRow.rsa.is_(query.rsa))
    if query.alert is not None:
        statement = statement.where(_alert_condition(query.alert, query.today))
    return statement


@lru_cache(maxsize=32)
def _ids_statement(shape: CaseQuery) -> Select[str]:
    """The ordered-ids statement of a query's shape (its text reduced to :data:`SEARCHING`, bound at
    execution):
    built once and reused keystroke after keystroke, it skips ~4 ms of statement building and cache-key
    work."""
    now = datetime.combine(shape.today, datetime.min.time())
    stage = case({s.value: i for i, s in enumerate(DossierStatus)}, value=DossierRow.status)
    keys: dict[Column, ColumnElement[Any] | InstrumentedAttribute[Any]] = {
        Column.NAME: DossierRow.sort_key,
        Column.FRANCE_TRAVAIL_ID: PersonRow.france_travail_id,
        Column.REFERENCE: DossierRow.reference,
        Column.STATUS: stage,
        Column.BINOME: BinomeRow.name,
        Column.ENTRY: DossierRow.entry_date,
        Column.END: DossierRow.planned_end,
        Column.NEXT_APPOINTMENT: _next_appointment(now),
        Column.OVERDUE: _overdue_count(shape.today),
        Column.LAST_CONTACT: DossierRow.last_contact_date,
    }
    key = keys[shape.sort]
    hidden = shape.scope is Scope.ALL and shape.sort in FOLLOW_UP
    if hidden:  # another binôme's follow-up sorts as empty
        key = case((DossierRow.binome_id.in_(_my_binomes(shape.professional_id)), key), else_=None)
    # Empty values always last, whatever the direction; the name then the reference break ties.
    order: list[ColumnElement[Any] | InstrumentedAttribute[Any]] = [
        key.desc() if shape.descending else key.asc()
    ]
    if hidden or shape.sort not in NEVER_EMPTY:  # the extra sort term costs a search ~0.5 ms
        order.insert(0, key.is_(None))
    if shape.sort is not Column.NAME:
        order.append(DossierRow.sort_key)
    order.append(DossierRow.reference)
    return _filtered(shape).order_by(*order)


_PARTNER_NEWS: ColumnElement[bool] = literal_column(
    "(SELECT n.received_at > coalesce(n.opened_at, '') FROM sync_news n WHERE n.dossier_id = dossiers.id)"
).label("partner_news")
"""A change from the partner's machine arrived since the dossier was last opened here (storage.outbox)."""


@lru_cache(maxsize=2)
def _rows_statement(today: date) -> Select[*tuple[Any, ...]]:
    """The row query of a day: built once (its ~100 expressions cost ~2 ms to build), the ids bound each
    time."""
    now = datetime.combine(today, datetime.min.time())
    alert_columns = [_alert_condition(alert, today).label(alert.value) for alert in Alert]
    return (
        select(
            DossierRow.id,
            DossierRow.reference,
            PersonRow.last_name,
            PersonRow.first_name,
            PersonRow.france_travail_id,
            DossierRow.status,
            BinomeRow.name,
            DossierRow.entry_date,
            DossierRow.planned_end,
            _next_appointment(now).label("next_appointment"),
            _overdue_count(today).label("overdue_count"),
            DossierRow.last_contact_date,
            DossierRow.binome_id,
            *alert_columns,
            _PARTNER_NEWS,
        )
        .join(PersonRow, PersonRow.id == DossierRow.person_id)
        .join(BinomeRow, BinomeRow.id == DossierRow.binome_id)
        .where(DossierRow.id.in_(bindparam("ids", expanding=True)))
    )


def matching_ids(session: Session, query: CaseQuery) -> list[str]:
    """Ids of the matching dossiers in display order."""
    match = fts_query(query.text)
    statement = _ids_statement(replace(query, text=SEARCHING if match else ""))
    result = session.connection().execute(statement, {"match": match} if match else {})
    # Read from the driver's cursor: thousands of plain ids need none of SQLAlchemy's row processing
    # (~1.5 µs a row: 3 ms for a one-letter search).
    fetched = result.cursor.fetchall()
    result.close()
    return [row[0] for row in fetched]


def row_values(session: Session, ids: list[str], today: date) -> list[Any]:
    """For each dossier: id, reference, names, France Travail id, status, binôme's name, entry, end, next
    appointment, overdue actions, last contact, binôme id, one flag per alert (in :class:`Alert` order), and
    whether the partner's machine changed it since it was last opened here."""
    return list(session.connection().execute(_rows_statement(today), {"ids": ids}).all())


def count(session: Session, query: CaseQuery) -> int:
    match = fts_query(query.text)
    shape = replace(query, text=SEARCHING if match else "")
    counted = select(func.count()).select_from(_filtered(shape).subquery())
    return session.scalar(counted, {"match": match} if match else {}) or 0
