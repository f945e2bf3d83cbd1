import pytest

from extract.casualties import find_figures
from extract.entities import actor_matcher, reporter_matcher
from extract.text import normalize
from extract.tokens import tokenize


def figures(sentence):
    n = normalize(sentence)
    return [
        (f.outcome, f.victim_group, f.qualifier, f.count_low, f.count_best, f.count_high)
        for f in find_figures(n, tokenize(n), actor_matcher().find(n), reporter_matcher().find(n))
    ]


def test_breakdown_attaches_to_the_figure_it_breaks_down():
    got = figures(
        "ووثقت الشبكة السورية لحقوق الانسان مقتل نحو ألف و400 مدني، بينهم 308 أطفال، و203 سيدات، بمحافظة الرقة"
    )
    assert got == [
        ("killed", "civilians", "approx", 1400, 1400, 1400),
        ("killed", "children", "exact", 308, 308, 308),
        ("killed", "women", "exact", 203, 203, 203),
    ]


def test_injured_others_with_children():
    got = figures("قتل 5 مدنيين وجرح 10 آخرين بينهم 4 أطفال بقصف على إدلب")
    assert ("killed", "civilians", "exact", 5, 5, 5) in got
    assert ("injured", "civilians", "exact", 10, 10, 10) in got
    assert ("injured", "children", "exact", 4, 4, 4) in got


def test_duals_and_singulars():
    assert figures("استشهد طفلان بغارة جوية") == [("killed", "children", "exact", 2, 2, 2)]
    assert figures("قتل شخص بانفجار عبوة ناسفة") == [("killed", "unknown", "exact", 1, 1, 1)]


def test_vague_is_never_a_number():
    got = figures("تمكنوا من قتل وجرح العشرات من العناصر")
    assert got == [
        ("killed", "combatants", "vague", None, None, None),
        ("injured", "combatants", "vague", None, None, None),
    ]


def test_numbers_that_are_not_casualties():
    for s in [
        "انسحاب عناصر قوات الغيث مع 13 مدرعة من مقر العمليات",
        "انسحاب 15 دبابة وعدد من السيارات العسكرية",
        "حيث دخلت 5 شاحنات إلى مدينة دوما المحاصرة",
        "بدأت هدنة من الساعة 6 صباحا ولغاية 3 أيام",
        "بعد معركة بدأت بها قبل قرابة 50 يوماً",
        "تقديم المساعدة الإنسانية إلى أكثر من 2.7 مليون شخص في شمال غرب سوريا",
        "إنهاء أكثر من 20 فصيلاً ثوريا في الشمال السوري",
        "وعددهم لا يتجاوز ال350 شخص",
    ]:
        assert figures(s) == [], s


def test_displaced_and_besieged():
    assert figures("وجود أكثر من 200 ألف مدني فروا من منازلهم في مدينة الرقة") == [
        ("displaced", "civilians", "at_least", 200000, 200000, None)
    ]
    assert figures("فيما لا يزال يوجد 20-50 ألأف مدني مهددون في المدينة المحاصرة.") == [
        ("besieged", "civilians", "range", 20000, None, 50000)
    ]


def test_sentences_the_quantity_test_skips_hold_no_figure():
    """extract_article tokenises a sentence for the casualty parser only when may_yield_figures
    says so (a digit or a word quantity_word_test passes): over every gold article, no sentence with
    a figure is skipped, and the test does skip sentences (it is not the fallback that passes every
    word)."""
    import yaml

    from evaluation.score import GOLD_DIR, _gold_articles
    from extract.article import _SENTENCE_RE
    from extract.casualties import may_yield_figures, quantity_word_test
    from extract.matcher import Words

    passes = quantity_word_test().__getitem__
    with_figures = skipped = 0
    for path in sorted(GOLD_DIR.glob("*.yml")):
        for _, text in _gold_articles(yaml.safe_load(path.read_text(encoding="utf-8"))):
            for sentence in _SENTENCE_RE.findall(normalize(text)):
                kept = may_yield_figures(sentence, Words.of(sentence))
                found = find_figures(
                    sentence, tokenize(sentence), actor_matcher().find(sentence), reporter_matcher().find(sentence)
                )
                assert kept or not found, sentence
                with_figures += bool(found)
                skipped += not kept
    assert with_figures > 150 and skipped > 30
    assert not passes("قتل") and not passes("المدنيين") and passes("طفلان") and passes("عشرات")


