"""Issued action plans: each printed "Mon plan d'action" is kept in its dossier (version, date, who, the PDF).

Revision ID: 0006 Revises: 0005 Create Date: 2026-11-22

The PDF is kept in the database rather than as a loose file, so it is protected (and later encrypted)
with the rest of the person's data.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "issued_plans",
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("with_confidential", sa.Boolean(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_issued_plans_dossier_id_dossiers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_plans")),
    )
    op.create_index("ix_issued_plans_dossier_id", "issued_plans", ["dossier_id"])


def downgrade() -> None:
    op.drop_table("issued_plans")
