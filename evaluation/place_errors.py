"""`python -m evaluation.score --place-errors real_dev.yml`: the place errors of a development set,
one article at a time and by class, to tune the place rules on (never on a blind set: it refuses).

Classes of a missed gold place: `unknown` (no list holds the name in any spelling), `unknown,
marked` (the text introduces it, «قرية X», yet no list holds it), `variant` (a list holds another
spelling: with or without ال, a joined or split «كفر X»), `refused` (a list holds it, the text
did not mark it as a place, or context moved it), `covered` (another reading took its words: an
actor, a longer name). A spurious place is printed with the kind and governorate it was read as;
a village event not located prints the places the article's events were given instead.
"""

from __future__ import annotations

import re
from datetime import date

from extract.article import extract_article
from extract.entities import place_aliases, places
from extract.gazetteer import place_admin1_iso, spelling_variants
from extract.text import normalize

_SENTENCE_RE = re.compile(r"[^.!؟\n]+")
_MARK_RE = re.compile(r"(?:قريه|قرى|بلده|بلدات|مخيم|مزرعه|حي|بلدتي|قريتي)\s+[\"'«(]?$")


def _sentence_of(text: str, name: str) -> tuple[str, bool]:
    """The first sentence of the normalised text holding the name, and whether a place noun opens
    the name there («قرية X»)."""
    for m in _SENTENCE_RE.finditer(text):
        i = m.group().find(name)
        if i >= 0:
            return m.group().strip(), bool(_MARK_RE.search(m.group()[:i]))
    return "", False


def _in_lists(name: str) -> bool:
    al = place_aliases()
    return name in al or (name[2:] if name.startswith("ال") else "ال" + name) in al


def _variant_in_lists(name: str) -> str | None:
    """Another spelling of the name that a list holds («المزيريب» for «المزريب» is not found: only
    the systematic variants of spelling_variants and of ال)."""
    bare = name[2:] if name.startswith("ال") else name
    for v in {*spelling_variants(name), *spelling_variants(bare), "ال" + bare}:
        if v != name and v in place_aliases():
            return v
    return None


def missed_class(text: str, name: str, mentions: list) -> str:
    sentence, marked = _sentence_of(text, name)
    if any(name in m[2] and m[0] != "place" for m in mentions):
        return "covered"
    if _in_lists(name):
        return "refused"
    if _variant_in_lists(name):
        return f"variant ({_variant_in_lists(name)})"
    return "unknown, marked" if marked else "unknown"


def article_errors(article: dict) -> list[str]:
    from evaluation.score import _bare, _place_compatible, _pred_place_matches_name, gold_events, village_level

    published = article.get("published_at")
    x = extract_article(article["id"], article["text"], date.fromisoformat(str(published)) if published else None)
    text = " ".join(normalize(article["text"]).split(" "))
    out = []
    gold = article.get("places") or []
    for p in gold:
        name = _bare(p["name"])
        if not any(_pred_place_matches_name(k, v, name) for k, v in x.places.items()):
            sentence, _ = _sentence_of(text, name)
            out.append(
                f"  missed [{missed_class(text, name, x.mentions)}] {name} ({p.get('admin1')}): «{sentence[:140]}»"
            )
    names = {_bare(p["name"]) for p in gold}
    for key, value in x.places.items():
        if not any(_pred_place_matches_name(key, value, n) for n in names):
            row = places().get(key, {})
            out.append(f"  spurious {value} -> {key} ({row.get('kind', 'unknown')}, {place_admin1_iso(key)})")
    gold_isos = set(article.get("governorates") or [])
    pred_isos = {iso for k in x.places if (iso := place_admin1_iso(k))}
    if gold_isos - pred_isos or pred_isos - gold_isos:
        out.append(f"  governorates missed {sorted(gold_isos - pred_isos)} spurious {sorted(pred_isos - gold_isos)}")
    for g in gold_events(article):
        if (
            g.must
            and g.place_is_name
            and g.place
            and village_level(g.place)
            and not any(_place_compatible(g, q) for q in x.events)
        ):
            at = sorted({q.place_name or str(q.place_key) for q in x.events})
            out.append(f"  village event not located: {g.sub_event_type} @ {g.place}; events at {at}")
    return out


def place_errors(gold: dict) -> str:
    """The place errors of a development set's gold (evaluation.score refuses the blind sets)."""
    out = []
    for article in gold["articles"]:
        lines = article_errors(article)
        if lines:
            out.append(f"{article['id']} ({article.get('outlet', '')})")
            out.extend(lines)
    return "\n".join(out)
