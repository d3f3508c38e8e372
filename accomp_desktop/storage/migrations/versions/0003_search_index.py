"""Search index: an FTS5 table over names, France Travail identifier and reference, kept in step by triggers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

``unicode61 remove_diacritics 2`` folds case and accents ("lefevre" finds "Lefèvre"). The tokenizer splits on
apostrophes and hyphens, so each name is also indexed squashed ("N'Diaye" → "ndiaye", "Jean-Marc" →
"jeanmarc"): typing the name with or without its punctuation finds it. Triggers keep the index in step with
every insert, update and deletion of a dossier or of its person, whoever writes. ``dossier_id`` is an
indexed column so that a trigger finds a dossier's entry by a phrase query instead of scanning the table;
searches are restricted to the ``terms`` column.
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def _squash(column: str) -> str:
    """SQL for the name without punctuation or spaces, with ligatures spelt out ("Bœuf" → "boeuf")."""
    expression = f"lower({column})"
    for mark, spelt in (("''", ""), ("’", ""), ("-", ""), (" ", ""), ("œ", "oe"), ("Œ", "oe"), ("æ", "ae"),
                        ("Æ", "ae")):
        expression = f"replace({expression}, '{mark}', '{spelt}')"
    return expression


_TERMS = (
    "p.last_name || ' ' || p.first_name || ' ' || {squashed_last} || ' ' || {squashed_first} || ' ' || "
    "p.france_travail_id || ' ' || d.reference"
).format(squashed_last=_squash("p.last_name"), squashed_first=_squash("p.first_name"))


def _match_dossier(id_expression: str) -> str:
    """An FTS5 condition finding the entry of one dossier by its id (a phrase of the UUID's parts)."""
    return f"dossier_search MATCH 'dossier_id:\"' || {id_expression} || '\"'"


def _index_dossiers(where: str) -> str:
    return (
        "INSERT INTO dossier_search (dossier_id, terms) "
        f"SELECT d.id, {_TERMS} FROM dossiers d JOIN persons p ON p.id = d.person_id WHERE {where};"
    )


def _sort_key(last_name: str, first_name: str) -> str:
    """Frozen copy of domain.text.name_sort_key as of this revision (migrations must not change later)."""

    ligatures: dict[str, str | int | None] = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"}

    def squash(part: str) -> str:
        part = part.translate(str.maketrans(ligatures))
        part = "".join(c for c in unicodedata.normalize("NFKD", part) if not unicodedata.combining(c))
        return "".join(re.findall(r"\w+", part.casefold()))

    return f"{squash(last_name)} {squash(first_name)}"


def upgrade() -> None:
    # Accent-free alphabetical order and the date of last contact, both sortable and indexed for the case list.
    op.add_column("persons", sa.Column("sort_key", sa.String(length=210), nullable=False, server_default=""))
    op.create_index("ix_persons_sort_key", "persons", ["sort_key"])
    op.add_column("dossiers", sa.Column("last_contact_date", sa.Date(), nullable=True))
    op.create_index("ix_dossiers_last_contact_date", "dossiers", ["last_contact_date"])
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, last_name, first_name FROM persons")).all()
    if rows:
        connection.execute(
            sa.text("UPDATE persons SET sort_key = :key WHERE id = :id"),
            [{"id": row.id, "key": _sort_key(row.last_name, row.first_name)} for row in rows],
        )
    connection.execute(
        sa.text(
            "UPDATE dossiers SET last_contact_date = (SELECT max(date(a.start)) FROM appointments a "
            "WHERE a.dossier_id = dossiers.id AND a.attendance = 'honoured' AND a.deleted_at IS NULL)"
        )
    )
    op.execute(
        "CREATE VIRTUAL TABLE dossier_search USING fts5("
        "dossier_id, terms, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
    )
    op.execute(_index_dossiers("1"))
    op.execute(
        "CREATE TRIGGER dossier_search_insert AFTER INSERT ON dossiers BEGIN "
        + _index_dossiers("d.id = new.id")
        + " END"
    )
    op.execute(
        "CREATE TRIGGER dossier_search_update AFTER UPDATE OF reference, person_id ON dossiers BEGIN "
        f"DELETE FROM dossier_search WHERE {_match_dossier('old.id')}; "
        + _index_dossiers("d.id = new.id")
        + " END"
    )
    op.execute(
        "CREATE TRIGGER dossier_search_delete AFTER DELETE ON dossiers BEGIN "
        f"DELETE FROM dossier_search WHERE {_match_dossier('old.id')}; END"
    )
    op.execute(
        "CREATE TRIGGER dossier_search_person AFTER UPDATE OF last_name, first_name, france_travail_id "
        "ON persons WHEN EXISTS (SELECT 1 FROM dossiers WHERE person_id = new.id) BEGIN "
        # One phrase query naming all of the person's dossiers: "dossier_id:("id1" OR "id2")".
        "DELETE FROM dossier_search WHERE dossier_search MATCH (SELECT 'dossier_id:(\"' || "
        "group_concat(id, '\" OR \"') || '\")' FROM dossiers WHERE person_id = new.id); "
        + _index_dossiers("d.person_id = new.id")
        + " END"
    )


def downgrade() -> None:
    op.drop_index("ix_dossiers_last_contact_date", "dossiers")
    op.drop_index("ix_persons_sort_key", "persons")
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("last_contact_date")
    with op.batch_alter_table("persons") as batch:
        batch.drop_column("sort_key")
    for trigger in ("insert", "update", "delete", "person"):
        op.execute(f"DROP TRIGGER IF EXISTS dossier_search_{trigger}")
    op.execute("DROP TABLE IF EXISTS dossier_search")
