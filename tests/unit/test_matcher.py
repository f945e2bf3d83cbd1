"""The alias matcher's lookups at word ends find what its trie regex finds, at every word start of
the development texts and for every lexicon that uses them (the gazetteer's above all)."""

from pathlib import Path

import pytest
import yaml

from extract.entities import actor_matcher, curated_place_matcher, place_matcher, reporter_matcher
from extract.matcher import AliasMatcher, Words
from extract.text import normalize

REPO = Path(__file__).resolve().parents[2]
DEV_SETS = ("sample.yml", "reports.yml", "holdout.yml", "test_blind.yml", "real_dev.yml")


def _texts() -> list[str]:
    out = [
        normalize(line) for line in (REPO / "data/sample/shaam_2017-07.txt").read_text(encoding="utf-8").splitlines()
    ]
    for name in DEV_SETS:
        for a in yaml.safe_load((REPO / "tests/gold" / name).read_text(encoding="utf-8")).get("articles") or []:
            if a.get("text"):
                out.append(normalize(a["text"]))
    return out


@pytest.mark.parametrize("build", [place_matcher, curated_place_matcher, actor_matcher, reporter_matcher])
def test_lookups_find_what_the_regex_finds(build):
    matcher = build()
    regex = matcher.regex()
    checked = 0
    for text in _texts():
        for p in Words.of(text).starts:
            m, found = regex.match(text, p), matcher.match_at(text, p)
            assert (found and found[1:]) == (m and (*m.span(1), m[1]))  # the key follows from the surface
            checked += m is not None
    assert checked > 100  # the texts do hold matches: the comparison is not vacuous


@pytest.mark.parametrize(
    "text,expected",
    [
        ("قوات سوريا الديمقراطية قصفت", ("sdf", "قوات سوريا الديمقراطيه")),  # the longest alias wins
        ("وبالقوات  الحكومية", ("forces", "قوات")),  # ال is read as a clitic first, as the regex reads it
        ("والقوات  الحكومية", ("forces", "قوات")),
        ("الامم  المتحدة", ("un", "الامم  المتحده")),  # a double space
        ("للأمم المتحدة", ("un", "لامم المتحده")),  # ل + الأمم with its ا dropped
        ("قواتهم", None),  # a letter follows: no match
    ],
)
def test_clitics_whitespace_and_word_ends(text, expected):
    matcher = AliasMatcher(
        {"sdf": ["قوات سوريا الديمقراطيه"], "forces": ["قوات"], "gov": ["القوات الحكوميه"], "un": ["الامم المتحده"]}
    )
    text = normalize(text)
    found = matcher.match_at(text, 0)
    assert (found and (found[0], found[3])) == expected
    m = matcher.regex().match(text, 0)
    assert (m and m[1]) == (found and found[3])