# --- sentences of real reporting (issue 12): each rule is a class of sentences, one example each


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # filter-dodging spelling: tatweel and a dot inside the words (text.NormText drops both)
        (
            "مقـ.ـتل ضابـ.ـط وإصـ.ـابة 3 جنـ.ـود في هجوم على حاجز",
            [("killed", "combatants", "exact", 1, 1, 1), ("injured", "combatants", "exact", 3, 3, 3)],
        ),
        # digits glued to the word they count
        ("سقط 14قتيلا في القصف", [("killed", "unknown", "exact", 14, 14, 14)]),
        # a possessive ending keeps the victim noun's group
        ("أعلنت الهيئة مقتل خمسة من مقاتليها في اشتباكات", [("killed", "combatants", "exact", 5, 5, 5)]),
        # killed while fleeing: the displacement word is a circumstance, not the outcome
        (
            "قتلت الطائرات الحربية الروسية الليلة الماضية 23 مدنيًا خلال محاولتهم النزوح من الغوطة",
            [("killed", "civilians", "exact", 23, 23, 23)],
        ),
        # scales in words
        ("نزح نصف مليون شخص من ريف إدلب", [("displaced", "unknown", "exact", 500000, 500000, 500000)]),
        ("نزح عشرات الآلاف من المدنيين", [("displaced", "civilians", "vague", None, None, None)]),
    ],
)
def test_real_prose(sentence, expected):
    assert figures(sentence) == expected


@pytest.mark.parametrize(
    "sentence,number",
    [
        ("أصيب عناصر من اللواء 22 في قصف", 22),  # a brigade's number
        ("وصلت تعزيزات من الفرقة 17 وأصيب عنصر", 17),  # a division's number (the figure of one stays)
        ("قتل في القصف الذي وقع بين 28 من الشهر الماضي", 28),  # a day of a month
        ("قتل 3 مدنيين في 6 من تشرين الأول", 6),  # a day of a month of two words
        ("توفي الشاب في الـ16 من عمره", 16),  # an age
        ("وفر الآلاف إلى خارج البلاد في واحدة من أكبر موجات النزوح", 1),  # «one of», not one person
    ],
)
def test_numbers_of_real_prose_that_are_not_casualties(sentence, number):
    assert number not in [count for *_, count, _ in figures(sentence)], figures(sentence)


def test_a_count_beyond_any_event_is_rejected_with_its_reason():
    from extract.article import extract_article

    x = extract_article("x", "قتل 99999999999999999999999 مدني في قصف على إدلب. وقتل 3 أطفال.", None)
    assert [c.figure.count_best for c in x.casualties] == [3]
    ((span, start, end, reason),) = x.rejected
    assert "99999999999999999999999" in span and x.rejected[0][0] == "قتل 99999999999999999999999 مدني"
    assert "plausible" in reason and start == 0 and end == len(span)


def test_two_readings_of_one_span_are_one_row():
    """«بسقوط شهيد مدني»: «سقوط شهيد» (vague) and «شهيد مدني» (one) over one word: the count wins."""
    from extract.article import extract_article

    x = extract_article("x", "أفاد ناشطون بسقوط شهيد مدني والعديد من الجرحى على الأقل جراء قصف على كفرنبل.", None)
    got = [(c.figure.outcome, c.figure.qualifier, c.figure.count_best) for c in x.casualties]
    assert got == [("killed", "exact", 1), ("injured", "vague", None)]
    assert len({c.key for c in x.casualties}) == len(x.casualties)


