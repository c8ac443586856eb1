"""The bundled institution tree (tools/build_institution_tree.py) and its search."""

from __future__ import annotations

import json

import pytest

from models.institution_search import InstitutionIndex, scan_search
from models.reference import InstitutionTree
from resources import REFERENCE_DIR
from tools import build_institution_tree
from tools.turkiye_provinces import PROVINCES, districts


@pytest.fixture(scope="module")
def tree() -> InstitutionTree:
    return InstitutionTree.from_json(
        json.loads((REFERENCE_DIR / "institutions.json").read_text("utf-8")))


@pytest.fixture(scope="module")
def index(tree: InstitutionTree) -> InstitutionIndex:
    return InstitutionIndex(tree)


def test_the_bundled_file_is_what_the_tool_writes() -> None:
    assert build_institution_tree.main(["--check"]) == 0


def test_the_tree_is_large_enough_to_be_real(tree: InstitutionTree) -> None:
    units = list(tree.walk())
    assert len(units) >= 5000
    assert len(PROVINCES) == 81
    assert sum(len(districts(plate)) for plate in PROVINCES) == 973
    governorships = [u for u in units if u.kind == "governorship"]
    assert len(governorships) == 81
    assert sum(1 for u in units if u.kind == "district_governorship") == 973 - 51
    interior = tree.find("10000002")
    assert interior is not None and set(governorships) <= set(interior.walk())


def test_the_first_sample_codes_are_kept(tree: InstitutionTree) -> None:
    """Other files, settings and tests name these units by code."""
    found = tree.find("10000023")
    assert found is not None and found.name == "Ankara Valiliği"
    assert tree.find("10000071") is not None
    assert tree.path_names("20600700") == ["İçişleri Bakanlığı", "Ankara Valiliği",
                                           "Çankaya Kaymakamlığı"]
    assert tree.is_within("20600701", "10000023")
    assert not tree.is_within("10000023", "20600701")


@pytest.mark.parametrize("typed", ["Çankaya", "çankaya", "cankaya", "CANKAYA", "ÇANKAYA",
                                   "çan"])
def test_search_forgives_missing_turkish_letters(index: InstitutionIndex, typed: str) -> None:
    names = [unit.name for unit in index.search(typed)]
    assert "Çankaya Kaymakamlığı" in names and "Çankaya Belediyesi" in names


def test_search_follows_turkish_case_rules(index: InstitutionIndex) -> None:
    """``I`` is the capital of ``ı`` and ``İ`` of ``i``: ``IĞDIR`` and ``ığdır`` find Iğdır;
    ``str.casefold`` would make ``IĞDIR`` ``iğdir`` and the index would still find it only
    because marks are folded — ``İSTANBUL`` must find İstanbul too."""
    for typed in ("IĞDIR", "ığdır", "igdir", "Iğdır"):
        assert "Iğdır Valiliği" in [unit.name for unit in index.search(typed)], typed
    assert "İstanbul Valiliği" in [unit.name for unit in index.search("İSTANBUL")]
    assert "İstanbul Valiliği" in [unit.name for unit in index.search("istanbul")]


def test_search_by_several_words_and_by_code(index: InstitutionIndex) -> None:
    found = index.search("yenisehir kaym")
    assert [unit.path[-1] for unit in found] == ["Bursa Valiliği", "Diyarbakır Valiliği",
                                                "Mersin Valiliği"]
    assert [unit.name for unit in index.search("10000023")] == ["Ankara Valiliği"]
    by_prefix = index.search("206007")
    assert [unit.detsis_code for unit in by_prefix][:2] == ["20600700", "20600701"]
    assert index.search("") == [] and index.search("  ") == [] and index.search("zzq") == []


@pytest.mark.parametrize("typed", ["belediye", "i", "ankara il milli", "2340", "sağlık"])
def test_the_index_answers_as_a_scan_would(tree: InstitutionTree, index: InstitutionIndex,
                                           typed: str) -> None:
    assert [unit.detsis_code for unit in index.search(typed)] == scan_search(tree, typed)
