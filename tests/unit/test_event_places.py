"""Where an event happened when a later sentence tells it more finely than the one that reported
it (extract/event_places.py): a back-reference («القصف») naming villages, a sentence with no
trigger word naming the village of the event just reported; places of origin and background
sentences tell nothing of where it was. Sentences from real_dev (rd045, rd006, rd004, rd001, rd041)."""

from __future__ import annotations

from datetime import date

from extract.article import extract_article

DAY = date(2019, 5, 1)


def _events(body: str) -> list[tuple[str, str]]:
    return [(e.sub_event_type, e.place_key) for e in extract_article("t", body, DAY).events]


def test_a_back_reference_naming_villages_codes_the_strike_at_each():
    body = (
        "قتل 19 مدنيا، بينهم ثمانية أطفال، أمس، في قصف جوي شنته طائرات حربية روسية وسورية، بمحافظة إدلب "
        "شمال غرب سورية، وفق ما أفاد المرصد السوري لحقوق الإنسان.\n"
        "وأفاد المرصد بأن القصف استهدف قرية بليون وقرية البارة في ريف إدلب الجنوبي، وقرية ابديتا في جنوب إدلب."
    )
    # one air strike per village, of the kind the first report gave; the governorate-wide report
    # joins them (no event is left at the governorate or at «شمال غرب سورية»)
    assert _events(body) == [("Air/drone strike", k) for k in ("C4302", "C4304", "C4291")]


def test_a_sentence_without_trigger_word_locates_the_event_just_reported():
    body = (
        'استشهد مدنيان، اليوم الخميس، جراء انفجار لغم أرضي من مخلفات تنظيم "داعش" في ريف دير الزور الشرقي.\n'
        'وقالت شبكة "فرات بوست" المحلية، إن "لغماً أرضياً من مخلفات تنظيم داعش انفجر في بلدة "السوسة" بريف '
        'دير الزور الشرقي، صباح اليوم الخميس، مما أدى إلى استشهاد "موسى العواد".'
    )
    x = extract_article("t", body, DAY)
    assert [(e.sub_event_type, e.place_key, e.fatalities) for e in x.events] == [
        ("Remote explosive/landmine/IED", "susah", 2)
    ]


def test_a_place_of_origin_is_not_where_the_event_happened():
    head = "اغتيال مواطن بقضية “ثأر” في ريف دير الزور\n"
    origin = "وينحدر القتيل من بلدة البوعمر شرقي دير الزور الخاضعة لسيطرة النظام السوري وهو مدني."
    assert _events(head + origin) == [("Attack", "deir_ez_zor_gov")]
    told = (
        "محافظة دير الزور: استهدف مسلحان مجهولان يستقلان دراجة نارية، مواطناً في بلدة شقرا غرب محافظة "
        "دير الزور، ما أدى لإصابته بالرأس بعيارات نارية ووفاته على الفور.\n"
    )
    assert _events(head + told + origin) == [("Attack", "unknown:شقرا")]


def test_a_background_sentence_locates_nothing():
    body = (
        "قتل مدنيان اليوم في قصف جوي على ريف الرقة.\n"
        'ومنذ بدء معركة "غضب الفرات" ارتكبت طائرات التحالف الدولي العديد من المجازر بحق المدنيين ولا سيما '
        "في مدرسة بالقرب من قرية المنصورة بريف الرقة."
    )
    assert [k for _, k in _events(body)] == ["raqqa_gov"]


def test_a_back_reference_to_no_event_of_its_place_is_a_new_event():
    body = (
        "وقتل عنصرين من شعبة المخابرات العسكرية إثر عملية اغتيال نفذها مجهولون في بلدة المزريب بريف درعا.\n"
        "كما وثق المرصد السوري مقتل 21 من عناصر قوات النظام والميليشيات الموالية لها، جراء الهجوم المباغت "
        "لتنظيم الدولة الإسلامية في منطقة سد أبو فياض شرقي حماة."
    )
    assert [k for _, k in _events(body)] == ["unknown:المزريب", "unknown:سد ابو فياض"]


def test_a_region_of_the_country_is_coarser_than_the_governorate_it_qualifies():
    body = "قتل 13 مدنيا على الأقل في قصف جوي نفذته طائرات حربية تابعة للنظام السوري على محافظة إدلب، شمالي سوريا."
    assert _events(body) == [("Air/drone strike", "idlib_gov")]