def _primary_killed(text):
    from extract.article import extract_article

    x = extract_article("x", text, None)
    return x, sum(
        c.figure.count_best
        for c in x.casualties
        if c.is_primary
        and c.figure.outcome == "killed"
        and c.figure.count_best is not None
        and not c.figure.is_breakdown
        and not c.figure.is_tally
    )


@pytest.mark.parametrize(
    "text,total",
    [
        # headline, lede and body tell one toll: counted once
        (
            "مقتل 11 عنصراً من قوات النظام بهجوم لتنظيم الدولة\n"
            "قتل 11 عنصراً من قوات النظام اليوم في هجوم لتنظيم الدولة على البادية.\n"
            "وكان التنظيم قد هاجم المواقع فجراً، ما أدى إلى مقتل 11 عنصراً.",
            11,
        ),
        # a toll that rises: the latest counts, the earlier is superseded
        ("قتل 11 مدنياً في قصف على بلدة كفرنبل. وارتفعت حصيلة القتلى لاحقاً إلى 15 قتيلاً.", 15),
        # the headline already gives the latest toll, the body the first and then the update
        ("ارتفاع حصيلة القتلى إلى 20 في كفرنبل\nقتل 11 مدنياً في قصف على كفرنبل، ثم ارتفعت الحصيلة إلى 20 قتيلاً.", 20),
        # the headline names the city, the body its quarter: one happening
        ("مقتل مدنيين اثنين بقذائف على دمشق\nقتل مدنيان اثنان وأصيب 3 آخرون بسقوط قذائف على حي المزة في دمشق.", 2),
        # the same count in two towns is two figures
        ("قتل 3 مدنيين في قصف على بلدة كفرنبل. وقتل 3 مدنيين في قصف على مدينة أريحا.", 6),
    ],
)
def test_figures_an_analyst_can_sum(text, total):
    x, summed = _primary_killed(text)
    assert summed == total, [(c.figure.count_best, c.is_primary, c.evidence) for c in x.casualties]
    keys = {c.key for c in x.casualties}
    assert all(c.repeats_key in keys for c in x.casualties if c.repeats_key)
    assert all(c.superseded_by in keys for c in x.casualties if c.superseded_by)


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # «من» and an armed actor's name: members of that force
        ("قتل 15 من قوات النظام في الهجوم", [("killed", "combatants", "exact", 15, 15, 15)]),
        # «أبناء» of a place, cadres, protesters: civilians
        ("باختطاف 5 من أبناء العشائر في ريف السويداء", [("captured", "civilians", "exact", 5, 5, 5)]),
        # the masculine possessive on fighters' nouns
        ("أعلن الحزب استشهاد أربعة من مقاتليه", [("killed", "combatants", "exact", 4, 4, 4)]),
        # a separator before three digits groups thousands
        ("نزوح أكثر من 2.147 شخص من المدينة", [("displaced", "unknown", "at_least", 2147, 2147, None)]),
        # «حتفهم» closes the first figure: the next outcome word starts the second
        (
            "لقي 4 مدنيين حتفهم وأصيب 11 آخرون بجروح",
            [("killed", "civilians", "exact", 4, 4, 4), ("injured", "civilians", "exact", 11, 11, 11)],
        ),
    ],
)
def test_real_prose_groups_and_numbers(sentence, expected):
    assert figures(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "أسفر القصف عن مقتل وإصابة 10 عناصر من قوات النظام",
        "سقط أكثر من 100 مدني بين قتيل وجريح",
    ],
)
def test_one_count_of_two_outcomes_is_neither_figure(sentence):
    """«مقتل وإصابة 10»: a figure is a number of people to whom one outcome happened."""
    assert figures(sentence) == []


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # «يوم» before a weekday says when, it counts no days
        (
            "قتل 17 شخصا وأصيب أكثر من 40 يوم السبت بعد غارات",
            [("killed", "unknown", "exact", 17, 17, 17), ("injured", "unknown", "at_least", 40, 40, None)],
        ),
        # the dual of an outcome noun counts two
        ("ارتقى شهيدين من الثوار في المعارك", [("killed", "combatants", "exact", 2, 2, 2)]),
        # «N منهم» and a group: a breakdown of the figure before (a nationality alone is unknown: §8.11)
        (
            "مقتل 4 سوريين، 3 منهم اطفال",
            [("killed", "unknown", "exact", 4, 4, 4), ("killed", "children", "exact", 3, 3, 3)],
        ),
        # an assassination is a killing; a teenager is a child
        ("اغتيال عنصر في قوات النظام", [("killed", "combatants", "exact", 1, 1, 1)]),
        (
            "قُتل مراهق وأُصيب شابان آخران بجروح",
            [("killed", "children", "exact", 1, 1, 1), ("injured", "civilians", "exact", 2, 2, 2)],
        ),
        # «آخرين» after children are other people, not other children
        (
            "أسفر الانفجار عن استشهاد سبعة أطفال وإصابة آخرين بجروح",
            [("killed", "children", "exact", 7, 7, 7), ("injured", "unknown", "vague", None, None, None)],
        ),
    ],
)
def test_real_prose_third_pass(sentence, expected):
    assert figures(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "وأصيب 3 بجروح متفاوتة ونجاة 8 أشخاص",
        "تمكنت الفرق من إنقاذ خمسة أشخاص على قيد الحياة",
    ],
)
def test_survivors_are_not_casualties(sentence):
    assert all(count not in (8, 5) for *_, count, _ in figures(sentence)), figures(sentence)


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # the article written on the number («الـ200») does not hide its qualifier
        ("مقتل ما يزيد على الـ200 شخص", [("killed", "unknown", "at_least", 200, 200, None)]),
        # a group named after the next figure's number is that figure's, not this one's
        (
            "مقتل عشرة مدنيين و29 عنصراً من قوات سوريا الديمقراطية",
            [("killed", "civilians", "exact", 10, 10, 10), ("killed", "combatants", "exact", 29, 29, 29)],
        ),
        # «أحد أفراد» takes the group of the noun after it
        ("لقي أحد أفراد شرطة حماية المنشآت النفطية مصرعه", [("killed", "combatants", "exact", 1, 1, 1)]),
        # «فقد ... حياتهم» is a killing, not people missing
        ("وفقد أكثر من خمسة عناصر لقوات حكومة دمشق حياتهم", [("killed", "combatants", "at_least", 5, 5, None)]),
    ],
)
def test_real_prose_fourth_pass(sentence, expected):
    assert figures(sentence) == expected


