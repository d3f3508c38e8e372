"""The texts kept side by side by the hub (``text_conflicts``): listing them with the text they compete with,
writing the chosen or merged text, and closing them.

The target of a conflict is any narrative column of a shared table (``domain.replication.NARRATIVE``): it is
read and written through the tables' metadata, by name, never with a column named by the data itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from accomp_desktop.domain.model import TextConflict
from accomp_desktop.domain.replication import NARRATIVE, TABLES
from accomp_desktop.storage.models import Base, TextConflictRow, utcnow


def open_conflicts(session: Session, dossier_id: str) -> list[TextConflict]:
    rows = session.scalars(
        select(TextConflictRow)
        .where(TextConflictRow.dossier_id == dossier_id, TextConflictRow.deleted_at.is_(None))
        .order_by(TextConflictRow.created_at)
    )
    conflicts = []
    for row in rows:
        if (row.entity, row.field) not in NARRATIVE:
            continue  # never read a column the data names unless it is a narrative text
        conflicts.append(
            TextConflict(
                id=row.id,
                dossier_id=row.dossier_id,
                entity=row.entity,
                entity_id=row.entity_id,
                field=row.field,
                kept=str(current_text(session, row.entity, row.entity_id, row.field) or ""),
                other=row.other_value,
                other_author=row.other_author,
                other_at=row.other_at,
            )
        )
    return conflicts


def get_conflict(session: Session, conflict_id: str) -> TextConflict | None:
    row = session.get(TextConflictRow, conflict_id)
    if row is None or row.deleted_at is not None:
        return None
    return next((c for c in open_conflicts(session, row.dossier_id) if c.id == conflict_id), None)


def current_text(session: Session, entity: str, entity_id: str, field: str) -> Any:
    table = Base.metadata.tables[entity]
    return session.execute(select(table.c[field]).where(table.c.id == entity_id)).scalar()


def target_row(session: Session, entity: str, entity_id: str) -> dict[str, Any] | None:
    """The target's travelling columns (the access rules place it by them)."""
    table = Base.metadata.tables[entity]
    columns = [table.c[name] for name in TABLES[entity].columns]
    found = session.execute(select(*columns).where(table.c.id == entity_id)).first()
    return dict(zip(TABLES[entity].columns, found, strict=True)) if found is not None else None


def dossier_context(session: Session, dossier_id: str) -> dict[str, dict[str, dict[str, Any]]]:
    """The rows a target's part depends on: the dossier's diagnostic entries, objectives and notes."""
    context: dict[str, dict[str, dict[str, Any]]] = {}
    for entity in ("diagnostic_entries", "objectives", "notes"):
        table = Base.metadata.tables[entity]
        columns = [table.c.id, *(table.c[name] for name in TABLES[entity].columns)]
        rows = session.execute(select(*columns).where(table.c.dossier_id == dossier_id))
        context[entity] = {row[0]: dict(zip(TABLES[entity].columns, row[1:], strict=True)) for row in rows}
    return context


def write_text(session: Session, conflict: TextConflict, text: str, *, author_id: str) -> None:
    """The chosen or merged text in place of the current one, and the conflict closed: both travel."""
    table = Base.metadata.tables[conflict.entity]
    values: dict[str, Any] = {conflict.field: text, "updated_by": author_id, "updated_at": utcnow()}
    session.execute(update(table).where(table.c.id == conflict.entity_id).values(**values))
    session.execute(
        update(TextConflictRow)
        .where(TextConflictRow.id == conflict.id)
        .values(deleted_at=utcnow(), deleted_by=author_id, updated_by=author_id),
        execution_options={"synchronize_session": False},
    )
