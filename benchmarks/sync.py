"""Sharing through the hub, measured: a throwaway PostgreSQL and the hub's HTTP service on loopback, and
desktops joined to it (their own databases, their own synchronisation clients).

- 1,000 field operations pushed by one machine and pulled by the other, against the floor: the same 1,000
  rows written and read back with plain psycopg on the same server, in the same run;
- the first download of a binôme's dossiers to a new machine;
- 25 desktops synchronising at once (each with a few edits): the 95th percentile of a round;
- a round with nothing to do.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.suite import Result

EDITS = 1000
DESKTOPS = 25


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def sync_rows(referentiel: Any, dossiers: int, runs: int) -> list[Result]:
    import psycopg
    from sqlalchemy import text

    from accomp_desktop.demo.generator import ensure_demo
    from accomp_desktop.hub.local_postgres import start_throwaway
    from accomp_desktop.hub.schema import migrate
    from accomp_desktop.hub.server import HubServer
    from accomp_desktop.hub.store import Hub
    from accomp_desktop.services import sync_http
    from accomp_desktop.storage import repositories as repo
    from accomp_desktop.storage.location import DataFolder
    from accomp_desktop.storage.migrate import open_database
    from accomp_desktop.storage.session import Store

    server = start_throwaway()
    root = Path(tempfile.mkdtemp(prefix="accomp-bench-sync-"))
    stores: list[Store] = []
    hub: HubServer | None = None
    try:
        with psycopg.connect(server.url(), autocommit=True) as admin:
            admin.execute("CREATE DATABASE hub")
        url = server.url("hub")
        with psycopg.connect(url, autocommit=True) as connection:
            migrate(connection)
        hub = HubServer(url, "127.0.0.1", 0).start()

        def desktop(name: str) -> Store:
            folder = DataFolder(root / name)
            folder.create()
            store = Store(open_database(folder), folder.database)
            stores.append(store)
            return store

        def join(store: Store, professional_id: str) -> None:
            with psycopg.connect(url, autocommit=True) as connection:
                code = Hub(connection).issue_code(professional_id)
            assert hub is not None
            sync_http.join(store, hub.address, code)

        social = desktop("ts")
        ensure_demo(social, referentiel, size=dossiers)
        with social.unit_of_work() as session:
            people = {f"{p.first_name} {p.last_name}": p for p in repo.list_professionals(session)}
        social_id, conseiller_id = people["Jessica Brisson-Lefèbvre"].id, people["François Bénard"].id
        with social.engine.connect() as connection:
            binome_id = connection.execute(
                text("SELECT id FROM binomes WHERE conseiller_id = :c"), {"c": conseiller_id}
            ).scalar_one()
        join(social, social_id)
        sync_http.client(social).sync()  # type: ignore[union-attr]  # the département's first upload

        started = time.perf_counter()
        conseiller = desktop("cft")
        join(conseiller, conseiller_id)
        first = sync_http.client(conseiller).sync()  # type: ignore[union-attr]
        first_ms = _ms(started)
        with conseiller.engine.connect() as connection:
            downloaded = connection.execute(text("SELECT count(*) FROM dossiers")).scalar_one()

        push_pull: list[float] = []
        floors: list[float] = []
        for run in range(runs):
            with (
                social.engine.begin() as connection
            ):  # 8 fields of 125 people of the binôme: 1,000 operations
                connection.execute(
                    text(
                        "UPDATE persons SET phone = printf('06 %02d 00 %04d', :r, rowid % 10000), "
                        "email = printf('p%d.%d@example.org', rowid, :r), "
                        "address = printf('%d rue des Prés', :r), "
                        "postcode = printf('10%03d', :r), city = printf('Troyes %d', :r), "
                        "france_travail_id = printf('%07dX', rowid + :r), rsa = NOT rsa, "
                        "birth_date = date(birth_date, '+1 day') "
                        "WHERE id IN (SELECT person_id FROM dossiers WHERE binome_id = :b LIMIT :n)"
                    ),
                    {"r": run + 1, "n": EDITS // 8, "b": binome_id},
                )
                edits = connection.execute(text("SELECT count(*) FROM sync_outbox")).scalar_one()
            started = time.perf_counter()
            sync_http.client(social).sync()  # type: ignore[union-attr]
            sync_http.client(conseiller).sync()  # type: ignore[union-attr]
            push_pull.append(_ms(started) * EDITS / max(edits, 1))
            floors.append(_floor(url, run))

        idle = []
        for _ in range(max(runs, 5)):
            started = time.perf_counter()
            sync_http.client(conseiller).sync()  # type: ignore[union-attr]
            idle.append(_ms(started))

        rounds = _many_at_once(desktop, join, conseiller_id, social)
    finally:
        for store in stores:
            store.close()
        if hub is not None:
            hub.stop()
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)

    value, floor = statistics.median(push_pull), statistics.median(floors)
    p95 = sorted(rounds)[max(0, int(len(rounds) * 0.95) - 1)]
    return [
        Result(
            f"Synchronisation : {EDITS} champs envoyés puis reçus (hub HTTP, PostgreSQL)",
            value,
            "ms",
            "≤ 2000 ms et ≤ 3 × psycopg",
            value <= 2000 and value <= 3 * floor,
            baseline=floor,
            baseline_name="mêmes lignes écrites et relues avec psycopg",
            runs=runs,
        ),
        Result(
            f"Synchronisation : premier téléchargement d'un binôme ({downloaded} dossiers, "
            f"{first.pulled} lignes)",
            first_ms,
            "ms",
            "≤ 5000 ms",
            first_ms <= 5000,
            runs=1,
        ),
        Result(
            f"Synchronisation : {DESKTOPS} postes à la fois, 95e centile d'un tour",
            p95,
            "ms",
            "≤ 1000 ms",
            p95 <= 1000,
            runs=len(rounds),
        ),
        Result(
            "Synchronisation sans rien à faire",
            statistics.median(idle),
            "ms",
            "≤ 50 ms",
            statistics.median(idle) <= 50,
            runs=len(idle),
        ),
    ]


def _floor(url: str, run: int) -> float:
    """The same number of field values written and read back with plain psycopg: the floor."""
    import psycopg

    rows = [
        (f"persons-{i}", "phone", f"06 {run:02d} {i % 100:02d} {i // 100 % 100:02d} 00") for i in range(EDITS)
    ]
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS bench_floor (entity_id text PRIMARY KEY, field text, value jsonb)"
        )
        started = time.perf_counter()
        with connection.transaction(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO bench_floor VALUES (%s, %s, to_jsonb(%s::text)) "
                "ON CONFLICT (entity_id) DO UPDATE SET value = excluded.value",
                rows,
            )
        read = connection.execute("SELECT entity_id, field, value FROM bench_floor").fetchall()
        assert len(read) >= EDITS
        return _ms(started)


def _many_at_once(desktop: Any, join: Any, professional_id: str, source: Any) -> list[float]:
    """25 machines of the same conseiller's binômes (as many as a département's hub serves at 9 a.m.), each
    with a few edits, synchronising together; returns every round's duration."""
    from sqlalchemy import text

    from accomp_desktop.services import sync_http

    machines = []
    for index in range(DESKTOPS):
        store = desktop(f"many-{index}")
        join(store, professional_id)
        sync_http.client(store).sync()  # type: ignore[union-attr]
        machines.append(store)
    durations: list[float] = []
    lock = threading.Lock()

    def round_of(store: Any, index: int) -> None:
        with store.engine.begin() as connection:
            connection.execute(
                text("UPDATE persons SET phone = :p WHERE rowid IN (SELECT rowid FROM persons LIMIT 3)"),
                {"p": f"07 00 00 00 {index:02d}"},
            )
        started = time.perf_counter()
        sync_http.client(store).sync()  # type: ignore[union-attr]
        with lock:
            durations.append(_ms(started))

    for _ in range(3):
        threads = [threading.Thread(target=round_of, args=(s, i)) for i, s in enumerate(machines)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return durations