def test_a_number_told_again_with_its_hedge_is_one_figure():
    """«مقتل 13 مدنيا» in the lede, «قتل 13 مدنيا على الأقل» in the body: one figure."""
    x, summed = _primary_killed("مقتل 13 مدنيا بقصف على مدينة إدلب\nقتل 13 مدنيا على الأقل اليوم بقصف على مدينة إدلب.")
    assert summed == 13 and [c.is_primary for c in x.casualties] == [True, False]


def test_a_day_summary_over_several_towns_is_a_tally():
    """«استشهد 11 مدنياً ... في عدة مدن وبلدات»: a sum over several happenings, like a tally."""
    from extract.article import extract_article

    x = extract_article("x", "استشهد 11 مدنياً اليوم بصواريخ قوات النظام في عدة مدن وبلدات بريف إدلب.", None)
    assert [(c.figure.count_best, c.figure.is_tally) for c in x.casualties] == [(11, True)]


def test_a_new_outcome_after_a_breakdown_starts_a_new_figure():
    """«استشهاد 4 بينهم طفل وإصابة 23 بينهم سيدة و 16 طفل»: the 23 are injured, not a breakdown of
    the 4 dead, and the 16 children are among the injured."""
    got = figures("استشهاد 4 بينهم طفل وإصابة 23 بينهم سيدة و 16 طفل ضمن مناطق نفوذ الفصائل")
    # (the bare 4 and 23, broken down into a child and a woman, are civilians: GUIDELINE §2)
    assert got == [
        ("killed", "civilians", "exact", 4, 4, 4),
        ("killed", "children", "exact", 1, 1, 1),
        ("injured", "civilians", "exact", 23, 23, 23),
        ("injured", "women", "exact", 1, 1, 1),
        ("injured", "children", "exact", 16, 16, 16),
    ]


