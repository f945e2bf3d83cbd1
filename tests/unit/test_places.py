"""The national gazetteer and the place finder, sentence by sentence: villages the text marks,
ordinary words it does not, names shared by several places resolved by context or kept at the
level their candidates share, and places the gazetteer lacks."""

from __future__ import annotations

from datetime import date

import pytest

from extract.article import extract_article
from extract.entities import places
from extract.gazetteer import place_admin1_iso
from extract.places import find_places
from extract.text import normalize


def _keys(sentence: str) -> list[str]:
    return [p.key for p in find_places(normalize(sentence))]


def test_every_syrian_community_has_its_admin_levels_and_pcode():
    rows = places()
    communities = [r for r in rows.values() if r["source"] == "ocha" and r["pcode"].startswith("C")]
    assert (
        len(communities) + sum(1 for r in rows.values() if r["source"] == "curated" and r["pcode"].startswith("C"))
        >= 7693
    )
    for r in communities:
        assert r["admin1"] and r["admin2"] and r["admin3"] and r["iso_3166_2"].startswith("SY-"), r["place_id"]
        assert r["latitude"] and r["longitude"] and r["geo_precision"] == 1
    assert sum(1 for r in rows.values() if r["source"] == "geonames") > 300  # Lebanon, Iraq, Jordan, Turkey


def test_curated_ids_stay_and_carry_ocha_pcodes():
    rows = places()
    assert rows["ariha"]["pcode"] == "C4278" and rows["ariha"]["admin2"] == "Ariha"
    assert rows["douma"]["admin2_pcode"] == "SY0302"
    assert rows["idlib_gov"]["pcode"] == "SY07" and rows["idlib_gov"]["geo_precision"] == 3
    assert "C4278" not in rows  # the OCHA row is the curated one, not a second place


@pytest.mark.parametrize(
    "key,iso",
    [
        ("ariha", "SY-ID"),
        ("idlib_gov", "SY-ID"),
        ("rif_dimashq_gov", "SY-RD"),
        ("C4056", "SY-ID"),
        ("beirut", "LB-BA"),
        ("gaziantep", "TR-27"),
        ("syria", None),
        ("unknown:الزهراويات", None),
    ],
)
def test_place_admin1_iso(key, iso):
    assert place_admin1_iso(key) == iso


@pytest.mark.parametrize(
    "sentence",
    ["بالإضافة إلى شخصيات اجتماعية بارزة في المحافظة", "أصيبت الطفلة فاطمة العشي برصاصة", "تم ذلك بواسطة طائرة مسيرة"],
)
def test_ordinary_words_read_through_a_clitic_are_not_places(sentence):
    """«بارزة» is no ب + «ارزة» (a Hama village), «فاطمة» no ف + «اطمة» (Atmeh)."""
    assert _keys(sentence) == []


@pytest.mark.parametrize(
    "sentence,name",
    [
        ('استهدفت مسيرة إسرائيلية بلدة "عيتا الجبل" جنوب لبنان', "عيتا الجبل"),
        ("قتل شاب من قرية غريبة الشرقية بريف دير الزور الشرقي", "غريبه الشرقيه"),
        ("استهدف عناصر التنظيم نقطة في بلدة جزرة البوشمس بريف دير الزور", "جزره البوشمس"),
    ],
)
def test_a_place_noun_opens_a_two_word_name(sentence, name):
    """The name «قرية/بلدة X Y» opens is X Y when Y (with ال) continues it, not a village named X."""
    mentions = find_places(normalize(sentence))
    assert f"unknown:{name}" in [p.key for p in mentions]
    assert not any(p.name == name.split()[0] for p in mentions)


@pytest.mark.parametrize(
    "sentence,name",
    [("قصف على بلدة السكرية الحدودية مع لبنان", "السكريه"), ("سقطت قذيفة على مخيم الهول المجاور", None)],
)
def test_a_describing_word_is_no_part_of_the_name(sentence, name):
    keys = [p.key for p in find_places(normalize(sentence))]
    assert not any(k.startswith("unknown:") and " " in k for k in keys)
    if name:
        assert any(k == f"unknown:{name}" or not k.startswith("unknown:") for k in keys)


@pytest.mark.parametrize("sentence,key", [("قصف على إطمة بريف إدلب", "atmeh"), ("اشتباكات عنيفة بحلب", "aleppo")])
def test_a_place_read_through_a_clitic_stays_a_place(sentence, key):
    assert key in _keys(sentence)


