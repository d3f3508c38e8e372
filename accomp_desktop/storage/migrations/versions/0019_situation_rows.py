"""The situations ticked in a diagnostic theme become one row each.

Revision ID: 0019 Revises: 0018 Create Date: 2026-11-29

They were one JSON list per theme: two professionals ticking different situations of the same theme on two
machines would have lost one of the two ticks when their changes met. One row per situation (its id made from
the entry and the label, the same on every machine) lets each tick travel on its own.
"""

from __future__ import annotations

import json
import uuid

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | None = None
depends_on: str | None = None

_NAMESPACE = uuid.UUID("5b0f6a52-3f0e-4c57-9a57-6f1d4d1b7a11")  # domain.replication.stable_id, frozen here


def _stable_id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def upgrade() -> None:
    op.create_table(
        "diagnostic_situations",
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["diagnostic_entries.id"],
            name=op.f("fk_diagnostic_situations_entry_id_diagnostic_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_diagnostic_situations_dossier_id_dossiers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagnostic_situations")),
    )
    op.create_index("ix_diagnostic_situations_entry_id", "diagnostic_situations", ["entry_id"])
    op.create_index("ix_diagnostic_situations_dossier_id", "diagnostic_situations", ["dossier_id"])
    connection = op.get_bind()
    entries = connection.execute(
        sa.text(
            "SELECT id, dossier_id, situations, created_at, created_by, updated_at, updated_by "
            "FROM diagnostic_entries WHERE situations NOT IN ('', '[]')"
        )
    )
    rows = [
        {
            "id": _stable_id(entry.id, label),
            "entry_id": entry.id,
            "dossier_id": entry.dossier_id,
            "label": label,
            "created_at": entry.created_at,
            "created_by": entry.created_by,
            "updated_at": entry.updated_at,
            "updated_by": entry.updated_by,
        }
        for entry in entries
        for label in dict.fromkeys(json.loads(entry.situations or "[]"))
    ]
    if rows:
        connection.execute(
            sa.text(
                "INSERT INTO diagnostic_situations "
                "(id, entry_id, dossier_id, label, created_at, created_by, updated_at, updated_by) "
                "VALUES (:id, :entry_id, :dossier_id, :label, :created_at, :created_by, :updated_at, "
                ":updated_by)"
            ),
            rows,
        )
    op.execute("ALTER TABLE diagnostic_entries DROP COLUMN situations")


def downgrade() -> None:
    op.add_column(
        "diagnostic_entries", sa.Column("situations", sa.Text(), nullable=True, server_default="[]")
    )
    op.execute(
        "UPDATE diagnostic_entries SET situations = coalesce((SELECT json_group_array(label) FROM "
        "diagnostic_situations s WHERE s.entry_id = diagnostic_entries.id AND s.deleted_at IS NULL), '[]')"
    )
    op.drop_table("diagnostic_situations")
