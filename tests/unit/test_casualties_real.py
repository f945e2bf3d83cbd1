"""Classes of phrasing from real reporting (real_dev and the sample): figures, restatements,
sources. One test per class, each on sentences as outlets wrote them."""

from types import SimpleNamespace

from evaluation.score import _rows_on_spans
from extract.article import extract_article
from extract.casualties import find_figures
from extract.entities import actor_matcher, reporter_matcher
from extract.text import normalize
from extract.tokens import tokenize


def figures(sentence):
    n = normalize(sentence)
    return [
        (f.outcome, f.victim_group, f.qualifier, f.count_low, f.count_best, f.count_high, f.is_breakdown)
        for f in find_figures(n, tokenize(n), actor_matcher().find(n), reporter_matcher().find(n))
    ]


def rows(text):
    return extract_article("t", text, None).casualties


def actors(text):
    return {m[1] for m in extract_article("t", text, None).mentions if m[0] == "actor"}


# --- restatements and superseded amounts (extract/article.py: _mark_restatements) ---


def test_headline_figure_is_restated_at_a_finer_place():
    # rd016: the headline's «شمال درعا», the lede's «مدينة الصنمين»; a second killing elsewhere stays
    text = (
        "مقتل عنصر من قوات النظام برصاص مجهولين شمال درعا\n"
        "قتل عنصر متطوع من قوات النظام السوري ليل الأحد - الاثنين، برصاص مجهولين في مدينة الصنمين "
        "(53 كم شمال مدينة درعا) جنوبي سوريا.\n"
        "وقتل عنصر وجرح آخر من قوات النظام الأربعاء، بهجوم شنه مجهولون على حاجزهم في بلدة بصر الحرير "
        "(33 كم شمال شرق درعا)."
    )
    killed = [c for c in rows(text) if c.figure.outcome == "killed"]
    assert [c.is_primary for c in killed] == [True, False, True]
    assert killed[0].in_first_sentence and killed[1].repeats_key == killed[0].key


def test_vague_amount_before_a_count_of_it_is_superseded():
    # rd062: «سقوط شهداء» in the lede, «سقوط 12 شهيداً» of the same strikes after it
    text = (
        "وزارة الصحة اللبنانية تعلن في بيان رسمي عن حصيلة ضحايا الغارات الإسرائيلية التي استهدفت "
        "محافظتَي البقاع وبعلبك الهرمل، مشيرة إلى سقوط شهداء من اللبنانيين والسوريين.\n"
        "أعلن مركز عمليات طوارئ الصحة العامة أنّ غارات الاحتلال الإسرائيلي على محافظتي البقاع وبعلبك "
        "الهرمل اليوم، أدت إلى سقوط 12 شهيداً وإصابة 12 شخصاً بجروح."
    )
    killed = [c for c in rows(text) if c.figure.outcome == "killed"]
    vague = next(c for c in killed if c.figure.qualifier == "vague")
    exact = next(c for c in killed if c.figure.count_best == 12)
    assert vague.superseded_by == exact.key and exact.is_primary


def test_vague_amount_after_a_count_stays_a_figure():
    # rd026: a wider toll told after the day's count («منذ نحو ثلاثة أشهر ... استشهاد عدد من المدنيين»)
    text = (
        "استشهاد مدنيين اثنين وإصابة العشرات جراء عدوان تركي على محيط تل تمر\n"
        "ودأبت قوات الاحتلال التركي ومرتزقتها منذ نحو ثلاثة أشهر على قصف بلدة أبو راسين. الأمر الذي أدى "
        "إلى استشهاد عدد من المدنيين بينهم نساء وأطفال."
    )
    vague = [c for c in rows(text) if c.figure.outcome == "killed" and c.figure.qualifier == "vague"]
    assert vague and vague[0].superseded_by is None


def test_restatement_lends_its_source_to_the_first_statement():
    # rd053: the headline names no source, the lede says «وفق ما أفادت وكالة الأنباء الرسمية سانا»
    text = (
        "مصرع مدني في انفجار سيارة على يد داعش بالعاصمة السورية\n"
        "لقى مدني مصرعه، مساء أمس الإثنين، في انفجار عبوة ناسفة مزروعة في سيارة في دمشق، وفق ما أفادت "
        'وكالة الأنباء الرسمية "سانا".'
    )
    primary = [c for c in rows(text) if c.is_primary]
    assert [(c.figure.count_best, c.figure.reported_by, c.figure.is_claim) for c in primary] == [
        (1, "syrian_regime", True)
    ]
    assert primary[0].in_first_sentence  # the headline's «مصرع مدني» is the figure, the lede its restatement


# --- sources (reported_by) ---


def test_attribution_verbs_of_the_press():
    # rd002: «وأوضح المرصد أن ... لافتاً إلى مقتل عنصر»
    text = (
        "وأوضح المرصد أن الاستهداف جاء رداً على القصف الذي نفذته قوات الحكومة بالقذائف الصاروخية على قرى "
        "جبل الزاوية، لافتاً إلى مقتل عنصر من الفصائل المسلحة جراء هذا الاستهداف."
    )
    assert [c.figure.reported_by for c in rows(text)] == ["sohr"]