@pytest.mark.parametrize(
    "sentence,key",
    [
        ("قتل مدنيان في قصف على قرية حزارين", "C4056"),  # a place noun
        ("قصف مدفعي على كفرومة", "C3984"),  # a locative word
        ("غارات على بداما", "C4226"),  # not ب + «داما»
        ("قصف على لبنان", "lebanon"),  # not ل + «بنان»
        ("قتل في الباب شرقي حلب", "al_bab"),  # not Damascus's «باب شرقي»
    ],
)
def test_villages_the_text_marks_are_found(sentence, key):
    assert _keys(sentence)[0] == key


def test_a_list_of_villages_is_read_whole():
    keys = _keys("سقط قتلى في كفرنبل وحاس وكفرومة")
    assert keys == ["kafranbel", "C4058", "C3984"]
    # names the text only marks after the list («بريف إدلب») are places too
    assert "C4100" in _keys("سقط قتلى في سرمان والمشيرفة وبابولين بريف إدلب")
    # «عابدين» is a village and a first name: an ordinary word, read only after a place noun; in a
    # list it neither counts nor breaks the list
    assert _keys("غارات على قرى الهبيط وعابدين وكفرسجنة") == ["C3989", "C4110"]
    assert _keys("غارات على قرية عابدين بريف إدلب")[0] == "C3990"


@pytest.mark.parametrize(
    "sentence",
    ["الجيش يقصف المدينة والأسد يتقدم", "وقع حدث كبير في دار العجزة", "قال مصدر من الجنوبي", "في تشرين الأول الماضي"],
)
def test_ordinary_words_are_not_villages(sentence):
    assert _keys(sentence) == []


@pytest.mark.parametrize(
    "sentence,key",
    [
        ("قتل 3 مدنيين في دوما", "douma"),  # no context: the curated reading
        ("قصف على دوما بريف السويداء", "C6236"),  # the governorate named beside it
        ("قصف على دوما بريف حماة الشرقي", "C3076"),
        ("في نوى بريف حماة الشرقي", "C3255"),
        ("اشتباكات في نوى", "nawa"),
    ],
)
def test_shared_names_resolved_by_the_place_named_beside(sentence, key):
    assert _keys(sentence)[0] == key


def test_shared_names_resolved_by_the_articles_other_places():
    x = extract_article(
        "a", "قصفت الطائرات بلدة كفرنبل صباح اليوم.\nوفي وقت لاحق استهدف القصف قرية أم جلال.", date(2019, 5, 1)
    )
    assert "C4095" in x.places  # the Umm Jalal of Idlib, not Manbij's


def test_undecided_names_keep_the_level_their_candidates_share():
    rows = places()
    # two villages «الفرجة», both in the Maarrat al-Numan district: the district, precision 2
    [village, governorate] = _keys("قصف على قرية الفرجة بريف إدلب الجنوبي")
    assert village == "SY0702" and rows[village]["kind"] == "district" and rows[village]["geo_precision"] == 2
    assert governorate == "idlib_gov"
    # five «المشيرفة» in Idlib governorate, in different districts: the governorate, precision 3
    keys = _keys("قصف على المشيرفة بريف إدلب")
    assert keys[0] == "idlib_gov" and rows[keys[0]]["geo_precision"] == 3
    # twelve across the country: nothing more than the name, an unknown place when introduced
    assert _keys("قصف على قرية المشيرفة") == ["unknown:المشيرفه"]
    assert _keys("قصف على المشيرفة") == []


def test_unknown_places_keep_their_governorate_and_an_example():
    body = "قصفت قوات النظام مدينة كفرنبل.\nوقتل مدني في قرية الزهراويات بريف حماة اليوم."
    x = extract_article("a", body, date(2019, 5, 1))
    assert x.unknown_places["unknown:الزهراويات"] == ("SY-HM", "وقتل مدني في قرية الزهراويات بريف حماة اليوم.")
    # without a place beside it, the article's governorate
    x = extract_article("a", "قصفت الطائرات بلدة كفرنبل.\nوقتل مدني في قرية الزهراويات.", date(2019, 5, 1))
    assert x.unknown_places["unknown:الزهراويات"][0] == "SY-ID"


