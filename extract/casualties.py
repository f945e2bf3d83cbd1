"""Turns quantities in a sentence into casualty figures: what happened (outcome), to whom (victim
group and actor), how many (low/best/high with a qualifier), and who says so.

Numbers that count vehicles, days, hours, factions, years or people in need are left out.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from operator import itemgetter
from typing import NamedTuple

from extract.entities import reporters
from extract.lexicon import load_yaml
from extract.matcher import ARABIC_WORD_RE, Match, Words, substring_gate
from extract.numbers import Quantity, find_quantities, quantity_words, starts_quantity
from extract.text import normalize
from extract.tokens import Tokens, WordMemo, form_lookup, phrases_opening, where

CLAUSE_END = {".", "؛", ";", "!", "؟", "?"}
YEAR_RANGE = range(1900, 2101)
_DIGIT_RE = re.compile(r"\d")  # a digit token (tokens.tokenize) holds one
_FIRST = itemgetter(0)
_OCCURRENCE = {"سقوط": 1, "وقوع": 1}  # «سقوط شهداء»: the outcome plural is a (vague) quantity


class Figure(NamedTuple):
    """One casualty figure (a tuple: immutable, and cheap to build and to copy with _replace)."""

    outcome: str
    victim_group: str
    victim_actor_id: str | None
    count_low: int | None
    count_best: int | None
    count_high: int | None
    qualifier: str
    is_breakdown: bool
    is_tally: bool
    reported_by: str | None
    is_claim: bool
    start: int  # offsets in the normalised sentence
    end: int
    number_start: int
    number_end: int
    is_update: bool = False  # a toll that rose to this number («ارتفعت الحصيلة إلى 15»)


# word sets read as they are (table name -> casualty_terms.yml section)
_WORD_SETS = {
    "body_nouns": "body_nouns",
    "lone_outcome_nouns": "lone_outcome_nouns",
    "units": "non_casualty_units",
    "before": "non_casualty_before",
    "attribution": "attribution_verbs",
    "documenting": "documenting_verbs",
    "neutral": "neutral_followers",
    "others": "others_words",
    "others_after": "others_after_noun",
    "circumstance": "circumstance_words",
    "attack": "attack_words",
    "age": "age_words",
    "tails": "outcome_tails",
    "lives": "lives",
    "condition": "condition_words",
    "unknown_heads": "unknown_heads",
    "survivor": "survivor_words",
}


@functools.cache
def _lex() -> dict:
    raw = load_yaml("casualty_terms.yml")

    def inverse(section: str) -> dict[str, str]:
        return {normalize(w): k for k, words in raw[section].items() for w in words}

    def phrases(words: list[str]) -> list[tuple[str, ...]]:
        return sorted((tuple(normalize(w).split()) for w in words), key=len, reverse=True)

    suffixes = [normalize(x) for x in raw["possessive_suffixes"]]
    victims = inverse("victim_nouns")
    # «من مقاتليها», «عناصرهم»: a victim noun with a possessive ending keeps its group
    victims.update({w + x: g for w, g in list(victims.items()) for x in suffixes if w + x not in victims})
    # «من مقاتليه», «عناصره»: the masculine ending only on fighters' nouns («مدنيه» is «مدنية»)
    armed = [normalize(x) for x in raw["possessive_suffixes_combatants"]]
    victims.update(
        {w + x: g for w, g in list(victims.items()) for x in armed if g == "combatants" and w + x not in victims}
    )
    outcome_phrases = sorted(
        ((tuple(normalize(w).split()), k) for k, ws in raw["outcome_words"].items() for w in ws),
        key=lambda x: len(x[0]),
        reverse=True,
    )
    return {
        "outcome_phrases": outcome_phrases,
        "outcome_nouns": inverse("outcome_nouns"),
        "victim_nouns": victims,
        "duals": inverse("duals"),
        "singulars": inverse("singulars"),
        "need": phrases(raw["need_context"]),
        "breakdown": phrases(raw["breakdown_markers"]),
        "tally": [normalize(w) for w in raw["tally_markers"]],
        "tally_gate": substring_gate(normalize(w) for w in raw["tally_markers"]),
        # words that can make a quantity without a number (duals, singulars, outcome plurals, «آخرون»)
        "noun_quantity_words": {
            w: w
            for w in list(inverse("duals"))
            + list(inverse("singulars"))
            + list(inverse("outcome_nouns"))
            + [normalize(x) for x in raw["others_words"]]
        },
        "survivor_after": phrases(raw["survivor_after"]),
        "update": {normalize(w): normalize(w) for w in raw["update_verbs"] if " " not in w},
        "plausible_max": int(raw["plausible_max"]),
        **{name: {normalize(w): normalize(w) for w in raw[section]} for name, section in _WORD_SETS.items()},
    }


@functools.cache
def _form_tables() -> dict[str, dict]:
    """The tables a word is looked up in by its forms (clitics stripped), by name."""
    from extract.dates import _lex as date_lex

    lx = _lex()
    tables = {
        name: lx[name]
        for name in (
            "outcome_nouns",
            "victim_nouns",
            "duals",
            "singulars",
            "body_nouns",
            "lone_outcome_nouns",
            "units",
            "before",
            "attribution",
            "documenting",
            "noun_quantity_words",
            "neutral",
            "others",
            "others_after",
            "circumstance",
            "attack",
            "update",
            "age",
            "tails",
            "survivor",
            "lives",
            "condition",
            "unknown_heads",
        )
    }
    # «6 تشرين الأول»: a month of two words is known by its first («تشرين», «كانون»)
    months = date_lex()["months"]
    tables["months"] = {**months, **{name.split()[0]: m for name, m in months.items()}}
    tables["occurrence"] = _OCCURRENCE
    tables["weekdays"] = {normalize(w): d for w, d in load_yaml("dates.yml")["weekdays"].items()}
    return tables


@functools.cache
def _by_form() -> dict[str, WordMemo]:
    return {name: form_lookup(table) for name, table in _form_tables().items()}


@functools.cache
def quantity_word_test() -> WordMemo:
    """word -> whether an Arabic word (a maximal run of Arabic letters, as matcher.Words holds) can
    be or open a quantity that find_figures reads, or stand right before one. Every figure is read
    from a quantity, whose tokens are digits or such words, so a sentence with neither yields no
    figure and need not be tokenised."""
    # _quantities: a number opens with a digit or a number word; a noun is a quantity when it is a
    # dual, a singular or «آخرون», and a bare outcome plural only after «سقوط»/«وقوع» (the tables
    # are read by clitic-stripped forms, so the test holds for every word that can be one of these)
    tables = ("duals", "singulars", "others", "occurrence")
    words = quantity_words().union(*(_form_tables()[name] for name in tables))
    # a token holds no space, so an entry of two words is never one; any other entry must be a
    # plain Arabic word (one a Words entry can spell), or no sentence is skipped
    if not all(ARABIC_WORD_RE.fullmatch(w) for w in words if " " not in w):
        return WordMemo(lambda word: True)
    opens, by_form = starts_quantity(), _by_form()
    noun_tables = [by_form[name] for name in tables]
    return WordMemo(lambda word: bool(opens[word]) or any(table[word] is not None for table in noun_tables))


def may_yield_figures(sentence: str, words: Words) -> bool:
    """Whether find_figures can find anything in a normalised sentence, given its Words: only when
    it holds a digit or a word quantity_word_test passes."""
    return bool(_DIGIT_RE.search(sentence)) or any(map(quantity_word_test().__getitem__, words.words))


def _lookup(word: str, table: str):
    """The named table's value for the word or its first clitic-stripped reading in it, or None."""
    return _by_form()[table][word]


