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
from extract.tokens import Token, forms

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
        "units": {normalize(w) for w in raw["non_casualty_units"]},
        "before": {normalize(w) for w in raw["non_casualty_before"]},
        "need": phrases(raw["need_context"]),
        "breakdown": phrases(raw["breakdown_markers"]),
        "tally": [normalize(w) for w in raw["tally_markers"]],
        "attribution": {normalize(w) for w in raw["attribution_verbs"]},
    }


def _lookup(word: str, table: dict[str, str]) -> str | None:
    for f in forms(word):
        if f in table:
            return table[f]
    return None


def _outcome_at(toks: list[Token], i: int) -> tuple[str, int] | None:
    """(outcome, end index) of an outcome word or phrase starting at token i."""
    for phrase, outcome in _lex()["outcome_phrases"]:
        if i + len(phrase) > len(toks):
            continue
        if phrase[0] in forms(toks[i].text) and all(toks[i + k].text == phrase[k] for k in range(1, len(phrase))):
            return outcome, i + len(phrase)
    return None


def _phrase_ends_before(toks: list[Token], i: int, phrases: list[tuple[str, ...]], window: int) -> bool:
    for k in range(max(0, i - window), i):
        for p in phrases:
            if k + len(p) <= i and p[0] in forms(toks[k].text) and all(
                    toks[k + m].text == p[m] for m in range(1, len(p))):
                return True
    return False


def _outcomes_before(toks: list[Token], i: int, window: int) -> tuple[list[str], int] | None:
    """Nearest outcome word(s) before token i in the same clause; «قتل وجرح» gives both."""
    for k in range(i - 1, max(-1, i - 1 - window), -1):
        if toks[k].text in CLAUSE_END:
            return None
        hit = _outcome_at(toks, k)
        if hit:
            found, first = [hit[0]], k
            if k > 0 and toks[k].text.startswith("و"):
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


def _group_after(toks: list[Token], i: int, window: int = 5) -> tuple[str, int] | None:
    """«من المدنيين», «في صفوف المدنيين» after a figure: the group and the index after it."""
    lx = _lex()
    for k in range(i, min(len(toks), i + window)):
        t = toks[k].text
        if t in CLAUSE_END or t in {"،", ","}:
            return None
        if t in {"من", "في"} and k + 1 < len(toks):
            j = k + 1
            if toks[j].text == "صفوف" and j + 1 < len(toks):
                j += 1
            g = _lookup(toks[j].text, lx["victim_nouns"])
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
    lx = _lex()
    if not reporter_spans:
        return None
    verbs = [t for t in toks if _lookup(t.text, {v: v for v in lx["attribution"]})]
    if not verbs:
        return None
    for v in verbs:
        for m in reporter_spans:
            if m.start >= v.end and m.start - v.end <= 40:
                return m.key
    return reporter_spans[0].key


def _is_tally(sentence: str) -> bool:
    return any(marker in sentence for marker in _lex()["tally"])


