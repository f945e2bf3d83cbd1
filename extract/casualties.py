"""Turns quantities in a sentence into casualty figures: what happened (outcome), to whom (victim
group and actor), how many (low/best/high with a qualifier), and who says so.

Numbers that count vehicles, days, hours, factions, years or people in need are left out.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from extract.entities import reporters
from extract.lexicon import load_yaml
from extract.matcher import Match
from extract.numbers import Quantity, find_quantities
from extract.text import normalize
from extract.tokens import Token, WordMemo, first_word_index, form_lookup, forms, where

CLAUSE_END = {".", "؛", ";", "!", "؟", "?"}
YEAR_RANGE = range(1900, 2101)


@dataclass(frozen=True)
class Figure:
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


@functools.cache
def _lex() -> dict:
    raw = load_yaml("casualty_terms.yml")

    def inverse(section: str) -> dict[str, str]:
        return {normalize(w): k for k, words in raw[section].items() for w in words}

    def phrases(words: list[str]) -> list[tuple[str, ...]]:
        return sorted((tuple(normalize(w).split()) for w in words), key=len, reverse=True)

    outcome_phrases = sorted(((tuple(normalize(w).split()), k) for k, ws in raw["outcome_words"].items() for w in ws),
                             key=lambda x: len(x[0]), reverse=True)
    return {
        "outcome_phrases": outcome_phrases,
        "outcome_nouns": inverse("outcome_nouns"),
        "victim_nouns": inverse("victim_nouns"),
        "duals": inverse("duals"),
        "singulars": inverse("singulars"),
        "units": {normalize(w): normalize(w) for w in raw["non_casualty_units"]},
        "before": {normalize(w): normalize(w) for w in raw["non_casualty_before"]},
        "need": phrases(raw["need_context"]),
        "breakdown": phrases(raw["breakdown_markers"]),
        "tally": [normalize(w) for w in raw["tally_markers"]],
        "attribution": {normalize(w): normalize(w) for w in raw["attribution_verbs"]},
        # words that can make a quantity without a number (duals, singulars, outcome plurals, «آخرون»)
        "noun_quantity_words": {w: w for w in list(inverse("duals")) + list(inverse("singulars"))
                                + list(inverse("outcome_nouns")) + [normalize(x) for x in raw["others_words"]]},
        "neutral": {normalize(w): normalize(w) for w in raw["neutral_followers"]},
        "others": {normalize(w): normalize(w) for w in raw["others_words"]},
    }


@functools.cache
def _by_form() -> dict[str, WordMemo]:
    """The tables a word is looked up in by its forms (clitics stripped)."""
    from extract.dates import _lex as date_lex

    lx = _lex()
    tables = {name: lx[name] for name in ("outcome_nouns", "victim_nouns", "duals", "singulars", "units", "before",
                                          "attribution", "noun_quantity_words", "neutral", "others")}
    tables["months"] = date_lex()["months"]
    tables["occurrence"] = {"سقوط": 1, "وقوع": 1}  # «سقوط شهداء»
    return {name: form_lookup(table) for name, table in tables.items()}


def _lookup(word: str, table: str):
    """The named table's value for the word or its first clitic-stripped reading in it, or None."""
    return _by_form()[table][word]


def _outcome_at(toks: list[Token], i: int) -> tuple[str, int] | None:
    """(outcome, end index) of an outcome word or phrase starting at token i."""
    index = first_word_index(_lex()["outcome_phrases"], phrase_of=lambda item: item[0])
    for f in forms(toks[i].text):
        for phrase, outcome in index.get(f, ()):
            if i + len(phrase) <= len(toks) and all(toks[i + k].text == phrase[k] for k in range(1, len(phrase))):
                return outcome, i + len(phrase)
    return None


def _phrase_ends_before(toks: list[Token], i: int, phrases: list[tuple[str, ...]], window: int) -> bool:
    index = first_word_index(phrases)
    for k in range(max(0, i - window), i):
        for f in forms(toks[k].text):
            for p in index.get(f, ()):
                if k + len(p) <= i and all(toks[k + m].text == p[m] for m in range(1, len(p))):
                    return True
    return False


def _outcomes_before(toks: list[Token], i: int, window: int, free_from: int = 0) -> tuple[list[str], int] | None:
    """Nearest outcome word(s) before token i in the same clause; «قتل وجرح» gives both, unless the
    first word already belongs to an earlier figure (before char offset `free_from`)."""
    for k in range(i - 1, max(-1, i - 1 - window), -1):
        if toks[k].text in CLAUSE_END:
            return None
        hit = _outcome_at(toks, k)
        if hit:
            found, first = [hit[0]], k
            if k > 0 and toks[k].text.startswith("و") and toks[k - 1].start >= free_from:
                prev = _outcome_at(toks, k - 1)
                if prev and prev[1] == k and prev[0] not in found:
                    found.insert(0, prev[0])
                    first = k - 1
            if k + 1 < i and toks[k + 1].text.startswith("و"):
                nxt = _outcome_at(toks, k + 1)
                if nxt and nxt[0] not in found:
                    found.append(nxt[0])
            return found, first
    return None