def _outcome_at(toks: Tokens, i: int) -> tuple[str, int] | None:
    """(outcome, end index) of an outcome word or phrase starting at token i."""
    texts = toks.texts
    for phrase, outcome in phrases_opening(_lex()["outcome_phrases"], phrase_of=_FIRST)[texts[i]]:
        if i + len(phrase) <= len(texts) and all(texts[i + k] == phrase[k] for k in range(1, len(phrase))):
            return outcome, i + len(phrase)
    return None


def _phrase_ends_before(toks: Tokens, i: int, phrases: list[tuple[str, ...]], window: int) -> bool:
    opening = phrases_opening(phrases)
    texts = toks.texts
    for k in range(max(0, i - window), i):
        for p in opening[texts[k]]:
            if k + len(p) <= i and all(texts[k + m] == p[m] for m in range(1, len(p))):
                return True
    return False


def _outcomes_before(toks: Tokens, i: int, window: int, free_from: int = 0) -> tuple[list[str], int] | None:
    """Nearest outcome word(s) before token i in the same clause; «قتل وجرح» gives both, unless the
    first word already belongs to an earlier figure (before char offset `free_from`)."""
    texts, starts = toks.texts, toks.starts
    for k in range(i - 1, max(-1, i - 1 - window), -1):
        if texts[k] in CLAUSE_END:
            return None
        hit = _outcome_at(toks, k)
        if hit:
            found, first = [hit[0]], k
            if k > 0 and texts[k].startswith("و") and starts[k - 1] >= free_from and not _lookup(texts[k - 1], "tails"):
                prev = _outcome_at(toks, k - 1)
                if prev and prev[1] == k and prev[0] not in found:
                    found.insert(0, prev[0])
                    first = k - 1
            if k + 1 < i and texts[k + 1].startswith("و"):
                nxt = _outcome_at(toks, k + 1)
                if nxt and nxt[0] not in found:
                    found.append(nxt[0])
            return found, first
    return None


def _outcome_after(toks: Tokens, i: int, window: int) -> tuple[str, int] | None:
    commas = 0
    texts = toks.texts
    for k in range(i, min(len(texts), i + window)):
        t = texts[k]
        if t in CLAUSE_END:
            return None
        if t in {"،", ","}:
            commas += 1
            if commas > 1:
                return None
            continue
        hit = _outcome_at(toks, k)
        if hit and not (k > 0 and _lookup(texts[k - 1], "circumstance")):
            return hit[0], hit[1]
    return None


AFTER_NOUN_NUMBERS = {"اثنين", "اثنان", "اثنتين", "واحد", "واحدا"}


def _tally_outcome(toks: Tokens, i: int) -> tuple[list[str], int] | None:
    """«ارتفع عدد الضحايا ... إلى 73 مدنياً»: a number after إلى takes the outcome of the count it updates."""
    texts = toks.texts
    if i == 0 or texts[i - 1] not in {"الي", "لي"}:
        return None
    for k in range(i - 2, max(-1, i - 26), -1):
        if texts[k] in CLAUSE_END:
            return None
        if texts[k] in {"عدد", "حصيله"} and k + 1 < len(texts):
            outcome = _lookup(texts[k + 1], "outcome_nouns")
            if outcome:
                return [outcome], k
    return None


def _group_after(toks: Tokens, i: int, window: int = 5) -> tuple[str, int] | None:
    """«من المدنيين», «في صفوف المدنيين» after a figure: the group and the index after it."""
    texts = toks.texts
    n = len(texts)
    for k in range(i, min(n, i + window)):
        t = texts[k]
        if t in CLAUSE_END or t in {"،", ","} or toks.numeric[k]:
            return None  # «مقتل عشرة مدنيين و29 عنصراً من قوات»: the next figure's group is its own
        if t in {"من", "في"} and k + 1 < n:
            j = k + 1
            if texts[j] == "صفوف" and j + 1 < n:
                j += 1
            g = _lookup(texts[j], "victim_nouns")
            if g and g != "unknown":
                return _mixed_groups(toks, g, j + 1)
    return None


_STATUS = {"civilians": "civilians", "children": "civilians", "women": "civilians", "combatants": "combatants"}


def _mixed_groups(toks: Tokens, group: str, j: int) -> tuple[str, int]:
    """«عشرات الأشخاص من المدنيين والمقاتلين», «قتلى من العسكريين والمدنيين»: civilians and
    combatants named together are no one group, so the figure's group is unknown (as ACLED codes
    a mixed toll); «من المدنيين والأطفال» stays civilians."""
    texts = toks.texts
    if j < len(texts) and texts[j].startswith("و"):
        other = _lookup(texts[j], "victim_nouns")
        if other and other != "unknown" and _STATUS.get(other) != _STATUS.get(group):
            return "unknown", j + 1
    return group, j


