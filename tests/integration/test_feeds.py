"""Feeds and article pages over HTTP from a loopback server the test starts: incremental loads,
versions, and every fault quarantined with its reason while the other sources still load."""

from __future__ import annotations

import duckdb
import pytest

from ingest.feeds import load_feed
from ingest.http import HttpPolicy
from ingest.sources import Source, load_sources
from tests.feed_server import ARTICLE_1, ARTICLE_2, BOMB, UPDATED_1, FeedServer, page, rss
from tests.helpers import marts_snapshot, run_dag
from warehouse.db import writer

FAST = HttpPolicy(timeout_s=0.5, retries=2, backoff_s=0.01, max_bytes=1_000_000)


def _serve_good(srv: FeedServer, extra_items=()) -> None:
    srv.set("/a1.html", page(ARTICLE_1, "غارات على سراقب"))
    srv.set("/a2.html", page(ARTICLE_2, "اشتباكات في ريف حماة"))
    srv.set(
        "/feed.xml",
        rss(srv.base, [("/a1.html", "غارات على سراقب"), ("/a2.html", "اشتباكات في ريف حماة"), *extra_items]),
        content_type="application/rss+xml",
        ETag='"v1"',
    )


def test_every_fault_is_quarantined_and_good_sources_still_load(tmp_path):
    with FeedServer() as srv:
        _serve_good(
            srv,
            extra_items=[
                ("/gone.html", "صفحة محذوفة"),
                ("/cp1256.html", "ترميز خاطئ"),
                ("/english.html", "English"),
                ("/huge.html", "ضخمة"),
                ("/loop", "حلقة"),
            ],
        )
        srv.set("/cp1256.html", page(ARTICLE_2, "ترميز").replace(b"utf-8", b"x").decode().encode("cp1256"))
        srv.set("/english.html", page(["Clashes continued in Hama today, activists said, as shelling went on."] * 3))
        srv.set("/huge.html", b"<p>" + "كلام ".encode() * 300_000 + b"</p>")
        srv.set("/loop", b"", status=302, Location="/loop")
        srv.set("/flaky.xml", b"busy", status=503)
        srv.routes["/slow.xml"] = "slow"
        srv.set("/bad.xml", b"<rss><channel><item><title>x</title></channel>", content_type="application/xml")
        srv.set("/bomb.xml", BOMB, content_type="application/xml")
        srv.set("/trunc.xml", rss(srv.base, [("/a2.html", "اشتباكات")])[:-40], content_type="application/xml")
        sources = {
            name: Source(name, "feed", f"{srv.base}{path}")
            for name, path in [
                ("good", "/feed.xml"),
                ("flaky", "/flaky.xml"),
                ("slow", "/slow.xml"),
                ("bad", "/bad.xml"),
                ("bomb", "/bomb.xml"),
                ("trunc", "/trunc.xml"),
            ]
        }
        with writer(tmp_path / "w.duckdb") as con:
            stats = {name: load_feed(con, s, "b1", FAST) for name, s in sources.items()}
            reasons = sorted(con.execute("select reason from raw.quarantine").fetchall())
            state = dict(con.execute("select source, last_status from raw.source_state").fetchall())
            articles = con.execute("select source, url, title, published_at from raw.articles order by url").fetchall()
        assert srv.hits["/flaky.xml"] == FAST.retries + 1  # retried with backoff, then given up
    assert stats["good"].loaded == 2 and stats["good"].quarantined == 5
    assert [r[0] for r in reasons] == sorted(
        [
            "http_error",
            "bad_encoding",
            "not_arabic",
            "too_large",
            "redirect_loop",  # the good feed's bad pages
            "http_error",
            "timeout",
            "xml_entities",  # whole sources refused
            "malformed_feed",
            "missing_text",  # broken XML, a link-less entry
            "malformed_feed",
        ]
    )  # truncated XML, entry kept
    assert state["flaky"] == state["slow"] == state["bomb"] == "failed"
    assert state["good"] == state["trunc"] == state["bad"] == "ok"
    assert [a[0] for a in articles].count("good") == 2
    assert str(articles[0][3]) == "2017-07-27 08:00:00" and articles[0][2]


def test_second_fetch_loads_nothing_and_a_changed_entry_is_a_new_version(tmp_path):
    with FeedServer() as srv:
        _serve_good(srv)
        src = Source("wire", "feed", f"{srv.base}/feed.xml")
        with writer(tmp_path / "w.duckdb") as con:
            first = load_feed(con, src, "b1", FAST)
            second = load_feed(con, src, "b2", FAST)  # ETag unchanged: 304
            srv.set(
                "/feed.xml",
                rss(srv.base, [("/a1.html", "غارات على سراقب"), ("/a2.html", "اشتباكات")]),
                content_type="application/rss+xml",
                ETag='"v2"',
            )
            third = load_feed(con, src, "b3", FAST)  # new ETag, same pages: all skipped
            srv.set("/a1.html", page(UPDATED_1, "غارات على سراقب"))
            srv.set(
                "/feed.xml",
                rss(srv.base, [("/a1.html", "غارات على سراقب"), ("/a2.html", "اشتباكات")]),
                content_type="application/rss+xml",
                ETag='"v3"',
            )
            fourth = load_feed(con, src, "b4", FAST)
            versions = con.execute("select entry_id, version from raw.source_entries order by 1, 2").fetchall()
            n_articles = con.execute("select count(*) from raw.articles").fetchall()[0][0]
    assert (first.loaded, second.status, third.skipped, fourth.new_versions) == (2, "not_modified", 2, 1)
    assert [v for _, v in versions] == [1, 2, 1] and n_articles == 3


def test_sources_file_is_validated(tmp_path):
    bad = tmp_path / "sources.yml"
    bad.write_text("sources:\n  - {name: x, kind: ftp}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown kind"):
        load_sources(bad)
    assert [s.name for s in load_sources() if s.enabled] == ["landing_folder"]


@pytest.mark.slow
def test_dag_reads_a_feed_and_reruns_load_nothing_new(home, inbox, tmp_path):
    with FeedServer() as srv:
        _serve_good(srv)
        sources = tmp_path / "sources.yml"
        sources.write_text(
            f"sources:\n  - {{name: landing_folder, kind: folder, enabled: true}}\n"
            f"  - {{name: test_wire, kind: feed, url: '{srv.base}/feed.xml', enabled: true}}\n",
            encoding="utf-8",
        )
        env = {"CONFLICT_SOURCES": str(sources), "CONFLICT_HTTP_RETRIES": "1", "CONFLICT_HTTP_BACKOFF": "0.01"}
        first = run_dag(home, inbox, **env)
        assert first.returncode == 0, first.stdout + first.stderr
        published = home / "published" / "warehouse.duckdb"
        snap = marts_snapshot(published)
        assert sorted(a[1] for a in snap["articles"]) == ["test_wire", "test_wire"]
        assert any(c[3] == "killed" for c in snap["casualties"])
        second = run_dag(home, inbox, **env)
        assert second.returncode == 0
        assert marts_snapshot(published) == snap
        # the working warehouse's ledger: a run with nothing new leaves the published snapshot as it was
        con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
        fetched = con.execute(
            "select rows_loaded from ops.task_runs where task_id = 'fetch_feeds' order by started_at"
        ).fetchall()
        con.close()
        assert [f[0] for f in fetched] == [2, 0]
