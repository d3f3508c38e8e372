"""``accomp-hub demo``: the binôme on one PC — a throwaway PostgreSQL and hub, and two desktop windows.

1. a private PostgreSQL server (``hub.local_postgres``) and the hub's service on a free loopback port;
2. the travailleur social's data folder: the demonstration's caseload, joined to the hub with a one-time code,
   its whole content sent at its first synchronisation;
3. the conseiller's data folder: empty, joined, filled by its first synchronisation with what he may read
   (his binômes' dossiers, the social side only where the person consented, never the confidential entries);
4. the two windows, signed in as Jessica Brisson-Lefèbvre and François Bénard (passphrase « demonstration »),
   synchronising every few seconds: an edit in one appears in the other.

Closing both windows (or Ctrl+C) stops the hub and the server and removes the working folder (unless given).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from accomp_desktop.domain.referentiel import Referentiel

log = logging.getLogger("accomp.hub.demo")

SOCIAL = "Jessica Brisson-Lefèbvre"
CONSEILLER = "François Bénard"
DEMO_SIZE = 120


def _prepare(
    folder: Path, hub_url: str, code_for: dict[str, str], referentiel: Referentiel, *, fill: bool
) -> None:
    """Make an encrypted demonstration data folder, joined to the hub, synchronised once."""
    from accomp_desktop.demo.generator import ensure_demo
    from accomp_desktop.services.signin import SignInService
    from accomp_desktop.services.sync_http import HubLink
    from accomp_desktop.storage.location import DataFolder
    from accomp_desktop.storage.session import Store

    data = DataFolder(folder)
    data.create()

    def populate(store: Store) -> None:
        if fill:
            ensure_demo(store, referentiel, size=DEMO_SIZE)
        link = HubLink(store)
        link.join(hub_url, code_for["social" if fill else "conseiller"], name=folder.name)
        report = link.sync()
        log.info("%s: %d sent, %d received", folder.name, report.pushed, report.pulled)

    SignInService(data).prepare_demo(populate)


def run_demo(folder: Path | None, *, interval: float = 3.0) -> int:
    import psycopg

    from accomp_desktop.app import load_project_referentiel
    from accomp_desktop.demo.generator import ensure_demo  # noqa: F401 - fails early if the demo is missing
    from accomp_desktop.display import graphical_session_problem
    from accomp_desktop.hub.local_postgres import PostgresUnavailable, start_throwaway
    from accomp_desktop.hub.schema import migrate
    from accomp_desktop.hub.server import HubServer
    from accomp_desktop.hub.store import Hub
    from accomp_desktop.storage.location import DataFolder

    problem = graphical_session_problem()
    if problem:  # said before anything starts: the two windows need a screen
        print(problem, file=sys.stderr)
        return 2
    root = folder or Path(tempfile.mkdtemp(prefix="accomp-hub-demo-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        server = start_throwaway()
    except (PostgresUnavailable, subprocess.CalledProcessError, OSError) as error:
        print(f"PostgreSQL n'a pas pu démarrer : {error}", file=sys.stderr)
        return 1
    hub: HubServer | None = None
    windows: list[subprocess.Popen[bytes]] = []
    try:
        with psycopg.connect(server.url(), autocommit=True) as admin:
            admin.execute("CREATE DATABASE hub")
        url = server.url("hub")
        with psycopg.connect(url, autocommit=True) as connection:
            migrate(connection)
        hub = HubServer(url, "127.0.0.1", 0).start()
        print(f"Hub à l'écoute sur {hub.address} (PostgreSQL dans {server.root})")
        referentiel = load_project_referentiel(DataFolder(root / "ts"))
        social_id, conseiller_id = _demo_professionals(referentiel)
        with psycopg.connect(url, autocommit=True) as connection:
            codes = {
                "social": Hub(connection).issue_code(social_id),
                "conseiller": Hub(connection).issue_code(conseiller_id),
            }
        _prepare(root / "ts", hub.address, codes, referentiel, fill=True)
        _prepare(root / "conseiller", hub.address, codes, referentiel, fill=False)
        environment = {
            **os.environ,
            "ACCOMP_PASSPHRASE": "demonstration",
            "ACCOMP_SYNC_INTERVAL": str(interval),
        }
        for name, profile in (("ts", SOCIAL), ("conseiller", CONSEILLER)):
            windows.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "accomp_desktop",
                        "--demo",
                        "--data-dir",
                        str(root / name),
                        "--profile",
                        profile,
                    ],  # fmt: skip
                    env=environment,
                )
            )
        print(
            "Deux fenêtres : le travailleur social et le conseiller. Fermez-les pour arrêter la "
            "démonstration."
        )
        for window in windows:
            window.wait()
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        for window in windows:
            if window.poll() is None:
                window.terminate()
        if hub is not None:
            hub.stop()
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)
        if folder is None:
            shutil.rmtree(root, ignore_errors=True)


def _demo_professionals(referentiel: Referentiel) -> tuple[str, str]:
    """The ids of the demonstration's travailleur social and conseiller (the generator is deterministic)."""
    from accomp_desktop.demo.generator import ensure_demo
    from accomp_desktop.storage import repositories as repo
    from accomp_desktop.storage.engine import make_engine
    from accomp_desktop.storage.migrate import upgrade
    from accomp_desktop.storage.session import Store

    engine = make_engine(None)
    upgrade(engine)
    store = Store(engine)
    ensure_demo(store, referentiel, size=DEMO_SIZE)
    with store.unit_of_work() as session:
        found = {f"{p.first_name} {p.last_name}": p.id for p in repo.list_professionals(session)}
    store.close()
    return found[SOCIAL], found[CONSEILLER]
