"""The throwaway PostgreSQL the hub's tests use is a real server: it starts as an unprivileged account even
when the tests run as root (as CI does), listens on its socket only, and keeps what is written."""

from __future__ import annotations

import os

import psycopg

from accomp_desktop.hub.local_postgres import LocalPostgres


def test_a_real_server_keeps_what_is_written(postgres: LocalPostgres) -> None:
    with psycopg.connect(postgres.url()) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS probe (id serial PRIMARY KEY, name text NOT NULL)")
        connection.execute("INSERT INTO probe (name) VALUES (%s)", ("Aïcha N'Diaye-Lefèvre",))
    with psycopg.connect(postgres.url()) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM probe")]
        version = connection.execute("SHOW server_version_num").fetchone()
        listening = connection.execute("SHOW listen_addresses").fetchone()
    assert "Aïcha N'Diaye-Lefèvre" in names
    assert version is not None and int(version[0]) >= 150000
    assert listening == ("",)  # no TCP port: the socket only


def test_it_never_runs_as_root(postgres: LocalPostgres) -> None:
    owner = (postgres.data / "PG_VERSION").stat().st_uid
    assert owner != 0 and (os.geteuid() != 0 or postgres.user == "postgres")
