"""Secrets come from the environment or Airflow connections, never from the repository."""

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PATTERNS = {
    "credential assignment": re.compile(
        r"""(?i)\b(api[_-]?key|secret|passw(or)?d|token|webhook)\b\s*[:=]\s*['"][^'"\s]{8,}['"]"""
    ),
    "URL with credentials": re.compile(r"https?://[^/\s:@'\"]+:[^/\s@'\"]+@"),
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "Slack webhook": re.compile(r"hooks\.slack\.com/services/T[0-9A-Z]+"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b"),
}


def tracked_files():
    out = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    return [REPO / line for line in out.splitlines() if line and (REPO / line).is_file()]


def test_no_secret_in_tracked_files():
    findings = []
    for path in tracked_files():
        if path.suffix in {".png", ".parquet", ".duckdb"} or path.name == "test_no_secrets.py":
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        for name, pattern in PATTERNS.items():
            for m in pattern.finditer(text):
                findings.append(f"{path.relative_to(REPO)}: {name}: {m.group()[:40]}")
    assert not findings, "\n".join(findings)


def test_the_scan_finds_what_it_looks_for():
    leaks = [
        'webhook = "https://hooks.slack.com/services/T0000/B0000/XXXXXXXX"',
        "url: https://user:hunter22@feeds.example.org/rss",
        "-----BEGIN RSA PRIVATE KEY-----",
    ]
    assert all(any(p.search(leak) for p in PATTERNS.values()) for leak in leaks)
