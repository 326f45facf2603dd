"""Presets: trainer-thread ``write_stats`` latency against a slow and a hung backend.

For the ``mlflow`` and ``wandb`` presets, each repetition runs ``_presets_worker.py`` once
per contender, round-robin: backend ``slow`` (100 ms per request) or ``hung`` (no answer;
the request times out after 1 s), writer ``background`` (the preset as generated: the
outbox's worker thread does the I/O) or ``sync`` (the same writer calling the backend on
the trainer's thread). A worker times ``calls`` calls of ``write_stats`` with 10
statistics each. The per-call latencies of every repetition are pooled: the table shows
their median and 99th percentile, and the ratio of sync to background.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from _timing import BENCH_DIR, REPO, clean_env, fmt_s, log, md_table, run_timed

WORKER = BENCH_DIR / "_presets_worker.py"
PRESETS = ("mlflow", "wandb")
BACKENDS = ("slow", "hung")
MODES = ("background", "sync")


def _p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def _projects(workdir: Path) -> dict[str, Path]:
    sys.path.insert(0, str(REPO))
    from scaffold import generate, make_spec

    return {
        preset: generate(make_spec("bench-writer", preset=preset), workdir / preset).path
        for preset in PRESETS
    }


def run(*, repeat: int, workdir: Path, quick: bool) -> dict[str, Any]:
    projects = _projects(workdir)
    calls = {"slow": 20 if quick else 50, "hung": 5 if quick else 10}
    samples: dict[str, list[float]] = {}
    spilled: dict[str, int] = {}
    env = clean_env(WANDB_CACHE_DIR=str(workdir / "wandb-cache"))
    for index in range(repeat):
        for preset in PRESETS:
            for backend in BACKENDS:
                for mode in MODES:
                    name = f"{preset} {backend} {mode}"
                    log(f"presets {index + 1}/{repeat}: {name}")
                    argv = [sys.executable, str(WORKER), str(projects[preset] / "src")]
                    argv += ["bench_writer", "BenchWriter", preset, backend, mode]
                    argv += [str(calls[backend])]
                    _, proc = run_timed(argv, env=env, timeout=600)
                    data = json.loads(proc.stdout.strip().splitlines()[-1])
                    samples.setdefault(name, []).extend(data["latencies"])
                    spilled[name] = spilled.get(name, 0) + data["spilled"]
    return {"samples_s": samples, "spilled": spilled, "calls": calls}


def render(result: Mapping[str, Any]) -> str:
    samples = result["samples_s"]
    rows = []
    for preset in PRESETS:
        for backend in BACKENDS:
            cells = [f"{preset}", f"{backend}"]
            medians = {}
            for mode in MODES:
                got = samples[f"{preset} {backend} {mode}"]
                medians[mode] = statistics.median(got)
                cells += [fmt_s(medians[mode]), fmt_s(_p99(got))]
            ratio = medians["sync"] / medians["background"] if medians["background"] else 0
            spilled = result["spilled"][f"{preset} {backend} background"]
            rows.append([*cells, f"{ratio:,.0f}x", str(spilled)])
    header = (
        "preset",
        "backend",
        "background median",
        "background p99",
        "sync median",
        "sync p99",
        "sync / background",
        "spilled (background)",
    )
    return "\n".join(
        [
            "## Presets: trainer-thread write_stats latency",
            "",
            (
                "Each call reports 10 statistics; `slow` answers every request after 100 ms, "
                "`hung` never answers (requests time out after 1 s). `background` is the "
                "preset as generated, `sync` the same writer calling the backend itself. "
                f"Calls per run: {result['calls']['slow']} (slow), "
                f"{result['calls']['hung']} (hung)."
            ),
            "",
            md_table(header, rows),
            "",
        ]
    )
