"""Each professional validates the shared diagnostic for himself: his approval waits for the other's.

Revision ID: 0018 Revises: 0017 Create Date: 2026-11-29

The joint validation used to be one form where one professional ticked the agreement of both. Now each records
his own approval (with the person's agreement, on a date) and a fingerprint of what he approved; the
diagnostic is validated when the conseiller's and the travailleur social's approvals hold the same content.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "diagnostic_approvals",
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("professional_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_diagnostic_approvals_dossier_id_dossiers")
        ),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["professionals.id"],
            name=op.f("fk_diagnostic_approvals_professional_id_professionals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagnostic_approvals")),
    )
    with op.batch_alter_table("diagnostic_approvals") as batch:
        batch.create_index(batch.f("ix_diagnostic_approvals_dossier_id"), ["dossier_id"], unique=False)


def downgrade() -> None:
    op.drop_table("diagnostic_approvals")
