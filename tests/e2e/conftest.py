"""The hub's fixtures (a real PostgreSQL, a hub database) for the end-to-end test of two desktop processes."""

from tests.hub.conftest import hub_db, postgres

__all__ = ["hub_db", "postgres"]
