"""The reference data the central service publishes: ETag, If-None-Match → 304, retired codes."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import requests

from bimer_central.cli import main
from bimer_central.reference import ReferenceLoadError
from bimer_central.server import CentralServer
from resources import REFERENCE_DIR
from tests.bimer_central.payloads import APPLICATIONS_PATH, envelope, key_header

SUBJECTS = "/api/v1/reference/subjects"
INSTITUTIONS = "/api/v1/reference/institutions"
TIMEOUT = 10


def copy_reference(target: Path) -> Path:
    shutil.copytree(REFERENCE_DIR, target, ignore=shutil.ignore_patterns("*.md"))
    return target


def retire(directory: Path, subject_code: str, *, version: str = "2026-12-01") -> None:
    """Mark ``subject_code`` as retired in the catalogue in ``directory``."""
    path = directory / "subjects.json"
    data = json.loads(path.read_text("utf-8"))
    data["version"] = version
    for subject in data["subjects"]:
        if subject["code"] == subject_code:
            subject["active"] = False
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")


def get(url: str, etag: str | None = None) -> requests.Response:
    headers = {"If-None-Match": etag} if etag else {}
    return requests.get(url, headers=headers, timeout=TIMEOUT)


@pytest.mark.parametrize("path", [SUBJECTS, INSTITUTIONS])
def test_each_document_has_a_strong_etag_of_its_canonical_json(
    central_url: str, path: str
) -> None:
    response = get(central_url + path)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    etag = response.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{64}"', etag)  # strong: no W/ prefix
    assert etag == f'"{hashlib.sha256(response.content).hexdigest()}"'
    canonical = json.dumps(response.json(), sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False).encode("utf-8")
    assert response.content == canonical
    assert get(central_url + path).headers["ETag"] == etag  # stable across requests


@pytest.mark.parametrize("path", [SUBJECTS, INSTITUTIONS])
@pytest.mark.parametrize("header", ["{etag}", "W/{etag}", '"eski", {etag}', "*"])
def test_a_matching_if_none_match_is_304_without_a_body(
    central_url: str, path: str, header: str
) -> None:
    etag = get(central_url + path).headers["ETag"]

    response = get(central_url + path, header.format(etag=etag))

    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["ETag"] == etag


def test_an_old_etag_gets_the_whole_document(central_url: str) -> None:
    response = get(central_url + SUBJECTS, '"' + "0" * 64 + '"')

    assert response.status_code == 200
    assert response.json()["subjects"]


def test_subjects_say_which_codes_are_active(central_url: str) -> None:
    subjects = get(central_url + SUBJECTS).json()["subjects"]

    adalet = next(s for s in subjects if s["code"] == "01")
    assert adalet["name"] == "Adalet"
    assert adalet["active"] is True
    assert {"code": "01.01", "name": "Mahkeme işlemleri", "names": {"en": "Court proceedings"},
            "active": True} in adalet["sub_subjects"]


def test_the_institution_tree_carries_eight_digit_detsis_codes(central_url: str) -> None:
    document = get(central_url + INSTITUTIONS).json()

    def walk(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [u for unit in units for u in [unit, *walk(unit["units"])]]

    units = walk(document["institutions"])
    assert len(units) > 10
    assert all(re.fullmatch(r"\d{8}", u["detsis_code"]) for u in units)
    assert len({u["detsis_code"] for u in units}) == len(units)
    ministry = next(u for u in document["institutions"] if u["name"] == "İçişleri Bakanlığı")
    assert ministry["kind"] == "ministry"
    assert {u["kind"] for u in ministry["units"]} == {"general_directorate", "governorship"}


def test_a_changed_catalogue_has_a_new_etag_and_a_retired_code_is_still_accepted(
    tmp_path: Path,
) -> None:
    directory = copy_reference(tmp_path / "ref")
    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    with CentralServer(db_url, reference_dir=directory) as server:
        before = get(server.url + SUBJECTS).headers["ETag"]
    retire(directory, "01")

    with CentralServer(db_url, reference_dir=directory) as server:
        changed = get(server.url + SUBJECTS, before)
        body = envelope(subject_code="01", sub_subject_code="01.01")
        accepted = requests.post(server.url + APPLICATIONS_PATH, json=body,
                                 headers=key_header(body), timeout=TIMEOUT)

    assert changed.status_code == 200
    assert changed.headers["ETag"] != before
    adalet = next(s for s in changed.json()["subjects"] if s["code"] == "01")
    assert adalet["active"] is False
    assert changed.json()["version"] == "2026-12-01"
    # A reference change never makes an application unsendable (it was frozen with it).
    assert accepted.status_code == 201, accepted.text


def test_an_unknown_code_is_still_refused(central_url: str) -> None:
    body = envelope(subject_code="99", sub_subject_code="99.01")
    response = requests.post(central_url + APPLICATIONS_PATH, json=body,
                             headers=key_header(body), timeout=TIMEOUT)
    assert response.status_code == 422
    assert response.json()["errors"]["subject_code"] == "Konu kodu tanınmıyor: '99'."


def test_a_broken_reference_directory_refuses_to_start(tmp_path: Path) -> None:
    directory = copy_reference(tmp_path / "ref")
    (directory / "institutions.json").write_text(
        '{"version": "1", "institutions": [{"detsis_code": "123", "name": "X", "kind": "k"}]}',
        "utf-8")

    with pytest.raises(ReferenceLoadError, match="DETSİS kodu 8 haneli olmalıdır: '123'"):
        CentralServer(f"sqlite:///{tmp_path / 'c.db'}", reference_dir=directory).start()


def test_the_cli_names_a_missing_reference_file_in_turkish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", f"sqlite:///{tmp_path / 'c.db'}", "--port", "0",
                 "--reference-dir", str(tmp_path / "yok")])

    assert code == 2
    error = capsys.readouterr().err
    assert error.startswith("bimer-central: Referans dosyası bulunamadı:")
    assert "Traceback" not in error


def test_openapi_documents_the_reference_paths(central_url: str) -> None:
    document = requests.get(central_url + "/openapi.json", timeout=TIMEOUT).json()

    for path in (SUBJECTS, INSTITUTIONS):
        operation = document["paths"][path]["get"]
        assert {"200", "304"} <= set(operation["responses"])
        assert [p["name"] for p in operation["parameters"]] == ["If-None-Match"]


def test_subjects_are_published_with_their_english_names_and_a_renamed_one_is_new(
    tmp_path: Path,
) -> None:
    """The English names travel in the same document (one ETag): a desk holding the older
    copy is sent the whole new one when a name changes, a current desk still gets 304."""
    directory = copy_reference(tmp_path / "ref")
    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    with CentralServer(db_url, reference_dir=directory) as server:
        first = get(server.url + SUBJECTS)
        assert get(server.url + SUBJECTS, first.headers["ETag"]).status_code == 304
    municipal = next(s for s in first.json()["subjects"] if s["code"] == "02")
    assert municipal["name"] == "Belediye hizmetleri"
    assert municipal["names"] == {"en": "Municipal services"}
    assert municipal["sub_subjects"][1]["names"] == {"en": "Street cleaning and refuse"}

    path = directory / "subjects.json"
    data = json.loads(path.read_text("utf-8"))
    data["subjects"][1]["names"]["en"] = "Municipalities"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with CentralServer(db_url, reference_dir=directory) as server:
        renamed = get(server.url + SUBJECTS, first.headers["ETag"])
    assert renamed.status_code == 200
    assert renamed.headers["ETag"] != first.headers["ETag"]
    assert renamed.json()["subjects"][1]["names"] == {"en": "Municipalities"}
