"""The desk syncs over TLS with an institution's private certificate authority: a CA and a
server certificate made here, uvicorn serving with them on loopback, the desk trusting only
that CA (``ca_bundle``). Without the CA the certificate is refused — verification is never
turned off — and nothing leaves the queue."""

from __future__ import annotations

import ipaddress
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from bimer_central.server import CentralServer
from bimer_desktop.app import Desk, DeskConfig
from bimer_desktop.settings import load_settings, settings_path
from services.central_client import MissingCaBundle
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



def test_the_ca_bundle_setting_wins_over_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE replace a session's ``verify``: a
    desk configured with its institution's CA could not sync on a machine whose environment
    names another bundle. The setting is what the desk trusts."""
    ca, certificate, key = private_ca(tmp_path)
    elsewhere = tmp_path / "baska"
    elsewhere.mkdir()
    other_ca, _server, _key = private_ca(elsewhere)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(other_ca))
    monkeypatch.setenv("CURL_CA_BUNDLE", str(other_ca))
    with CentralServer(f"sqlite:///{tmp_path / 'central.db'}", ssl_certfile=certificate,
                       ssl_keyfile=key) as server:
        # The environment's bundle alone does not trust this centre...
        assert request_enrollment(server.url, "ABCD-EFGH-JKLM").startswith(
            "Güvenli bağlantı kurulamadı")
        data = tmp_path / "desk"
        trusting = load_settings(data).with_overrides(central_url=server.url,
                                                      ca_bundle=str(ca))
        # ...the setting does, for enrolment, login and sync alike.
        with Desk(DeskConfig(data_dir=data, settings=trusting, user="memur1")) as desk:
            provision(desk, server, server.url, "06-01", "memur1")
            desk.intake.save(in_person_form(), "memur1")
            report = desk.sync.drain_once(force=True)
            assert (report.sent, report.quarantined, report.reachable) == (1, 0, True)


def test_a_ca_bundle_that_is_not_there_is_a_settings_error_not_a_crash(tmp_path: Path) -> None:
    missing = tmp_path / "kurum-ca.pem"
    data = tmp_path / "desk"
    settings = load_settings(data).with_overrides(central_url="https://127.0.0.1:9",
                                                  ca_bundle=str(missing))
    with (Desk(DeskConfig(data_dir=data, settings=settings, user="memur1")) as desk,
          pytest.raises(MissingCaBundle) as raised):
        desk.sync.drain_once(force=True)
    assert str(raised.value) == (
        f"Ayarlardaki sertifika otoritesi dosyası bulunamadı: {missing}. Ayarlar'da doğru "
        "dosyayı seçin ya da alanı boşaltın.")
    # Enrolment says it too, as its refusal (the first-run wizard shows it).
    assert request_enrollment("https://127.0.0.1:9", "ABCD-EFGH-JKLM",
                              ca_bundle=str(missing)) == str(raised.value)


def test_the_cli_says_a_missing_ca_file_in_one_line_at_start(tmp_path: Path) -> None:
    data = tmp_path / "desk"
    data.mkdir()
    missing = tmp_path / "kurum-ca.pem"
    settings_path(data).write_text(json.dumps(
        {"central_url": "https://127.0.0.1:9", "ca_bundle": str(missing)}), "utf-8")
    for command in (["sync"], ["enroll", "https://127.0.0.1:9", "ABCD-EFGH-JKLM"]):
        done = subprocess.run([sys.executable, "-m", "bimer_desktop", "--data-dir", str(data),
                               *command], capture_output=True, text=True, timeout=120,
                              check=False)
        assert done.returncode == 2, done.stderr
        assert done.stderr.splitlines() == [
            f"Hata: Ayarlardaki sertifika otoritesi dosyası bulunamadı: {missing}. Ayarlar'da "
            "doğru dosyayı seçin ya da alanı boşaltın."]
