"""A total split by town (GUIDELINE §3, §8.13) through the whole gate: each town's event carries its
part as its toll, the parts stay breakdowns so the primary figures still sum to the article's total
once, and the gate's recomputation of every event's toll from marts.casualties agrees with the
extractor's, so the article publishes instead of blocking the batch."""

from __future__ import annotations

import duckdb

from warehouse import dbt_runner, tasks
from warehouse.config import paths
from warehouse.holdback import held_articles

# real_dev rd056 (Turkey Now, 2020-01-11): «17 ... قتلوا» then «سبعة ... في مدينة إدلب، أربعة في النيرب، وستة في بنش»
SPLIT = (
    "مقتل 17 شخصًا على الأقل في قصف للنظام السوري على إدلب\n"
    "قال شهود إن 17 شخصا على الأقل قتلوا يوم السبت بعد غارات جوية شنها جيش النظام السوري "
    "على أربع مدن في منطقة إدلب.\n"
    "قال الشهود إن سبعة أشخاص قتلوا في مدينة إدلب يوم السبت، أربعة في النيرب، وستة في بنش.\n"
)


def test_a_split_total_passes_the_gate_with_a_toll_per_town(home, inbox):
    (inbox / "split.txt").write_text(SPLIT, encoding="utf-8")
    tasks.load_raw("run_1", tasks.discover_inputs("run_1"))
    tasks.extract("run_1")
    dbt_runner.build(paths())
    tasks.validate("run_1")  # raises ValidationFailed when an event's toll disagrees with its figures

    con = duckdb.connect(str(paths().warehouse), read_only=True)
    try:
        tolls = sorted(r[0] for r in con.execute("select fatalities from marts.events where fatalities > 0").fetchall())
        primary = con.execute(
            "select sum(count_best) from marts.casualties where is_primary and outcome = 'killed' and not is_tally"
        ).fetchone()[0]
        held = held_articles(con)
    finally:
        con.close()
    assert tolls == [4, 6, 7]
    assert primary == 17
    assert held == []  # the gate held nothing back
