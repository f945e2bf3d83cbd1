"""The closed vocabularies every layer shares, each defined once as a lexicon file: casualty outcomes,
victim groups, qualifiers, actor roles (`<name>.csv`, a `value` column) and the event types with
which of them are violent (`event_types.csv`). The GX suites, the report and the dbt tests (through
reference.<name>) read the same files."""

from __future__ import annotations

import functools

from extract.lexicon import load_csv

VOCABULARIES = ("outcomes", "victim_groups", "qualifiers", "roles")
# No single report in this war counts more people than this; a larger figure is a parsing error
# (the extractor leaves a sum beyond it unset, the GX suites refuse a count beyond it).
MAX_SANE_COUNT = 20_000_000


@functools.cache
def values(vocabulary: str) -> tuple[str, ...]:
    """The vocabulary's values in file order."""
    if vocabulary not in VOCABULARIES:
        raise KeyError(f"no vocabulary {vocabulary!r} (known: {', '.join(VOCABULARIES)})")
    return tuple(r["value"] for r in load_csv(f"{vocabulary}.csv"))


@functools.cache
def event_types() -> tuple[str, ...]:
    """ACLED's event types (plus Humanitarian), in file order."""
    return tuple(dict.fromkeys(r["event_type"] for r in load_csv("event_types.csv")))


@functools.cache
def violent_types() -> frozenset[str]:
    """The event types that are political violence. Violence is a property of the type, as in ACLED:
    every sub-type of a violent type is violent and none of another type is (a protest met with
    force stays a Protest; demonstrators' own violence is a Riot)."""
    by_type: dict[str, set[bool]] = {}
    for r in load_csv("event_types.csv"):
        by_type.setdefault(r["event_type"], set()).add(r["violent"] == "true")
    mixed = sorted(t for t, v in by_type.items() if len(v) > 1)
    if mixed:
        raise ValueError(f"event_types.csv: sub-types of {', '.join(mixed)} disagree on `violent`")
    return frozenset(t for t, v in by_type.items() if True in v)