def test_people_a_strike_kills_are_its_civilian_target():
    """«غارة إسرائيلية على بلدة طير حرفا قتلت 4 أشخاص»: remote violence that kills people of no
    stated group targets civilians (ACLED); fighters named as fighters are not civilians."""
    from extract.article import extract_article

    x = extract_article("x", "شنت طائرة إسرائيلية غارة على بلدة عيتا الشعب قتلت 4 أشخاص.", None)
    assert ("civilians", "target") in {(a, r) for e in x.events for a, r, _ in e.actors}
    assert "civilians" in {m[1] for m in x.mentions if m[0] == "actor"}
    y = extract_article("y", "شنت طائرة إسرائيلية غارة على بلدة عيتا الشعب قتلت 4 عناصر من حزب الله.", None)
    assert "civilians" not in {a for e in y.events for a, _, _ in e.actors}


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # a bare number broken down into children or women counts civilians (GUIDELINE §2)
        (
            "استشهاد 4 بينهم طفل وإصابة 23 بينهم سيدة في ريف درعا",
            [
                ("killed", "civilians", "exact", 4, 4, 4),
                ("killed", "children", "exact", 1, 1, 1),
                ("injured", "civilians", "exact", 23, 23, 23),
                ("injured", "women", "exact", 1, 1, 1),
            ],
        ),
        # «قتلى» is the guideline's cue for unknown: its breakdown does not change it
        (
            "سقوط 63 قتيلاً بينهم 5 أطفال",
            [("killed", "unknown", "exact", 63, 63, 63), ("killed", "children", "exact", 5, 5, 5)],
        ),
        # a breakdown into fighters says nothing of civilians
        (
            "مقتل 7 بينهم 3 عناصر من قوات النظام",
            [("killed", "unknown", "exact", 7, 7, 7), ("killed", "combatants", "exact", 3, 3, 3)],
        ),
    ],
)
def test_breakdown_of_women_and_children_makes_a_bare_figure_civilians(sentence, expected):
    assert figures(sentence) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("وأصيب شابان بجروح خطيرة", [("injured", "civilians", "exact", 2, 2, 2)]),
        ("أدى الانفجار لمقتل شابين", [("killed", "civilians", "exact", 2, 2, 2)]),
        ("قتل شخصين بانفجار", [("killed", "unknown", "exact", 2, 2, 2)]),
    ],
)
def test_duals_of_young_men_are_civilians_as_their_singular(sentence, expected):
    assert figures(sentence) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("سقط قتيلان على الأقل في القصف", [("killed", "unknown", "at_least", 2, 2, None)]),
        ("استشهد طفلان على الأقل", [("killed", "children", "at_least", 2, 2, None)]),
        ("استشهد طفلان في القصف", [("killed", "children", "exact", 2, 2, 2)]),
    ],
)
def test_a_dual_takes_the_hedge_after_it(sentence, expected):
    assert figures(sentence) == expected


