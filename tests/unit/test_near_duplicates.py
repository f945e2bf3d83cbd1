"""Near-duplicate paragraphs share an LSH band of their MinHash; paragraphs of the same style about
other happenings do not (extract/near_duplicates.py)."""

from __future__ import annotations

from datetime import date

from extract.article import extract_article
from extract.near_duplicates import band_hashes, paragraph_at

# the sample (data/sample/shaam_2017-07.txt), line 16
ORIGINAL = (
    "والجدير بالذكر أن طائرات التحالف الدولي وقوات سوريا الديمقراطية ارتكبت مجزرة بحق المدنيين في "
    "مدينة الرقة أمس الخميس، حيث تعرضت المدينة لقصف جوي ومدفعي وصاروخي عنيف، ما أدى لارتقاء 84 شهيد "
    "وسقوط عشرات الجرحى."
)
# a second outlet's copy: its own opening words, other punctuation and spellings, one word changed
COPY = (
    "الرقة (وكالات) - طائرات التحالف الدولي وقوات سوريا الديمقراطية ارتكبت مجزرة بحق المدنيين في "
    "مدينة الرقة أمس الخميس حيث تعرضت المدينة لقصف جوى ومدفعى وصاروخى عنيف ما أدى لارتقاء ٨٤ شهيدا "
    "وسقوط عشرات الجرحى"
)
# the same style, another happening (line 35 of the sample)
OTHER = (
    "يتكرر مشهد القتل اليومي والمذابح بحق المدنيين العزل في مدينة الرقة، على يد قوات التحالف الدولي "
    'وقوات سوريا الديمقراطية "قسد"، بقصف جوي ومدفعي تشهده مدينة الرقة منذ أيام هو الأعنف منذ بدء '
    'الهجوم البري لـ "قسد" على المدينة.'
)
# the formula of the first, about another town and day
SAME_FORMULA = (
    "ارتكبت طائرات التحالف الدولي مجزرة بحق المدنيين في مدينة الميادين يوم الثلاثاء، حيث تعرضت "
    "المدينة لقصف جوي عنيف استهدف الأحياء السكنية، ما أدى لارتقاء 12 شهيدا بينهم أطفال."
)


def _shared(a: str | None, b: str | None) -> set[str]:
    return set((a or "").split()) & set((b or "").split())


def test_a_copy_with_another_opening_punctuation_and_a_word_changed_shares_a_band():
    original, copy = band_hashes([ORIGINAL, COPY])
    assert original and copy
    assert _shared(original, copy)


def test_paragraphs_of_the_same_style_about_other_happenings_share_none():
    original, other, formula = band_hashes([ORIGINAL, OTHER, SAME_FORMULA])
    assert not _shared(original, other)
    assert not _shared(original, formula)
    assert not _shared(other, formula)


def test_bands_are_deterministic_and_a_short_formula_has_none():
    assert band_hashes([ORIGINAL]) == band_hashes([ORIGINAL])
    assert len(band_hashes([ORIGINAL])[0].split()) == 16
    assert band_hashes(["قتل شخص في قصف."]) == [None]


def test_the_paragraph_is_the_line_holding_the_sentence():
    body = f"عنوان الخبر\n{ORIGINAL}\nفقرة أخرى"
    start = body.index("حيث")
    assert paragraph_at(body, start, start + 5) == ORIGINAL


def test_events_of_two_copies_carry_a_shared_band():
    first = extract_article("a1", f"مقتل 84 مدنيا في الرقة\n{ORIGINAL}", None)
    second = extract_article("a2", f"مجزرة جديدة للتحالف\n{COPY}", None)
    a = [e for e in first.events if e.sub_event_type == "Air/drone strike"]
    b = [e for e in second.events if e.sub_event_type == "Air/drone strike"]
    assert a and b
    assert _shared(a[0].paragraph_bands, b[0].paragraph_bands)
    assert first.events[0].paragraph_bands is None or first.events[0].evidence in ORIGINAL + "مقتل 84 مدنيا في الرقة"


def test_extraction_is_unchanged_but_for_the_bands():
    x = extract_article("a1", ORIGINAL, date(2017, 7, 28))
    assert x.events and all(e.paragraph_bands for e in x.events)