def _actor_after(toks: Tokens, i: int, actor_spans: list[Match], window: int = 6) -> str | None:
    """The actor a group of fighters belongs to: «عنصرا من قوات سوريا الديمقراطية», «عناصر قسد»."""
    texts, ends = toks.texts, toks.ends
    if i >= len(texts):
        return None
    lo = toks.starts[i]
    hi = ends[min(len(texts) - 1, i + window)]
    for m in actor_spans:
        if lo <= m.start <= hi and m.key != "civilians":
            before = bisect_right(ends, m.start)  # the tokens that end by the actor's start
            if before and texts[before - 1] == "لدي":  # «الأسرى لدى الهيئة»: held by, not belonging to
                continue
            if any(_lookup(texts[k], "attack") for k in range(i, before)):
                continue  # «سقوط ضحايا إثر قصف تركي»: the actor attacked, the victims are not its own
            return m.key
    return None


def _actor_at(toks: Tokens, i: int, actor_spans: list[Match]) -> str | None:
    """The armed actor whose name starts at token i («من قوات النظام»), if any."""
    if i >= len(toks.texts):
        return None
    start, end = toks.starts[i], toks.ends[i]
    return next((m.key for m in actor_spans if start <= m.start < end and m.key not in _NOT_ARMED), None)


_NOT_ARMED = {"civilians", "un", "sarc", "protesters"}


def _reporter(toks: Tokens, sentence: str, reporter_spans: list[Match]) -> str | None:
    """Who the sentence says reports its figures: the reporter named right after an attribution
    verb («وثقت الشبكة السورية», «أعلن حزب الله»), else the first monitor or outlet the sentence
    names beside such a verb («المرصد السوري ... وأشار»). A side of the fighting named away from
    the verb is an actor, not the source: «وقال مراسل بلدي نيوز ... جراء استهدافها من قبل قوات
    النظام», «وبحسب بيان من الصحة اللبنانية ... حزب الله»."""
    if not reporter_spans:
        return None
    ends = toks.ends
    verb_ends = [ends[k] for k in where(toks, _by_form()["attribution"])]
    if not verb_ends:
        return None
    for v_end in verb_ends:
        for m in reporter_spans:
            if m.start >= v_end and m.start - v_end <= 40:
                return m.key
    kinds = reporters()
    return next((m.key for m in reporter_spans if kinds[m.key]["kind"] != "belligerent"), None)


def documents_toll(toks: Tokens) -> bool:
    """Whether the sentence says a monitor documented its figures («وثقت الشبكة السورية مقتل ...»)."""
    return any(True for _ in where(toks, _by_form()["documenting"]))


def _is_tally(sentence: str) -> bool:
    lx = _lex()
    return any(map(sentence.__contains__, lx["tally_gate"])) and any(map(sentence.__contains__, lx["tally"]))


def _is_month(word: str) -> bool:
    return _lookup(word, "months") is not None


_MONTH_NOUNS = {"الشهر", "شهر"}


def _lost_lives(toks: Tokens, i: int, window: int = 8) -> bool:
    """«فقد ... حياتهم»: losing one's life is being killed, not going missing."""
    texts = toks.texts
    for k in range(i, min(len(texts), i + window)):
        if texts[k] in CLAUSE_END:
            return False
        if _lookup(texts[k], "lives"):
            return True
    return False


def _day_named(toks: Tokens, i: int) -> bool:
    """«وأصيب أكثر من 40 يوم السبت»: «يوم» before a weekday says when, it does not count days."""
    texts = toks.texts
    return (
        i + 1 < len(texts)
        and _lookup(texts[i], "units") in _DAY_WORDS
        and _lookup(texts[i + 1], "weekdays") is not None
    )


_DAY_WORDS = {"يوم"}
_OF_THEM = {"منهم", "منهن"}


def _day_of_month(toks: Tokens, i: int) -> bool:
    """«بين 28 من الشهر الماضي», «في 3 من آذار»: a number followed by «من» and a month (its name,
    or «الشهر») is a day of that month, not a count."""
    texts = toks.texts
    return i + 1 < len(texts) and texts[i] == "من" and (texts[i + 1] in _MONTH_NOUNS or _is_month(texts[i + 1]))


def _age(toks: Tokens, i: int) -> bool:
    """«في الـ16 من عمره», «15 عاماً من العمر»: «من» and a word of age after a number make it an age."""
    texts = toks.texts
    return i + 1 < len(texts) and texts[i] == "من" and _lookup(texts[i + 1], "age") is not None


def _survivors(toks: Tokens, q: Quantity, noun_i: int) -> bool:
    """«ونجاة 8 أشخاص», «إنقاذ خمسة أشخاص على قيد الحياة»: people who came out alive."""
    texts = toks.texts
    if q.start > 0 and _lookup(texts[q.start - 1], "survivor"):
        return True
    return any(_phrase_at(toks, k, _lex()["survivor_after"]) for k in range(noun_i + 1, min(len(texts), noun_i + 3)))


def _phrase_at(toks: Tokens, i: int, phrases: list[tuple[str, ...]]) -> bool:
    texts = toks.texts
    return any(
        i + len(p) <= len(texts) and all(texts[i + m] == p[m] for m in range(1, len(p)))
        for p in phrases_opening(phrases)[texts[i]]
    )


def _one_of(toks: Tokens, q: Quantity, i: int) -> bool:
    """«في واحدة من أكبر موجات النزوح», «أحد من أبرز»: «one» in words before «من» and a word that
    names no people is a partitive («one of the biggest waves»), not one person."""
    texts = toks.texts
    if q.best != 1 or q.end - q.number_start != 1 or toks.numeric[q.number_start]:
        return False
    if i + 1 >= len(texts) or texts[i] != "من":
        return False
    nxt = texts[i + 1]
    return not (_lookup(nxt, "victim_nouns") or _lookup(nxt, "outcome_nouns") or _lookup(nxt, "singulars"))


def _in_condition(toks: Tokens, i: int) -> bool:
    """«في حالة حرجة», «بحالة خطرة», «حالتهم خطيرة» at token i: the state of people already counted."""
    return any(_lookup(t, "condition") for t in toks.texts[i : i + 2])


_TO = {"الي", "لي"}


