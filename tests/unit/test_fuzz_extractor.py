"""Property-based fuzzing of the extractor (hypothesis): random Arabic sentences built from the
words the rules react to, number strings of every kind, punctuation and other scripts. Whatever the
text, extraction never raises, every count stays within the plausible bounds, keys are unique and
every evidence span is exactly the text it points to."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from expectations.suites import MAX_SANE_COUNT
from extract.article import extract_article
from warehouse.extraction import rows_of, screen

WORDS = [
    "قتل",
    "مقتل",
    "استشهد",
    "شهيداً",
    "جريحاً",
    "إصابة",
    "نزوح",
    "اعتقال",
    "مدنياً",
    "أطفال",
    "عناصر",
    "قوات",
    "النظام",
    "غارة",
    "قصف",
    "على",
    "في",
    "بلدة",
    "ريف",
    "إدلب",
    "دوما",
    "أمس",
    "اليوم",
    "بينهم",
    "أكثر",
    "من",
    "نحو",
    "بين",
    "و",
    "إلى",
    "آلاف",
    "عشرات",
    "مليون",
    "نصف",
    "ألف",
    "اللواء",
    "الفرقة",
    "عام",
    "الساعة",
    "شخص",
    "مقـ.ـتل",
    "ضابـ.ـط",
    "جنـ.ـود",
    "حصيلة",
    "ارتفعت",
    "خلال",
    "منذ",
    "الأحد",
]
NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**30).map(str),
    st.integers(min_value=0, max_value=10**9).map(
        lambda n: str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    ),
    st.floats(min_value=0, max_value=1e12, allow_nan=False).map(lambda x: f"{x:.2f}"),
    st.sampled_from(
        [
            "ثلاثة",
            "عشرين",
            "مئة",
            "ألفين",
            "خمسة عشر",
            "نصف مليون",
            "ربع مليون",
            "عشرات الآلاف",
            "99999999999999999999999",
            "1,000,000",
            "14قتيلا",
            "3-4",
            "١٢",
        ]
    ),
)
TOKENS = st.one_of(
    st.sampled_from(WORDS),
    NUMBERS,
    st.sampled_from(["،", ".", "؟", "!", "«", "»", "(", ")", "\n", "ـ"]),
    st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), max_size=6),
)
ARTICLES = st.lists(TOKENS, min_size=1, max_size=60).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=ARTICLES, published=st.one_of(st.none(), st.dates(min_value=date(2011, 1, 1), max_value=date(2025, 12, 31)))
)
def test_extractor_never_raises_and_stays_in_bounds(body, published):
    x = extract_article("fuzz", body, published)
    for c in x.casualties:
        f = c.figure
        for count in (f.count_low, f.count_best, f.count_high):
            assert count is None or 0 <= count <= MAX_SANE_COUNT, (body, f)
        assert body[c.evidence_start : c.evidence_end] == c.evidence
    for e in x.events:
        assert body[e.evidence_start : e.evidence_end].strip() == e.evidence.strip()
        assert e.fatalities is None or 0 <= e.fatalities <= MAX_SANE_COUNT
    assert screen(rows_of(x)) is None, body
