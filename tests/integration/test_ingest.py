"""Landing-folder ingest on a real DuckDB file: quarantine with reasons, idempotent reruns, and a
load killed half-way that converges on rerun."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb

from ingest.load import load_inbox
from tests.helpers import GOOD, REPO, SAMPLE, bad_inbox, jsonl
from warehouse.db import writer


def test_bad_input_is_quarantined_with_reasons_and_good_input_loads(home, inbox):
    import shutil

    shutil.copy(SAMPLE, inbox / SAMPLE.name)
    bad_inbox(inbox)
    with writer(home / "warehouse.duckdb") as con:
        stats = load_inbox(con, inbox, "b1", home / "quarantine")
        reasons = dict(con.execute("select reason, count(*) from raw.quarantine group by reason").fetchall())
        articles = con.execute("select source, external_id, published_at from raw.articles").fetchall()
    assert reasons == {
        "bad_encoding": 1,
        "empty_file": 1,
        "not_arabic": 2,
        "malformed_json": 2,
        "missing_text": 1,
        "published_in_future": 1,
        "bad_published_at": 1,
    }
    assert stats.articles_loaded == 13  # 12 from the dump, 1 good feed line
    wire = [a for a in articles if a[0] == "wire"]
    assert wire[0][1] == "ok-1" and str(wire[0][2]) == "2017-07-27 09:00:00"
    assert sum(1 for a in articles if a[0] == "shaam") == 12
    # files people can read: reasons beside a copy of each wholly refused file
    names = sorted(p.name for p in (home / "quarantine").iterdir())
    assert any(n.startswith("latin1.txt.") and n.endswith(".reasons.jsonl") for n in names)
    assert any(n.startswith("latin1.txt.") and not n.endswith(".jsonl") for n in names)
    lines = [json.loads(row) for p in (home / "quarantine").glob("feed_*.reasons.jsonl") for row in p.open()]
    assert {row["reason"] for row in lines} >= {"malformed_json", "missing_text", "published_in_future"}


def test_legacy_arabic_encodings_load_and_say_what_they_were(home, inbox):
    """A paragraph dump exported from Windows (Windows-1256) or saved as UTF-16 with a BOM loads like
    UTF-8; the encoding is recorded on the raw row; bytes no encoding reads as Arabic are refused."""
    text = SAMPLE.read_text(encoding="utf-8")
    (inbox / "archive_cp1256.txt").write_bytes(text.encode("cp1256", errors="replace"))
    (inbox / "export_utf16.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-16"))
    (inbox / "feed_bom.jsonl").write_bytes(
        json.dumps({"id": "x", "text": GOOD}, ensure_ascii=False).encode("utf-8-sig")
    )
    (inbox / "noise.txt").write_bytes(bytes(range(128, 256)) * 20)
    with writer(home / "warehouse.duckdb") as con:
        load_inbox(con, inbox, "b1", home / "quarantine")
        encodings = dict(con.execute("select regexp_extract(path, '[^/]+$'), encoding from raw.files").fetchall())
        per_file = dict(con.execute("select regexp_extract(path, '[^/]+$'), articles_seen from raw.files").fetchall())
        refused = con.execute("select reason from raw.quarantine where path like '%noise.txt'").fetchall()
    assert encodings["archive_cp1256.txt"] == "cp1256"
    assert encodings["export_utf16.txt"] == "utf-16" and encodings["feed_bom.jsonl"] == "utf-8-sig"
    # every article of the sample read from each (the copies' articles are one content, loaded once)
    assert (
        per_file["archive_cp1256.txt"] == 12 and per_file["export_utf16.txt"] == 12 and per_file["feed_bom.jsonl"] == 1
    )
    assert refused == [("bad_encoding",)] and encodings["noise.txt"] is None


def test_rerun_and_renamed_copy_load_nothing(home, inbox):
    import shutil

    shutil.copy(SAMPLE, inbox / SAMPLE.name)
    with writer(home / "warehouse.duckdb") as con:
        first = load_inbox(con, inbox, "b1", home / "quarantine")
        before = con.execute("select * from raw.articles order by article_id").fetchall()
        shutil.copy(SAMPLE, inbox / "copy_of_sample.txt")
        second = load_inbox(con, inbox, "b2", home / "quarantine")
        after = con.execute("select * from raw.articles order by article_id").fetchall()
    assert first.articles_loaded == 12
    assert second.files_new == 0 and second.articles_loaded == 0
    assert before == after


def test_file_date_sets_published_at(home, inbox):
    (inbox / "shaam_2017-07-27.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with writer(home / "warehouse.duckdb") as con:
        load_inbox(con, inbox, "b1", home / "quarantine")
        dates = {r[0] for r in con.execute("select cast(published_at as date) from raw.articles").fetchall()}
    assert {str(d) for d in dates} == {"2017-07-27"}


def _many_files(inbox: Path, n_files: int, per_file: int) -> None:
    for i in range(n_files):
        jsonl(
            inbox / f"batch_{i:03d}.jsonl",
            [
                {
                    "id": f"{i}-{j}",
                    "published_at": "2017-07-27",
                    "source": "wire",
                    "text": f"{GOOD} التقرير رقم {i} - {j} " + "وأضاف المصدر أن فرق الإنقاذ ما زالت تعمل. " * 20,
                }
                for j in range(per_file)
            ],
        )


def test_load_killed_midway_converges_on_rerun(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _many_files(inbox, 30, 300)
    env = {
        **os.environ,
        "CONFLICT_HOME": str(tmp_path / "killed"),
        "CONFLICT_INBOX": str(inbox),
        "PYTHONPATH": str(REPO),
    }
    proc = subprocess.Popen([sys.executable, "-m", "warehouse.cli", "load"], env=env, stdout=subprocess.PIPE, text=True)
    committed = 0
    for line in proc.stdout:
        if line.startswith("committed"):
            committed += 1
        if committed == 3:
            proc.send_signal(signal.SIGKILL)  # no cleanup, no rollback handler: like a lost worker
            break
    proc.wait()
    killed_db = tmp_path / "killed" / "warehouse.duckdb"
    con = duckdb.connect(str(killed_db))
    files, articles = con.execute("select count(*), sum(articles_loaded) from raw.files").fetchall()[0]
    # whatever was committed is whole: every file row's articles are all there, nothing else is
    assert con.execute("select count(*) from raw.articles").fetchall()[0][0] == articles
    assert 3 <= files < 30
    con.close()
    # rerun converges to what one clean run produces
    rerun = subprocess.run([sys.executable, "-m", "warehouse.cli", "load"], env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    clean_env = {**env, "CONFLICT_HOME": str(tmp_path / "clean")}
    clean = subprocess.run(
        [sys.executable, "-m", "warehouse.cli", "load"], env=clean_env, capture_output=True, text=True
    )
    assert clean.returncode == 0, clean.stderr

    def content(db: Path):
        c = duckdb.connect(str(db), read_only=True)
        try:
            return (
                sorted(c.execute("select article_id, source, external_id, body from raw.articles").fetchall()),
                sorted(c.execute("select file_sha256, articles_loaded from raw.files").fetchall()),
            )
        finally:
            c.close()

    assert content(killed_db) == content(tmp_path / "clean" / "warehouse.duckdb")
    assert len(content(killed_db)[0]) == 30 * 300


# The bulk text checks against the per-character definitions they replaced (kept here as the reference).
_MIXED = [
    GOOD,
    "Five civilians were killed.",
    "",
    "١٢٣ 456 ...",
    "قتل 5 Kurdish fighters in عفرين",
    "ﻗﺘﻞ presentation forms ٱلرقة ۓ ٻ",
    "emoji 😀 𝔸 and حلب",
    "ـــ tatweel",
    "\u200bحمص\u00a0\u2003دمشق",
]


def _reference_share(text: str) -> float:
    from extract.text import ARABIC_LETTER_RE

    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if ARABIC_LETTER_RE.match(c)) / len(letters) if letters else 0.0


def _reference_canonical(body: str) -> str:
    import re
    import unicodedata

    lines = [re.sub(r"\s+", " ", line).strip() for line in unicodedata.normalize("NFC", body).splitlines()]
    return "\n".join(line for line in lines if line)


def test_bulk_arabic_share_equals_the_per_character_count():
    from extract.text import ARABIC_LETTER_RE
    from ingest.records import ARABIC_FIRST, ARABIC_SECOND, arabic_share, arabic_shares

    in_ranges = {c for lo, hi in (ARABIC_FIRST, ARABIC_SECOND) for c in range(lo, hi + 1)}
    assert in_ranges == {c for c in range(0x600, 0x700) if ARABIC_LETTER_RE.match(chr(c))}
    assert all(chr(c).isalpha() for c in in_ranges)  # so the regex scan counts letters only
    corpus = [line for line in SAMPLE.read_text(encoding="utf-8").splitlines()] + _MIXED
    expected = [_reference_share(t) for t in corpus]
    assert [arabic_share(t) for t in corpus] == expected
    assert arabic_shares(corpus) == expected
    assert {0.0, 1.0} <= set(expected) and any(0 < e < 0.5 for e in expected)  # the corpus spans the range


def test_canonical_body_equals_the_regex_form():
    from ingest.records import canonical_body

    bodies = [
        GOOD,
        " a\t\tb \n\n  c  \r\n\u00a0d\u2003e\u3000\x0b f ",
        "\u0627\u0653 ا\u0654",
        "\n \n\t",
        SAMPLE.read_text(encoding="utf-8")[:20000],
        "x\u2028y\x1cz\x85w \u200b v",
    ] + _MIXED
    assert [canonical_body(b) for b in bodies] == [_reference_canonical(b) for b in bodies]