def _rises_to(toks: Tokens, q: Quantity, window: int = 15) -> bool:
    """«ارتفعت حصيلة القتلى إلى 15», «ليرتفع عدد الضحايا إلى أكثر من 20»: a number after «إلى» in a
    clause whose verb says a toll rose is the toll's new value (it supersedes the earlier one)."""
    texts = toks.texts
    if q.start == 0 or texts[q.start - 1] not in _TO:
        return False
    for k in range(q.start - 2, max(-1, q.start - 2 - window), -1):
        if texts[k] in CLAUSE_END:
            return False
        if _lookup(texts[k], "update"):
            return True
    return False


def implausible(f: Figure) -> str | None:
    """Why a figure's count cannot be a count of people (a reading over `plausible_max`, such as
    «قتل 99999999999999999999999 مدني»), or None when it can be."""
    limit = _lex()["plausible_max"]
    largest = max((c for c in (f.count_low, f.count_best, f.count_high) if c is not None), default=None)
    if largest is not None and largest > limit:
        return f"a count of {largest:.3g} people is over the plausible bound of {limit:,}"
    return None


_AT_LEAST_AFTER = ("علي", "الاقل")


def _dual(toks: Tokens, k: int) -> Quantity:
    """«طفلان»: two; «سقط قتيلان على الأقل»: at least two (the hedge after the noun, as after a
    number in «12 مدنياً على الأقل»)."""
    texts = toks.texts
    if tuple(texts[k + 1 : k + 3]) == _AT_LEAST_AFTER:
        return Quantity(k, k, 2, 2, None, "at_least", k)
    return Quantity(k, k, 2, 2, 2, "exact", k)


def _listed_before_figure(toks: Tokens, k: int) -> bool:
    """«شهيد و17 مصاباً», «قتيل وجريحان»: a singular outcome noun listed before another figure (a
    number, a dual, another singular) counts one person; alone («الشهيد محمد», «حصيلة قتيل») it may
    name or qualify someone already counted."""
    texts, numeric = toks.texts, toks.numeric
    n = len(texts)
    if k > 0 and (numeric[k - 1] or starts_quantity()[texts[k - 1]] or texts[k - 1] == "بين"):
        return False  # «17 شهيد», «عشرات قتيل»: the noun a number counts; «100 مدني بين قتيل وجريح»
    if k + 2 < n and texts[k + 1] == "و" and numeric[k + 2]:
        return True
    nxt = texts[k + 1] if k + 1 < n else ""
    return nxt.startswith("و") and bool(_lookup(nxt, "duals") or _lookup(nxt, "lone_outcome_nouns"))


def _counted_word(toks: Tokens, i: int) -> bool:
    """Whether token i is a number or a word of quantity («ألف», «عشرات»)."""
    return toks.numeric[i] or bool(starts_quantity()[toks.texts[i]]) or toks.texts[i] in quantity_words()


def _singular_counts(toks: Tokens, k: int, singular: str) -> bool:
    """Whether a singular noun counts one person: after an outcome word («قتل شخص») or a breakdown
    marker («بينهم طفل»), in a list of victims («3 أطفال وامرأة»), an ordinal before an outcome
    («وتعرض رابع لإصابات»), or the subject of an outcome verb with no object after it («أن مدنياً
    استشهد»; «عنصر قتل مدنياً» says who killed); not when a number follows it («شخص واحد»)."""
    texts = toks.texts
    n = len(texts)
    if k + 1 < n and texts[k + 1] in AFTER_NOUN_NUMBERS:
        return False
    prev = _outcome_at(toks, k - 1)
    if prev is not None and prev[1] == k:
        counted = k >= 2 and _lookup(texts[k - 1], "outcome_nouns") and _counted_word(toks, k - 2)
        return not counted  # «12 قتيلاً مدنياً»: the group of the noun a number counts
    if _phrase_ends_before(toks, k, _lex()["breakdown"], 1):
        return True
    if texts[k].startswith("و") and _lookup(texts[k - 1], "victim_nouns"):
        return True
    if singular == "inherit":
        return _outcome_after(toks, k + 1, 3) is not None
    if texts[k].startswith("و") and k + 1 < n and _lookup(texts[k + 1], "others_after"):
        return True  # «وعنصر آخر»: one more of them
    if _counted_word(toks, k - 1) or texts[k].startswith("و"):
        # «ألف مدني فروا», «12 مدنياً لقوا حتفهم»: the noun a number counts; «وأصيبت أخرى وطفل
        # بجروح»: one of a list, counted with it
        return False
    verb = _outcome_at(toks, k + 1) if k + 1 < n and not texts[k + 1].startswith("و") else None
    if verb is None or _lookup(texts[k + 1], "outcome_nouns"):
        return False
    after = texts[verb[1]] if verb[1] < n else ""
    return not (toks.numeric[verb[1]] if verb[1] < n else False) and not _lookup(after, "victim_nouns")


def _quantities(toks: Tokens) -> list[Quantity]:
    """Numbers plus the quantities written as nouns: duals (طفلان), singulars after an outcome word
    or a breakdown marker (قتل شخص, بينهم طفل), and bare outcome plurals (سقوط شهداء وجرحى)."""
    lx = _lex()
    texts, numeric = toks.texts, toks.numeric
    quantities = find_quantities(toks)
    taken = set()
    for q in quantities:
        taken.update(range(q.start, q.end))
    for k in where(toks, _by_form()["noun_quantity_words"]):
        if k in taken:
            continue
        t = texts[k]
        if _lookup(t, "duals"):
            quantities.append(_dual(toks, k))
            continue
        if _lookup(t, "lone_outcome_nouns") and _listed_before_figure(toks, k):
            quantities.append(Quantity(k, k, 1, 1, 1, "exact", k))  # «شهيد و17 مصاباً»
            continue
        if k == 0:
            continue
        singular = _lookup(t, "singulars")
        if singular and _singular_counts(toks, k, singular):
            quantities.append(Quantity(k, k, 1, 1, 1, "exact", k))
            continue
        if _lookup(texts[k - 1], "occurrence") and _lookup(t, "outcome_nouns"):
            quantities.append(Quantity(k, k, None, None, None, "vague", k))
        elif t in lx["others"] and _outcome_at(toks, k - 1) and (k + 1 >= len(texts) or not numeric[k + 1]):
            quantities.append(Quantity(k, k, None, None, None, "vague", k))  # «وأصيب آخرون»
    quantities.sort(key=lambda q: q.start)
    return quantities


