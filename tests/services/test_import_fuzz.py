"""JSONL import against malformed input: the cases found by trying it as a new user would,
and a hypothesis fuzz over bytes and JSON. Every line gets a clear message, a bad line never
stops the lines after it, and the command always ends with its summary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bimer_desktop.app import Desk
from models.entities import Application
from tests.conftest import in_person_form


def valid(**overrides: str) -> bytes:
    values = dict(vars(in_person_form()))
    values.update(overrides)
    return json.dumps(values, ensure_ascii=False).encode()


def with_raw(key: str, raw_json_value: str) -> bytes:
    """A valid line whose ``key`` is replaced by a raw JSON value (escapes kept as typed)."""
    values = dict(vars(in_person_form()))
    values.pop(key, None)
    body = json.dumps(values, ensure_ascii=False)
    return (body[:-1] + f', "{key}": {raw_json_value}}}').encode()


MALFORMED: list[bytes] = [
    # Half characters: a lone \ud800 in the text, in codes, in a key, in a path.
    with_raw("text", '"Merhaba \\ud800 dünya"'),
    with_raw("text", '"\\udfff"'),
    with_raw("channel", '"in_person\\ud800"'),
    with_raw("urgency", '"\\udc00"'),
    with_raw("subject_code", '"0\\ud83d"'),
    with_raw("application_type", '"\\ud800complaint"'),
    valid()[:-1] + b', "\\ud800": "x"}',
    valid()[:-1] + b', "attachments": ["\\ud800.pdf"]}',
    # Numbers and nesting past Python's limits.
    with_raw("text", "1" * 5000),
    with_raw("tckn", "9" * 5000),
    b"[" * 100_000 + b"]" * 100_000,
    b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    b"{" * 50_000,
    # Paths: NUL, absolute, outside, a folder, nothing, not a list.
    valid()[:-1] + b', "attachments": ["a\\u0000b.pdf"]}',
    valid()[:-1] + b', "attachments": ["/etc/passwd"]}',
    valid()[:-1] + b', "attachments": ["../../x.pdf"]}',
    valid()[:-1] + b', "attachments": ["."]}',
    valid()[:-1] + b', "attachments": [""]}',
    valid()[:-1] + b', "attachments": "x.pdf"}',
    valid()[:-1] + b', "attachments": [1, 2]}',
    valid()[:-1] + b', "attachments": ["C:\\\\x.pdf"]}',
    # Wrong shapes and types.
    b"null", b"true", b"42", b'"text"', b"[]", b"{}", b"{,}", b"{'a': 1}", b"\x00\x01",
    b"\xff\xfe\x00", b"\xed\xa0\x80", b'{"text": NaN}', b'{"text": Infinity}',
    with_raw("text", "null"), with_raw("text", "123"), with_raw("text", "[]"),
    with_raw("text", "{}"), with_raw("text", "true"), with_raw("hide_identity", '"yes"'),
    with_raw("email_preference", "1"), with_raw("channel", '"pigeon"'),
    with_raw("tckn", '"1234567890١"'), with_raw("tckn", '"١٢٣٤٥٦٧٨٩٠١"'),
    valid()[:-1] + b', "text": "duplicate key"}',
    valid() + b" trailing",
    valid() + b"\x00",
    b"\xef\xbb\xbf" + valid(),  # a BOM not on the first line
    valid(text="x" * 7000),
    valid(text="\u202e\u2066" * 10),
    valid(first_name="\x00"),
    with_raw("paper_date", '"31.02.2026"'), with_raw("received_date", '"99.99.9999"'),
    with_raw("received_date", '"0001-01-01"'),
]


def test_every_malformed_line_gets_a_message_and_the_next_lines_are_saved(
        offline_desk: Desk) -> None:
    lines = [valid()]
    for bad in MALFORMED:
        lines += [bad, valid()]
    report = offline_desk.importer.import_lines(lines, "memur1", base_dir=Path("/nonexistent"))
    saved = {n for n, _ in report.saved}
    rejected = {r.line for r in report.rejected}
    # Every valid line after every bad one was saved…
    assert {n for n in range(1, len(lines) + 1, 2)} <= saved
    # …and each bad line was either rejected with a message or (a BOM, a duplicate key,
    # an over-long or odd text that validation cleans up) judged as the form would.
    for number in range(2, len(lines) + 1, 2):
        assert number in saved or number in rejected, number
    assert all(r.message and r.field for r in report.rejected)
    assert saved.isdisjoint(rejected)


def test_a_lone_cr_and_nel_are_line_breaks(offline_desk: Desk) -> None:
    report = offline_desk.importer.import_lines(
        [valid(text="Birinci satır\rikinci satır\x85üçüncü\u2028dördüncü")], "memur1")
    assert report.rejected == []
    with offline_desk.db.sessions() as session:
        (text,) = session.scalars(select(Application.text)).all()
    assert text == "Birinci satır\nikinci satır\nüçüncü\ndördüncü"


def test_the_command_prints_every_line_and_its_summary(tmp_path: Path) -> None:
    lines = [valid()]
    for bad in MALFORMED[:14]:
        lines += [bad, valid()]
    source = tmp_path / "batch.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    finished = subprocess.run(
        # A training desk: an import saves on the desk and sends nothing.
        [sys.executable, "-m", "bimer_desktop", "--data-dir", str(tmp_path / "desk"),
         "import", str(source)],
        capture_output=True, timeout=300, check=False)
    out = finished.stdout.decode("utf-8")
    assert b"Traceback" not in finished.stderr + finished.stdout, finished.stderr[-2000:]
    assert finished.returncode == 1
    assert out.splitlines()[-1] == "Kaydedilen: 15  Zaten kayıtlı: 0  Reddedilen satır: 14"
    for number in range(1, len(lines) + 1):
        assert f"satır {number}:" in out


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.binary(max_size=200), max_size=5))
def test_any_bytes_are_lines_with_a_reason(offline_desk: Desk, lines: list[bytes]) -> None:
    report = offline_desk.importer.import_lines(lines, "memur1")
    for number, raw in enumerate(lines, start=1):
        text = raw.decode("utf-8", "replace")
        if number == 1:  # a file's byte order mark, not a character of its first line
            text = text.removeprefix("\ufeff")
        # One desk serves every example: a line an earlier example saved is "already".
        settled = {n for n, _ in report.saved + report.already}
        if text.strip() and number not in settled:
            assert any(r.line == number for r in report.rejected), (number, raw)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(st.characters(codec=None, exclude_categories=())),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)
KEYS = st.sampled_from([*vars(in_person_form()).keys(), "attachments", "x", "\ud800"])


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(KEYS, JSON_VALUES, max_size=6))
def test_any_json_object_gets_saved_or_a_reason(offline_desk: Desk,
                                                overrides: dict[str, object]) -> None:
    values: dict[str, object] = dict(vars(in_person_form()))
    values.update(overrides)
    raw = json.dumps(values, ensure_ascii=True).encode()
    report = offline_desk.importer.import_lines([raw, valid()], "memur1",
                                                base_dir=Path("/nonexistent"))
    # One desk serves every example: a line an earlier example saved is "already" saved.
    settled = {n for n, _ in report.saved + report.already}
    assert 2 in settled
    assert (1 in settled) != any(r.line == 1 for r in report.rejected)
