"""The desktops reach the hub over HTTP(S) only: joining with a one-time code, syncing, and every fault of the
network or of the hub met with a calm French message and nothing lost."""

from __future__ import annotations

import datetime as dt
import http.server
import ipaddress
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from accomp_desktop.hub.server import HubServer
from accomp_desktop.hub.store import Hub
from accomp_desktop.services import sync_http
from accomp_desktop.services.sync import HubRefused, HubUnreachable
from tests.factories import canary_dossier
from tests.hub.conftest import HubDatabase
from tests.hub.machines import Desktop


@pytest.fixture
def server(hub_db: HubDatabase) -> Iterator[HubServer]:
    running = HubServer(hub_db.service_url(), "127.0.0.1", 0).start()
    yield running
    running.stop()


def _code(hub_db: HubDatabase, professional_id: str) -> str:
    with hub_db.connect() as connection:
        return Hub(connection).issue_code(professional_id)


def test_join_with_a_code_then_sync_over_http(tmp_path: Path, hub_db: HubDatabase, server: HubServer) -> None:
    social_pc = Desktop.new(tmp_path / "ts")
    social, dossier_id = canary_dossier(social_pc.store, "Ménard-Öztürk")
    code = _code(hub_db, social.id)
    assert sync_http.join(social_pc.store, server.address, code.lower()) == 1  # typed in lower case: accepted
    report = sync_http.client(social_pc.store).sync()  # type: ignore[union-attr]
    assert report.pushed > 0 and social_pc.client is None
    with pytest.raises(HubRefused, match="n'est pas valable"):
        sync_http.join(Desktop.new(tmp_path / "other").store, server.address, code)  # used once

    conseiller_id = str(social_pc.scalar("SELECT conseiller_id FROM binomes"))
    conseiller_pc = Desktop.new(tmp_path / "cft")
    sync_http.join(conseiller_pc.store, server.address, _code(hub_db, conseiller_id))
    sync_http.client(conseiller_pc.store).sync()  # type: ignore[union-attr]
    assert conseiller_pc.scalar("SELECT count(*) FROM dossiers WHERE id = :d", d=dossier_id) == 1

    with hub_db.connect() as connection:
        Hub(connection).revoke(sync_http.settings(conseiller_pc.store).site_id)  # type: ignore[union-attr]
    with pytest.raises(HubRefused, match="retiré"):
        sync_http.client(conseiller_pc.store).sync()  # type: ignore[union-attr]
    for machine in (social_pc, conseiller_pc):
        machine.close()


def test_a_hub_that_is_down_or_answers_nonsense_is_calmly_unreachable(
    tmp_path: Path, hub_db: HubDatabase, server: HubServer
) -> None:
    machine = Desktop.new(tmp_path / "ts")
    social, _ = canary_dossier(machine.store, "Lefèvre")
    sync_http.join(machine.store, server.address, _code(hub_db, social.id))
    pending = machine.scalar("SELECT count(*) FROM sync_outbox")
    server.stop()
    with pytest.raises(HubUnreachable, match="injoignable"):
        sync_http.client(machine.store).sync()  # type: ignore[union-attr]
    assert machine.scalar("SELECT count(*) FROM sync_outbox") == pending  # nothing lost, to send later

    class Nonsense(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b'{"acknowledged": ')  # cut short

        def log_message(self, *args: object) -> None:
            pass

    liar = http.server.HTTPServer(("127.0.0.1", 0), Nonsense)
    threading.Thread(target=liar.serve_forever, daemon=True).start()
    settings = sync_http.settings(machine.store)
    assert settings is not None
    transport = sync_http.HttpTransport(
        f"http://127.0.0.1:{liar.server_address[1]}", settings.site_id, "x", timeout=2
    )
    from accomp_desktop.services.sync import SyncClient

    with pytest.raises(HubUnreachable):
        SyncClient(machine.store, transport).sync()
    liar.shutdown()
    liar.server_close()
    assert machine.scalar("SELECT count(*) FROM sync_outbox") == pending
    machine.close()


def _certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hub de test")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert, key_file = folder / "hub.pem", folder / "hub.key"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert, key_file


def test_tls_outside_loopback_and_a_certificate_checked(tmp_path: Path, hub_db: HubDatabase) -> None:
    with pytest.raises(ValueError, match="HTTPS"):
        HubServer(hub_db.service_url(), "0.0.0.0", 0)
    cert, key = _certificate(tmp_path)
    server = HubServer(hub_db.service_url(), "127.0.0.1", 0, cert=cert, key=key).start()
    machine = Desktop.new(tmp_path / "ts")
    social, _ = canary_dossier(machine.store, "Lefèvre")
    try:
        assert server.address.startswith("https://")
        with pytest.raises(HubUnreachable, match="certificat"):  # not trusted without the CA
            sync_http.join(machine.store, server.address, _code(hub_db, social.id))
        sync_http.join(machine.store, server.address, _code(hub_db, social.id), cafile=str(cert))
        assert sync_http.client(machine.store).sync().pushed > 0  # type: ignore[union-attr]
    finally:
        server.stop()
        machine.close()
