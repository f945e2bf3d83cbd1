"""The ACLED- and UCDP GED-shaped exports, read the way those datasets' users read them: pandas with
the codebooks' column names and dtypes (an integer column with a gap, or a misnamed column, fails
the read), then every code checked against the rules it is derived by."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from benchmarks.corpus import write_corpus
from tests.helpers import REPO, SAMPLE
from warehouse import tasks

# ACLED's public export, in its column order (ACLED codebook), with the dtypes an ACLED loader uses.
ACLED_DTYPES = {
    "event_id_cnty": "string",
    "event_date": "string",
    "year": "int64",
    "time_precision": "int64",
    "disorder_type": "string",
    "event_type": "string",
    "sub_event_type": "string",
    "actor1": "string",
    "assoc_actor_1": "string",
    "inter1": "int64",
    "actor2": "string",
    "assoc_actor_2": "string",
    "inter2": "int64",
    "interaction": "int64",
    "civilian_targeting": "string",
    "iso": "int64",
    "region": "string",
    "country": "string",
    "admin1": "string",
    "admin2": "string",
    "admin3": "string",
    "location": "string",
    "latitude": "float64",
    "longitude": "float64",
    "geo_precision": "int64",
    "source": "string",
    "source_scale": "string",
    "notes": "string",
    "fatalities": "int64",
    "tags": "string",
    "timestamp": "int64",
}
# UCDP GED's columns we fill (GED codebook), with GED's dtypes.
GED_DTYPES = {
    "id": "int64",
    "year": "int64",
    "type_of_violence": "int64",
    "side_a": "string",
    "side_b": "string",
    "number_of_sources": "int64",
    "where_prec": "int64",
    "where_description": "string",
    "adm_1": "string",
    "adm_2": "string",
    "latitude": "float64",
    "longitude": "float64",
    "country": "string",
    "country_id": "int64",
    "region": "string",
    "date_prec": "int64",
    "date_start": "string",
    "date_end": "string",
    "deaths_a": "int64",
    "deaths_b": "int64",
    "deaths_civilians": "int64",
    "deaths_unknown": "int64",
    "best": "int64",
    "high": "int64",
    "low": "int64",
}
OURS = ["evidence_ar", "event_id"]  # our additions, after the codebook's columns
INTER = {
    "State forces": 1,
    "Rebel group": 2,
    "Political militia": 3,
    "Identity militia": 4,
    "Rioters": 5,
    "Protesters": 6,
    "Civilians": 7,
    "External/Other forces": 8,
}
ISO3 = {
    "Syria": ("SYR", 760),
    "Lebanon": ("LBN", 422),
    "Iraq": ("IRQ", 368),
    "Jordan": ("JOR", 400),
    "Turkey": ("TUR", 792),
}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The sample and a dated synthetic corpus through every task up to publication."""
    home = tmp_path_factory.mktemp("home")
    inbox = tmp_path_factory.mktemp("inbox")
    (inbox / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    write_corpus(inbox, 250, seed=11, tag="x")
    mp = pytest.MonkeyPatch()
    mp.setenv("CONFLICT_HOME", str(home))
    mp.setenv("CONFLICT_INBOX", str(inbox))
    run = "exports-test"
    tasks.load_raw(run, tasks.discover_inputs(run))
    tasks.extract(run)
    tasks.dbt_build(run)
    tasks.validate(run)
    tasks.publish(run)
    yield home / "published"
    mp.undo()


@pytest.fixture(scope="module")
def marts(published):
    con = duckdb.connect(str(published / "warehouse.duckdb"), read_only=True)
    yield con
    con.close()


def _read(path, dtypes: dict, dates: list[str]) -> pd.DataFrame:
    with open(path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == [*dtypes, *OURS], "the codebook's columns, in its order, then ours"
    typed = {c: t for c, t in dtypes.items() if c not in dates}
    return pd.read_csv(
        path,
        dtype={**typed, **{c: "string" for c in OURS}},
        parse_dates=dates,
        date_format="%Y-%m-%d",
        keep_default_na=False,
        na_values=[""],
    )


@pytest.fixture(scope="module")
def acled(published) -> pd.DataFrame:
    return _read(published / "exports" / "acled_events.csv", ACLED_DTYPES, ["event_date"])


@pytest.fixture(scope="module")
def ged(published) -> pd.DataFrame:
    return _read(published / "exports" / "ged_events.csv", GED_DTYPES, ["date_start", "date_end"])


def test_acled_export_is_every_dated_located_acled_event(acled, marts, published):
    expected = marts.execute("""
        select e.event_id from marts.events e join marts.locations l using (location_id)
        where e.event_date is not null and l.latitude is not null and e.event_type <> 'Humanitarian'
        order by 1""").fetchall()
    assert len(acled) > 200, "a dated corpus must give many ACLED rows for this test to mean anything"
    assert sorted(acled["event_id"]) == [e for (e,) in expected]
    assert acled["event_id_cnty"].is_unique
    assert (published / "parquet" / "acled_events.parquet").exists()
    assert pd.read_parquet(published / "parquet" / "acled_events.parquet").shape == acled.shape


def test_acled_codes_follow_the_codebook(acled, marts):
    taxonomy = pd.read_csv("extract/lexicons/event_types.csv")
    acled_pairs = set(
        taxonomy.loc[taxonomy.event_type != "Humanitarian", ["event_type", "sub_event_type"]].itertuples(
            index=False, name=None
        )
    )
    assert set(acled[["event_type", "sub_event_type"]].itertuples(index=False, name=None)) <= acled_pairs
    types = dict(marts.execute("select name_en, actor_type from marts.actors").fetchall())
    assert (acled["inter1"] == acled["actor1"].map(types).map(INTER)).all()
    with_2 = acled["actor2"].notna()
    assert (acled.loc[with_2, "inter2"] == acled.loc[with_2, "actor2"].map(types).map(INTER)).all()
    assert (acled.loc[~with_2, "inter2"] == 0).all()
    lo = acled[["inter1", "inter2"]].min(axis=1)
    hi = acled[["inter1", "inter2"]].max(axis=1)
    expected = (lo * 10 + hi).where(acled["inter2"] > 0, acled["inter1"] * 10)
    assert (acled["interaction"] == expected).all()
    assert {12, 10}.issubset(set(acled["interaction"])), "state vs rebels and state alone are the commonest"
    assert set(acled["time_precision"]) <= {1, 2, 3} and set(acled["geo_precision"]) <= {1, 2, 3}
    disorder = {
        "Battles": "Political violence",
        "Explosions/Remote violence": "Political violence",
        "Violence against civilians": "Political violence",
        "Strategic developments": "Strategic developments",
    }
    known = acled["event_type"].isin(disorder)
    assert (acled.loc[known, "disorder_type"] == acled.loc[known, "event_type"].map(disorder)).all()
    assert set(acled["disorder_type"]) <= {
        "Political violence",
        "Demonstrations",
        "Political violence; Demonstrations",
        "Strategic developments",
    }
    vac = acled["event_type"] == "Violence against civilians"
    assert (acled.loc[vac, "civilian_targeting"] == "Civilian targeting").all()
    assert set(acled["civilian_targeting"].dropna()) <= {"Civilian targeting"}
    assert (acled["year"] == acled["event_date"].dt.year).all()
    iso = acled["country"].map(lambda c: ISO3[c][1])
    assert (acled["iso"] == iso).all()
    assert (acled["event_id_cnty"].str[:3] == acled["country"].map(lambda c: ISO3[c][0])).all()
    assert set(acled["region"]) == {"Middle East"}
    # districts and sub-districts from the national gazetteer: Syrian places have them, others not
    syria = acled["country"] == "Syria"
    assert acled.loc[syria & acled["geo_precision"].eq(1), "admin2"].notna().any()
    assert acled.loc[~syria, "admin2"].isna().all()
    assert (acled["fatalities"] >= 0).all()


def test_acled_admin1_uses_the_canonical_division_names(acled):
    canonical = set(pd.read_csv("extract/lexicons/admin1.csv")["name_en"])
    named = acled["admin1"].dropna()
    assert len(named) > 0.8 * len(acled)
    assert set(named) <= canonical, set(named) - canonical


def test_acled_notes_are_one_english_sentence_and_evidence_stays_arabic(acled):
    notes = acled["notes"]
    assert notes.str.startswith("On ").all() and notes.str.endswith(".").all()
    assert (notes.str.count(r"\.\s") == 0).all(), "one sentence"
    assert not notes.str.contains(r"[\u0600-\u06FF]").any(), "notes are English"
    assert acled["evidence_ar"].str.contains(r"[\u0600-\u06FF]").all()
    first = acled.iloc[0]
    assert first["location"] in first["notes"] and first["actor1"] in first["notes"]
    killed = acled[acled["fatalities"] > 0]
    assert len(killed) and killed["notes"].str.contains("reported fatalities").all()


def test_ged_export_reads_with_ged_dtypes_and_counts_add_up(ged, marts, published):
    assert len(ged) > 20, "a dated corpus must give GED rows for this test to mean anything"
    assert ged["id"].is_unique
    deaths = ged[["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"]].sum(axis=1)
    assert (ged["best"] == deaths).all()
    assert ((ged["low"] <= ged["best"]) & (ged["best"] <= ged["high"]) & (ged["high"] >= 1)).all()
    # best is the primary killed figures of the event, counted once
    primary = dict(
        marts.execute("""
        select event_id, sum(coalesce(count_best, 0)) from marts.casualties
        where is_primary and outcome = 'killed' group by 1""").fetchall()
    )
    assert (ged["best"] == ged["event_id"].map(primary)).all()
    assert set(ged["type_of_violence"]) <= {1, 2, 3}
    assert set(ged["where_prec"]) <= {1, 3, 4, 6} and set(ged["date_prec"]) <= {1, 3, 4}
    assert (ged["date_end"] >= ged["date_start"]).all()
    assert ((ged["date_prec"] == 1) == (ged["date_end"] == ged["date_start"])).all()
    assert (ged["year"] == ged["date_start"].dt.year).all()
    assert pd.read_parquet(published / "parquet" / "ged_events.parquet").shape == ged.shape


def test_ged_type_of_violence_follows_the_sides(ged, marts):
    types = dict(marts.execute("select name_en, actor_type from marts.actors").fetchall())
    one_sided = ged["type_of_violence"] == 3
    assert (ged.loc[one_sided, "side_b"] == "Civilians").all() and (ged.loc[one_sided, "deaths_b"] == 0).all()
    state = {"State forces", "External/Other forces"}
    has_state = ged["side_a"].map(types).isin(state) | ged["side_b"].map(types).isin(state)
    assert (has_state[ged["type_of_violence"] == 1]).all()
    assert not (has_state[ged["type_of_violence"] == 2]).any()
    assert set(ged["country_id"]) <= {652, 660, 645, 663, 640}


def test_make_sql_opens_the_snapshot_read_only_while_the_dag_publishes(published, acled):
    env = {**os.environ, "CONFLICT_HOME": str(published.parent)}
    shell = subprocess.Popen(
        ["make", "-s", "--no-print-directory", "sql"],
        cwd=REPO,
        env=env,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        shell.stdin.write(".mode csv\nselect count(*) as n from marts.acled_events;\n")
        shell.stdin.flush()
        # while an analyst's shell is open on the snapshot, a run publishes a new one (another process)
        run = subprocess.run(
            [sys.executable, "-c", "from warehouse import tasks; tasks.publish('sql-test')"],
            cwd=REPO,
            env={**env, "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert run.returncode == 0, run.stderr[-3000:]
        out, err = shell.communicate("select count(*) as m from marts.ged_events;\n.quit\n", timeout=300)
    finally:
        if shell.poll() is None:
            shell.kill()
    assert shell.returncode == 0, err[-2000:]
    assert f"n\n{len(acled)}\n" in out
    assert "\nm\n" in out
    # read-only: the shell can not change the snapshot
    denied = subprocess.run(
        ["make", "-s", "--no-print-directory", "sql"],
        cwd=REPO,
        env=env,
        text=True,
        input="create table marts.scratch (x int);\n",
        capture_output=True,
        timeout=300,
    )
    assert "read-only" in (denied.stdout + denied.stderr).lower()
