"""Phone numbers typed « +33 (0)6 12 34 56 78 » were stored « +330612345678 »: stored again as « 06 12 34 56
78 ».

Revision ID: 0016 Revises: 0015 Create Date: 2026-11-29

The earlier reading kept the « (0) » of the international form after the country code. Only that exact shape
is rewritten — « +33 », a « 0 », nine digits — in the persons' and the professionals' records; every other
number is left as it was (the next save reads it with ``phonenumbers``).
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | None = None
depends_on: str | None = None

_WRONG = re.compile(r"^\+330(\d{9})$")


def upgrade() -> None:
    connection = op.get_bind()
    for table in ("persons", "professionals"):
        rows = connection.execute(sa.text(f"SELECT id, phone FROM {table} WHERE phone LIKE '+330%'")).all()
        for ident, phone in rows:
            found = _WRONG.match(phone)
            if found:
                digits = "0" + found.group(1)
                connection.execute(
                    sa.text(f"UPDATE {table} SET phone = :phone WHERE id = :id"),
                    {"phone": " ".join(digits[i : i + 2] for i in range(0, 10, 2)), "id": ident},
                )


def downgrade() -> None:
    pass  # the numbers are right in either schema
