"""Outside commitments remember their calendar and their event: an import replaces only its own source.

Revision ID: 0014 Revises: 0013 Create Date: 2026-11-29

Importing a second calendar used to delete every busy time of earlier imports over the new file's dates. Each
busy time now carries its ``source`` (the calendar's name, or its file's) and the ``uid`` of its event; an
import replaces the busy times of its own source only. Those imported before keep an empty source, untouched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("busy_times", sa.Column("source", sa.String(length=200), nullable=False, server_default=""))
    op.add_column("busy_times", sa.Column("uid", sa.String(length=255), nullable=False, server_default=""))
    op.create_index("ix_busy_times_professional_source", "busy_times", ["professional_id", "source"])


def downgrade() -> None:
    op.drop_index("ix_busy_times_professional_source", "busy_times")
    with op.batch_alter_table("busy_times") as batch:
        batch.drop_column("uid")
        batch.drop_column("source")