@pytest.mark.parametrize(
    "sentence, reporter",
    [
        ("وثقت الشبكة السورية لحقوق الإنسان مقتل 12 مدنياً على يد قوات النظام", "snhr"),
        ("أعلن حزب الله مقتل عنصر في المواجهات", "hezbollah"),
        # a side named away from the verb is the perpetrator, not the source
        ("وقال مراسل الموقع إن 7 مدنيين استشهدوا جراء استهدافهم من قبل قوات نظام الأسد", None),
        ("وبحسب بيان رسمي من وزارة الصحة، قتلت غارة شخصين في مواجهات مع حزب الله", None),
    ],
)
def test_a_side_of_the_fighting_reports_only_as_the_verbs_subject(sentence, reporter):
    n = normalize(sentence)
    got = find_figures(n, tokenize(n), actor_matcher().find(n), reporter_matcher().find(n))
    assert got and {f.reported_by for f in got} == {reporter}


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("لقي أكثر من اثني عشر عراقياً حتفهم", [("killed", "unknown", "at_least", 12, 12, None)]),
        ("استشهاد 5 لبنانيين في الغارة", [("killed", "unknown", "exact", 5, 5, 5)]),
        ("مقتل 3 مدنيين سوريين بقصف", [("killed", "civilians", "exact", 3, 3, 3)]),
    ],
)
def test_a_nationality_alone_is_no_victim_group(sentence, expected):
    assert figures(sentence) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("أودى بحياة عشرات الأشخاص من المدنيين والمقاتلين", [("killed", "unknown", "vague", None, None, None)]),
        ("مقتل 5 من العسكريين والمدنيين", [("killed", "unknown", "exact", 5, 5, 5)]),
        ("مقتل 5 من المدنيين والأطفال", [("killed", "civilians", "exact", 5, 5, 5)]),
        (
            "قتل 3 مدنيين و4 عناصر من قوات النظام",
            [("killed", "civilians", "exact", 3, 3, 3), ("killed", "combatants", "exact", 4, 4, 4)],
        ),
    ],
)
def test_civilians_and_combatants_named_together_are_no_one_group(sentence, expected):
    assert figures(sentence) == expected


@pytest.mark.parametrize(
    "body, parts_are_breakdowns",
    [
        (
            "قتل 13 مدنيا في قصف جوي على محافظة إدلب.\nوقالت مصادر إن 12 مدنيا قتلوا في القصف على مدينة إدلب، "
            "فيما قتل مدني آخر في القصف على قرية كفرتعال.",
            True,
        ),
        # parts that do not add up to the total are figures of their own
        (
            "قتل 13 مدنيا في قصف جوي على محافظة إدلب.\nوقالت مصادر إن 5 مدنيين قتلوا في القصف على مدينة إدلب، "
            "فيما قتل مدني آخر في القصف على قرية كفرتعال.",
            False,
        ),
    ],
)
def test_per_place_counts_adding_up_to_the_total_are_its_breakdown(body, parts_are_breakdowns):
    from datetime import date

    from extract.article import extract_article

    x = extract_article("t", body, date(2017, 1, 1))
    later = [c for c in x.casualties if c.is_primary and "وقالت" in c.sentence]
    assert len(later) == 2
    assert all(c.figure.is_breakdown == parts_are_breakdowns for c in later)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "قتلت شخصين، أحدهما طفل يبلغ من العمر 7 سنوات",
            [("killed", "unknown", "exact", 2, 2, 2), ("killed", "children", "exact", 1, 1, 1)],
        ),
        (
            "سقط قتيلان على الأقل، إحداهما طفلة",
            [("killed", "unknown", "at_least", 2, 2, None), ("killed", "children", "exact", 1, 1, 1)],
        ),
    ],
)
def test_one_of_them_opens_a_breakdown(sentence, expected):
    assert figures(sentence) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # the actor after a word of attack is the attacker, not the victims' side
        ("سقوط ضحايا اثر قصف تركي", [("killed", "unknown", "vague", None, None, None)]),
        ("سقوط 3 قتلى بقصف لقوات النظام", [("killed", "unknown", "exact", 3, 3, 3)]),
        # the victims' own side still names them
        ("مقتل 15 من قوات الأسد", [("killed", "combatants", "exact", 15, 15, 15)]),
        ("مقتل 3 عناصر من قوات النظام بقصف لفصائل المعارضة", [("killed", "combatants", "exact", 3, 3, 3)]),
    ],
)
def test_an_actor_after_a_word_of_attack_is_the_attacker(sentence, expected):
    assert figures(sentence) == expected
