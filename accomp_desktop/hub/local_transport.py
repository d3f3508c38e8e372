"""A desktop's transport to a hub in the same process: the hub's own code on a real PostgreSQL connection.

The desktop speaks HTTPS to the hub (``services.sync_http``); this transport skips only the HTTP layer, so the
tests that drive several machines against a real PostgreSQL run fast and exercise the same push, pull and
row-level security. It authenticates the machine at every call, as the server does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict
from typing import Any, TypeVar

from psycopg import Connection

from accomp_desktop.hub.store import Hub

T = TypeVar("T")


class LocalTransport:
    def __init__(
        self, connect: Callable[[], Connection], site_id: str, token: str, *, page: int = 2000
    ) -> None:
        self._connect = connect
        self._page = page
        self.site_id = site_id
        self._token = token

    def _hub(self) -> Hub:
        hub = Hub(self._connect())
        hub.authenticate(self.site_id, self._token)
        return hub

    def _call(self, work: Callable[[Hub], T]) -> T:
        hub = self._hub()
        try:
            return work(hub)
        finally:
            hub.connection.close()

    def push(self, operations: list[dict[str, Any]]) -> Mapping[str, Any]:
        return self._call(lambda hub: asdict(hub.push(self.site_id, list(operations))))

    def pull(self, cursor: int) -> Mapping[str, Any]:
        return self._call(lambda hub: asdict(hub.pull(self.site_id, cursor, limit=self._page)))

    def hashes(self, dossier_ids: list[str]) -> Mapping[str, str]:
        return self._call(lambda hub: hub.dossier_hashes(self.site_id, dossier_ids))

    def dossier(self, dossier_id: str) -> Mapping[str, Any]:
        return self._call(lambda hub: {"rows": hub.dossier_rows(self.site_id, dossier_id)})
