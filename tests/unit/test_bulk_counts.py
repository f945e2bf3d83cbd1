"""The bulk counters that replaced per-text loops and per-body regexes give the same figures."""

from __future__ import annotations

from pathlib import Path

from ingest.records import arabic_share, arabic_shares
from warehouse.dbt_session import commands

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample" / "shaam_2017-07.txt"

TEXTS = [
    "",
    "123 ...",
    "abc مرحبا",
    "قتل 5 مدنيين في قصف على ريف إدلب، وأصيب آخرون.",
    "ﷲ ﻻ ۝ ݐ ࢠ 中文 ё ß",  # presentation forms, the Arabic supplements, other scripts
    "e\u0301 ا\u064b",  # combining marks are not letters
]


def test_bulk_arabic_shares_equal_one_text_at_a_time():
    texts = TEXTS + SAMPLE.read_text(encoding="utf-8").splitlines()
    assert arabic_shares(texts) == [arabic_share(t) for t in texts]


def test_bulk_arabic_shares_across_chunk_boundaries(monkeypatch):
    import ingest.records as records

    monkeypatch.setattr(records, "_CHUNK_CHARS", 40)  # every few texts a new numpy pass
    texts = SAMPLE.read_text(encoding="utf-8").splitlines()[:50] + TEXTS
    assert records.arabic_shares(texts) == [arabic_share(t) for t in texts]


def test_dbt_session_splits_commands_at_then():
    assert commands(["build", "--project-dir", "p", "--then", "source", "freshness", "--output", "s.json"]) == [
        ["build", "--project-dir", "p"],
        ["source", "freshness", "--output", "s.json"],
    ]
    assert commands(["build"]) == [["build"]]