def find_figures(sentence: str, toks: list[Token], actor_spans: list[Match],
                 reporter_spans: list[Match]) -> list[Figure]:
    """Casualty figures in one normalised sentence."""
    lx = _lex()
    n = len(toks)
    quantities = find_quantities(toks)
    taken = set()
    for q in quantities:
        taken.update(range(q.start, q.end))
    # duals and singulars are quantities too: «طفلان», «مقتل شخص»
    for k, t in enumerate(toks):
        if k in taken:
            continue
        g = _lookup(t.text, lx["duals"])
        if g:
            quantities.append(Quantity(k, k, 2, 2, 2, "exact", k))
            continue
        g = _lookup(t.text, lx["singulars"]) if t.text in {w for w in lx["singulars"]} or True else None
        if g and k > 0 and _outcome_at(toks, k - 1) and (k - 1) not in taken and _outcome_at(toks, k - 1)[1] == k:
            quantities.append(Quantity(k, k, 1, 1, 1, "exact", k))
    # «سقوط شهداء وجرحى»: plural outcome nouns without any number are vague figures
    for k, t in enumerate(toks):
        if k in taken or k == 0:
            continue
        if _lookup(toks[k - 1].text, {"سقوط": 1, "وقوع": 1}) and _lookup(t.text, lx["outcome_nouns"]):
            quantities.append(Quantity(k, k, None, None, None, "vague", k))
    quantities.sort(key=lambda q: q.start)

    reported_by = _reporter(toks, sentence, reporter_spans)
    is_claim = bool(reported_by) and reporters()[reported_by]["kind"] == "belligerent"
    tally = _is_tally(sentence)
    sentence_has_civilians = any(_lookup(t.text, lx["victim_nouns"]) == "civilians" for t in toks)

    figures: list[Figure] = []
    explicit_group: dict[int, bool] = {}
    breakdown_end = -10  # token index after the last breakdown figure («بينهم 308 أطفال، و203 سيدات»)
    for q in quantities:
        if q.number_start > 0 and _lookup(toks[q.number_start - 1].text, {w: w for w in lx["before"]}):
            continue  # «الساعة 6», «عام 2014»
        noun_i = q.end
        if q.end == q.number_start:  # dual/singular/bare noun: the noun is the quantity
            noun_i = q.number_start
        elif noun_i < n and toks[noun_i].text == "من" and q.qualifier == "vague":
            noun_i += 1
        noun = toks[noun_i].text if noun_i < n else ""
        if noun and _lookup(noun, {u: u for u in lx["units"]}):
            continue
        if q.best in YEAR_RANGE and q.qualifier == "exact" and not _lookup(noun, lx["victim_nouns"]) \
                and not _lookup(noun, lx["outcome_nouns"]):
            continue
        noun_outcome = _lookup(noun, lx["outcome_nouns"]) if noun else None
        group = _lookup(noun, lx["duals"]) or _lookup(noun, lx["victim_nouns"]) if noun else None
        if noun_outcome and not group:
            group = None
        after = noun_i + 1
        outcomes: list[str] = []
        first_tok = q.start
        last_tok = max(q.end, noun_i + 1) - 1 if noun else q.end - 1
        if noun_outcome:
            outcomes = [noun_outcome]
            if after < n and toks[after].text.startswith("و") and q.qualifier == "vague":
                second = _lookup(toks[after].text, lx["outcome_nouns"])
                if second and second != noun_outcome:
                    outcomes.append(second)
                    last_tok = after
                    after += 1
        breakdown = _phrase_ends_before(toks, q.start, lx["breakdown"], 3) or (
            0 <= q.start - breakdown_end <= 2 and all(t.text in {"،", ",", "و"} for t in toks[breakdown_end:q.start]))
        if breakdown and figures:
            parent = figures[-1]
            outcomes = outcomes or [parent.outcome]
        if not outcomes:
            back = _outcomes_before(toks, q.start, 4)
            fwd = _outcome_after(toks, after, 6)
            if back:
                outcomes, first_tok = back[0], min(first_tok, back[1])
            elif fwd:
                outcomes = [fwd[0]]
                last_tok = max(last_tok, fwd[1] - 1)
            else:
                back = _outcomes_before(toks, q.start, 9)
                if back:
                    outcomes, first_tok = back[0], min(first_tok, back[1])
        if not outcomes:
            continue
        if _phrase_ends_before(toks, q.start, lx["need"], 6) and not noun_outcome:
            continue
        explicit = False
        trailing = _group_after(toks, after)
        if trailing:
            group, explicit = trailing[0], True
            last_tok = max(last_tok, trailing[1] - 1)
        elif group and group != "unknown":
            explicit = True
        if noun and _lookup(noun, {"اخرين": 1, "اخرون": 1, "منهم": 1}) and figures:
            group = figures[-1].victim_group
        actor = None
        if group == "combatants":
            actor = _actor_after(toks, noun_i + 1, actor_spans)
        start, end = toks[first_tok].start, toks[max(last_tok, first_tok)].end
        if breakdown:
            breakdown_end = max(q.end, noun_i + 1)
        for outcome in outcomes:
            g = group or "unknown"
            if g == "unknown" and outcome in {"displaced", "besieged"}:
                g = "civilians"  # people who flee or are trapped are civilians unless fighters are named
            figures.append(Figure(outcome, g, actor, q.low, q.best, q.high, q.qualifier, breakdown and bool(figures),
                                  tally, reported_by, is_claim, start, end, toks[q.number_start].start,
                                  toks[max(q.end - 1, q.number_start)].end))
            explicit_group[len(figures) - 1] = explicit
    # «48 شهيداً وأكثر من 40 جريحاً من المدنيين»: a trailing group covers the figures listed before it
    for idx in range(len(figures) - 2, -1, -1):
        f, nxt = figures[idx], figures[idx + 1]
        if f.victim_group == "unknown" and explicit_group.get(idx + 1) and nxt.start - f.end < 25:
            figures[idx] = replace(f, victim_group=nxt.victim_group)
            explicit_group[idx] = True
    if sentence_has_civilians:
        figures = [replace(f, victim_group="civilians") if f.victim_group == "unknown" and f.outcome in
                   {"killed", "injured"} else f for f in figures]
    return figures