def _outcome_after(toks: list[Token], i: int, window: int) -> tuple[str, int] | None:
    commas = 0
    for k in range(i, min(len(toks), i + window)):
        t = toks[k].text
        if t in CLAUSE_END:
            return None
        if t in {"،", ","}:
            commas += 1
            if commas > 1:
                return None
            continue
        hit = _outcome_at(toks, k)
        if hit:
            return hit[0], hit[1]
    return None


AFTER_NOUN_NUMBERS = {"اثنين", "اثنان", "اثنتين", "واحد", "واحدا"}


def _tally_outcome(toks: list[Token], i: int) -> tuple[list[str], int] | None:
    """«ارتفع عدد الضحايا ... إلى 73 مدنياً»: a number after إلى takes the outcome of the count it updates."""
    if i == 0 or toks[i - 1].text not in {"الي", "لي"}:
        return None
    for k in range(i - 2, max(-1, i - 26), -1):
        if toks[k].text in CLAUSE_END:
            return None
        if toks[k].text in {"عدد", "حصيله"} and k + 1 < len(toks):
            outcome = _lookup(toks[k + 1].text, "outcome_nouns")
            if outcome:
                return [outcome], k
    return None


def _group_after(toks: list[Token], i: int, window: int = 5) -> tuple[str, int] | None:
    """«من المدنيين», «في صفوف المدنيين» after a figure: the group and the index after it."""
    for k in range(i, min(len(toks), i + window)):
        t = toks[k].text
        if t in CLAUSE_END or t in {"،", ","}:
            return None
        if t in {"من", "في"} and k + 1 < len(toks):
            j = k + 1
            if toks[j].text == "صفوف" and j + 1 < len(toks):
                j += 1
            g = _lookup(toks[j].text, "victim_nouns")
            if g and g != "unknown":
                return g, j + 1
    return None


def _actor_after(toks: list[Token], i: int, actor_spans: list[Match], window: int = 6) -> str | None:
    """The actor a group of fighters belongs to: «عنصرا من قوات سوريا الديمقراطية», «عناصر قسد»."""
    if i >= len(toks):
        return None
    lo = toks[i].start
    hi = toks[min(len(toks) - 1, i + window)].end
    for m in actor_spans:
        if lo <= m.start <= hi and m.key != "civilians":
            before = [t.text for t in toks if t.end <= m.start][-1:]
            if before == ["لدي"]:  # «الأسرى لدى الهيئة»: held by, not belonging to
                continue
            return m.key
    return None


def _reporter(toks: list[Token], sentence: str, reporter_spans: list[Match]) -> str | None:
    if not reporter_spans:
        return None
    verbs = [toks[k] for k in where(toks, _by_form()["attribution"])]
    if not verbs:
        return None
    for v in verbs:
        for m in reporter_spans:
            if m.start >= v.end and m.start - v.end <= 40:
                return m.key
    return reporter_spans[0].key


def _is_tally(sentence: str) -> bool:
    return any(map(sentence.__contains__, _lex()["tally"]))


def _is_month(word: str) -> bool:
    return _lookup(word, "months") is not None


def _quantities(toks: list[Token]) -> list[Quantity]:
    """Numbers plus the quantities written as nouns: duals (طفلان), singulars after an outcome word
    or a breakdown marker (قتل شخص, بينهم طفل), and bare outcome plurals (سقوط شهداء وجرحى)."""
    lx = _lex()
    quantities = find_quantities(toks)
    taken = set()
    for q in quantities:
        taken.update(range(q.start, q.end))
    for k in where(toks, _by_form()["noun_quantity_words"]):
        if k in taken:
            continue
        t = toks[k]
        if _lookup(t.text, "duals"):
            quantities.append(Quantity(k, k, 2, 2, 2, "exact", k))
            continue
        if k == 0:
            continue
        singular = _lookup(t.text, "singulars")
        if singular:
            prev = _outcome_at(toks, k - 1)
            after_outcome = prev is not None and prev[1] == k
            after_breakdown = _phrase_ends_before(toks, k, lx["breakdown"], 1)
            in_list = t.text.startswith("و") and bool(_lookup(toks[k - 1].text, "victim_nouns"))  # «3 أطفال وامرأة»
            counted_after = k + 1 < len(toks) and toks[k + 1].text in AFTER_NOUN_NUMBERS  # «شخص واحد»
            ordinal_then_outcome = singular == "inherit" and _outcome_after(toks, k + 1, 3) is not None  # «وتعرض رابع لإصابات»
            if (after_outcome or after_breakdown or in_list or ordinal_then_outcome) and not counted_after:
                quantities.append(Quantity(k, k, 1, 1, 1, "exact", k))
                continue
        if _lookup(toks[k - 1].text, "occurrence") and _lookup(t.text, "outcome_nouns"):
            quantities.append(Quantity(k, k, None, None, None, "vague", k))
        elif t.text in lx["others"] and _outcome_at(toks, k - 1) and (k + 1 >= len(toks) or not toks[k + 1].is_number):
            quantities.append(Quantity(k, k, None, None, None, "vague", k))  # «وأصيب آخرون»
    quantities.sort(key=lambda q: q.start)
    return quantities


