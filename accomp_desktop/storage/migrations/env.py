"""Alembic environment: runs migrations on the connection the application hands over.

The application never uses an ``alembic.ini``: :mod:`accomp_desktop.storage.migrate` builds the config and
passes its open connection (made by the one engine factory, so pragmas and, later, encryption apply).
``render_as_batch`` lets later migrations alter SQLite tables by copy-and-move.
"""

from __future__ import annotations

from alembic import context

from accomp_desktop.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by a hand-run "alembic" command
    raise RuntimeError("Run migrations through accomp_desktop.storage.migrate, which provides a connection.")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
