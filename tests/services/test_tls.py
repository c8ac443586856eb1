"""The desk syncs over TLS with an institution's private certificate authority: a CA and a
server certificate made here, uvicorn serving with them on loopback, the desk trusting only
that CA (``ca_bundle``). Without the CA the certificate is refused — verification is never
turned off — and nothing leaves the queue."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from bimer_central.server import CentralServer
from bimer_desktop.app import Desk, DeskConfig
from bimer_desktop.settings import load_settings
from services.enrollment import request_enrollment
from tests.conftest import in_person_form, provision


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def private_ca(folder: Path) -> tuple[Path, Path, Path]:
    """(CA certificate, server certificate, server key) as PEM files in ``folder``."""
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("Kurum Test CA"))
          .issuer_name(_name("Kurum Test CA")).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True,
                                       crl_sign=True, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False,
                                       decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                         critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    server = (x509.CertificateBuilder().subject_name(_name("bimer.kurum.test"))
              .issuer_name(ca.subject).public_key(key.public_key())
              .serial_number(x509.random_serial_number())
              .not_valid_before(now - timedelta(minutes=5))
              .not_valid_after(now + timedelta(days=1))
              .add_extension(x509.SubjectAlternativeName([
                  x509.DNSName("localhost"),
                  x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
              .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
              .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                             critical=False)
              .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                  ca_key.public_key()), critical=False)
              .sign(ca_key, hashes.SHA256()))
    paths = folder / "ca.pem", folder / "server.pem", folder / "server-key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(server.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


def test_a_desk_syncs_over_tls_with_a_private_ca(tmp_path: Path) -> None:
    ca, certificate, key = private_ca(tmp_path)
    with CentralServer(f"sqlite:///{tmp_path / 'central.db'}", ssl_certfile=certificate,
                       ssl_keyfile=key) as server:
        assert server.url.startswith("https://127.0.0.1:")
        # Without the institution's CA the certificate is not trusted: nothing is sent.
        refused = request_enrollment(server.url, "ABCD-EFGH-JKLM")
        assert refused == "Güvenli bağlantı kurulamadı: merkezin sertifikası doğrulanamadı."
        data = tmp_path / "desk"
        trusting = load_settings(data).with_overrides(central_url=server.url,
                                                      ca_bundle=str(ca))
        with Desk(DeskConfig(data_dir=data, settings=trusting, user="memur1")) as desk:
            provision(desk, server, server.url, "06-01", "memur1")
            saved = desk.intake.save(in_person_form(), "memur1")
            report = desk.sync.drain_once(force=True)
            assert (report.sent, report.quarantined, report.reachable) == (1, 0, True)
            summary = desk.queries.find(str(saved.station_number))
            assert summary is not None and summary.central_number

