"""One real PostgreSQL server for the hub's tests, started once per session — as the unprivileged ``postgres``
account when the tests run as root (CI), never skipped."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest

from accomp_desktop.hub.local_postgres import LocalPostgres, start_throwaway
from accomp_desktop.hub.schema import grant_service, migrate


@pytest.fixture(scope="session")
def postgres() -> Iterator[LocalPostgres]:
    server = start_throwaway()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


SERVICE_ROLE = "accomp_hub_service"
_databases = itertools.count(1)


@dataclass
class HubDatabase:
    """A fresh hub database, migrated by its owner; the service connects as a role that owns nothing."""

    server: LocalPostgres
    name: str

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.service_url(), autocommit=True)

    def service_url(self) -> str:
        return f"postgresql://{SERVICE_ROLE}@/{self.name}?host={self.server.sockets}&port={self.server.port}"

    def owner(self) -> psycopg.Connection:
        return psycopg.connect(self.server.url(self.name), autocommit=True)


def new_hub_database(postgres: LocalPostgres) -> HubDatabase:
    name = f"hub_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(postgres.url(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
        exists = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (SERVICE_ROLE,)).fetchone()
        if exists is None:
            admin.execute(f"CREATE ROLE {SERVICE_ROLE} LOGIN")
    database = HubDatabase(postgres, name)
    with database.owner() as owner:
        migrate(owner)
        grant_service(owner, SERVICE_ROLE)
    return database


def drop_hub_database(database: HubDatabase) -> None:
    with psycopg.connect(database.server.url(), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {database.name} WITH (FORCE)")


@pytest.fixture
def hub_db(postgres: LocalPostgres) -> Iterator[HubDatabase]:
    database = new_hub_database(postgres)
    yield database
    drop_hub_database(database)
