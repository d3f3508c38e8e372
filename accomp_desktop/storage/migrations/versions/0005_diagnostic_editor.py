"""The shared diagnostic editor: strengths and the person's words, a change history, joint validations.

Revision ID: 0005 Revises: 0004 Create Date: 2026-11-22

A diagnostic holds one entry per theme: the unique index makes the editor's autosave an update, never a
second row for the same theme.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def _record_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=36), nullable=True),
    ]


def _dossier_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["dossier_id"], ["dossiers.id"], name=op.f(f"fk_{table}_dossier_id_dossiers")
    )


def upgrade() -> None:
    op.create_index(
        "uq_diagnostic_entries_dossier_theme", "diagnostic_entries", ["dossier_id", "theme_code"], unique=True
    )
    op.create_table(
        "diagnostic_texts",
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("strengths", sa.Text(), nullable=False),
        sa.Column("wishes", sa.Text(), nullable=False),
        *_record_columns(),
        _dossier_fk("diagnostic_texts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagnostic_texts")),
        sa.UniqueConstraint("dossier_id", name=op.f("uq_diagnostic_texts_dossier_id")),
    )
    op.create_table(
        "diagnostic_changes",
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("part", sa.String(length=64), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        *_record_columns(),
        _dossier_fk("diagnostic_changes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagnostic_changes")),
    )
    op.create_index("ix_diagnostic_changes_dossier_id", "diagnostic_changes", ["dossier_id"])
    op.create_table(
        "diagnostic_validations",
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("validated_on", sa.Date(), nullable=False),
        sa.Column("conseiller_id", sa.String(length=36), nullable=True),
        sa.Column("travailleur_social_id", sa.String(length=36), nullable=True),
        sa.Column("person_agreement", sa.Boolean(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        *_record_columns(),
        _dossier_fk("diagnostic_validations"),
        sa.ForeignKeyConstraint(
            ["conseiller_id"],
            ["professionals.id"],
            name=op.f("fk_diagnostic_validations_conseiller_id_professionals"),
        ),
        sa.ForeignKeyConstraint(
            ["travailleur_social_id"],
            ["professionals.id"],
            name=op.f("fk_diagnostic_validations_travailleur_social_id_professionals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagnostic_validations")),
    )
    op.create_index("ix_diagnostic_validations_dossier_id", "diagnostic_validations", ["dossier_id"])


def downgrade() -> None:
    op.drop_table("diagnostic_validations")
    op.drop_table("diagnostic_changes")
    op.drop_table("diagnostic_texts")
    op.drop_index("uq_diagnostic_entries_dossier_theme", table_name="diagnostic_entries")
