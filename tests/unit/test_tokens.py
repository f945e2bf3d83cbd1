"""Our offset tokenizer splits exactly as camel-tools' simple_word_tokenize(split_digits=True)."""

from pathlib import Path

import yaml

from extract.text import normalize
from extract.tokens import camel_tokenize, tokenize

REPO = Path(__file__).resolve().parents[2]


def _texts():
    yield from (REPO / "data/sample/shaam_2017-07.txt").read_text(encoding="utf-8").splitlines()
    for name in ("reports.yml", "holdout.yml"):
        for a in yaml.safe_load((REPO / "tests/gold" / name).read_text(encoding="utf-8"))["articles"]:
            yield a["text"]


def _unmerge(tokens):
    out = []
    for t in tokens:
        if t[0].isdigit() and ("." in t or "," in t):
            sep = "." if "." in t else ","
            a, b = t.split(sep)
            out += [a, sep, b]
        else:
            out.append(t)
    return out


def test_same_split_as_camel_tools():
    for text in _texts():
        n = normalize(text)
        assert _unmerge(tokenize(n).texts) == camel_tokenize(n)


def test_offsets_point_at_the_tokens_and_decimals_stay_whole():
    n = normalize("نزح 2.7 مليون شخص، تسليم ال3 عناصر")
    toks = tokenize(n)
    assert [n[s:e] for s, e in zip(toks.starts, toks.ends)] == toks.texts
    assert toks.texts[:3] == ["نزح", "2.7", "مليون"] and toks.numeric[:3] == [False, True, False]
    assert "ال" in toks.texts and "3" in toks.texts and len(toks) == len(toks.texts)