def _civilian_context(toks: list[Token], excluded: list[tuple[int, int]], figures_nouns: set[int]) -> bool:
    """The sentence names civilians outside a breakdown figure and outside names (الدفاع المدني)."""
    victims = _by_form()["victim_nouns"]
    for k in where(toks, victims):
        t = toks[k]
        if victims[t.text] == "civilians" and k not in figures_nouns and not any(a <= t.start < b for a, b in excluded):
            return True
    return False


def find_figures(sentence: str, toks: list[Token], actor_spans: list[Match],
                 reporter_spans: list[Match]) -> list[Figure]:
    """Casualty figures in one normalised sentence."""
    quantities = _quantities(toks)
    if not quantities:
        return []  # every figure is read from a quantity
    lx = _lex()
    n = len(toks)
    reported_by = _reporter(toks, sentence, reporter_spans)
    is_claim = bool(reported_by) and reporters()[reported_by]["kind"] == "belligerent"
    tally = _is_tally(sentence)

    figures: list[Figure] = []
    inferable: dict[int, bool] = {}       # group not stated: may take the sentence's civilians
    explicit_trailing: dict[int, bool] = {}
    breakdown_nouns: set[int] = set()
    breakdown_end = -10
    for q in quantities:
        if q.number_start > 0 and _lookup(toks[q.number_start - 1].text, "before"):
            continue  # «الساعة 6», «عام 2014»
        noun_i = q.number_start if q.end == q.number_start else q.end
        number_word_after_noun = q.end - q.number_start == 1 and toks[q.number_start].text in AFTER_NOUN_NUMBERS \
            and q.number_start > 0 and _lookup(toks[q.number_start - 1].text, "victim_nouns")
        if number_word_after_noun:
            noun_i = q.number_start - 1  # «مدنيين اثنين», «قياديين اثنين»
            q = q._replace(start=min(q.start, noun_i))
        if noun_i < n and toks[noun_i].text == "عدد" and noun_i + 1 < n:
            noun_i += 1  # «ارتفع إلى 42 عدد المدنيين الذين قتلوا»
        if noun_i + 1 < n and toks[noun_i].text == "في" and toks[noun_i + 1].text in {"المئه", "المائه"}:
            continue  # «50 في المئة» is a share, not people
        if noun_i < n and toks[noun_i].text == "من" and noun_i + 1 < n and (
                q.qualifier == "vague" or _lookup(toks[noun_i + 1].text, "victim_nouns")):
            noun_i += 1  # «العشرات من المدنيين», «17 من مقاتلي الهيئة»
        noun = toks[noun_i].text if noun_i < n else ""
        if noun and (_lookup(noun, "units") or _is_month(noun)):
            continue
        noun_outcome = _lookup(noun, "outcome_nouns") if noun else None
        noun_group = (_lookup(noun, "duals") or _lookup(noun, "victim_nouns")
                      or _lookup(noun, "singulars")) if noun else None
        if noun_group == "inherit":
            noun_group = None
        if noun_outcome and not noun_group and noun_i + 1 < n and not toks[noun_i + 1].text.startswith("و"):
            noun_group = _lookup(toks[noun_i + 1].text, "victim_nouns")  # «الضحايا المدنيين»
        if _lookup(noun, "others"):
            noun_group = None
        if noun and not noun_outcome and not noun_group and not noun[0].isdigit() and noun not in lx["neutral"] \
                and not _lookup(noun, "neutral") and noun not in {"،", ",", ".", "؛", ":", "-", ")"} \
                and q.end != q.number_start and not _lookup(noun, "singulars") and not _lookup(noun, "others"):
            continue  # «سبعة مراكز», «ثلاثة مستودعات»: the number counts something that is not people
        if q.best in YEAR_RANGE and q.qualifier == "exact" and not noun_group and not noun_outcome:
            continue
        after = noun_i + 1
        outcomes: list[str] = []
        first_tok = q.start
        last_tok = noun_i if noun else q.end - 1
        if noun_outcome:
            outcomes = [noun_outcome]
            nxt = toks[after].text if after < n else ""
            second = _lookup(nxt, "outcome_nouns") if nxt.startswith("و") else None
            if second and second != noun_outcome and q.qualifier == "vague":
                outcomes.append(second)  # «العديد من القتلى والجرحى»
                last_tok, after = after, after + 1
        if after + 2 < n and toks[after].text == "بين" and _lookup(toks[after + 1].text, "outcome_nouns"):
            between = [_lookup(toks[after + 1].text, "outcome_nouns"), _lookup(toks[after + 2].text, "outcome_nouns")]
            outcomes = [o for o in between if o]  # «العشرات من المدنيين بين شهيد وجريح»
            last_tok, after = after + 2, after + 3
        breakdown = _phrase_ends_before(toks, q.start, lx["breakdown"], 3) or (
            0 <= q.start - breakdown_end <= 2 and all(t.text in {"،", ",", "و"} for t in toks[breakdown_end:q.start]))
        main = [f for f in figures if not f.is_breakdown]
        if breakdown and main:
            outcomes = outcomes or [main[-1].outcome]
        if not outcomes:
            back = _outcomes_before(toks, q.start, 4, figures[-1].end if figures else 0)
            coordinated = q.start > 0 and (toks[q.start - 1].text == "و" or toks[q.start].text.startswith("و")) and main
            if back:
                outcomes, first_tok = back[0], min(first_tok, back[1])
            elif coordinated and figures and figures[-1].end >= toks[max(0, q.start - 12)].start:
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
        if not outcomes:
            continue
        if _phrase_ends_before(toks, q.start, lx["need"], 6) and not noun_outcome:
            continue
        group = noun_group
        if group is None and first_tok < q.start and first_tok > 0:
            group = _lookup(toks[first_tok - 1].text, "victim_nouns")  # «المدنيين العالقين ... ببضعة آلاف»
            group = None if group == "unknown" else group
        trailing = _group_after(toks, after)
        if trailing:
            group = trailing[0]
            last_tok = max(last_tok, trailing[1] - 1)
        actor = None
        if group is None or group == "combatants":
            actor = _actor_after(toks, noun_i + 1, actor_spans, window=3 if group is None else 6)
            if actor and group is None and noun_outcome:
                group = "combatants"  # «5 أسرى لحزب الله»
            elif group is None:
                actor = None
        if (_lookup(noun, "others") or _lookup(noun, "singulars") == "inherit") and main:
            group, actor = main[-1].victim_group, main[-1].victim_actor_id
        start, end = toks[first_tok].start, toks[max(last_tok, first_tok)].end
        if breakdown:
            breakdown_end = max(q.end, noun_i + 1)
            breakdown_nouns.add(noun_i)
        for outcome in outcomes:
            figures.append(Figure(outcome, group or "unknown", actor, q.low, q.best, q.high, q.qualifier,
                                  breakdown and bool(main), tally, reported_by, is_claim, start, end,
                                  toks[q.number_start].start, toks[max(q.end - 1, q.number_start)].end))
            inferable[len(figures) - 1] = group is None
            explicit_trailing[len(figures) - 1] = bool(trailing)
        # «36 شهيدا والجرحى في صفوف المدنيين»: a bare outcome plural joined to a figure is a vague figure
        if after < n and noun_outcome and q.qualifier != "vague" and toks[after].text.startswith("و"):
            joined = _lookup(toks[after].text, "outcome_nouns")
            if joined and joined not in outcomes:
                trailing2 = _group_after(toks, after + 1)
                g2 = trailing2[0] if trailing2 else None
                figures.append(Figure(joined, g2 or "unknown", None, None, None, None, "vague", False, tally,
                                      reported_by, is_claim, toks[after].start, toks[after].end,
                                      toks[after].start, toks[after].end))
                inferable[len(figures) - 1] = g2 is None
                explicit_trailing[len(figures) - 1] = bool(trailing2)
                if g2 and inferable.get(len(figures) - 2):
                    figures[-2] = replace(figures[-2], victim_group=g2)
                    inferable[len(figures) - 2] = False
    # «48 شهيداً وأكثر من 40 جريحاً من المدنيين»: a trailing group covers the figures listed before it
    for idx in range(len(figures) - 2, -1, -1):
        f, nxt = figures[idx], figures[idx + 1]
        if inferable.get(idx) and explicit_trailing.get(idx + 1) and not nxt.is_breakdown and nxt.start - f.end < 25:
            figures[idx] = replace(f, victim_group=nxt.victim_group)
            inferable[idx] = False
    if not figures:
        return figures
    names = [(m.start, m.end) for m in actor_spans + reporter_spans if m.key != "civilians"]
    if _civilian_context(toks, names, breakdown_nouns):
        figures = [replace(f, victim_group="civilians") if inferable.get(i) and f.outcome in {"killed", "injured"}
                   else f for i, f in enumerate(figures)]
    return figures
