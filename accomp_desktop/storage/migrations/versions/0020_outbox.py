"""The outbox: every change of a shared table is captured as field operations, in the same transaction.

Revision ID: 0020 Revises: 0019 Create Date: 2026-11-29

The binôme's two machines share dossiers through the département's hub (or exchange files): a change travels
as operations written by triggers (``storage.outbox``). This machine gets its site id here. What was written
before is sent whole at its first synchronisation (``outbox.enqueue_everything``), not captured now.
"""

from __future__ import annotations

from alembic import op

from accomp_desktop.storage.outbox import install_capture

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    install_capture(op.get_bind())


def downgrade() -> None:
    connection = op.get_bind()
    for (name,) in connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB 'sync_*'"
    ).all():
        op.execute(f'DROP TRIGGER "{name}"')
    for table in ("sync_fields", "sync_outbox", "sync_site"):
        op.drop_table(table)
