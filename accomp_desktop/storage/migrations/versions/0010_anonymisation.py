"""Retention: the day a dossier's personal data were anonymised after 2 years without contact.

Revision ID: 0010 Revises: 0009 Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("dossiers") as batch_op:
        batch_op.add_column(sa.Column("anonymised_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dossiers") as batch_op:
        batch_op.drop_column("anonymised_on")
