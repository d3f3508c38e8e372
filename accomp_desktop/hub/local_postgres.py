"""A throwaway PostgreSQL server on this machine: for the hub's tests and the two-window demonstration.

It runs from Debian's binaries (``/usr/lib/postgresql/<version>/bin``, not on ``PATH`` on a stock system), in
a private folder, listening on a Unix socket only (no TCP port). PostgreSQL refuses to run as root — and CI
runs as root — so when started by root it runs as the ``postgres`` account the package creates (through
``runuser``), in a folder handed to that account; otherwise as the current user. Clients connect through the
socket with :meth:`LocalPostgres.url`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SERVICE_ACCOUNT = "postgres"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries here, or no account to run them as: the message says what to install."""


def server_binaries() -> Path:
    """The folder of ``initdb`` and ``pg_ctl``: on ``PATH``, else Debian's newest version."""
    found = shutil.which("pg_ctl")
    if found is not None and (Path(found).resolve().parent / "initdb").exists():
        return Path(found).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
    )
    if not versions:
        raise PostgresUnavailable(
            "PostgreSQL n'est pas installé : apt-get install postgresql (voir le README)."
        )
    return versions[-1].parent


@dataclass
class LocalPostgres:
    root: Path
    port: int = 5432
    user: str = ""

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def sockets(self) -> Path:
        return self.root / "sockets"

    def url(self, database: str = "postgres", *, driver: str = "postgresql") -> str:
        """A URL through the socket (``driver="postgresql+psycopg"`` for SQLAlchemy)."""
        return f"{driver}://{self.user}@/{database}?host={self.sockets}&port={self.port}"

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", SERVICE_ACCOUNT, "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *command], capture_output=True, text=True, check=True, timeout=120)

    def start(self) -> LocalPostgres:
        binaries = server_binaries()
        if os.geteuid() == 0:
            if shutil.which("runuser") is None:
                raise PostgresUnavailable(
                    "runuser est introuvable : il faut util-linux pour lancer PostgreSQL."
                )
            try:
                import pwd

                account = pwd.getpwnam(SERVICE_ACCOUNT)
            except KeyError:
                raise PostgresUnavailable(
                    f"Le compte « {SERVICE_ACCOUNT} » n'existe pas : installez le paquet postgresql."
                ) from None
            for folder in (self.root, self.data, self.sockets):
                folder.mkdir(mode=0o700, exist_ok=True)
                os.chown(folder, account.pw_uid, account.pw_gid)
            self.user = SERVICE_ACCOUNT
        else:
            for folder in (self.data, self.sockets):
                folder.mkdir(mode=0o700, exist_ok=True)
            import getpass

            self.user = getpass.getuser()
        self._run(
            str(binaries / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            self.user,
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = f"-k {self.sockets} -p {self.port} -c listen_addresses='' -c fsync=off"
        self._run(
            str(binaries / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        )
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(
                str(server_binaries() / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"
            )


def start_throwaway(port: int = 5432) -> LocalPostgres:
    """A new server in a new private folder (under the system's temporary folder, which the service account
    can cross: a test's own temporary folder belongs to root, closed to it)."""
    root = Path(tempfile.mkdtemp(prefix="accomp-postgres-"))
    return LocalPostgres(root, port).start()
