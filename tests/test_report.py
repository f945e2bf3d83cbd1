"""The report as a person sees it: rendered by headless Chromium with the network cut off."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import SAMPLE
from warehouse import tasks

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The sample through every task body (no Airflow here: the DAG tests cover that path)."""
    home = tmp_path_factory.mktemp("home")
    inbox = tmp_path_factory.mktemp("inbox")
    shutil.copy(SAMPLE, inbox / SAMPLE.name)
    mp = pytest.MonkeyPatch()
    mp.setenv("CONFLICT_HOME", str(home))
    mp.setenv("CONFLICT_INBOX", str(inbox))
    run = "report-test"
    discovered = tasks.discover_inputs(run)
    tasks.load_raw(run, discovered)
    tasks.extract(run)
    tasks.dbt_build(run)
    tasks.validate(run)
    tasks.publish(run)
    tasks.report(run)
    yield home / "published"
    mp.undo()


def _chromium(*args: str, tmp_path) -> subprocess.CompletedProcess:
    assert CHROMIUM, "chromium is installed by `make test` (Debian package chromium)"
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True, text=True, timeout=120)


def test_report_is_self_contained(published):
    html = (published / "report.html").read_text(encoding="utf-8")
    external = re.findall(r"""(?:src|href)=['"](https?:)?//""", html)
    assert not external, "the report must open offline"
    assert len(re.findall(r"src='data:image/png;base64,", html)) >= 3
    assert (published / "report.md").exists() and (published / "summary.json").exists()
    assert (published / "data_docs" / "index.html").exists()


def test_report_renders_every_section_in_chromium(published, tmp_path):
    dom = _chromium("--dump-dom", (published / "report.html").as_uri(), tmp_path=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    for section in ("status", "totals", "over-time", "by-governorate", "by-type", "actors", "latest", "validation", "runs"):
        assert f'id="{section}"' in dom.stdout
    assert dom.stdout.count("<table") >= 6
    assert 'dir="rtl"' in dom.stdout  # Arabic evidence is shown right-to-left
    shot = tmp_path / "report.png"
    result = _chromium(f"--screenshot={shot}", "--window-size=1200,5000", (published / "report.html").as_uri(),
                       tmp_path=tmp_path)
    assert result.returncode == 0 and shot.stat().st_size > 50_000
