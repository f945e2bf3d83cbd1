"""Actor mentions that name no party (GUIDELINE.md §7 rule 8): controllers of an area, a victim's
former side. Real extraction: the article's actors as extract_article reports them."""

from datetime import date

import pytest

from extract.article import extract_article


def _actors(text: str) -> set[str]:
    return {m[1] for m in extract_article("t", text, date(2019, 5, 1)).mentions if m[0] == "actor"}


@pytest.mark.parametrize(
    "text,absent",
    [
        ("عثر على جثة شاب في قرية البوعمر الخاضعة لسيطرة النظام السوري وعليها آثار طلقات نارية.", "syrian_regime"),
        ("قتل مدني برصاص مجهولين في ريف إدلب الذي تسيطر عليها المعارضة.", "opposition"),
        ("سقط 3 قتلى بانفجار في مناطق نفوذ قوات سوريا الديمقراطية.", "sdf"),
        ("اغتيال عنصر سابق في فصائل المعارضة شرق درعا.", "opposition"),
        ("قتل ثلاثة من المقاتلين السابقين في الجيش السوري الحر بعد التسوية.", "opposition"),
        ("قتل شابان كانا ضمن فصائل المعارضة سابقا برصاص مجهولين.", "opposition"),
    ],
)
def test_background_mentions_are_not_actors(text, absent):
    assert absent not in _actors(text)


@pytest.mark.parametrize(
    "text,present",
    [
        ("قصفت قوات النظام بلدة كفرنبل بريف إدلب.", "syrian_regime"),
        ("سيطرت فصائل المعارضة على 4 قرى كانت خاضعة لسيطرة تنظيم الدولة الإسلامية.", "isis"),
        ("هاجم عناصر من فلول النظام السابق حاجزا للأمن العام.", "syrian_regime"),
    ],
)
def test_parties_stay_actors(text, present):
    assert present in _actors(text)


def test_a_former_regime_before_another_actor_leaves_it_an_actor():
    assert "syrian_government_2024" in _actors("هاجم عناصر من فلول النظام السابق حاجزا للأمن العام في اللاذقية.")
