"""No ID number, name, address, phone, e-mail or application text in any log (issue 13,
item 5): the desk's main flows, run as an operator runs them with the most verbose log
(save by import, e-mail import, sync to the embedded centre, lists, search, detail, print
with identity revealed, export, audit, purge), then every log they wrote is scanned for the
sample citizens (``models/samples.py``). ``tests/conftest.py`` scans the logs of the whole
run the same way at its end."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest

from bimer_desktop.cli import main
from models.samples import sample_email
from tests.desk_sql import desk_sql
from tests.log_scan import log_files, sample_forms, scan


def test_the_main_flows_log_nothing_personal(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "desk"
    args = ["--data-dir", str(data), "--verbose"]  # a training desk, DEBUG to the log
    forms = sample_forms()
    lines = tmp_path / "samples.jsonl"
    lines.write_text("\n".join(json.dumps({k: v for k, v in asdict(form).items() if v},
                                          ensure_ascii=False) for form in forms) + "\n"
                     # and one line that is refused, quoting what was typed
                     + json.dumps({**asdict(forms[0]), "tckn": forms[0].tckn[:-1] + "0"},
                                  ensure_ascii=False) + "\n", "utf-8")
    mail = tmp_path / "dilekce.eml"
    mail.write_bytes(sample_email(date.today()))
    tckn = forms[0].tckn

    assert main([*args, "import", str(lines), str(mail)]) in (0, 1)
    assert main([*args, "sync"]) == 0
    assert main([*args, "list"]) == 0
    assert main([*args, "search", "--tckn", tckn]) == 0
    assert main([*args, "search", f"{forms[0].first_name} {forms[0].last_name}"]) == 0
    assert main([*args, "search", "--csv", str(tmp_path / "cases.csv")]) == 0
    with desk_sql(data / "desk.db") as connection:
        number = connection.execute("SELECT station_number FROM applications "
                                    "WHERE tckn = ?", (tckn,)).fetchone()[0]
    assert main([*args, "print", "receipt", number, "--out", str(tmp_path / "r.pdf")]) == 0
    assert main([*args, "print", "report", number, "--reveal-identity",
                 "--out", str(tmp_path / "report.pdf")]) == 0
    assert main([*args, "search", "--number", number]) == 0
    assert main([*args, "audit", "list"]) == 0
    assert main([*args, "audit", "verify"]) == 0
    assert main([*args, "purge"]) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err

    logs = list(log_files(data))
    assert logs, "the flows wrote no log"
    assert sum(path.stat().st_size for path in logs) > 1000  # they did log, verbosely
    hits = scan(logs)
    assert hits == [], "\n".join(f"{path.name}: {needle}" for path, needle in hits)
