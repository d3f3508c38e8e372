"""The audit log: append-only, hash-chained record of who opened or changed which part of which dossier.

Revision ID: 0009 Revises: 0008 Create Date: 2026-11-22

Triggers make the table append-only for the application and any other tool: no row can be changed, and only
rows older than the 12-month retention can be deleted (by the purge).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("professional_id", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.String(length=36), nullable=True),
        sa.Column("part", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_dossier_id", "audit_log", ["dossier_id"])
    op.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN "
        "SELECT RAISE(ABORT, 'audit log is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_early_delete BEFORE DELETE ON audit_log "
        "WHEN old.at > datetime('now', '-12 months') BEGIN "
        "SELECT RAISE(ABORT, 'audit entries are kept 12 months'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER audit_log_no_early_delete")
    op.execute("DROP TRIGGER audit_log_no_update")
    op.drop_table("audit_log")
