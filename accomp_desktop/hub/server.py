"""The hub's HTTPS service: the desktops' only way in (PostgreSQL's port is never exposed to them).

A small JSON API on the standard library's threaded HTTP server, one PostgreSQL connection per request:

- ``GET /health`` — the service and its database answer (for the département's supervision);
- ``POST /v1/enrol`` ``{code, site_id, name}`` — a machine joins with an administrator's one-time code;
- ``POST /v1/push`` ``{operations}``, ``/v1/pull`` ``{cursor}``, ``/v1/hashes`` ``{dossier_ids}``,
  ``/v1/dossier`` ``{dossier_id}`` — with ``Authorization: Bearer <site_id>:<token>``.

TLS is required outside loopback (a certificate and its key); the logs carry the route, the machine and the
outcome, never a value of a dossier. A refusal answers 403 with ``{code, message}`` (the message in French,
for
the person); a malformed request 400; anything else 500 without detail.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import ssl
import threading
from collections.abc import Callable
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import psycopg

from accomp_desktop.hub.store import Hub, HubRefusal

log = logging.getLogger("accomp.hub")

MAX_BODY = 64 * 1024 * 1024
"""A push of more than this is refused (a batch is about 1,000 operations, well under a megabyte)."""


class BadRequest(Exception):
    pass


def _handler(connect: Callable[[], psycopg.Connection]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "AccompHub/1"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            log.debug("%s %s", self.address_string(), format % args)

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - the base class's name
            if self.path != "/health":
                self._answer(404, {"code": "not_found", "message": "Adresse inconnue."})
                return
            try:
                with connect() as connection:
                    version = connection.execute("SELECT version FROM hub_schema").fetchone()
                self._answer(200, {"status": "ok", "schema": version[0] if version else None})
            except psycopg.Error:
                log.exception("health: database unreachable")
                self._answer(503, {"status": "database unreachable"})

        def do_POST(self) -> None:  # noqa: N802 - the base class's name
            route = self.path
            site = "-"
            try:
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY:
                    raise BadRequest("too large")
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except (ValueError, UnicodeDecodeError):
                    raise BadRequest("not JSON") from None
                if not isinstance(body, dict):
                    raise BadRequest("not an object")
                with connect() as connection:
                    hub = Hub(connection)
                    if route == "/v1/enrol":
                        enrolment = hub.enrol_with_code(
                            str(body["code"]), site_id=str(body["site_id"]), name=str(body.get("name", ""))
                        )
                        site = enrolment.site_id
                        self._answer(200, asdict(enrolment))
                    else:
                        site = self._authenticate(hub)
                        self._answer(200, self._route(hub, site, route, body))
                log.info("%s %s ok", route, site)
            except HubRefusal as refusal:
                log.info("%s %s refused: %s", route, site, refusal.code)
                self._answer(403, {"code": refusal.code, "message": str(refusal)})
            except (BadRequest, KeyError, TypeError, ValueError) as error:
                log.info("%s %s bad request: %s", route, site, type(error).__name__)
                self._answer(400, {"code": "malformed", "message": "Requête mal formée."})
            except Exception:  # noqa: BLE001 - a request never takes the service down; the log says why
                log.exception("%s %s failed", route, site)
                self._answer(500, {"code": "internal", "message": "Le hub a rencontré une erreur."})

        def _authenticate(self, hub: Hub) -> str:
            header = self.headers.get("Authorization", "")
            if not header.startswith("Bearer ") or ":" not in header:
                raise HubRefusal("unknown", "Ce poste ne s'est pas présenté au hub.")
            site, token = header.removeprefix("Bearer ").split(":", 1)
            hub.authenticate(site, token)
            return site

        def _route(self, hub: Hub, site: str, route: str, body: dict[str, Any]) -> dict[str, Any]:
            if route == "/v1/push":
                operations = body["operations"]
                if not isinstance(operations, list):
                    raise BadRequest("operations")
                return asdict(hub.push(site, operations))
            if route == "/v1/pull":
                return asdict(hub.pull(site, int(body["cursor"])))
            if route == "/v1/hashes":
                return hub.dossier_hashes(site, [str(d) for d in body["dossier_ids"]])
            if route == "/v1/dossier":
                return {"rows": hub.dossier_rows(site, str(body["dossier_id"]))}
            raise BadRequest("route")

    return Handler


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class HubServer:
    """The service listening on ``host:port`` (port 0: any free one), in front of the database at ``url``."""

    def __init__(
        self,
        url: str,
        host: str = "127.0.0.1",
        port: int = 8443,
        *,
        cert: Path | None = None,
        key: Path | None = None,
    ) -> None:
        if cert is None and not _loopback(host):
            raise ValueError(
                "Le hub n'écoute hors de cette machine qu'en HTTPS : donnez un certificat et sa clé "
                "(--cert, --key)."
            )
        ThreadingHTTPServer.request_queue_size = (
            128  # a département's desktops at 9 a.m.: queued, not refused
        )
        self._httpd = ThreadingHTTPServer(
            (host, port), _handler(lambda: psycopg.connect(url, autocommit=True))
        )
        self._httpd.daemon_threads = True
        self.scheme = "http"
        if cert is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            context.load_cert_chain(cert, key)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
            self.scheme = "https"
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> str:
        host, port = self._httpd.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        return f"{self.scheme}://{name}:{port}"

    def serve_forever(self) -> None:
        self._httpd.serve_forever()

    def start(self) -> HubServer:
        """Serve on a background thread (tests, the demonstration)."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="hub", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread = None
        self._httpd.server_close()
