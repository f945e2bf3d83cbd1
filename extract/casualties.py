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
    start: int            # offsets in the normalised sentence
    end: int
    number_start: int
    number_end: int
    is_update: bool = False   # a toll that rose to this number («ارتفعت الحصيلة إلى 15»)


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
    victims.update({w + x: g for w, g in list(victims.items()) for x in armed
                    if g == "combatants" and w + x not in victims})
    outcome_phrases = sorted(((tuple(normalize(w).split()), k) for k, ws in raw["outcome_words"].items() for w in ws),
                             key=lambda x: len(x[0]), reverse=True)
    return {
        "outcome_phrases": outcome_phrases,
        "outcome_nouns": inverse("outcome_nouns"),
        "victim_nouns": victims,
        "duals": inverse("duals"),
        "singulars": inverse("singulars"),
        "units": {normalize(w): normalize(w) for w in raw["non_casualty_units"]},
        "before": {normalize(w): normalize(w) for w in raw["non_casualty_before"]},
        "need": phrases(raw["need_context"]),
        "breakdown": phrases(raw["breakdown_markers"]),
        "tally": [normalize(w) for w in raw["tally_markers"]],
        "tally_gate": substring_gate(normalize(w) for w in raw["tally_markers"]),
        "attribution": {normalize(w): normalize(w) for w in raw["attribution_verbs"]},
        # words that can make a quantity without a number (duals, singulars, outcome plurals, «آخرون»)
        "noun_quantity_words": {w: w for w in list(inverse("duals")) + list(inverse("singulars"))
                                + list(inverse("outcome_nouns")) + [normalize(x) for x in raw["others_words"]]},
        "neutral": {normalize(w): normalize(w) for w in raw["neutral_followers"]},
        "others": {normalize(w): normalize(w) for w in raw["others_words"]},
        "circumstance": {normalize(w): normalize(w) for w in raw["circumstance_words"]},
        "age": {normalize(w): normalize(w) for w in raw["age_words"]},
        "tails": {normalize(w): normalize(w) for w in raw["outcome_tails"]},
        "lives": {normalize(w): normalize(w) for w in raw["lives"]},
        "unknown_heads": {normalize(w): normalize(w) for w in raw["unknown_heads"]},
        "survivor": {normalize(w): normalize(w) for w in raw["survivor_words"]},
        "survivor_after": phrases(raw["survivor_after"]),
        "update": {normalize(w): normalize(w) for w in raw["update_verbs"] if " " not in w},
        "plausible_max": int(raw["plausible_max"]),
    }


@functools.cache
def _form_tables() -> dict[str, dict]:
    """The tables a word is looked up in by its forms (clitics stripped), by name."""
    from extract.dates import _lex as date_lex

    lx = _lex()
    tables = {name: lx[name] for name in ("outcome_nouns", "victim_nouns", "duals", "singulars", "units", "before",
                                          "attribution", "noun_quantity_words", "neutral", "others",
                                          "circumstance", "update", "age", "tails", "survivor", "lives",
                                          "unknown_heads")}
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
            if k > 0 and texts[k].startswith("و") and starts[k - 1] >= free_from \
                    and not _lookup(texts[k - 1], "tails"):
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
                return g, j + 1
    return None


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
    return reporter_spans[0].key


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
    return i + 1 < len(texts) and _lookup(texts[i], "units") in _DAY_WORDS and _lookup(texts[i + 1], "weekdays") is not None


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
    return any(i + len(p) <= len(texts) and all(texts[i + m] == p[m] for m in range(1, len(p)))
               for p in phrases_opening(phrases)[texts[i]])


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
            quantities.append(Quantity(k, k, 2, 2, 2, "exact", k))
            continue
        if k == 0:
            continue
        singular = _lookup(t, "singulars")
        if singular:
            prev = _outcome_at(toks, k - 1)
            after_outcome = prev is not None and prev[1] == k
            after_breakdown = _phrase_ends_before(toks, k, lx["breakdown"], 1)
            in_list = t.startswith("و") and bool(_lookup(texts[k - 1], "victim_nouns"))  # «3 أطفال وامرأة»
            counted_after = k + 1 < len(texts) and texts[k + 1] in AFTER_NOUN_NUMBERS  # «شخص واحد»
            ordinal_then_outcome = singular == "inherit" and _outcome_after(toks, k + 1, 3) is not None  # «وتعرض رابع لإصابات»
            if (after_outcome or after_breakdown or in_list or ordinal_then_outcome) and not counted_after:
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


