"""Texts kept side by side when two professionals wrote the same one without seeing each other's.

Revision ID: 0021 Revises: 0020 Create Date: 2026-11-29

The hub never lets a note, a comment or a bilan be overwritten by someone who had not read it: the late text
arrives here, for a professional to pick or merge. The table is shared like the others (its capture triggers
are installed again with it).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from accomp_desktop.storage.outbox import install_capture

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "text_conflicts",
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("other_value", sa.Text(), nullable=False),
        sa.Column("other_author", sa.String(length=36), nullable=True),
        sa.Column("other_at", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_text_conflicts_dossier_id_dossiers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_conflicts")),
    )
    op.create_index("ix_text_conflicts_dossier_id", "text_conflicts", ["dossier_id"])
    install_capture(op.get_bind())


def downgrade() -> None:
    op.drop_table("text_conflicts")
    install_capture(op.get_bind())
