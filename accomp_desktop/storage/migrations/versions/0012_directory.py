"""The dispositif's directory: administrators, deactivated professionals, territories, binôme members over
time, targets per binôme, the set-up's history; how the person's consent was collected; what an issued plan
holds.

Revision ID: 0012 Revises: 0011 Create Date: 2026-11-29

An existing database has no administrator: the professional recorded first (the one who set the computer up)
becomes one, so that someone can give roles and access after the upgrade. Territories are made from the names
the binômes already carry, and each binôme's current members are its first memberships. Plans issued before
this revision did not record what they held: those printed with confidential content count as confidential,
the others as social (the safe side: a conseiller reopens them only with the person's consent).
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
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


def upgrade() -> None:
    # Plain ALTER TABLE (no batch copy): dossiers carries the search index's triggers.
    op.add_column("professionals", sa.Column("admin", sa.Boolean(), nullable=False, server_default="0"))
    op.add_column("professionals", sa.Column("deactivated_on", sa.Date(), nullable=True))
    op.add_column("binomes", sa.Column("target_min", sa.Integer(), nullable=False, server_default="70"))
    op.add_column("binomes", sa.Column("target_max", sa.Integer(), nullable=False, server_default="100"))
    op.add_column("dossiers", sa.Column("share_consent_method", sa.String(length=16), nullable=True))
    op.add_column(
        "issued_plans",
        sa.Column("content_part", sa.String(length=32), nullable=False, server_default="plan_social"),
    )
    op.execute("UPDATE issued_plans SET content_part = 'plan_confidential' WHERE with_confidential")

    op.create_table(
        "territories",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("postcodes", sa.Text(), nullable=False, server_default=""),
        *_record_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_territories")),
        sa.UniqueConstraint("name", name=op.f("uq_territories_name")),
    )
    op.create_table(
        "binome_members",
        sa.Column("binome_id", sa.String(length=36), nullable=False),
        sa.Column("professional_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        *_record_columns(),
        sa.ForeignKeyConstraint(
            ["binome_id"], ["binomes.id"], name=op.f("fk_binome_members_binome_id_binomes")
        ),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["professionals.id"],
            name=op.f("fk_binome_members_professional_id_professionals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_binome_members")),
    )
    op.create_index("ix_binome_members_binome_id", "binome_members", ["binome_id"])
    op.create_index("ix_binome_members_professional_id", "binome_members", ["professional_id"])
    op.create_table(
        "directory_changes",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        *_record_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_changes")),
    )

    connection = op.get_bind()
    now = connection.execute(sa.text("SELECT datetime('now')")).scalar()
    for (name,) in connection.execute(
        sa.text("SELECT DISTINCT territory FROM binomes WHERE territory != ''")
    ):
        connection.execute(
            sa.text(
                "INSERT INTO territories (id, name, postcodes, created_at, updated_at) VALUES (:id, "
                ":name, '', :now, :now)"
            ),
            {"id": str(uuid.uuid4()), "name": name, "now": now},
        )
    binomes = connection.execute(
        sa.text(
            "SELECT id, conseiller_id, travailleur_social_id, date(created_at) FROM binomes WHERE "
            "deleted_at IS NULL"
        )
    ).all()
    for binome_id, conseiller_id, social_id, since in binomes:
        for professional_id, role in ((conseiller_id, "conseiller"), (social_id, "travailleur_social")):
            connection.execute(
                sa.text(
                    "INSERT INTO binome_members (id, binome_id, professional_id, role, since, "
                    "created_at, updated_at) "
                    "VALUES (:id, :binome, :professional, :role, :since, :now, :now)"
                ),
                {
                    "id": str(uuid.uuid4()),
                    "binome": binome_id,
                    "professional": professional_id,
                    "role": role,
                    "since": since,
                    "now": now,
                },
            )
    connection.execute(
        sa.text(
            "UPDATE professionals SET admin = 1 WHERE id = (SELECT id FROM professionals WHERE "
            "deleted_at IS NULL "
            "ORDER BY created_at, rowid LIMIT 1) AND NOT EXISTS (SELECT 1 FROM professionals WHERE admin)"
        )
    )


def downgrade() -> None:
    op.drop_table("directory_changes")
    op.drop_index("ix_binome_members_professional_id", "binome_members")
    op.drop_index("ix_binome_members_binome_id", "binome_members")
    op.drop_table("binome_members")
    op.drop_table("territories")
    with op.batch_alter_table("issued_plans") as batch_op:
        batch_op.drop_column("content_part")
    op.drop_column("dossiers", "share_consent_method")
    with op.batch_alter_table("binomes") as batch_op:
        batch_op.drop_column("target_max")
        batch_op.drop_column("target_min")
    with op.batch_alter_table("professionals") as batch_op:
        batch_op.drop_column("deactivated_on")
        batch_op.drop_column("admin")
