"""Write ``resources/reference/institutions.json``: the bundled institution tree.

    python -m tools.build_institution_tree [--check]

Reproducible (same input, same bytes): the ministries, the governorships of all 81
provinces (``tools/turkiye_provinces.py``) with their provincial directorates, a district
governorship (kaymakamlık) for every district but a central one, each with a few district
units, and the municipalities (metropolitan or provincial, and every district's). The
names follow the public lists; the 8-digit DETSİS-style **codes are illustrative** (made
up by the scheme below), not the real DETSİS registry's. ``--check`` fails if the file
differs from what this would write (a test runs it).

Code scheme: ``1000000M``/``1000000MU`` the sample ministries kept from the first bundled
tree (other files and tests name them), ``11MM00UU`` the other ministries,
``2PP000UU`` a governorship (``UU`` 00) and its provincial directorates, ``2PPDDDUU`` a
district governorship (``UU`` 00) and its units, ``3PPDDD00`` municipalities, where ``PP``
is the licence-plate code and ``DDD`` the district's place in the province's list.
Ankara, İstanbul and İzmir keep the governorship codes of the first tree.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from resources import REFERENCE_DIR
from tools.turkiye_provinces import METROPOLITAN, PROVINCES, districts

# i18n: not shown (reference data written to a file)
VERSION = "2026-12-01"
OUTPUT = REFERENCE_DIR / "institutions.json"

_SAMPLE_MINISTRIES: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    ("10000001", "Adalet Bakanlığı", [
        ("10000011", "Ceza ve Tevkifevleri Genel Müdürlüğü", "general_directorate"),
        ("10000012", "Hukuk İşleri Genel Müdürlüğü", "general_directorate")]),
    ("10000002", "İçişleri Bakanlığı", [
        ("10000021", "Emniyet Genel Müdürlüğü", "general_directorate"),
        ("10000022", "Nüfus ve Vatandaşlık İşleri Genel Müdürlüğü", "general_directorate")]),
    ("10000003", "Millî Eğitim Bakanlığı", [
        ("10000031", "Temel Eğitim Genel Müdürlüğü", "general_directorate"),
        ("10000032", "Ortaöğretim Genel Müdürlüğü", "general_directorate")]),
    ("10000004", "Sağlık Bakanlığı", [
        ("10000041", "Sağlık Hizmetleri Genel Müdürlüğü", "general_directorate"),
        ("10000042", "Halk Sağlığı Genel Müdürlüğü", "general_directorate")]),
    ("10000005", "Çalışma ve Sosyal Güvenlik Bakanlığı", [
        ("10000051", "Sosyal Güvenlik Kurumu Başkanlığı", "related_institution"),
        ("10000052", "Türkiye İş Kurumu Genel Müdürlüğü", "general_directorate")]),
    ("10000006", "Hazine ve Maliye Bakanlığı", [
        ("10000061", "Gelir İdaresi Başkanlığı", "related_institution"),
        ("10000062", "Muhasebat Genel Müdürlüğü", "general_directorate")]),
    ("10000007", "Çevre, Şehircilik ve İklim Değişikliği Bakanlığı", [
        ("10000071", "Tapu ve Kadastro Genel Müdürlüğü", "general_directorate"),
        ("10000072", "Mekânsal Planlama Genel Müdürlüğü", "general_directorate")]),
]
_OTHER_MINISTRIES: list[tuple[str, list[str]]] = [
    ("Aile ve Sosyal Hizmetler Bakanlığı", [
        "Çocuk Hizmetleri Genel Müdürlüğü", "Engelli ve Yaşlı Hizmetleri Genel Müdürlüğü",
        "Sosyal Yardımlar Genel Müdürlüğü"]),
    ("Dışişleri Bakanlığı", ["Konsolosluk Genel Müdürlüğü"]),
    ("Enerji ve Tabii Kaynaklar Bakanlığı", [
        "Enerji İşleri Genel Müdürlüğü", "Maden ve Petrol İşleri Genel Müdürlüğü"]),
    ("Gençlik ve Spor Bakanlığı", ["Spor Hizmetleri Genel Müdürlüğü",
                                   "Yükseköğrenim Kredi ve Yurtlar Genel Müdürlüğü"]),
    ("Kültür ve Turizm Bakanlığı", ["Kültür Varlıkları ve Müzeler Genel Müdürlüğü",
                                    "Tanıtma Genel Müdürlüğü"]),
    ("Millî Savunma Bakanlığı", ["Askeralma Genel Müdürlüğü"]),
    ("Sanayi ve Teknoloji Bakanlığı", ["Sanayi Genel Müdürlüğü",
                                       "Türk Patent ve Marka Kurumu"]),
    ("Tarım ve Orman Bakanlığı", ["Gıda ve Kontrol Genel Müdürlüğü",
                                  "Orman Genel Müdürlüğü", "Devlet Su İşleri Genel Müdürlüğü"]),
    ("Ticaret Bakanlığı", ["Tüketicinin Korunması ve Piyasa Gözetimi Genel Müdürlüğü",
                           "Gümrükler Genel Müdürlüğü"]),
    ("Ulaştırma ve Altyapı Bakanlığı", ["Karayolları Genel Müdürlüğü",
                                        "Bilgi Teknolojileri ve İletişim Kurumu"]),
]
_KEPT_GOVERNORSHIPS = {"06": "10000023", "34": "10000024", "35": "10000025"}
_PROVINCIAL_UNITS = [
    "İl Millî Eğitim Müdürlüğü", "İl Sağlık Müdürlüğü", "İl Emniyet Müdürlüğü",
    "İl Jandarma Komutanlığı", "İl Nüfus ve Vatandaşlık Müdürlüğü",
    "Aile ve Sosyal Hizmetler İl Müdürlüğü", "İl Tarım ve Orman Müdürlüğü",
    "Çevre, Şehircilik ve İklim Değişikliği İl Müdürlüğü",
]
_DISTRICT_UNITS = [
    "İlçe Millî Eğitim Müdürlüğü", "İlçe Nüfus Müdürlüğü", "İlçe Tarım ve Orman Müdürlüğü",
    "Sosyal Yardımlaşma ve Dayanışma Vakfı",
]


def _unit(code: str, name: str, kind: str, units: list[dict[str, Any]] | None = None
          ) -> dict[str, Any]:
    return {"detsis_code": code, "name": name, "kind": kind, "active": True,
            "units": units or []}


def _governorship(plate: str) -> dict[str, Any]:
    province = PROVINCES[plate][0]
    units = [_unit(f"2{plate}000{index:02d}", f"{province} {name}", "provincial_directorate")
             for index, name in enumerate(_PROVINCIAL_UNITS, start=1)]
    for number, district in enumerate(districts(plate), start=1):
        if district == "Merkez":  # served by the governorship itself
            continue
        base = f"2{plate}{number:03d}"
        units.append(_unit(f"{base}00", f"{district} Kaymakamlığı", "district_governorship", [
            _unit(f"{base}{index:02d}", f"{district} {name}", "district_directorate")
            for index, name in enumerate(_DISTRICT_UNITS, start=1)]))
    code = _KEPT_GOVERNORSHIPS.get(plate, f"2{plate}00000")
    return _unit(code, f"{province} Valiliği", "governorship", units)


def _municipality(plate: str) -> dict[str, Any]:
    province = PROVINCES[plate][0]
    metropolitan = plate in METROPOLITAN
    name = f"{province} Büyükşehir Belediyesi" if metropolitan else f"{province} Belediyesi"
    units = [_unit(f"3{plate}{number:03d}00", f"{district} Belediyesi", "municipality")
             for number, district in enumerate(districts(plate), start=1)
             if district != "Merkez"]
    return _unit(f"3{plate}00000", name,
                 "metropolitan_municipality" if metropolitan else "municipality", units)


def build() -> dict[str, Any]:
    ministries = [
        _unit(code, name, "ministry", [_unit(c, n, k) for c, n, k in units])
        for code, name, units in _SAMPLE_MINISTRIES
    ]
    interior = ministries[1]
    interior["units"].extend(_governorship(plate) for plate in sorted(PROVINCES))
    for number, (name, units) in enumerate(_OTHER_MINISTRIES, start=1):
        ministries.append(_unit(f"11{number:02d}0000", name, "ministry", [
            _unit(f"11{number:02d}00{index:02d}", unit, "general_directorate")
            for index, unit in enumerate(units, start=1)]))
    municipalities = _unit("30000000", "Belediyeler", "local_administrations",
                           [_municipality(plate) for plate in sorted(PROVINCES)])
    return {"version": VERSION, "institutions": [*ministries, municipalities]}


def render() -> str:
    return json.dumps(build(), ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="fail if the bundled file differs from what would be written")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if OUTPUT.read_text("utf-8") != text:
            print(f"{OUTPUT} is out of date: run python -m tools.build_institution_tree",
                  file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, "utf-8")
    units = sum(1 for _ in _walk(build()["institutions"]))
    print(f"{OUTPUT}: {units} units, version {VERSION}")
    return 0


def _walk(units: list[dict[str, Any]]) -> Any:
    for unit in units:
        yield unit
        yield from _walk(unit["units"])


if __name__ == "__main__":
    raise SystemExit(main())
