"""Reference core: ``StatsReporter`` throughput and memory, against the real host if present.

Each repetition starts one worker process per implementation (``_core_worker.py``),
alternating between them; a worker measures every size once. The real
``mlagents.trainers.stats`` runs under the real host's interpreter
(``.venv-mlagents/bin/python``, or ``$BENCH_HOST_PYTHON``), when that exists.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional

from _timing import (
    BENCH_DIR,
    REPO,
    clean_env,
    fmt_s,
    log,
    md_table,
    relative_names,
    run_timed,
)

WORKER = BENCH_DIR / "_core_worker.py"
ADD_SIZES = (10_000, 100_000, 1_000_000)
WRITE_KEYS = (10, 100, 1000)


#: ``write_stats`` with either writer must not be slower than the real host's (issue 16).
WRITE_GOAL = 1.0


def host_python() -> Optional[Path]:
    """The real host's interpreter: ``$BENCH_HOST_PYTHON``, the venv the host-marked tests
    use (``$MLPLUGIN_REAL_HOST_VENV``), or ``.venv-mlagents`` in the repository."""
    override = os.environ.get("BENCH_HOST_PYTHON")
    venv = os.environ.get("MLPLUGIN_REAL_HOST_VENV")
    if override:
        candidate = Path(override)
    elif venv:
        candidate = Path(venv) / "bin" / "python"
    else:
        candidate = REPO / ".venv-mlagents" / "bin" / "python"
    return candidate if candidate.exists() else None


def _probe_host(python: Path) -> Optional[str]:
    """The real mlagents version, or None when that interpreter cannot import the host."""
    code = "import importlib.metadata as m, mlagents.trainers.stats; print(m.version('mlagents'))"
    try:
        _, proc = run_timed([str(python), "-W", "ignore", "-c", code], check=False, timeout=300)
    except OSError:
        return None
    lines = proc.stdout.strip().splitlines()
    return lines[-1] if proc.returncode == 0 and lines else None


def _median_dicts(samples: list[Mapping[str, float]]) -> dict[str, Any]:
    keys = samples[0].keys()
    out: dict[str, Any] = {}
    for k in keys:
        values = [s[k] for s in samples]
        out[k] = statistics.median(values)
        if k.endswith("_s"):
            out[k.replace("_s", "_min_s")] = min(values)
            out[k.replace("_s", "_max_s")] = max(values)
    return out


def run(*, repeat: int, workdir: Path, quick: bool) -> dict[str, Any]:
    sizes = ADD_SIZES[:2] if quick else ADD_SIZES
    keys = WRITE_KEYS[:2] if quick else WRITE_KEYS
    impls: dict[str, list[str]] = {
        "reference_core": [sys.executable, str(WORKER), "reference_core"]
    }
    host = host_python()
    host_version = _probe_host(host) if host else None
    if host and host_version:
        impls[f"mlagents {host_version}"] = [
            str(host),
            "-W",
            "ignore",
            str(WORKER),
            "mlagents.trainers.stats",
        ]
        note = f"real host: mlagents {host_version} via `{relative_names(str(host))}`"
    else:
        note = (
            "real host not installed (no `.venv-mlagents`, `$MLPLUGIN_REAL_HOST_VENV` or "
            "`$BENCH_HOST_PYTHON`; `scripts/install-real-host.sh .venv-mlagents` creates "
            "one): reference_core only"
        )
    log(f"core: {', '.join(impls)} ({note})")
    env = clean_env()
    raw: dict[str, list[dict[str, Any]]] = {name: [] for name in impls}
    pythons: dict[str, str] = {}
    for rep in range(repeat):
        for name, argv in impls.items():
            cmd = [*argv, ",".join(map(str, sizes)), ",".join(map(str, keys))]
            _, proc = run_timed(cmd, env=env, cwd=workdir.parent)
            data = json.loads(proc.stdout.strip().splitlines()[-1])
            pythons[name] = data["python"]
            raw[name].append(data)
        log(f"  rep {rep + 1}/{repeat} done")
    results: dict[str, Any] = {}
    for name, runs in raw.items():
        results[name] = {
            "python": pythons[name],
            "add_stat": {
                n: _median_dicts([r["add_stat"][n] for r in runs]) for n in map(str, sizes)
            },
            "write_stats": {
                k: {
                    w: _median_dicts([r["write_stats"][k][w] for r in runs])
                    for w in ("noop", "mean")
                }
                for k in map(str, keys)
            },
        }
    ratios: dict[str, Any] = {}
    if len(results) == 2:
        (ours, theirs), (our_runs, their_runs) = results.values(), raw.values()
        ratios = {
            "add_stat": {
                n: _ratio(
                    ours["add_stat"][n]["per_call_s"],
                    theirs["add_stat"][n]["per_call_s"],
                    [(a["add_stat"][n], b["add_stat"][n]) for a, b in zip(our_runs, their_runs)],
                )
                for n in ours["add_stat"]
            },
            "write_stats": {
                k: {
                    w: _ratio(
                        ours["write_stats"][k][w]["per_call_s"],
                        theirs["write_stats"][k][w]["per_call_s"],
                        [
                            (a["write_stats"][k][w], b["write_stats"][k][w])
                            for a, b in zip(our_runs, their_runs)
                        ],
                        goal=WRITE_GOAL,
                    )
                    for w in ("noop", "mean")
                }
                for k in ours["write_stats"]
            },
        }
    return {
        "host": note,
        "implementations": results,
        "ratios_vs_host": ratios,
        "sizes": list(sizes),
        "keys": list(keys),
    }


def _ratio(
    ours: float, theirs: float, pairs: list[tuple[Any, Any]], goal: Optional[float] = None
) -> dict[str, Any]:
    """Median per-call ratio, its range over the repetitions (worker i against host worker
    i, run one after the other), and whether ``goal`` is met."""
    paired = [a["per_call_s"] / b["per_call_s"] for a, b in pairs if b["per_call_s"] > 0]
    value = ours / theirs
    return {
        "ratio": value,
        "paired_min": min(paired),
        "paired_max": max(paired),
        "goal": goal,
        "goal_met": None if goal is None else value <= goal,
    }


def _ratio_cell(r: Any) -> str:
    if isinstance(r, (int, float)):  # results.json from before ratios had a spread
        return f"{r:.2f}x"
    cell = f"{r['ratio']:.2f}x ({r['paired_min']:.2f}-{r['paired_max']:.2f})"
    if r.get("goal") is not None:
        cell += f", goal ≤ {r['goal']:g}x: " + ("yes" if r["goal_met"] else "**no**")
    return cell


def _mib(n: float) -> str:
    return f"{n / 1024 / 1024:.2f} MiB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KiB"


def _cell(m: Mapping[str, float]) -> str:
    median, low, high = m["per_call_s"], m["per_call_min_s"], m["per_call_max_s"]
    return f"{fmt_s(median)} ({fmt_s(low)}-{fmt_s(high)})"


def _add_stat_table(impls: Mapping[str, Any], ratios: Mapping[str, Any]) -> str:
    header = ["N calls"]
    for name in impls:
        header += [f"{name}: per call", f"{name}: total", f"{name}: peak"]
    header += ["ratio"] if ratios else []
    rows = []
    for n in next(iter(impls.values()))["add_stat"]:
        row = [f"{int(n):,}"]
        for data in impls.values():
            a = data["add_stat"][n]
            row += [_cell(a), fmt_s(a["total_s"]), _mib(a["peak_bytes"])]
        row += [_ratio_cell(ratios["add_stat"][n])] if ratios else []
        rows.append(row)
    return md_table(header, rows)


def _write_stats_table(impls: Mapping[str, Any], ratios: Mapping[str, Any]) -> str:
    header = ["keys", "writer"]
    for name in impls:
        header += [f"{name}: per call", f"{name}: per key", f"{name}: peak"]
    header += ["ratio"] if ratios else []
    rows = []
    for k in next(iter(impls.values()))["write_stats"]:
        for w, label in (("noop", "no-op"), ("mean", "reads mean")):
            row = [f"{int(k):,}", label]
            for data in impls.values():
                s = data["write_stats"][k][w]
                row += [_cell(s), fmt_s(s["per_key_s"]), _mib(s["peak_bytes"])]
            row += [_ratio_cell(ratios["write_stats"][k][w])] if ratios else []
            rows.append(row)
    return md_table(header, rows)


def render(result: Mapping[str, Any]) -> str:
    impls: Mapping[str, Any] = result["implementations"]
    ratios = result.get("ratios_vs_host") or {}
    out = [
        "## 3. Reference core: `StatsReporter`",
        "",
        f"- {result['host']}.",
        (
            "- `add_stat`: N calls on one key, no writer (best of 3 passes per process). "
            "`write_stats`: K keys of 10 values each, one registered writer that does "
            "nothing (`no-op`) or reads every "
            "summary's `.mean` (`reads mean`, where upstream pays for numpy). Per-call times are "
            "medians over repetitions (min-max in brackets); memory is the tracemalloc peak "
            "of the measured work."
        ),
        "",
    ]
    first = next(iter(impls.values()))
    out += ["### `add_stat` throughput", "", _add_stat_table(impls, ratios), ""]
    out += ["### `write_stats` over K keys", "", _write_stats_table(impls, ratios), ""]
    sizes = list(first["add_stat"])
    growth = []
    for name, data in impls.items():
        a0, a1 = data["add_stat"][sizes[0]], data["add_stat"][sizes[-1]]
        keys = list(data["write_stats"])
        w0, w1 = data["write_stats"][keys[0]]["noop"], data["write_stats"][keys[-1]]["noop"]
        growth.append(
            f"- {name}: per-call `add_stat` cost at {int(sizes[-1]):,} calls is "
            f"{a1['per_call_s'] / a0['per_call_s']:.2f}x that at {int(sizes[0]):,} (1.00x = "
            f"linear total); `write_stats` per key at {int(keys[-1]):,} keys is "
            f"{w1['per_key_s'] / w0['per_key_s']:.2f}x that at {int(keys[0]):,}."
        )
    out += ["Growth:", "", *growth, ""]
    if ratios:
        out.append(
            "Ratio = reference_core per-call time / the real host's (below 1: faster): the "
            "median, then in brackets its range over the repetitions (each pairs one "
            "reference_core worker with the host worker run right after it). Timed inside "
            "each worker with `time.perf_counter()` around the measured calls only; the goal "
            f"(issue 16) is `write_stats` ≤ {WRITE_GOAL:g}x the host with either writer."
        )
        out.append("")
    return "\n".join(out)
