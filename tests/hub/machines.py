"""Desktops for the hub's tests: each a real migrated database in its own folder, synchronised with a hub on
the session's PostgreSQL through the hub's own code (``LocalTransport``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from accomp_desktop.hub.local_transport import LocalTransport
from accomp_desktop.hub.store import Hub
from accomp_desktop.services.sync import SyncClient, SyncReport
from accomp_desktop.storage.location import DataFolder
from accomp_desktop.storage.migrate import open_database
from accomp_desktop.storage.session import Store
from tests.hub.conftest import HubDatabase


@dataclass
class Desktop:
    folder: DataFolder
    store: Store
    client: SyncClient | None = None

    @classmethod
    def new(cls, root: Path) -> Desktop:
        folder = DataFolder(root)
        folder.create()
        return cls(folder, Store(open_database(folder), folder.database))

    def enrol(self, hub_db: HubDatabase, professional_id: str) -> None:
        site = SyncClient(self.store, _Unset()).site_id()
        hub = Hub(hub_db.connect())
        enrolment = hub.enrol(professional_id, site_id=site)
        hub.connection.close()
        self.client = SyncClient(self.store, LocalTransport(hub_db.connect, site, enrolment.token))
        with self.store.engine.connect() as connection:
            holds = connection.execute(text("SELECT count(*) FROM professionals")).scalar_one()
        self.client.joined(site_code=enrolment.code, first_upload=bool(holds))

    def sync(self) -> SyncReport:
        assert self.client is not None
        return self.client.sync()

    def scalar(self, sql: str, **params: object) -> object:
        with self.store.engine.connect() as connection:
            return connection.execute(text(sql), params).scalar()

    def close(self) -> None:
        self.store.close()


class _Unset:
    def __getattr__(self, name: str) -> object:
        raise AssertionError("not enrolled")


def snapshot(desktop: Desktop, where: Path) -> Path:
    """A copy of the machine's database as a backup would keep it (the application's own backup code)."""
    from accomp_desktop.storage.backup import backup_database

    return backup_database(desktop.folder.database, where, label="test", keep=10)


def restore(desktop: Desktop, backup: Path) -> None:
    """Put the copy back in place of the database (as « Restaurer… » does) and reopen it, same transport."""
    import shutil

    desktop.store.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{desktop.folder.database}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(backup, desktop.folder.database)
    desktop.store = Store(open_database(desktop.folder), desktop.folder.database)
    if desktop.client is not None:
        desktop.client = SyncClient(desktop.store, desktop.client._transport)  # noqa: SLF001 - same hub, same keys
