"""Subject names in the desk's language: the catalogue's English names where it has them,
the Turkish name where it has none; the published shape keeps them (and only them)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from models.i18n import use_language
from models.reference import ReferenceDataError, SubjectCatalog
from resources import REFERENCE_DIR

CATALOG = {
    "version": "1",
    "subjects": [
        {"code": "02", "name": "Belediye hizmetleri", "names": {"en": "Municipal services"},
         "sub_subjects": [
             {"code": "02.02", "name": "Çevre temizliği ve çöp",
              "names": {"en": "Street cleaning and refuse"}},
             {"code": "02.03", "name": "Zabıta"},  # no English yet
         ]},
        {"code": "10", "name": "Diğer", "names": {"en": " "},  # blank: as if none
         "sub_subjects": [{"code": "10.01", "name": "Diğer konular"}]},
    ],
}


@pytest.fixture
def english() -> Iterator[None]:
    use_language("en")
    yield
    use_language("tr")


def test_an_english_desk_shows_the_english_names(english: None) -> None:
    catalog = SubjectCatalog.from_json(CATALOG)
    assert catalog.subject_name("02") == "Municipal services"
    assert catalog.sub_subject_name("02", "02.02") == "Street cleaning and refuse"
    assert [s.label for s in catalog.offered()] == ["Municipal services", "Diğer"]


def test_a_name_without_english_stays_turkish(english: None) -> None:
    catalog = SubjectCatalog.from_json(CATALOG)
    assert catalog.sub_subject_name("02", "02.03") == "Zabıta"
    assert catalog.subject_name("10") == "Diğer"
    assert catalog.subject_name("99") == "99"  # unknown: its code, as before


def test_a_turkish_desk_shows_the_turkish_names() -> None:
    catalog = SubjectCatalog.from_json(CATALOG)
    assert catalog.subject_name("02") == "Belediye hizmetleri"
    assert catalog.sub_subject_name("02", "02.02") == "Çevre temizliği ve çöp"


def test_the_published_shape_keeps_the_names_and_reads_back_the_same() -> None:
    catalog = SubjectCatalog.from_json(CATALOG)
    published = catalog.to_json()
    assert published["subjects"][0]["names"] == {"en": "Municipal services"}
    assert "names" not in published["subjects"][0]["sub_subjects"][1]
    assert "names" not in published["subjects"][1]  # the blank one is dropped
    assert SubjectCatalog.from_json(published) == catalog


def test_names_that_are_not_a_map_of_language_to_name_are_refused() -> None:
    broken = json.loads(json.dumps(CATALOG))
    broken["subjects"][0]["names"] = ["Municipal services"]
    with pytest.raises(ReferenceDataError):
        SubjectCatalog.from_json(broken)


def test_every_bundled_subject_has_an_english_name() -> None:
    data = json.loads((REFERENCE_DIR / "subjects.json").read_text("utf-8"))
    catalog = SubjectCatalog.from_json(data)
    missing = [s.code for s in catalog.subjects if not dict(s.names).get("en")]
    missing += [ss.code for s in catalog.subjects for ss in s.sub_subjects
                if not dict(ss.names).get("en")]
    assert missing == []