def _civilian_context(toks: Tokens, excluded: list[tuple[int, int]], figures_nouns: set[int]) -> bool:
    """The sentence names civilians outside a breakdown figure and outside names (الدفاع المدني)."""
    victims = _by_form()["victim_nouns"]
    texts, starts = toks.texts, toks.starts
    for k in where(toks, victims):
        start = starts[k]
        if victims[texts[k]] == "civilians" and k not in figures_nouns and not any(a <= start < b for a, b in excluded):
            return True
    return False


class _Scan:
    """What find_figures carries from one quantity of a sentence to the next."""

    __slots__ = ("figures", "inferable", "explicit_trailing", "breakdown_nouns", "breakdown_end", "bare")

    def __init__(self) -> None:
        self.figures: list[Figure] = []
        self.inferable: dict[int, bool] = {}  # group not stated: may take the sentence's civilians
        self.explicit_trailing: dict[int, bool] = {}  # group stated after the figure («من المدنيين»)
        self.breakdown_nouns: set[int] = set()
        self.breakdown_end = -10
        self.bare: set[int] = set()  # figures whose number counts no noun («استشهاد 4»)


class _Reading:
    """One quantity on its way to figures: the noun it counts, its outcomes and its group."""

    __slots__ = (
        "q",
        "noun_i",
        "noun",
        "noun_outcome",
        "noun_group",
        "after",
        "first_tok",
        "last_tok",
        "outcomes",
        "breakdown",
        "part_group",
        "main",
        "group",
        "actor",
        "trailing",
    )

    def __init__(self, toks: Tokens, q: Quantity, noun_i: int, noun: str, noun_outcome, noun_group) -> None:
        self.q, self.noun_i, self.noun = q, noun_i, noun
        self.noun_outcome, self.noun_group = noun_outcome, noun_group
        self.after = noun_i + 1
        self.first_tok = q.start
        self.last_tok = noun_i if noun else q.end - 1
        self.outcomes: list[str] = []
        self.breakdown, self.part_group, self.main = False, None, []
        self.group, self.actor, self.trailing = None, None, None


def _noun_after_number(toks: Tokens, q: Quantity) -> tuple[Quantity, int]:
    """The quantity and the index of the noun it counts: after the number, or before a number word
    that follows its noun («مدنيين اثنين», «قياديين اثنين»); «إلى 42 عدد المدنيين» counts the noun
    after «عدد»."""
    texts = toks.texts
    n = len(texts)
    noun_i = q.number_start if q.end == q.number_start else q.end
    if (
        q.end - q.number_start == 1
        and texts[q.number_start] in AFTER_NOUN_NUMBERS
        and q.number_start > 0
        and _lookup(texts[q.number_start - 1], "victim_nouns")
    ):
        noun_i = q.number_start - 1
        q = q._replace(start=min(q.start, noun_i))
    if noun_i < n and texts[noun_i] in {"عدد", "حصيله"} and noun_i + 1 < n:
        noun_i += 1  # «إلى 22 حصيلة قتلى الغارات»
    return q, noun_i


def _counted_noun(toks: Tokens, q: Quantity) -> tuple[Quantity, int] | None:
    """The quantity and the index of the noun it counts, or None when the number counts no people:
    «الساعة 6», «عام 2014», «50 في المئة», «بين 28 من الشهر», «في الـ16 من عمره», «واحدة من أكبر»,
    «نجاة 8 أشخاص», «سبعة أيام»."""
    texts = toks.texts
    n = len(texts)
    if q.number_start > 0 and _lookup(texts[q.number_start - 1], "before"):
        return None
    q, noun_i = _noun_after_number(toks, q)
    if noun_i + 1 < n and texts[noun_i] == "في" and texts[noun_i + 1] in {"المئه", "المائه"}:
        return None
    if _day_of_month(toks, noun_i) or _age(toks, noun_i) or _one_of(toks, q, noun_i) or _survivors(toks, q, noun_i):
        return None
    if (
        noun_i < n
        and texts[noun_i] == "من"
        and noun_i + 1 < n
        and (
            q.qualifier == "vague"
            or _lookup(texts[noun_i + 1], "victim_nouns")
            or _lookup(texts[noun_i + 1], "body_nouns")
        )
    ):
        noun_i += 1  # «العشرات من المدنيين», «17 من مقاتلي الهيئة»
    noun = texts[noun_i] if noun_i < n else ""
    if noun and (_lookup(noun, "units") or _is_month(noun)) and not _day_named(toks, noun_i):
        return None
    return q, noun_i


def _noun_group(toks: Tokens, noun_i: int, noun: str, noun_outcome: str | None) -> str | None:
    """The victim group the counted noun names: «طفلان», «مدنيين», «الضحايا المدنيين», «أشخاص
    مدنيين», «أحد أفراد شرطة ...»; none for «آخرين» or an ordinal («رابع»), which inherit it."""
    texts = toks.texts
    n = len(texts)
    group = (_lookup(noun, "duals") or _lookup(noun, "victim_nouns") or _lookup(noun, "singulars")) if noun else None
    if group == "unknown" and noun_outcome:
        group = None  # «شهيدين»: an outcome's dual says nothing of who they were
    if group is None and noun and noun_i > 0 and texts[noun_i - 1] == "من" and _lookup(noun, "body_nouns"):
        group = "combatants"  # «5 من المجلس»: members of the council
    if group == "inherit":
        group = None
    if noun_outcome and not group and noun_i + 1 < n and not texts[noun_i + 1].startswith("و"):
        group = _lookup(texts[noun_i + 1], "victim_nouns")  # «الضحايا المدنيين»
    if group == "unknown" and noun_i + 1 < n and _lookup(noun, "unknown_heads"):
        # «أحد أفراد شرطة حماية المنشآت», «أشخاص مدنيين»: the noun after names the group
        group = _lookup(texts[noun_i + 1], "victim_nouns") or group
    if _lookup(noun, "others"):
        group = None
    if group and noun_i > 0 and texts[noun_i - 1] == "من":
        group = _mixed_groups(toks, group, noun_i + 1)[0]  # «5 من العسكريين والمدنيين»
    return group


