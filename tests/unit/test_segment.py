from pathlib import Path

import yaml

from extract.segment import continues, is_broken_tail, segment

REPO = Path(__file__).resolve().parents[2]
GOLD = yaml.safe_load((REPO / "tests/gold/sample.yml").read_text(encoding="utf-8"))
LINES = (REPO / GOLD["source"]).read_text(encoding="utf-8").splitlines()


def test_sample_segments_into_the_gold_articles():
    got = [[n for n, _ in art] for art in segment(LINES)]
    starts = [a[0] for a in got]
    assert starts == [a["lines"][0] for a in GOLD["articles"]]
    assert len(got) == 12


def test_broken_tail_joins_previous_paragraph():
    arts = segment(LINES)
    ngo = next(a for a in arts if a[0][0] == 52)
    assert ngo[-1][1].endswith('أكاديمية بيرويا".')
    assert all(n != 61 for n, _ in ngo)  # line 61 is not a paragraph of its own
    assert is_broken_tail('أكاديمية بيرويا".')


def test_continuation_cues():
    lede = "أعلن تنظيم الدولة عن هجوم على معاقل قوات سوريا الديمقراطية قرب قرية الكرامة."
    assert continues(lede, "كما أعلن التنظيم مقتل عناصر من قسد.")
    assert continues(lede, "وقال التنظيم إن عناصره اقتحموا معسكرا.")
    assert continues(lede, "التعميم الذي لم ينشر على المعرفات الرسمية يحمل رسائل.")
    assert not continues(lede, "نظمت جمعية تركية فعالية ترفيهية للأطفال السوريين في مدينة أنطاكيا.")
    # و belongs to the root of «وزارة»: not a conjunction, and nothing else ties it to the lede
    assert not continues(lede, "وزارة الدفاع الروسية تعلن اتفاقا جديدا في حمص.")
