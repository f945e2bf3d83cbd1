"""The run lease (warehouse/runlock.py) on real files and processes: a second holder waits and gives
up with a plain message, a dead holder's lease is taken over, and a DAG task under `make run`'s
lease goes straight on."""

from __future__ import annotations

import subprocess
import sys

import pytest

from warehouse import runlock


def test_second_holder_times_out_with_who_holds_it(tmp_path):
    runlock.acquire(tmp_path, "run A", timeout=0)
    told = []
    with pytest.raises(runlock.RunLockTimeout, match="run «run A» holds .* since"):
        runlock.acquire(tmp_path, "run B", timeout=1, poll=0.2, on_wait=told.append)
    assert told and told[0].startswith("waiting: run «run A» holds")
    runlock.acquire(tmp_path, "run A", timeout=0)  # the holder renews its own lease
    runlock.release(tmp_path, "run B")  # not B's to give back
    assert runlock.holder(tmp_path)["token"] == "run A"
    runlock.release(tmp_path, "run A")
    runlock.acquire(tmp_path, "run B", timeout=0)


def test_a_dead_processs_lease_is_taken_over(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    runlock.acquire(tmp_path, "make-run 1", pid=dead.pid, timeout=0)
    runlock.acquire(tmp_path, "scheduled__2026", timeout=0)
    assert runlock.holder(tmp_path)["token"] == "scheduled__2026"


def test_a_task_under_make_runs_lease_goes_on(tmp_path, monkeypatch):
    runlock.acquire(tmp_path, "make-run X", timeout=0)
    monkeypatch.setenv(runlock.LEASE_ENV, "make-run X")
    runlock.hold_for_task(tmp_path, "manual__2026", on_wait=print)  # returns at once
    assert runlock.holder(tmp_path)["token"] == "make-run X"
    monkeypatch.delenv(runlock.LEASE_ENV)
    with pytest.raises(runlock.RunLockTimeout):
        runlock.acquire(tmp_path, "scheduled__2027", timeout=0.5, poll=0.1, on_wait=lambda m: None)