def test_source_covers_its_paragraph_not_the_next():
    # holdout h21: «بحسب ما أفاد الدفاع المدني» in one paragraph; «وفي سياق متصل» starts another
    text = (
        "وصلت مئات العائلات النازحة من ريف إدلب الجنوبي الشرقي، أمس، إلى مخيمات الشمال السوري، بحسب ما أفاد "
        "الدفاع المدني. وقتل 3 مدنيين بقصف على المنطقة.\n"
        "وفي سياق متصل، قُتل رجل وطفلته بقصف مدفعي لقوات النظام على بلدة سرمين مساء الأحد."
    )
    by_count = {(c.figure.victim_group, c.figure.count_best): c.figure.reported_by for c in rows(text)}
    assert by_count[("civilians", 3)] == "white_helmets"
    assert by_count[("children", 1)] is None


def test_monitor_report_covers_the_article():
    # rd024: «وثقت الشبكة السورية» opens the report; «وأوضح التقرير» names no reporter of its own
    text = (
        "وثقت الشبكة السورية لحقوق الإنسان مقتل ما لا يقل عن 267 مدنياً خلال شهر آب الماضي.\n"
        "وأوضح التقرير أن القتلى الـ 267 بينهم 72 طفلاً و21 سيدة."
    )
    assert {c.figure.reported_by for c in rows(text)} == {"snhr"}


# --- figures read (extract/casualties.py) ---


def test_other_outcome_noun_ends_a_breakdown():
    # rd037
    got = figures("وقالت مصادر طبية إن عدد قتلى تفجير الباب وصل إلى 19 قتيلًا بينهم أربعة أطفال، و82 جريحًا.")
    assert ("injured", "unknown", "exact", 82, 82, 82, False) in got
    assert ("killed", "children", "exact", 4, 4, 4, True) in got


def test_singular_outcome_noun_listed_before_a_figure():
    # rd027 headline; sample a07 / rd036: «بين قتيل وجريح» is one count of both, not a figure
    assert figures("شهيد و17 مصاباً باستهداف الإرهابيين لحي القصور") == [
        ("killed", "unknown", "exact", 1, 1, 1, False),
        ("injured", "unknown", "exact", 17, 17, 17, False),
    ]
    assert figures("أكثر من 100 مدني بين قتيل وجريح بانفجار مفخخة في مدينة الباب") == []


def test_singular_subject_of_an_outcome_verb():
    # rd008; an object after the verb makes the noun the killer, not the killed
    assert ("killed", "civilians", "exact", 1, 1, 1, False) in figures(
        "وأضاف مراسلنا أن مدنيا استشهد وهو نازح من ريف حماة الشمالي"
    )
    assert figures("وقال إن عنصرا قتل مدنيا في البلدة") == [("killed", "civilians", "exact", 1, 1, 1, False)]


def test_count_of_them_in_a_condition_is_no_figure():
    # rd067
    assert figures("أسفرت أيضاً عن سقوط نحو عشرة جرحى، اثنان منهم في حالة حرجة جداً") == [
        ("injured", "unknown", "approx", 10, 10, 10, False)
    ]


def test_others_join_the_one_just_counted():
    # rd030 headline (6), rd020 (2); rd060: others of another kind stay apart
    assert figures("مقتل قيادي في ميليشيا أسد و5 عناصر آخرين شرق دير الزور") == [
        ("killed", "combatants", "exact", 6, 6, 6, False)
    ]
    assert figures("قُتل قيادي عسكري في إدارة العمليات العسكرية وعنصر آخر أثناء حملة مداهمات") == [
        ("killed", "combatants", "exact", 2, 2, 2, False)
    ]
    got = figures("كما اصيب مواطن تركي و5 سوريين آخرين بجروح في القصف الصاروخي")
    assert ("injured", "civilians", "exact", 1, 1, 1, False) in got
    assert all(f[4] != 6 for f in got)


def test_people_of_no_stated_group():
    # rd079 headline: smugglers; rd047: a nationality after a scale (GUIDELINE §8.11)
    assert figures("الجيش يقتل 27 مهربا قادما من سوريا") == [("killed", "unknown", "exact", 27, 27, 27, False)]
    assert figures("نزوح نحو 200 ألف سوري منذ بدء العدوان التركي") == [
        ("displaced", "unknown", "approx", 200000, 200000, 200000, False)
    ]


# --- actors as the press writes them ---


def test_actor_names_of_the_press():
    assert "sna" in actors("واصلت قوات الاحتلال التركي ومرتزقتها عدوانها على ريف الحسكة.")  # rd026
    assert "israel" in actors("شهداء بغارة صهيونية على جنوب لبنان")  # rd068
    assert "sdf" in actors("كما شنّ المرتزقة هجوماً برياً تصدّى له مجلس تل تمر العسكري.")  # rd028
    assert "shia_militias" in actors("وتسيطر الفصائل الموالية لإيران والقوات الحكومية على البادية.")  # rd019


# --- the scorer's span check ---


def test_restatement_span_inside_a_longer_word_is_no_occurrence():
    text = "مقتل 19 مدنياً بقصف على إدلب\nقتل 19 مدنياً، بينهم ثمانية أطفال"
    headline = SimpleNamespace(number_start=5, number_end=7)
    body = SimpleNamespace(number_start=text.index("19", 10), number_end=text.index("19", 10) + 2)
    assert [c for _, c in _rows_on_spans(["قتل 19 مدنياً"], text, [headline, body])] == [body]


def test_group_after_the_last_outcome_noun_covers_the_list():
    # rd050 headline: «مدنيين» after «3 جرحى» names the two dead too
    assert figures("عدوان صهيوني يستهدف سيارة مدنية في دمشق ويوقع شهيدين و3 جرحى مدنيين") == [
        ("killed", "civilians", "exact", 2, 2, 2, False),
        ("injured", "civilians", "exact", 3, 3, 3, False),
    ]
