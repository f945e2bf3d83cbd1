import pytest

from extract.numbers import find_quantities
from extract.text import normalize
from extract.tokens import tokenize


def first(text):
    qs = find_quantities(tokenize(normalize(text)))
    assert qs, text
    q = qs[0]
    return q.low, q.best, q.high, q.qualifier


@pytest.mark.parametrize(
    "text,expected",
    [
        ("قتل 12 مدنيا", (12, 12, 12, "exact")),
        ("قتل ١٢ مدنيا", (12, 12, 12, "exact")),
        ("ثلاثة عشر مدنياً", (13, 13, 13, "exact")),
        ("مئتين وخمسة وعشرين شخصا", (225, 225, 225, "exact")),
        ("نحو ألف و400 مدني", (1400, 1400, 1400, "approx")),
        ("أكثر من 200 ألف مدني", (200000, 200000, None, "at_least")),
        ("أكثر من 2.7 مليون شخص", (2700000, 2700000, None, "at_least")),
        ("20-50 ألأف مدني", (20000, None, 50000, "range")),
        ("بين 20 إلى 50 ألف شخص", (20000, None, 50000, "range")),
        ("بين 20 و50 مدنيا", (20, None, 50, "range")),
        ("ما لا يقل عن 30 مدنيا", (30, 30, None, "at_least")),
        ("12 مدنياً على الأقل", (12, 12, None, "at_least")),
        ("قرابة 18 مديناً", (18, 18, 18, "approx")),
        ("أقل من 10 أشخاص", (None, 10, 10, "at_most")),
        ("العشرات من المدنيين", (None, None, None, "vague")),
        ("عدد من عناصر قسد", (None, None, None, "vague")),
        ("ثلاثة آلاف نازح", (3000, 3000, 3000, "exact")),
        ("أحد عشر طفلا", (11, 11, 11, "exact")),
    ],
)
def test_number_forms(text, expected):
    assert first(text) == expected


def test_range_written_high_to_low_is_ordered():
    assert first("بين 50 و20 مدنيا") == (20, None, 50, "range")
    assert first("35-22 ألف مدني") == (22000, None, 35000, "range")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("نزح نصف مليون شخص", (500000, 500000, 500000, "exact")),
        ("ربع مليون نازح", (250000, 250000, 250000, "exact")),
        ("مليون ونصف لاجئ", (1500000, 1500000, 1500000, "exact")),
        ("عشرات الآلاف من المدنيين", (None, None, None, "vague")),
        ("مئات الآلاف من النازحين", (None, None, None, "vague")),
    ],
)
def test_scales_in_words(text, expected):
    """«نصف مليون» is half the scale after it, «مليون ونصف» adds half of it, «عشرات الآلاف» is vague."""
    assert first(text) == expected


def test_a_fraction_without_a_scale_is_no_number():
    assert find_quantities(tokenize(normalize("بعد نصف ساعة"))) == []


def test_a_number_beyond_floats_is_kept_finite():
    """«قتل 999…9 مدني» (400 digits): the reading stays an int (the casualty bounds reject it)."""
    (q,) = find_quantities(tokenize(normalize("9" * 400 + " مدني")))
    assert isinstance(q.best, int) and q.best > 10**20


@pytest.mark.parametrize(
    "text, expected",
    [
        ("وتجاوز العشرون شهيداً", [(20, 20, None, "at_least")]),
        ("أكثر من الخمسين مصاباً", [(50, 50, None, "at_least")]),
        # «الاثنين» is Monday: only the tens take the article
        ("قتل يوم الاثنين مدني", []),
        ("الآلاف من النازحين", [(None, None, None, "vague")]),
    ],
)
def test_tens_with_the_article(text, expected):
    got = [(q.low, q.best, q.high, q.qualifier) for q in find_quantities(tokenize(normalize(text)))]
    assert got == expected