def find_figures(sentence: str, toks: Tokens, actor_spans: list[Match],
                 reporter_spans: list[Match]) -> list[Figure]:
    """Casualty figures in one normalised sentence."""
    quantities = _quantities(toks)
    if not quantities:
        return []  # every figure is read from a quantity
    lx = _lex()
    texts, starts, ends = toks.texts, toks.starts, toks.ends
    n = len(texts)
    reported_by = _reporter(toks, sentence, reporter_spans)
    is_claim = bool(reported_by) and reporters()[reported_by]["kind"] == "belligerent"
    tally = _is_tally(sentence)

    figures: list[Figure] = []
    inferable: dict[int, bool] = {}       # group not stated: may take the sentence's civilians
    explicit_trailing: dict[int, bool] = {}
    breakdown_nouns: set[int] = set()
    breakdown_end = -10
    for q in quantities:
        if q.number_start > 0 and _lookup(texts[q.number_start - 1], "before"):
            continue  # «الساعة 6», «عام 2014»
        noun_i = q.number_start if q.end == q.number_start else q.end
        number_word_after_noun = q.end - q.number_start == 1 and texts[q.number_start] in AFTER_NOUN_NUMBERS \
            and q.number_start > 0 and _lookup(texts[q.number_start - 1], "victim_nouns")
        if number_word_after_noun:
            noun_i = q.number_start - 1  # «مدنيين اثنين», «قياديين اثنين»
            q = q._replace(start=min(q.start, noun_i))
        if noun_i < n and texts[noun_i] == "عدد" and noun_i + 1 < n:
            noun_i += 1  # «ارتفع إلى 42 عدد المدنيين الذين قتلوا»
        if noun_i + 1 < n and texts[noun_i] == "في" and texts[noun_i + 1] in {"المئه", "المائه"}:
            continue  # «50 في المئة» is a share, not people
        if _day_of_month(toks, noun_i) or _age(toks, noun_i) or _one_of(toks, q, noun_i) or _survivors(toks, q, noun_i):
            continue
        if noun_i < n and texts[noun_i] == "من" and noun_i + 1 < n and (
                q.qualifier == "vague" or _lookup(texts[noun_i + 1], "victim_nouns")):
            noun_i += 1  # «العشرات من المدنيين», «17 من مقاتلي الهيئة»
        noun = texts[noun_i] if noun_i < n else ""
        if noun and (_lookup(noun, "units") or _is_month(noun)) and not _day_named(toks, noun_i):
            continue
        noun_outcome = _lookup(noun, "outcome_nouns") if noun else None
        noun_group = (_lookup(noun, "duals") or _lookup(noun, "victim_nouns")
                      or _lookup(noun, "singulars")) if noun else None
        if noun_group == "inherit":
            noun_group = None
        if noun_outcome and not noun_group and noun_i + 1 < n and not texts[noun_i + 1].startswith("و"):
            noun_group = _lookup(texts[noun_i + 1], "victim_nouns")  # «الضحايا المدنيين»
        if noun_group == "unknown" and noun_i + 1 < n and _lookup(noun, "unknown_heads"):
            # «أحد أفراد شرطة حماية المنشآت», «أشخاص مدنيين»: the noun after names the group
            noun_group = _lookup(texts[noun_i + 1], "victim_nouns") or noun_group
        if _lookup(noun, "others"):
            noun_group = None
        if noun and not noun_outcome and not noun_group and not noun[0].isdigit() and noun not in lx["neutral"] \
                and not _lookup(noun, "neutral") and noun not in {"،", ",", ".", "؛", ":", "-", ")"} \
                and q.end != q.number_start and not _lookup(noun, "singulars") and not _lookup(noun, "others") \
                and not _day_named(toks, noun_i):
            continue  # «سبعة مراكز», «ثلاثة مستودعات»: the number counts something that is not people
        if q.best in YEAR_RANGE and q.qualifier == "exact" and not noun_group and not noun_outcome:
            continue
        after = noun_i + 1
        outcomes: list[str] = []
        first_tok = q.start
        last_tok = noun_i if noun else q.end - 1
        if noun_outcome:
            outcomes = [noun_outcome]
            nxt = texts[after] if after < n else ""
            second = _lookup(nxt, "outcome_nouns") if nxt.startswith("و") else None
            if second and second != noun_outcome and q.qualifier == "vague":
                outcomes.append(second)  # «العديد من القتلى والجرحى»
                last_tok, after = after, after + 1
        if after + 2 < n and texts[after] == "بين" and _lookup(texts[after + 1], "outcome_nouns"):
            between = [_lookup(texts[after + 1], "outcome_nouns"), _lookup(texts[after + 2], "outcome_nouns")]
            outcomes = [o for o in between if o]  # «العشرات من المدنيين بين شهيد وجريح»
            last_tok, after = after + 2, after + 3
        # «مقتل 4 سوريين، 3 منهم أطفال»: «منهم» and a group after the number break the figure down
        part_of = texts[noun_i] in _OF_THEM if noun_i < n else False
        part_group = _lookup(texts[noun_i + 1], "victim_nouns") if part_of and noun_i + 1 < n else None
        # «استشهاد 4 بينهم طفل وإصابة 23»: an outcome word of its own after the marker starts a new figure
        own_outcome = any(_outcome_at(toks, k) for k in range(max(0, q.start - 2), q.start)
                          if not figures or starts[k] >= figures[-1].end)  # not the last figure's «قتيلاً»
        breakdown = (_phrase_ends_before(toks, q.start, lx["breakdown"], 3) and not own_outcome) or (
            0 <= q.start - breakdown_end <= 2 and all(t in {"،", ",", "و"} for t in texts[breakdown_end:q.start])) \
            or bool(part_group and part_group != "unknown")
        main = [f for f in figures if not f.is_breakdown]
        if breakdown and main:
            outcomes = outcomes or [main[-1].outcome]
        if not outcomes:
            back = _outcomes_before(toks, q.start, 4, figures[-1].end if figures else 0)
            coordinated = q.start > 0 and (texts[q.start - 1] == "و" or texts[q.start].startswith("و")) and main
            if back:
                outcomes, first_tok = back[0], min(first_tok, back[1])
            elif coordinated and figures and figures[-1].end >= starts[max(0, q.start - 12)]:
                outcomes = [figures[-1].outcome]  # «قتل 23 عنصرا من قوات النظام و17 من مقاتلي الهيئة»
            elif noun in lx["others"] and figures:
                outcomes = [figures[-1].outcome]  # «كانت قوات النظام مسؤولة عن 368 منها»
            else:
                fwd = _outcome_after(toks, after, 10 if noun_group else 6)
                if fwd:
                    outcomes = [fwd[0]]
                    last_tok = max(last_tok, fwd[1] - 1)
                else:
                    back = _outcomes_before(toks, q.start, 12) or _tally_outcome(toks, q.start)
                    if back:
                        outcomes, first_tok = back[0], min(first_tok, back[1])
        if outcomes == ["missing"] and _lost_lives(toks, after):
            outcomes = ["killed"]  # «وفقد أكثر من خمسة عناصر لقوات حكومة دمشق حياتهم»
        if not outcomes:
            continue
        if len(outcomes) > 1 and q.qualifier != "vague":
            continue  # «مقتل وإصابة 10 عناصر», «100 مدني بين قتيل وجريح»: one count of two outcomes, neither's
        if _phrase_ends_before(toks, q.start, lx["need"], 6) and not noun_outcome:
            continue
        group = noun_group
        if group is None and first_tok < q.start and first_tok > 0 and (
                not figures or starts[first_tok - 1] >= figures[-1].end):  # not the last figure's noun
            group = _lookup(texts[first_tok - 1], "victim_nouns")  # «المدنيين العالقين ... ببضعة آلاف»
            group = None if group == "unknown" else group
        trailing = _group_after(toks, after)
        if trailing:
            group = trailing[0]
            last_tok = max(last_tok, trailing[1] - 1)
        actor = None
        if group is None or group == "combatants":
            actor = _actor_after(toks, noun_i + 1, actor_spans, window=3 if group is None else 6)
            named_after_of = noun == "من" and actor is not None and _actor_at(toks, noun_i + 1, actor_spans) == actor
            if actor and group is None and (noun_outcome or named_after_of):
                group = "combatants"  # «5 أسرى لحزب الله», «مقتل 15 من قوات الأسد»
            elif group is None:
                actor = None
        if part_group and part_group != "unknown" and main:
            group, actor = part_group, None
            last_tok = max(last_tok, noun_i + 1)
        elif (_lookup(noun, "others") or _lookup(noun, "singulars") == "inherit") and main:
            # «وأصيب 20 آخرون» after «قتل 12 مدنياً» are other civilians; after «استشهاد سبعة
            # أطفال», «آخرين» (masculine, of any age) are other people, not other children
            inherited = main[-1].victim_group
            group = inherited if inherited in {"civilians", "combatants"} else "unknown"
            actor = main[-1].victim_actor_id
        start, end = starts[first_tok], ends[max(last_tok, first_tok)]
        if breakdown:
            breakdown_end = max(q.end, noun_i + 1)
            breakdown_nouns.add(noun_i)
        update = _rises_to(toks, q)
        for outcome in outcomes:
            figures.append(Figure(outcome, group or "unknown", actor, q.low, q.best, q.high, q.qualifier,
                                  breakdown and bool(main), tally, reported_by, is_claim, start, end,
                                  starts[q.number_start], ends[max(q.end - 1, q.number_start)], update))
            inferable[len(figures) - 1] = group is None
            explicit_trailing[len(figures) - 1] = bool(trailing)
        # «36 شهيدا والجرحى في صفوف المدنيين»: a bare outcome plural joined to a figure is a vague figure
        if after < n and noun_outcome and q.qualifier != "vague" and texts[after].startswith("و"):
            joined = _lookup(texts[after], "outcome_nouns")
            if joined and joined not in outcomes:
                trailing2 = _group_after(toks, after + 1)
                g2 = trailing2[0] if trailing2 else None
                figures.append(Figure(joined, g2 or "unknown", None, None, None, None, "vague", False, tally,
                                      reported_by, is_claim, starts[after], ends[after],
                                      starts[after], ends[after]))
                inferable[len(figures) - 1] = g2 is None
                explicit_trailing[len(figures) - 1] = bool(trailing2)
                if g2 and inferable.get(len(figures) - 2):
                    figures[-2] = figures[-2]._replace(victim_group=g2)
                    inferable[len(figures) - 2] = False
    # «48 شهيداً وأكثر من 40 جريحاً من المدنيين»: a trailing group covers the figures listed before it
    for idx in range(len(figures) - 2, -1, -1):
        f, nxt = figures[idx], figures[idx + 1]
        if inferable.get(idx) and explicit_trailing.get(idx + 1) and not nxt.is_breakdown and nxt.start - f.end < 25:
            figures[idx] = f._replace(victim_group=nxt.victim_group)
            inferable[idx] = False
    if not figures:
        return figures
    names = [(m.start, m.end) for m in actor_spans + reporter_spans if m.key != "civilians"]
    if _civilian_context(toks, names, breakdown_nouns):
        figures = [f._replace(victim_group="civilians") if inferable.get(i) and f.outcome in {"killed", "injured"}
                   else f for i, f in enumerate(figures)]
    return figures
