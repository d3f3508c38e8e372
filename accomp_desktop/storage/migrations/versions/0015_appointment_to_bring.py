"""Appointments say what the person brings: printed on the convocation, apart from the professionals' notes.

Revision ID: 0015 Revises: 0014 Create Date: 2026-11-29

The convocation used to print the notes only when they began with « Apporter » or « Pièces »: anything else
typed there was left out, and notes are the professionals' (read by one side only). Those notes that were
printed keep being printed: they are copied into the new field.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("appointments", sa.Column("to_bring", sa.Text(), nullable=False, server_default=""))
    # SQLite's lower() and LIKE fold ASCII only: « _ » stands for the « è » of « Pièces », whatever its case.
    op.execute(
        "UPDATE appointments SET to_bring = substr(notes, 1, 500) "
        "WHERE notes LIKE 'apporter%' OR notes LIKE 'pi_ces%'"
    )


def downgrade() -> None:
    with op.batch_alter_table("appointments") as batch:
        batch.drop_column("to_bring")
