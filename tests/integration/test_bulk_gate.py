"""The gate's Arabic-script share counted with numpy (expectations/script_share.py) is, to the bit,
the figure the SQL regexes over each body gave."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb

from expectations.script_share import body_shares, shares

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample" / "shaam_2017-07.txt"
REGEX_SHARE = r"""
    select article_id,
           length(regexp_replace(regexp_replace(body, '[^\p{L}]', '', 'g'), '[^\p{Arabic}]', '', 'g'))
             / nullif(length(regexp_replace(body, '[^\p{L}]', '', 'g')), 0)
    from bodies order by article_id
"""


def _bodies() -> list[str]:
    return [
        "",
        "123 ...",
        "abc مرحبا",
        "ﷲ ﻻ ۝ ݐ ࢠ 𞸀 Ꭰ 中文 ё ß",  # presentation forms, supplements, Arabic mathematical letters, other scripts
        "e\u0301 ا\u064b ٠١٢ ، ؛ ؟",  # combining marks, Arabic digits and punctuation are not letters
        *SAMPLE.read_text(encoding="utf-8").splitlines(),
    ]


def test_numpy_share_equals_the_sql_regex():
    con = duckdb.connect()
    texts = _bodies()
    con.execute("create table bodies (article_id varchar, body varchar)")
    con.executemany("insert into bodies values (?, ?)", [(f"{i:05d}", t) for i, t in enumerate(texts)])
    expected = [r[1] for r in con.execute(REGEX_SHARE).fetchall()]
    got = body_shares(con, "select article_id, body from bodies order by article_id").tolist()
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert (e is None and math.isnan(g)) or g == e


def test_share_of_a_body_without_letters_is_missing():
    out = shares(["", "12 ٣٤ ..", "سوريا"])
    assert math.isnan(out[0]) and math.isnan(out[1]) and out[2] == 1.0
