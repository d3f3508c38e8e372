"""Every name found as people type it: the words a person is searched by are folded in Python and stored.

Revision ID: 0013 Revises: 0012 Create Date: 2026-11-29

The FTS5 tokenizer removes accents but keeps "ł", "ø", "ß", "đ" and reads an en dash as a separator: « lukasz
» did not find « Łukasz », nor « strauss » « Strauß ». Each person now carries ``search_terms`` (the names
folded to plain ASCII by ``anyascii``, and squashed), written by the application (``domain.text``); the
index's triggers read that column instead of the raw names. The sort keys are computed again with the same
folding.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op
from anyascii import anyascii

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | None = None
depends_on: str | None = None

_WORD = re.compile(r"\w+", re.ASCII)
_TERMS = "p.search_terms || ' ' || lower(p.france_travail_id) || ' ' || d.reference"


def _fold(text: str) -> str:  # frozen copies of domain.text as of this revision (migrations must not change)
    return anyascii(text).casefold()


def _squash(text: str) -> str:
    return "".join(_WORD.findall(text))


def _index(where: str) -> str:
    return (
        "INSERT INTO dossier_search (rowid, terms) "
        f"SELECT d.search_key, {_TERMS} FROM dossiers d JOIN persons p ON p.id = d.person_id WHERE {where};"
    )


def upgrade() -> None:
    op.add_column("persons", sa.Column("search_terms", sa.Text(), nullable=False, server_default=""))
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, last_name, first_name FROM persons")).all()
    if rows:
        updates = []
        for row in rows:
            last, first = _fold(row.last_name), _fold(row.first_name)
            updates.append(
                {
                    "id": row.id,
                    "key": f"{_squash(last)} {_squash(first)}",
                    "terms": " ".join((last, first, _squash(last), _squash(first))),
                }
            )
        connection.execute(
            sa.text("UPDATE persons SET sort_key = :key, search_terms = :terms WHERE id = :id"), updates
        )
    for trigger in ("insert", "update", "person"):
        op.execute(f"DROP TRIGGER IF EXISTS dossier_search_{trigger}")
    op.execute("DELETE FROM dossier_search")
    op.execute(_index("1"))
    op.execute(
        "CREATE TRIGGER dossier_search_insert AFTER INSERT ON dossiers BEGIN "
        "UPDATE dossiers SET search_key = (SELECT coalesce(max(search_key), 0) + 1 FROM dossiers) "
        "WHERE id = new.id AND new.search_key IS NULL; " + _index("d.id = new.id") + " END"
    )
    op.execute(
        "CREATE TRIGGER dossier_search_update AFTER UPDATE OF reference, person_id ON dossiers BEGIN "
        "DELETE FROM dossier_search WHERE rowid = old.search_key; " + _index("d.id = new.id") + " END"
    )
    op.execute(
        "CREATE TRIGGER dossier_search_person AFTER UPDATE OF search_terms, france_travail_id ON persons "
        "BEGIN "
        "DELETE FROM dossier_search WHERE rowid IN (SELECT search_key FROM dossiers WHERE person_id = "
        "new.id); " + _index("d.person_id = new.id") + " END"
    )


def downgrade() -> None:
    raise NotImplementedError(
        "The search index of revision 0012 read the raw names: restore a backup instead."
    )