@pytest.mark.parametrize(
    "sentence",
    [
        "قتل عنصران من القوات الحكومية برصاص مسلحين مجهولين ببلدة شرقي دير الزور",  # a locative word
        "قصف جوي وبري استهدف أكثر من 25 منطقة متفرقة في أرياف المحافظة",  # a description
        "وقرية ابديتا في جنوب إدلب، ومنطقة أخرى شرق المحافظة",
        "تعرضت قرى في منطقة خفض التصعيد لقصف مدفعي",  # a word of the war
    ],
)
def test_a_word_a_place_noun_opens_that_is_no_name(sentence):
    """«ببلدة شرقي دير الزور», «منطقة متفرقة», «منطقة أخرى» name no place the gazetteer lacks."""
    assert not any(k.startswith("unknown:") for k in _keys(sentence))


@pytest.mark.parametrize(
    "sentence,name",
    [
        ("جراء الهجوم المباغت لتنظيم الدولة في منطقة سد أبو فياض شرقي حماة", "سد ابو فياض"),
        ("اجتاح الجهاديون منطقة جبل سنجار، فقتلوا الآلاف", "جبل سنجار"),
        ("الحادثة أثارت توتراً في منطقة أبو سيدو بالأغوار الشمالية", "ابو سيدو"),
    ],
)
def test_a_compound_head_runs_on_to_the_next_word(sentence, name):
    """«سد», «جبل», «أبو» open a name (name_heads.txt): the place is the whole compound."""
    keys = _keys(sentence)
    assert f"unknown:{name}" in keys
    assert f"unknown:{name.split()[0]}" not in keys


def test_a_name_ocha_qualifies_is_known_by_its_bare_form():
    """OCHA tells namesakes apart by a sub-district («الدردارة تل تمر») or a direction («مشيرفة
    قبلية», «مشيرفة شمالية»); reports write the name alone, which context then resolves (rd026, rd043)."""
    body = (
        "وذكرت مصادر أن القصف المدفعي طال اليوم محيط بلدة تل تمر شمال غرب الحسكة. "
        "مستهدفاً بشكل مركز قرى الدردارة وتل شنان وأم الكيف وتل جمعة."
    )
    keys = _keys(body)
    assert "C4424" in keys  # Derdara (Tal Tamer), not the two of Tartus' governorate
    assert not any(place_admin1_iso(k) == "SY-TA" for k in keys)
    # two «مشيرفة» of the Tamanaah sub-district: that sub-district, still a village of the list
    mentions = find_places(normalize("شمل القصف بلدات خان شيخون والتمانعة وبدامة، وقرى سكيك ومشيرفة"))
    last = mentions[-1]
    assert (last.key, last.name, last.specificity) == ("SY070204", "مشيرفه", 1)
    assert places()[last.key]["geo_precision"] == 2


def test_a_name_context_cannot_decide_is_the_place_named_so():
    """«سرجة» in Jabal al-Zawiya: the village OCHA calls «سرجة», not «سرجة شرقية» or «سرجة غربية»
    (both of Idlib, also called «سرجة» by reports)."""
    assert _keys("وتعرض مركز الدفاع المدني في بلدة سرجة في جبل الزاوية لاستهداف مباشر")[0] == "C4273"


@pytest.mark.parametrize(
    "sentence,names",
    [
        (
            "شمل القصف بلدات خان شيخون والتمانعة وبدامة، وقرى سرمان ومشيرفة وسكيك وبابولين وخان السبل "
            "ومعرة شورين وشيخان وأم جلال ودار السلام.",
            ["سرمان", "شيخان", "دار السلام"],
        ),
        ("وأضاف الشهود أن قريتي كوركو و بنافي التابعتان لقضاء العمادية تعرضتا لقصف جوي", ["كوركو", "بنافي"]),
        ("قصف مروحيات النظام براميل متفجرة قرى المجيدل ونحتا والحراك تزامن هذا القصف", ["نحتا"]),
    ],
)
def test_the_members_of_a_list_a_plural_place_noun_opens_are_places(sentence, names):
    """«قرى X وY وZ», «قريتي X و Y»: each member the gazetteer lacks is a place of its own, kept by
    its name (rd043, rd073, rd042); the list's last member ends where no «و» or «،» follows."""
    keys = _keys(sentence)
    assert [k for k in keys if k.startswith("unknown:")] == [f"unknown:{n}" for n in names]
