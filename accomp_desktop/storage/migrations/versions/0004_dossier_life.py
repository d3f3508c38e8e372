"""The life of a dossier: the diagnostic validation date, previous versions of journal notes, duplicate
lookup.

Revision ID: 0004 Revises: 0003 Create Date: 2026-11-22

Dossiers already in (or past) the accompaniment had their diagnostic validated before entering, so they
receive their entry date as validation date: the rule "no entry without a validated diagnostic" then holds
for old and new rows alike.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("dossiers", sa.Column("diagnostic_validated_on", sa.Date(), nullable=True))
    op.execute("UPDATE dossiers SET diagnostic_validated_on = entry_date WHERE entry_date IS NOT NULL")
    # Duplicate detection looks people up by sort key (folded names) and birth date.
    op.create_index("ix_persons_birth_date", "persons", ["birth_date"])
    op.create_table(
        "note_versions",
        sa.Column("note_id", sa.String(length=36), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["note_id"], ["notes.id"], name=op.f("fk_note_versions_note_id_notes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note_versions")),
    )
    op.create_index("ix_note_versions_note_id", "note_versions", ["note_id"])


def downgrade() -> None:
    op.drop_index("ix_note_versions_note_id", table_name="note_versions")
    op.drop_table("note_versions")
    op.drop_index("ix_persons_birth_date", table_name="persons")
    with op.batch_alter_table("dossiers") as batch_op:
        batch_op.drop_column("diagnostic_validated_on")
