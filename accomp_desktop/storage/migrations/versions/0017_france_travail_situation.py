"""The situation « Inscrit à Pôle emploi » becomes « Inscrit à France Travail », as in the référentiel.

Revision ID: 0017 Revises: 0016 Create Date: 2026-11-29

Pôle emploi is France Travail since 1 January 2024. The diagnostic entries and the validated diagnostics keep
the labels of their situations: the old one is renamed there, else a theme holding it could no longer be saved
(its situation would be unknown to the référentiel). The history of changes keeps what was written then.
"""

from __future__ import annotations

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | None = None
depends_on: str | None = None

OLD, NEW = "Inscrit à Pôle emploi", "Inscrit à France Travail"
OLD_ESCAPED = (
    "Inscrit \\u00e0 P\\u00f4le emploi"  # the same label in JSON written with ensure_ascii (the demo's)
)


def _rename(spellings: tuple[str, ...], new: str) -> None:
    for table, column in (("diagnostic_entries", "situations"), ("diagnostic_validations", "snapshot")):
        for old in spellings:  # quoted: a whole label of the JSON list, never a part of another one
            op.execute(
                f"UPDATE {table} SET {column} = replace({column}, '\"{old}\"', '\"{new}\"') "
                f"WHERE instr({column}, '\"{old}\"') > 0"
            )


def upgrade() -> None:
    _rename((OLD, OLD_ESCAPED), NEW)


def downgrade() -> None:
    _rename((NEW,), OLD)
