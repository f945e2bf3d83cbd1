"""The real DAG, run with `airflow dags test` on a real DuckDB file, real dbt build and real GX."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import duckdb
import pytest

from extract.native import MODULES
from tests.helpers import REPO, marts_snapshot, run_dag

pytestmark = pytest.mark.slow


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _task_states(result) -> str:
    return result.stdout + result.stderr


def test_sample_run_twice_publishes_identical_warehouse_then_holds_back_a_failing_article(home, sample_inbox):
    """The sample published, then rerun with nothing new; then, on the same home (the state the
    hold-back needs is this published sample), an article failing an expectation is held back."""
    first = run_dag(home, sample_inbox)
    assert first.returncode == 0, _task_states(first)
    assert "validation passed" in first.stdout
    published = home / "published" / "warehouse.duckdb"
    snap1 = marts_snapshot(published)
    assert len(snap1["articles"]) == 12
    assert len(snap1["casualties"]) == 30
    assert len(snap1["events"]) > 20
    summary = json.loads((home / "published" / "summary.json").read_text())
    assert summary["totals"]["articles"] == 12 and summary["validation"].startswith("passed")
    for section in (
        'id="status"',
        'id="totals"',
        'id="by-governorate"',
        'id="by-type"',
        'id="actors"',
        'id="latest"',
        'id="validation"',
        'id="runs"',
    ):
        assert section in (home / "published" / "report.html").read_text(encoding="utf-8")
    assert (home / "published" / "parquet" / "events.parquet").exists()

    snapshot_sha = _sha(published)
    second = run_dag(home, sample_inbox)
    assert second.returncode == 0, _task_states(second)
    # nothing new: dbt, the gate and publication are skipped, the snapshot stays the same file
    for skipped in ("dbt.build", "dbt.events_run", "dbt_summary", "validate", "publish"):
        assert f"{skipped}=skipped" in second.stdout, second.stdout
    assert "report=success" in second.stdout
    assert _sha(published) == snapshot_sha and marts_snapshot(published) == snap1
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    runs = con.execute("select run_id, outcome, skipped_because from ops.runs order by started_at").fetchall()
    bad = con.execute("select count(*) from ops.task_runs where outcome not in ('success', 'skipped')").fetchall()[0][0]
    skipped = con.execute("select task_id from ops.task_runs where outcome = 'skipped' order by 1").fetchall()
    load2 = con.execute(
        "select rows_loaded from ops.task_runs where task_id = 'load_raw' order by started_at desc limit 1"
    ).fetchall()[0][0]
    first_extract = json.loads(
        con.execute(
            "select detail from ops.task_runs where task_id = 'extract' order by started_at limit 1"
        ).fetchall()[0][0]
    )
    con.close()
    (run1, outcome1, _), (run2, outcome2, because) = runs
    assert (outcome1, outcome2, bad) == ("published", "unchanged", 0)
    assert because == f"no article loaded, re-extracted, withdrawn or quarantined since run {run1}"
    assert skipped == [("dbt_build",), ("publish",), ("validate",)]
    assert f"unchanged since run <code>{run1}</code>" in (home / "published" / "report.html").read_text(
        encoding="utf-8"
    )
    assert json.loads((home / "published" / "summary.json").read_text())["unchanged_since"] == run1
    assert first_extract["articles"] == 12
    assert first_extract["compiled_modules"] == f"{len(MODULES)}/{len(MODULES)}"  # `make` built the extractor
    assert load2 == 0  # the rerun loaded nothing

    _hold_back_then_withdraw(home, sample_inbox, before=snap1)


FUTURE_REPORT = {
    "id": "typo-2031",
    "published_at": "2017-07-27T08:00:00Z",
    "source": "wire",
    "text": "قتل 7 مدنيين في 15 آذار 2031 جراء غارات جوية على مدينة سراقب بريف إدلب، بحسب الدفاع المدني.",
}


def _hold_back_then_withdraw(home, sample_inbox, before) -> None:
    """An event dated after its article («15 آذار 2031» in a report of 2017) fails an error
    expectation that names its article: that article is held back with the expectation as its
    reason, the marts are rebuilt without it, and the rest of the batch publishes; a later run keeps
    it back, and withdrawing it leaves the marts as they were (`before`, the published sample)."""
    published = home / "published" / "warehouse.duckdb"

    (sample_inbox / "wire_2017-07-27.jsonl").write_text(
        json.dumps(FUTURE_REPORT, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    held = run_dag(home, sample_inbox)
    assert held.returncode == 0, _task_states(held)
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        failures = con.execute(
            "select suite, expectation, column_name, detail from ops.validations "
            "where not success and severity = 'error'"
        ).fetchall()
        article_id = con.execute("select article_id from raw.articles where external_id = 'typo-2031'").fetchall()[0][0]
        reasons = con.execute(
            "select stage, reason, detail from raw.quarantine where article_id = ? and released_at is null",
            [article_id],
        ).fetchall()
        outcome = con.execute(
            "select outcome, articles_held_back from ops.runs order by started_at desc limit 1"
        ).fetchall()[0]
    finally:
        con.close()
    # the gate passed once the article was held back; the hold says which expectation and which sentence
    assert failures == []
    assert any(
        stage == "gate" and ("date_in_future" in reason or "after_publication" in reason)
        for stage, reason, _ in reasons
    ), reasons
    assert any("2031" in (detail or "") for _, _, detail in reasons)
    assert outcome == ("published_with_held_back", 1)
    after = marts_snapshot(published)
    assert article_id not in {r[0] for r in after["articles"]}
    assert len(after["articles"]) == len(before["articles"])
    report = (home / "published" / "report.md").read_text(encoding="utf-8")
    assert "1 article(s) held back" in report and article_id in report

    # an operator withdraws the article; the next run publishes the marts as they were
    env = {"CONFLICT_HOME": str(home), "PYTHONPATH": str(REPO)}
    subprocess.run(
        [sys.executable, "-m", "warehouse.cli", "withdraw", article_id, "--why", "year typo 2031"],
        cwd=REPO,
        env={**__import__("os").environ, **env},
        check=True,
        capture_output=True,
    )
    ok = run_dag(home, sample_inbox)
    assert ok.returncode == 0, _task_states(ok)
    assert [a[0] for a in marts_snapshot(published)["articles"]] == [a[0] for a in before["articles"]]