def _counts_things(toks: Tokens, q: Quantity, noun_i: int, noun: str, noun_outcome, noun_group) -> bool:
    """«سبعة مراكز», «ثلاثة مستودعات», «2015» alone: the number counts something that is not people."""
    lx = _lex()
    if (
        noun
        and not noun_outcome
        and not noun_group
        and not noun[0].isdigit()
        and noun not in lx["neutral"]
        and not _lookup(noun, "neutral")
        and noun not in {"،", ",", ".", "؛", ":", "-", ")"}
        and q.end != q.number_start
        and not _lookup(noun, "singulars")
        and not _lookup(noun, "others")
        and not _day_named(toks, noun_i)
    ):
        return True
    return q.best in YEAR_RANGE and q.qualifier == "exact" and not noun_group and not noun_outcome


def _outcomes_at_noun(toks: Tokens, r: _Reading) -> None:
    """The outcome the counted noun itself says: «12 قتيلاً»; «العديد من القتلى والجرحى» (vague, both);
    «العشرات من المدنيين بين شهيد وجريح» (the two after «بين»)."""
    texts = toks.texts
    n = len(texts)
    if r.noun_outcome:
        r.outcomes = [r.noun_outcome]
        nxt = texts[r.after] if r.after < n else ""
        second = _lookup(nxt, "outcome_nouns") if nxt.startswith("و") else None
        if second and second != r.noun_outcome and r.q.qualifier == "vague":
            r.outcomes.append(second)
            r.last_tok, r.after = r.after, r.after + 1
    after = r.after
    if after + 2 < n and texts[after] == "بين" and _lookup(texts[after + 1], "outcome_nouns"):
        between = [_lookup(texts[after + 1], "outcome_nouns"), _lookup(texts[after + 2], "outcome_nouns")]
        r.outcomes = [o for o in between if o]
        r.last_tok, r.after = after + 2, after + 3


def _mark_breakdown(toks: Tokens, r: _Reading, scan: _Scan) -> None:
    """Whether the figure breaks down the one before: «مقتل 4 سوريين، 3 منهم أطفال» («منهم» and a
    group), «بينهم 3 أطفال» (a marker before it), «بينهم طفلان، وامرأة» (listed after one); but
    «استشهاد 4 بينهم طفل وإصابة 23»: an outcome word of its own after the marker starts a new figure."""
    lx = _lex()
    texts, starts = toks.texts, toks.starts
    q, noun_i, figures = r.q, r.noun_i, scan.figures
    part_of = texts[noun_i] in _OF_THEM if noun_i < len(texts) else False
    r.part_group = _lookup(texts[noun_i + 1], "victim_nouns") if part_of and noun_i + 1 < len(texts) else None
    own_outcome = any(
        _outcome_at(toks, k) for k in range(max(0, q.start - 2), q.start) if not figures or starts[k] >= figures[-1].end
    )  # not the last figure's «قتيلاً»
    end = scan.breakdown_end
    r.main = [f for f in figures if not f.is_breakdown]
    # «19 قتيلاً بينهم أربعة أطفال، و82 جريحاً»: a noun of another outcome than the total's is a
    # figure of its own, not one more part of the total
    own_noun = bool(r.noun_outcome and r.main and r.noun_outcome != r.main[-1].outcome)
    r.breakdown = (
        (_phrase_ends_before(toks, q.start, lx["breakdown"], 3) and not own_outcome)
        or (0 <= q.start - end <= 2 and all(t in {"،", ",", "و"} for t in texts[end : q.start]) and not own_noun)
        or bool(r.part_group and r.part_group != "unknown")
    )
    if r.breakdown and r.main:
        r.outcomes = r.outcomes or [r.main[-1].outcome]


def _outcomes_around(toks: Tokens, r: _Reading, scan: _Scan) -> None:
    """The outcome of a number whose noun says none, from the words around it: an outcome word just
    before («قتل 23 عنصراً»), the last figure's when coordinated («... و17 من مقاتلي الهيئة») or
    referred to («مسؤولة عن 368 منها»), one after («5 مدنيين قتلوا»), or one further back, or the
    count a toll updates («ارتفع عدد الضحايا ... إلى 73»)."""
    texts, starts = toks.texts, toks.starts
    q, figures = r.q, scan.figures
    back = _outcomes_before(toks, q.start, 4, figures[-1].end if figures else 0)
    coordinated = q.start > 0 and (texts[q.start - 1] == "و" or texts[q.start].startswith("و")) and r.main
    if back:
        r.outcomes, r.first_tok = back[0], min(r.first_tok, back[1])
    elif coordinated and figures and figures[-1].end >= starts[max(0, q.start - 12)]:
        r.outcomes = [figures[-1].outcome]
    elif r.noun in _lex()["others"] and figures:
        r.outcomes = [figures[-1].outcome]
    else:
        fwd = _outcome_after(toks, r.after, 10 if r.noun_group else 6)
        if fwd:
            r.outcomes = [fwd[0]]
            r.last_tok = max(r.last_tok, fwd[1] - 1)
        else:
            back = _outcomes_before(toks, q.start, 12) or _tally_outcome(toks, q.start)
            if back:
                r.outcomes, r.first_tok = back[0], min(r.first_tok, back[1])


def _keeps_outcomes(toks: Tokens, r: _Reading) -> bool:
    """Whether the reading stays a figure. «وفقد أكثر من خمسة عناصر ... حياتهم» is killed, not
    missing; «مقتل وإصابة 10 عناصر», «100 مدني بين قتيل وجريح» are one count of two outcomes,
    neither's; «بحاجة إلى مساعدة 5 آلاف» counts people in need."""
    if r.outcomes == ["missing"] and _lost_lives(toks, r.after):
        r.outcomes = ["killed"]
    if not r.outcomes:
        return False
    if len(r.outcomes) > 1 and r.q.qualifier != "vague":
        return False
    return not (_phrase_ends_before(toks, r.q.start, _lex()["need"], 6) and not r.noun_outcome)


