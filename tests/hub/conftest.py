"""One real PostgreSQL server for the hub's tests, started once per session — as the unprivileged ``postgres``
account when the tests run as root (CI), never skipped."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from accomp_desktop.hub.local_postgres import LocalPostgres, start_throwaway


@pytest.fixture(scope="session")
def postgres() -> Iterator[LocalPostgres]:
    server = start_throwaway()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)
