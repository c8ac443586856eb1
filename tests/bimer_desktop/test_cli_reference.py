"""``bimer-desktop reference refresh`` as an operator runs it, against a real central service."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bimer_central.server import CentralServer
from bimer_desktop.cli import main
from tests.bimer_central.test_reference import copy_reference, retire
from tests.conftest import make_desk


@pytest.fixture(autouse=True)
def root_handlers_restored() -> Iterator[None]:
    """``main`` adds the desk's log handlers to the root logger; take them off again, so
    that no later test logs into this test's closed capture stream."""
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def refresh(data_dir: Path, central: str,
            capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--data-dir", str(data_dir), "--central", central, "reference", "refresh"])
    return code, capsys.readouterr().out


def test_refresh_says_updated_then_current_then_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = copy_reference(tmp_path / "ref")
    retire(directory, "10", version="2026-12-01")
    data_dir = tmp_path / "desk"
    with CentralServer(f"sqlite:///{tmp_path / 'central.db'}",
                       reference_dir=directory) as server:
        make_desk(data_dir, server.url).close()  # enrolled; its clerk's token saved
        capsys.readouterr()
        first = refresh(data_dir, server.url, capsys)
        second = refresh(data_dir, server.url, capsys)
        url = server.url
    offline = refresh(data_dir, url, capsys)  # the service is gone

    assert first == (0, "Konular: güncellendi (sürüm 2026-12-01)\n"
                        "Kurumlar: güncellendi (sürüm 2026-12-01)\n"
                        "Resmî tatiller: güncellendi (sürüm 2024-2032.1)\n")
    assert second == (0, "Konular: zaten güncel\nKurumlar: zaten güncel\n"
                         "Resmî tatiller: zaten güncel\n")
    assert offline == (1, "Konular: merkeze ulaşılamadı, yerel kopya kullanılıyor "
                          "(sürüm 2026-12-01)\n"
                          "Kurumlar: merkeze ulaşılamadı, yerel kopya kullanılıyor "
                          "(sürüm 2026-12-01)\n"
                          "Resmî tatiller: merkeze ulaşılamadı, yerel kopya kullanılıyor "
                          "(sürüm 2024-2032.1)\n")
    assert (data_dir / "reference" / "subjects.etag").read_text("utf-8").startswith('"')
