"""The person's consent to share the social side with France Travail, recorded per dossier.

Revision ID: 0008 Revises: 0007 Create Date: 2026-11-22

Existing dossiers start without consent: nothing social is shown to the France Travail side until the
professionals record the person's agreement.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("dossiers") as batch_op:
        batch_op.add_column(sa.Column("share_consent", sa.Boolean(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("share_consent_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dossiers") as batch_op:
        batch_op.drop_column("share_consent_on")
        batch_op.drop_column("share_consent")
