"""`make bench-extract`: articles per second of the extractor on one core, over 20,000 articles built
from the sample's real sentences, against one camel-tools `simple_word_tokenize` pass over the same
text. Target: ratio (extract time / tokenise time) <= 1.0; never worse than 1.5.

The extractor runs as the pipeline runs it: from the compiled modules when they are current
(extract/native.py), else from source; `CONFLICT_PURE_PYTHON=1 make bench-extract` measures source.
The two passes alternate for a few
rounds and each keeps its best time (as timeit does): this shared machine's noise, which only ever
adds time, then reaches neither side's figure.

It also prints a worker's start-up: a new process importing the extractor and running
prepare_extractor (CPU seconds, and the resident memory it adds to a bare interpreter's), the best
of three."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import date

from camel_tools.tokenizers.word import simple_word_tokenize

from benchmarks.corpus import synthetic_articles
from extract.article import extract_article, prepare_extractor
from extract.native import MODULES, compiled_modules


def _tokenise(corpus: list[str]) -> float:
    t0 = time.perf_counter()
    for a in corpus:
        simple_word_tokenize(a)
    return time.perf_counter() - t0


def _extract(corpus: list[str]) -> tuple[float, int, int]:
    t0 = time.perf_counter()
    events = casualties = 0
    for i, a in enumerate(corpus):
        x = extract_article(str(i), a, date(2017, 7, 27))
        events += len(x.events)
        casualties += len(x.casualties)
    return time.perf_counter() - t0, events, casualties


# peak resident memory from /proc (VmHWM, kB): getrusage's ru_maxrss carries the parent's over fork
_PEAK = "print(next(ln.split()[1] for ln in open('/proc/self/status') if ln.startswith('VmHWM')))"
_STARTUP = f"""
import time
t = time.process_time()
from extract.article import prepare_extractor
prepare_extractor()
print(time.process_time() - t)
{_PEAK}
"""


def _startup() -> tuple[float, float]:
    """(CPU seconds, MB) of a new process's import and prepare_extractor, the best of three; the
    memory is its peak resident set less a bare interpreter's."""
    bare = subprocess.run(
        [sys.executable, "-c", _PEAK],
        capture_output=True,
        text=True,
        check=True,
    )
    runs = [
        subprocess.run([sys.executable, "-c", _STARTUP], capture_output=True, text=True, check=True).stdout.split()
        for _ in range(3)
    ]
    return min(float(r[0]) for r in runs), (min(int(r[1]) for r in runs) - int(bare.stdout)) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    corpus = list(synthetic_articles(args.articles))
    chars = sum(len(a) for a in corpus)
    prepare_extractor()  # as the pipeline does before its first article

    rounds = []
    for _ in range(args.rounds):
        tokenise = _tokenise(corpus)
        extract, events, casualties = _extract(corpus)
        rounds.append((tokenise, extract))
    tokenise, extract = min(r[0] for r in rounds), min(r[1] for r in rounds)

    compiled = compiled_modules()
    print(
        f"extractor: {len(compiled)}/{len(MODULES)} modules compiled" + ("" if compiled else " (running from source)")
    )
    print(f"corpus: {len(corpus)} articles, {chars / 1e6:.1f} M characters; best of {len(rounds)} rounds each")
    print(f"camel-tools simple_word_tokenize: {tokenise:7.2f} s  {len(corpus) / tokenise:8.0f} articles/s")
    print(
        f"extract_article (one core):       {extract:7.2f} s  {len(corpus) / extract:8.0f} articles/s"
        f"  ({events} events, {casualties} casualty figures)"
    )
    print("ratio per round: " + ", ".join(f"{e / t:.2f}" for t, e in rounds))
    print(f"ratio extract/tokenise: {extract / tokenise:.2f}  (target <= 1.0, ceiling 1.5)")
    cpu, mb = _startup()
    print(f"start-up (new process: import, prepare_extractor): {cpu:.2f} s CPU, +{mb:.0f} MB resident")


if __name__ == "__main__":
    main()
