"""Measure one ``StatsReporter`` implementation in this process; print JSON on stdout.

    python _core_worker.py MODULE ADD_SIZES WRITE_KEYS

MODULE is ``reference_core`` or ``mlagents.trainers.stats`` (run by the real host's
interpreter); ADD_SIZES and WRITE_KEYS are comma-separated integers. Run by bench_core.
"""

from __future__ import annotations

import gc
import importlib
import json
import statistics
import sys
import time
import tracemalloc
from typing import Any

KEY = "Environment/Cumulative Reward"
VALUES_PER_KEY = 10
BEST_OF = 3  # add_stat timings: the best of this many passes within one process
WRITE_CALLS = 20_000  # write_stats calls per size are WRITE_CALLS // keys (at least 5)


def _reset(reporter_cls: Any) -> None:
    reporter_cls.writers.clear()
    reporter_cls.stats_dict.clear()
    reporter_cls.stats_aggregation.clear()


def add_stat(mod: Any, n: int) -> dict[str, float]:
    """``n`` calls of ``add_stat`` on one key, no writer (best of 3); then under tracemalloc."""
    add = mod.StatsReporter("bench").add_stat
    best = float("inf")
    for _ in range(BEST_OF):
        _reset(mod.StatsReporter)
        gc.collect()
        start = time.perf_counter()
        for i in range(n):
            add(KEY, i * 0.5)
        best = min(best, time.perf_counter() - start)
    elapsed = best
    _reset(mod.StatsReporter)
    gc.collect()
    tracemalloc.start()
    for i in range(n):
        add(KEY, i * 0.5)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    _reset(mod.StatsReporter)
    return {"total_s": elapsed, "per_call_s": elapsed / n, "peak_bytes": peak}


def _fill(reporter: Any, keys: list[str]) -> None:
    for key in keys:
        for v in range(VALUES_PER_KEY):
            reporter.add_stat(key, float(v))


def write_stats(mod: Any, keys: int, writer_cls: Any) -> dict[str, float]:
    """``write_stats`` over ``keys`` keys of 10 values each, to one registered writer."""
    _reset(mod.StatsReporter)
    mod.StatsReporter.add_writer(writer_cls())
    reporter = mod.StatsReporter("bench")
    names = [f"Stats/key-{i}" for i in range(keys)]
    calls = max(5, WRITE_CALLS // keys)
    times = []
    gc.collect()
    for step in range(calls):
        _fill(reporter, names)
        start = time.perf_counter()
        reporter.write_stats(step)
        times.append(time.perf_counter() - start)
    _fill(reporter, names)
    gc.collect()
    tracemalloc.start()
    reporter.write_stats(calls)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    _reset(mod.StatsReporter)
    median = statistics.median(times)
    return {"calls": calls, "per_call_s": median, "per_key_s": median / keys, "peak_bytes": peak}


def main(argv: list[str]) -> None:
    module, add_sizes, write_keys = argv[0], argv[1], argv[2]
    mod = importlib.import_module(module)

    class NoopWriter(mod.StatsWriter):  # type: ignore[misc, name-defined]
        def write_stats(self, category: str, values: Any, step: int) -> None:
            pass

    class MeanWriter(mod.StatsWriter):  # type: ignore[misc, name-defined]
        def write_stats(self, category: str, values: Any, step: int) -> None:  # noqa: ARG002
            for summary in values.values():
                _ = summary.mean

    result: dict[str, Any] = {"python": sys.version.split()[0], "add_stat": {}, "write_stats": {}}
    for n in (int(s) for s in add_sizes.split(",")):
        result["add_stat"][str(n)] = add_stat(mod, n)
    for k in (int(s) for s in write_keys.split(",")):
        result["write_stats"][str(k)] = {
            "noop": write_stats(mod, k, NoopWriter),
            "mean": write_stats(mod, k, MeanWriter),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
