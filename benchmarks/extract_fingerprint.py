"""`python -m benchmarks.extract_fingerprint`: one sha256 of everything extract_article returns
(events, casualties, mentions, places, rejected readings, unknown places, sentence counts) over the
sample, every gold article (with its publication date and without one) and synthetic benchmark
articles. A speed change must leave it unchanged: the same hash before and after, compiled and
from source (CONFLICT_PURE_PYTHON=1).

The blind sets are only run through the extractor for the hash: their texts and outputs are never
printed."""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
from datetime import date
from pathlib import Path

import yaml

from benchmarks.corpus import SAMPLE, synthetic_articles
from extract.article import extract_article, prepare_extractor
from extract.native import compiled_modules
from extract.segment import segment

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "gold"


def _gold_texts(path: Path):
    """(id, text, published) of a gold set's articles, read as the scorer reads them."""
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    lines = (REPO / gold["source"]).read_text(encoding="utf-8").splitlines() if "source" in gold else None
    for a in gold["articles"]:
        if lines is None:
            text = a["text"]
        else:
            first, last = a["lines"]
            text = "\n".join(ln for ln in lines[first - 1 : last] if ln.strip())
        published = a.get("published_at")
        yield (
            str(a["id"]),
            text,
            published if published is None or isinstance(published, date) else date.fromisoformat(str(published)),
        )


def _inputs(synthetic: int):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    for i, art in enumerate(segment(lines)):
        yield f"sample-{i}", "\n".join(p for _, p in art), date(2017, 7, 27)
    for path in sorted(GOLD.glob("*.yml")):
        for art_id, text, published in _gold_texts(path):
            yield f"{path.stem}-{art_id}", text, published
            yield f"{path.stem}-{art_id}-undated", text, None
    for i, text in enumerate(synthetic_articles(synthetic)):
        yield f"synthetic-{i}", text, date(2017, 7, 27)


def fingerprint(synthetic: int) -> tuple[str, int]:
    digest = hashlib.sha256()
    n = 0
    for art_id, text, published in _inputs(synthetic):
        x = extract_article(art_id, text, published)
        digest.update(repr(dataclasses.asdict(x)).encode())
        digest.update(repr([c.is_primary for c in x.casualties]).encode())
        n += 1
    return digest.hexdigest(), n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--synthetic", type=int, default=3_000)
    args = parser.parse_args()
    prepare_extractor()
    digest, n = fingerprint(args.synthetic)
    print(f"{digest}  {n} articles, {len(compiled_modules())} modules compiled")


if __name__ == "__main__":
    main()
