"""Reaching the hub over HTTPS, and joining it with an administrator's one-time code.

Every failure of the network — no route, a refused or cut connection, a timeout, an answer cut short or not
JSON — becomes :class:`HubUnreachable` with a calm French sentence; the hub's refusals (a revoked machine, a
wrong code) become :class:`HubRefused` with the hub's own sentence. The machine's credentials (its site id and
token) are kept in its database, encrypted like everything else in it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from accomp_desktop.services.sync import (
    HubRefused,
    HubUnreachable,
    SyncClient,
    SyncReport,
    SyncStatus,
    sync_status,
)
from accomp_desktop.storage import outbox
from accomp_desktop.storage.session import Store

HUB_URL = "sync.hub_url"
TOKEN = "sync.token"
CA_FILE = "sync.ca_file"
TIMEOUT = 15.0
UNREACHABLE = "Le hub est injoignable pour le moment ; vos saisies restent sur ce poste."


def _call(url: str, body: dict[str, Any], *, auth: str | None, cafile: str | None, timeout: float) -> Any:
    # imported here: the network's modules (ssl above all) cost the first window nothing
    import http.client
    import ssl
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    if auth:
        request.add_header("Authorization", f"Bearer {auth}")
    context = ssl.create_default_context(cafile=cafile) if url.startswith("https:") else None
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as answer:
            raw = answer.read()
    except urllib.error.HTTPError as error:
        try:
            detail = json.loads(error.read() or b"{}")
        except (ValueError, OSError, http.client.HTTPException):
            detail = {}
        if error.code == 403 and isinstance(detail, dict):
            raise HubRefused(str(detail.get("message") or "Le hub refuse ce poste.")) from None
        raise HubUnreachable(
            f"Le hub a répondu par une erreur ({error.code}) ; nouvel essai plus tard."
        ) from None
    except (ssl.SSLError, urllib.error.URLError) as error:
        if isinstance(error, ssl.SSLError) or isinstance(getattr(error, "reason", None), ssl.SSLError):
            raise HubUnreachable(
                "Le certificat du hub n'a pas pu être vérifié : la connexion est refusée par sécurité."
            ) from None
        raise HubUnreachable(UNREACHABLE) from None
    except (TimeoutError, OSError, http.client.HTTPException):
        raise HubUnreachable(UNREACHABLE) from None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise HubUnreachable("Le hub a renvoyé une réponse illisible ; rien n'a été perdu.") from None


def _mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise HubUnreachable("Le hub a renvoyé une réponse illisible ; rien n'a été perdu.")
    return value


class HttpTransport:
    def __init__(
        self, url: str, site_id: str, token: str, *, cafile: str | None = None, timeout: float = TIMEOUT
    ):
        self._url = url.rstrip("/")
        self._auth = f"{site_id}:{token}"
        self._cafile = cafile
        self._timeout = timeout

    def _post(self, route: str, body: dict[str, Any]) -> Mapping[str, Any]:
        return _mapping(
            _call(self._url + route, body, auth=self._auth, cafile=self._cafile, timeout=self._timeout)
        )

    def push(self, operations: list[dict[str, Any]]) -> Mapping[str, Any]:
        return self._post("/v1/push", {"operations": operations})

    def pull(self, cursor: int) -> Mapping[str, Any]:
        return self._post("/v1/pull", {"cursor": cursor})

    def hashes(self, dossier_ids: list[str]) -> Mapping[str, str]:
        return {str(k): str(v) for k, v in self._post("/v1/hashes", {"dossier_ids": dossier_ids}).items()}

    def dossier(self, dossier_id: str) -> Mapping[str, Any]:
        return self._post("/v1/dossier", {"dossier_id": dossier_id})


@dataclass(frozen=True, slots=True)
class HubSettings:
    url: str
    site_id: str
    token: str
    cafile: str | None


def settings(store: Store) -> HubSettings | None:
    """The hub this machine joined, or None."""
    with store.engine.connect() as connection:
        url, token = outbox.state(connection, HUB_URL), outbox.state(connection, TOKEN)
        cafile = outbox.state(connection, CA_FILE)
        site = outbox.site_id(connection)
    if not url or not token:
        return None
    return HubSettings(url, site, token, cafile or None)


def client(store: Store) -> SyncClient | None:
    """The synchronisation of this machine with its hub, or None when it has not joined one."""
    found = settings(store)
    if found is None:
        return None
    return SyncClient(store, HttpTransport(found.url, found.site_id, found.token, cafile=found.cafile))


def join(store: Store, url: str, code: str, *, name: str = "", cafile: str | None = None) -> int:
    """Enrol this machine with the hub at ``url`` using an administrator's one-time code; returns the number
    the hub gave it. A machine that already holds data sends it all at its first synchronisation."""
    url = url.strip().rstrip("/")
    if not url.startswith(("https://", "http://127.0.0.1", "http://localhost", "http://[::1]")):
        raise HubRefused(
            "L'adresse du hub doit commencer par https:// (le hub refuse les connexions non chiffrées)."
        )
    sync = SyncClient(store, HttpTransport(url, "", "", cafile=cafile))
    answer = _mapping(
        _call(
            url + "/v1/enrol",
            {"code": code, "site_id": sync.site_id(), "name": name},
            auth=None,
            cafile=cafile,
            timeout=TIMEOUT,
        )  # fmt: skip
    )
    try:
        token, site_code = str(answer["token"]), int(answer["code"])
    except (KeyError, TypeError, ValueError):
        raise HubUnreachable("Le hub a renvoyé une réponse illisible ; rien n'a été enregistré.") from None
    with store.engine.begin() as connection:
        outbox.set_state(connection, HUB_URL, url)
        outbox.set_state(connection, TOKEN, token)
        if cafile:
            outbox.set_state(connection, CA_FILE, cafile)
        holds = outbox.holds_data(connection)
    sync.joined(site_code=site_code, first_upload=holds)
    return site_code


class HubLink:
    """This machine's link to the département's hub, as the window uses it (on its synchronisation worker)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def joined(self) -> bool:
        return settings(self._store) is not None

    def join(self, url: str, code: str, *, name: str = "", cafile: str | None = None) -> int:
        return join(self._store, url, code, name=name, cafile=cafile or None)

    def sync(self) -> SyncReport:
        found = client(self._store)
        if found is None:
            raise HubRefused(
                "Ce poste n'est relié à aucun hub : demandez un code d'inscription à l'administrateur."
            )
        return found.sync()

    def status(self) -> SyncStatus:
        return sync_status(self._store)
