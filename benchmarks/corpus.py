"""Deterministic synthetic corpora built from the sample's real sentences: articles reshuffled,
numbers, places and dates varied with a fixed seed, so every run benchmarks the same text."""

from __future__ import annotations

import json
import random
import re
from datetime import datetime, timedelta
from pathlib import Path

from extract.entities import places
from extract.segment import segment

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample" / "shaam_2017-07.txt"
PER_FILE = 10_000  # articles per .jsonl file written
_DIGITS_RE = re.compile(r"(?<![\d.])\d{1,3}(?![\d.])")


def sample_articles() -> list[list[str]]:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    return [[p for _, p in art] for art in segment(lines)]


def synthetic_articles(n: int, seed: int = 7):
    """Yields n article bodies (paragraphs joined by newlines), each a variation of a sample article."""
    rng = random.Random(seed)
    arts = sample_articles()
    # the curated towns (the benchmark's corpus stays the one earlier figures were measured on)
    towns = [
        r["name_ar"] for r in places().values() if r["kind"] in ("town", "city", "village") and r["source"] == "curated"
    ]
    for i in range(n):
        base = arts[rng.randrange(len(arts))]
        paras = [base[0]] + rng.sample(base[1:], k=len(base) - 1)
        text = "\n".join(paras)
        text = _DIGITS_RE.sub(lambda m: str(max(1, int(m.group()) + rng.randint(-3, 30))), text)
        text = text.replace("الرقة", rng.choice(towns)) if rng.random() < 0.5 else text
        yield f"{text}\n(تقرير {i})"


def write_corpus(inbox: Path, n: int, seed: int, tag: str) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    day0 = datetime(2017, 7, 1)
    fh, count = None, 0
    for i, text in enumerate(synthetic_articles(n, seed=seed)):
        if i % PER_FILE == 0:
            if fh:
                fh.close()
            fh = open(inbox / f"bench_{tag}_{i // PER_FILE:04d}.jsonl", "w", encoding="utf-8")
        published = (day0 + timedelta(hours=i % (24 * 60))).isoformat()
        fh.write(
            json.dumps(
                {"id": f"{tag}-{i}", "source": "bench", "published_at": published, "text": text + f" ({tag})"},
                ensure_ascii=False,
            )
            + "\n"
        )
        count += 1
    if fh:
        fh.close()
