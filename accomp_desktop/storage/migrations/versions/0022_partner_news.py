"""When each change from the partner's machine arrived, and which dossiers changed since they were opened.

Revision ID: 0022 Revises: 0021 Create Date: 2026-11-29

``sync_fields.received_at``: the moment a pulled value was applied here (the history says « synchronisé
le … »); ``sync_news``: per dossier, the last arrival of a change from the partner and the last time the
dossier was opened on this machine — the case list marks those where the first is later.
"""

from __future__ import annotations

from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE sync_fields ADD COLUMN received_at TEXT")
    op.execute(
        "CREATE TABLE sync_news (dossier_id TEXT PRIMARY KEY, received_at TEXT NOT NULL, opened_at TEXT) "
        "WITHOUT ROWID"
    )


def downgrade() -> None:
    op.execute("DROP TABLE sync_news")
    op.execute("ALTER TABLE sync_fields DROP COLUMN received_at")
