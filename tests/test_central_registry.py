"""The tests' registry of running central services (tests/central_auth.py): a desk made on a
service is enrolled and logged in, also when the port once belonged to a fault proxy of an
earlier test (ports are reused; the proxy's entry led to its dead upstream, the desk was
left unprovisioned and sent no credentials — an intermittent 401 in the suite)."""

from __future__ import annotations

from pathlib import Path

from bimer_central.server import CentralServer
from tests.conftest import make_desk
from tests.fault_proxy import FaultProxy


def test_a_service_on_a_port_a_stopped_proxy_had_gets_its_desks_provisioned(
        tmp_path: Path) -> None:
    with CentralServer(f"sqlite:///{tmp_path / 'first.db'}") as first:
        proxy = FaultProxy(first.url)
        proxy.start()
        port = proxy.port
        proxy.stop()
    with CentralServer(f"sqlite:///{tmp_path / 'second.db'}", port=port) as second:
        desk = make_desk(tmp_path / "desk", second.url)
        try:
            assert desk.enrolled
            assert desk.clerk is not None and desk.clerk.username == "memur1"
        finally:
            desk.close()
