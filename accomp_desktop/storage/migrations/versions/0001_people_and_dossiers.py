"""People and dossiers: professionals, binômes, persons, dossiers and their history.

Revision ID: 0001 Revises: Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_meta")),
    )
    op.create_table(
        "persons",
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("france_travail_id", sa.String(length=32), nullable=False),
        sa.Column("rsa", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
    )
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_persons_france_travail_id"), ["france_travail_id"], unique=False)
    op.create_table(
        "professionals",
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("institution", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_professionals")),
    )
    op.create_table(
        "binomes",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("territory", sa.String(length=200), nullable=False),
        sa.Column("conseiller_id", sa.String(length=36), nullable=False),
        sa.Column("travailleur_social_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["conseiller_id"], ["professionals.id"], name=op.f("fk_binomes_conseiller_id_professionals")
        ),
        sa.ForeignKeyConstraint(
            ["travailleur_social_id"],
            ["professionals.id"],
            name=op.f("fk_binomes_travailleur_social_id_professionals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_binomes")),
    )
    op.create_table(
        "dossiers",
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("binome_id", sa.String(length=36), nullable=False),
        sa.Column("route", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("orientation_date", sa.Date(), nullable=False),
        sa.Column("oriented_by", sa.String(length=36), nullable=True),
        sa.Column("orientation_reasons", sa.Text(), nullable=False),
        sa.Column("person_agreement", sa.Boolean(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=True),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("renewed", sa.Boolean(), nullable=False),
        sa.Column("exit_date", sa.Date(), nullable=True),
        sa.Column("exit_motif", sa.String(length=32), nullable=True),
        sa.Column("exit_bilan", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["binome_id"], ["binomes.id"], name=op.f("fk_dossiers_binome_id_binomes")),
        sa.ForeignKeyConstraint(
            ["oriented_by"], ["professionals.id"], name=op.f("fk_dossiers_oriented_by_professionals")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_dossiers_person_id_persons")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossiers")),
        sa.UniqueConstraint("reference", name=op.f("uq_dossiers_reference")),
    )
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dossiers_binome_id"), ["binome_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dossiers_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dossiers_status"), ["status"], unique=False)
    op.create_table(
        "dossier_events",
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_dossier_events_dossier_id_dossiers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_events")),
    )
    with op.batch_alter_table("dossier_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dossier_events_dossier_id"), ["dossier_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dossier_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dossier_events_dossier_id"))

    op.drop_table("dossier_events")
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dossiers_status"))
        batch_op.drop_index(batch_op.f("ix_dossiers_person_id"))
        batch_op.drop_index(batch_op.f("ix_dossiers_binome_id"))

    op.drop_table("dossiers")
    op.drop_table("binomes")
    op.drop_table("professionals")
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_persons_france_travail_id"))

    op.drop_table("persons")
    op.drop_table("app_meta")
