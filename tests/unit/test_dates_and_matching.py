from datetime import date

import pytest

from extract.article import extract_article
from extract.dates import find_date
from extract.entities import actor_matcher
from extract.places import find_places
from extract.text import normalize

PUB = date(2017, 7, 27)  # a Thursday


@pytest.mark.parametrize(
    "text,expected,precision",
    [
        ("قصف اليوم", date(2017, 7, 27), "day"),
        ("أمس الخميس", date(2017, 7, 26), "day"),
        ("جرت أول أمس", date(2017, 7, 25), "day"),
        ("دخلت أمس الأول", date(2017, 7, 25), "day"),
        ("يوم الاثنين", date(2017, 7, 24), "day"),
        ("قبل 3 أيام", date(2017, 7, 24), "day"),
        ("منذ أبريل الماضي", date(2017, 4, 1), "month"),
        ("في 15 آذار 2018", date(2018, 3, 15), "day"),
        ("يوم ٣ تموز/يوليو", date(2017, 7, 3), "day"),
    ],
)
def test_dates_resolve_against_publication(text, expected, precision):
    ref = find_date(normalize(text), PUB)
    assert (ref.value, ref.precision) == (expected, precision)


def test_no_publication_date_means_no_invented_date():
    assert find_date(normalize("قصف أمس"), None).value is None
    x = extract_article("a", "قتل 5 مدنيين أمس في غارة جوية على مدينة إدلب.", None)
    assert x.events and all(e.event_date is None and e.date_precision == "unknown" for e in x.events)


@pytest.mark.parametrize(
    "text,key",
    [
        ("لقوات سوريا الديمقراطية", "sdf"),
        ("وحزب الله", "hezbollah"),
        ("قسد", "sdf"),
        ("داعش", "isis"),
        ("بقوات الأسد", "syrian_regime"),
        ("للأمم المتحدة", "un"),
        ("الهيئة", "hts"),
    ],
)
def test_clitics_do_not_hide_actors(text, key):
    assert [m.key for m in actor_matcher().find(normalize(text))] == [key]


@pytest.mark.parametrize(
    "text,key",
    [
        ("بالغوطة الشرقية", "eastern_ghouta"),
        ("وعرسال", "arsal"),
        ("ببيروت", "beirut"),
        ("لبنان", "lebanon"),
        ("بعين ترما", "ain_tarma"),
        ("هطاي", "hatay"),
    ],
)
def test_clitics_do_not_hide_places(text, key):
    assert [p.key for p in find_places(normalize(text))] == [key]


def test_unknown_place_is_kept_without_coordinates():
    x = extract_article("a", "قصفت قوات الأسد قرية الزهراوية بريف حماة اليوم.", PUB)
    assert "unknown:الزهراويه" in x.places
    assert any(e.place_key == "unknown:الزهراويه" for e in x.events)


def test_evidence_is_the_exact_original_span():
    body = "قُتِلَ ١٢ مدنياً، بينهم ثلاثة أطفال، في غارة جوية على أريحا."
    x = extract_article("a", body, PUB)
    for c in x.casualties:
        assert body[c.evidence_start : c.evidence_end] == c.evidence
    assert x.casualties[0].evidence.startswith("قُتِلَ ١٢")