def _stated_group(toks: Tokens, r: _Reading, scan: _Scan) -> None:
    """The group the sentence states around the figure: the noun counted, the noun before the
    outcome («المدنيين العالقين ... ببضعة آلاف»), or a group after it («من المدنيين»)."""
    texts, starts = toks.texts, toks.starts
    figures = scan.figures
    r.group = r.noun_group
    first = r.first_tok
    if (
        r.group is None and first < r.q.start and first > 0 and (not figures or starts[first - 1] >= figures[-1].end)
    ):  # not the last figure's noun
        group = _lookup(texts[first - 1], "victim_nouns")
        r.group = None if group == "unknown" else group
    r.trailing = _group_after(toks, r.after)
    if r.trailing:
        r.group = r.trailing[0]
        r.last_tok = max(r.last_tok, r.trailing[1] - 1)


def _armed_actor(toks: Tokens, r: _Reading, actor_spans: list[Match]) -> None:
    """The actor fighters belong to; an armed actor named right after an outcome noun or «من» makes
    the victims combatants: «5 أسرى لحزب الله», «مقتل 15 من قوات الأسد»."""
    r.actor = None
    if r.group is None or r.group == "combatants":
        r.actor = _actor_after(toks, r.noun_i + 1, actor_spans, window=3 if r.group is None else 6)
        named_after_of = (
            r.noun == "من" and r.actor is not None and _actor_at(toks, r.noun_i + 1, actor_spans) == r.actor
        )
        if r.actor and r.group is None and (r.noun_outcome or named_after_of):
            r.group = "combatants"
        elif r.group is None:
            r.actor = None


def _inherited_group(r: _Reading) -> None:
    """A breakdown's own group («3 منهم أطفال»), or the group of the figure before: «وأصيب 20 آخرون»
    after «قتل 12 مدنياً» are other civilians; after «استشهاد سبعة أطفال», «آخرين» (masculine, of
    any age) are other people, not other children."""
    if r.part_group and r.part_group != "unknown" and r.main:
        r.group, r.actor = r.part_group, None
        r.last_tok = max(r.last_tok, r.noun_i + 1)
    elif (_lookup(r.noun, "others") or _lookup(r.noun, "singulars") == "inherit") and r.main:
        inherited = r.main[-1].victim_group
        r.group = inherited if inherited in {"civilians", "combatants"} else "unknown"
        r.actor = r.main[-1].victim_actor_id


def _read_quantity(toks: Tokens, q: Quantity, scan: _Scan, actor_spans: list[Match]) -> _Reading | None:
    """A quantity read through the stages: the noun it counts, its outcomes, its group and actor."""
    located = _counted_noun(toks, q)
    if located is None:
        return None
    q, noun_i = located
    noun = toks.texts[noun_i] if noun_i < len(toks.texts) else ""
    noun_outcome = _lookup(noun, "outcome_nouns") if noun else None
    noun_group = _noun_group(toks, noun_i, noun, noun_outcome)
    if _counts_things(toks, q, noun_i, noun, noun_outcome, noun_group):
        return None
    r = _Reading(toks, q, noun_i, noun, noun_outcome, noun_group)
    _outcomes_at_noun(toks, r)
    _mark_breakdown(toks, r, scan)
    if r.breakdown is False and noun in _OF_THEM and _in_condition(toks, noun_i + 1):
        return None  # «عشرة جرحى، اثنان منهم في حالة حرجة»: how they are, not who they are
    if not r.outcomes:
        _outcomes_around(toks, r, scan)
    if not _keeps_outcomes(toks, r):
        return None
    _stated_group(toks, r, scan)
    _armed_actor(toks, r, actor_spans)
    _inherited_group(r)
    return r


def _add_figures(toks: Tokens, r: _Reading, scan: _Scan, tally: bool, reported_by: str | None, is_claim: bool) -> None:
    """One figure per outcome of the reading («العديد من القتلى والجرحى» gives two)."""
    starts, ends = toks.starts, toks.ends
    q = r.q
    start, end = starts[r.first_tok], ends[max(r.last_tok, r.first_tok)]
    if r.breakdown:
        scan.breakdown_end = max(q.end, r.noun_i + 1)
        scan.breakdown_nouns.add(r.noun_i)
    update = _rises_to(toks, q)
    figures = scan.figures
    for outcome in r.outcomes:
        figures.append(
            Figure(
                outcome,
                r.group or "unknown",
                r.actor,
                q.low,
                q.best,
                q.high,
                q.qualifier,
                r.breakdown and bool(r.main),
                tally,
                reported_by,
                is_claim,
                start,
                end,
                starts[q.number_start],
                ends[max(q.end - 1, q.number_start)],
                update,
            )
        )
        scan.inferable[len(figures) - 1] = r.group is None
        # «3 جرحى مدنيين»: a group named right after the outcome noun covers the figures before it too
        named_after = bool(r.noun_outcome and r.noun_group and r.noun_group != "unknown" and r.q.start != r.noun_i)
        scan.explicit_trailing[len(figures) - 1] = bool(r.trailing) or named_after
        if r.noun_outcome is None and r.noun_group is None and not _lookup(r.noun, "others"):
            scan.bare.add(len(figures) - 1)


def _joined_vague_figure(
    toks: Tokens, r: _Reading, scan: _Scan, tally: bool, reported_by: str | None, is_claim: bool
) -> None:
    """«36 شهيدا والجرحى في صفوف المدنيين»: a bare outcome plural joined to a figure is a vague
    figure, and the group after it is the first figure's too."""
    texts, starts, ends = toks.texts, toks.starts, toks.ends
    after = r.after
    if not (after < len(texts) and r.noun_outcome and r.q.qualifier != "vague" and texts[after].startswith("و")):
        return
    joined = _lookup(texts[after], "outcome_nouns")
    if not joined or joined in r.outcomes:
        return
    figures = scan.figures
    trailing = _group_after(toks, after + 1)
    group = trailing[0] if trailing else None
    figures.append(
        Figure(
            joined,
            group or "unknown",
            None,
            None,
            None,
            None,
            "vague",
            False,
            tally,
            reported_by,
            is_claim,
            starts[after],
            ends[after],
            starts[after],
            ends[after],
        )
    )
    scan.inferable[len(figures) - 1] = group is None
    scan.explicit_trailing[len(figures) - 1] = bool(trailing)
    if group and scan.inferable.get(len(figures) - 2):
        figures[-2] = figures[-2]._replace(victim_group=group)
        scan.inferable[len(figures) - 2] = False


