"""Extraction as mapped tasks (warehouse/mapped_extract.py): planned batches extracted without the
DuckDB file, a retried batch replacing its own output, and the loaded rows equal to the one-process
extraction of the same articles, hold-backs included."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from benchmarks.corpus import write_corpus
from tests.helpers import SAMPLE
from warehouse import staging, tasks
from warehouse.config import paths

ABSURD = "قتل 99999999999999999999999 مدني في قصف على بلدة سرمين بريف إدلب اليوم."
# batch_id and extracted_at say which run stored a row, not what the extractor found
AUDIT = {"batch_id", "extracted_at"}
TABLES = ["events", "event_actors", "casualties", "places", "article_mentions", "article_status"]


def _fill(inbox) -> None:
    shutil.copy(SAMPLE, inbox / SAMPLE.name)
    write_corpus(inbox, 70, seed=11, tag="m")
    (inbox / "wire_2019-05-03.jsonl").write_text(
        json.dumps(
            {"id": "absurd", "published_at": "2019-05-03T10:00:00Z", "source": "wire", "text": ABSURD},
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )


def _extracted(db) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for t in TABLES:
            cols = [
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns where "
                    "table_schema = 'extracted' and table_name = ? order by ordinal_position",
                    [t],
                ).fetchall()
                if c not in AUDIT
            ]
            out[t] = sorted(con.execute(f"select {', '.join(cols)} from extracted.{t}").fetchall(), key=repr)
        out["holds"] = sorted(
            con.execute("select article_id, stage, reason from raw.quarantine where stage = 'extract'").fetchall()
        )
        return out
    finally:
        con.close()


def _use_home(monkeypatch, home, inbox):
    monkeypatch.setenv("CONFLICT_HOME", str(home))
    monkeypatch.setenv("CONFLICT_INBOX", str(inbox))
    return paths().ensure()


def test_mapped_batches_load_the_same_rows_as_one_process(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _fill(inbox)

    one = _use_home(monkeypatch, tmp_path / "one", inbox)
    tasks.load_raw("r1", tasks.discover_inputs("r1"))
    tasks.extract("r1")
    expected = _extracted(one.warehouse)
    assert expected["events"] and expected["casualties"], "nothing to compare"

    p = _use_home(monkeypatch, tmp_path / "mapped", inbox)
    monkeypatch.setenv("CONFLICT_EXTRACT_BATCH", "25")
    tasks.load_raw("r1", tasks.discover_inputs("r1"))
    batches = tasks.plan_extract("r1")
    assert len(batches) == -(-sum(b["articles"] for b in batches) // 25) >= 3
    assert tasks.plan_extract("r1", try_number=2) == batches  # a re-plan cuts the same batches

    # the batches run with the warehouse file out of reach: they must not need it
    aside = tmp_path / "aside.duckdb"
    p.warehouse.rename(aside)
    try:
        infos = [tasks.extract_batch(b) for b in batches]
        first = staging.read_table(batches[0]["output"])[0]
        retried = tasks.extract_batch(batches[0], try_number=2)
        assert not p.warehouse.exists()
    finally:
        aside.rename(p.warehouse)
    again, meta = staging.read_table(batches[0]["output"])
    assert meta["try_number"] == 2 and again.equals(first)  # the retry replaced its own file, same rows
    assert [i["articles"] for i in infos] == [b["articles"] for b in batches]
    assert retried["batch"] == 0

    stats = tasks.load_extract("r1", batches)
    # (the absurd figure is a rejected reading now, not a held-back article: holds compare as they are)
    assert stats["batches"] == len(batches) and stats["held_back"] == len(expected["holds"])
    assert _extracted(p.warehouse) == expected
    assert not staging.exists(staging.run_url(p.home, "r1"))  # staged files removed once loaded

    con = duckdb.connect(str(p.warehouse), read_only=True)
    try:
        ledger = con.execute(
            "select task_id, try_number, rows_read, hostname from ops.task_runs "
            "where task_id like 'extract_batch[%' order by started_at"
        ).fetchall()
        extract_row = con.execute(
            "select rows_read, rows_quarantined, hostname from ops.task_runs where task_id = 'extract'"
        ).fetchall()
    finally:
        con.close()
    assert sorted(t for t, *_ in ledger) == sorted(f"extract_batch[{b['batch']}]" for b in batches)
    assert dict((t, n) for t, _, n, _ in ledger) == {f"extract_batch[{b['batch']}]": b["articles"] for b in batches}
    assert [r for t, r, *_ in ledger if t == "extract_batch[0]"] == [2]  # the try that wrote the file loaded
    assert all(h for *_, h in ledger) and extract_row[0][2]
    assert extract_row[0][:2] == (sum(b["articles"] for b in batches), len(expected["holds"]))


def test_a_missing_batch_output_fails_the_load(home, inbox, monkeypatch):
    _fill(inbox)
    monkeypatch.setenv("CONFLICT_EXTRACT_BATCH", "40")
    tasks.load_raw("r1", tasks.discover_inputs("r1"))
    batches = tasks.plan_extract("r1")
    tasks.extract_batch(batches[0])
    with pytest.raises(FileNotFoundError):
        tasks.load_extract("r1", batches)
