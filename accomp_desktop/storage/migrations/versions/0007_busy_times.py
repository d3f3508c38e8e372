"""Outside commitments imported from .ics files, kept as busy time for the agenda and the slot search.

Revision ID: 0007 Revises: 0006 Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "busy_times",
        sa.Column("professional_id", sa.String(length=36), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=False),
        sa.Column("end", sa.DateTime(), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["professionals.id"],
            name=op.f("fk_busy_times_professional_id_professionals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_busy_times")),
    )
    op.create_index("ix_busy_times_professional_start", "busy_times", ["professional_id", "start"])


def downgrade() -> None:
    op.drop_table("busy_times")