def _spread_trailing_groups(scan: _Scan) -> None:
    """«48 شهيداً وأكثر من 40 جريحاً من المدنيين»: a trailing group covers the figures listed before it."""
    figures, inferable = scan.figures, scan.inferable
    for idx in range(len(figures) - 2, -1, -1):
        f, nxt = figures[idx], figures[idx + 1]
        if (
            inferable.get(idx)
            and scan.explicit_trailing.get(idx + 1)
            and not nxt.is_breakdown
            and nxt.start - f.end < 25
        ):
            figures[idx] = f._replace(victim_group=nxt.victim_group)
            inferable[idx] = False


_CIVILIAN_BREAKDOWN = {"civilians", "children", "women"}


def _civilians_by_breakdown(scan: _Scan) -> None:
    """«استشهاد 4 بينهم طفل», «إصابة 23 بينهم سيدة»: a bare number (no noun, so no group word)
    broken down into children, women or civilians is a figure of civilians (GUIDELINE §2), as an
    ACLED coder reads women and children among the dead; «63 قتيلاً بينهم أطفال» keeps `unknown`,
    its noun being the guideline's cue for it."""
    figures, inferable = scan.figures, scan.inferable
    for idx in range(len(figures) - 1):
        f, nxt = figures[idx], figures[idx + 1]
        if (
            idx in scan.bare
            and inferable.get(idx)
            and not f.is_breakdown
            and nxt.is_breakdown
            and nxt.victim_group in _CIVILIAN_BREAKDOWN
            and f.victim_group == "unknown"
        ):
            figures[idx] = f._replace(victim_group="civilians")
            inferable[idx] = False


def _civilians_in_sentence(
    toks: Tokens, scan: _Scan, actor_spans: list[Match], reporter_spans: list[Match]
) -> list[Figure]:
    """«قتل 5 وجرح 10 في قصف على حي المدنيين»: killed and injured of no stated group are civilians
    when the sentence names civilians outside a breakdown and outside names (الدفاع المدني)."""
    figures = scan.figures
    names = [(m.start, m.end) for m in actor_spans + reporter_spans if m.key != "civilians"]
    if not _civilian_context(toks, names, scan.breakdown_nouns):
        return figures
    return [
        f._replace(victim_group="civilians") if scan.inferable.get(i) and f.outcome in {"killed", "injured"} else f
        for i, f in enumerate(figures)
    ]


def _adds_to_one_before(toks: Tokens, r: _Reading, scan: _Scan) -> bool:
    """«مقتل قيادي في ميليشيا أسد و5 عناصر آخرين», «قُتل قيادي ... وعنصر آخر»: a count of «other»
    people joined to one person just counted, with no outcome word of its own, is one figure of
    them all (6, 2): the last figure grows by it. True when it did."""
    texts, figures = toks.texts, scan.figures
    if not figures or r.after >= len(texts) or not _lookup(texts[r.after], "others_after"):
        return False
    last, q = figures[-1], r.q
    joined = texts[q.start].startswith("و") or (q.start > 0 and texts[q.start - 1] == "و")
    if not joined or q.best is None or last.count_best != 1 or last.qualifier != "exact" or last.is_breakdown:
        return False
    if r.outcomes != [last.outcome] or _outcomes_before(toks, q.start, 3, last.end) is not None:
        return False
    if (r.group or "unknown") != last.victim_group:
        return False  # «مواطن تركي و5 سوريين آخرين»: others of another kind are a figure of their own
    if last.number_start < toks.starts[max(0, q.start - 12)]:
        return False
    total = {k: None if v is None else v + 1 for k, v in (("low", q.low), ("best", q.best), ("high", q.high))}
    figures[-1] = last._replace(
        count_low=total["low"],
        count_best=total["best"],
        count_high=total["high"],
        qualifier=q.qualifier,
        end=toks.ends[r.after],
    )
    return True


def find_figures(sentence: str, toks: Tokens, actor_spans: list[Match], reporter_spans: list[Match]) -> list[Figure]:
    """Casualty figures in one normalised sentence."""
    quantities = _quantities(toks)
    if not quantities:
        return []  # every figure is read from a quantity
    reported_by = _reporter(toks, sentence, reporter_spans)
    is_claim = bool(reported_by) and reporters()[reported_by]["kind"] == "belligerent"
    tally = _is_tally(sentence)
    scan = _Scan()
    for q in quantities:
        r = _read_quantity(toks, q, scan, actor_spans)
        if r is not None and not _adds_to_one_before(toks, r, scan):
            _add_figures(toks, r, scan, tally, reported_by, is_claim)
            _joined_vague_figure(toks, r, scan, tally, reported_by, is_claim)
    _spread_trailing_groups(scan)
    _civilians_by_breakdown(scan)
    if not scan.figures:
        return scan.figures
    return _civilians_in_sentence(toks, scan, actor_spans, reporter_spans)


def _summable(c) -> bool:
    f = c.figure
    return c.is_primary and not f.is_breakdown and not f.is_tally and f.count_best is not None


def mark_parts_of_totals(rows: list) -> None:
    """«قتل 13 مدنيا ...» then «إن 12 مدنيا قتلوا في القصف على مدينة إدلب، فيما قتل مدني آخر في
    قرية كفرتعال»: two or more figures of one outcome in a later sentence that add up exactly to an
    earlier total of that outcome are its breakdown by place, not more dead (GUIDELINE §8.13).
    `rows` are an article's casualty rows in text order (each with .figure, .sentence, .is_primary);
    a part's figure is replaced by the same figure marked as a breakdown."""
    seen: list = []
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and rows[j].sentence == rows[i].sentence:
            j += 1
        for outcome in {r.figure.outcome for r in rows[i:j]}:
            parts = [r for r in rows[i:j] if r.figure.outcome == outcome and _summable(r)]
            total = sum(r.figure.count_best for r in parts)
            if len(parts) > 1 and any(
                t.figure.outcome == outcome
                and t.figure.count_best == total
                and t.figure.victim_group in {p.figure.victim_group for p in parts} | {"unknown"}
                for t in seen
            ):
                for r in parts:
                    r.figure = r.figure._replace(is_breakdown=True)
        seen.extend(r for r in rows[i:j] if _summable(r))
        i = j
