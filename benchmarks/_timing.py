"""Timing helpers shared by the benchmark modules.

Contenders are measured round-robin: repetition 1 runs A, B, C, then repetition 2 runs
A, B, C again, and so on, so that a slow patch of the machine (another process, a cold
page cache, thermal throttling) hits every contender alike instead of one of them.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

#: The repository this benchmark directory belongs to.
REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO / "benchmarks"

#: A contender is a callable that does its own untimed set-up, runs the measured work
#: once and returns the elapsed wall-clock seconds of the measured part.
Contender = Callable[[], float]


class CommandFailed(RuntimeError):
    """A measured command exited non-zero; carries its output for the report."""

    def __init__(self, *, argv: Sequence[str], returncode: int, output: str) -> None:
        super().__init__(argv, returncode)
        self.argv = list(argv)
        self.returncode = returncode
        self.output = output

    def __str__(self) -> str:
        tail = "\n".join(self.output.strip().splitlines()[-15:])
        return f"{' '.join(self.argv)} exited {self.returncode}:\n{tail}"


def log(message: str) -> None:
    """Progress goes to stderr so that stdout stays the result tables."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def run_timed(
    argv: Sequence[str],
    *,
    env: Optional[Mapping[str, str]] = None,
    cwd: Optional[Path] = None,
    check: bool = True,
    timeout: float = 1800,
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run ``argv`` and return (seconds from spawn to exit, the completed process)."""
    start = time.perf_counter()
    proc = subprocess.run(
        list(argv),
        env=dict(env) if env is not None else None,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if check and proc.returncode != 0:
        raise CommandFailed(argv=argv, returncode=proc.returncode, output=proc.stdout)
    return elapsed, proc


def run_measured(
    argv: Sequence[str],
    *,
    env: Optional[Mapping[str, str]] = None,
    cwd: Optional[Path] = None,
    timeout: float = 1800,
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Run ``argv``; return (wall seconds, CPU seconds, the completed process).

    CPU = user + system time of the child and of every process it waited for, from the
    kernel's accounting (``RUSAGE_CHILDREN`` before and after): steadier than wall time
    when other work shares the machine, because waiting for a CPU is not counted.
    """
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, proc = run_timed(argv, env=env, cwd=cwd, timeout=timeout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc


def cpu_ratio_entries(
    pairs: Sequence[tuple[str, str, Optional[float]]],
    wall: Mapping[str, Summary],
    cpu: Mapping[str, Summary],
) -> list[dict[str, Any]]:
    """For each (subject, baseline, goal): the wall-time ratio, then the CPU-time ratio."""
    out = []
    for subject, baseline, goal in pairs:
        out.append({**ratio_entry(subject, baseline, wall, goal=goal), "measure": "wall"})
        out.append({**ratio_entry(subject, baseline, cpu, goal=goal), "measure": "CPU"})
    return out


def interleave(
    contenders: Mapping[str, Contender], *, repeat: int, warmup: int = 1
) -> dict[str, list[float]]:
    """Run every contender ``warmup`` times untimed, then ``repeat`` times round-robin."""
    for round_ in range(warmup):
        for name, contender in contenders.items():
            log(f"  warm-up {round_ + 1}/{warmup}: {name}")
            contender()
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for rep in range(repeat):
        for name, contender in contenders.items():
            samples[name].append(contender())
        line = ", ".join(f"{n} {s[-1] * 1000:.0f} ms" for n, s in samples.items())
        log(f"  rep {rep + 1}/{repeat}: {line}")
    return samples


@dataclass(frozen=True)
class Summary:
    """Median, minimum and maximum of one contender's samples (seconds)."""

    median: float
    min: float
    max: float
    n: int
    samples: tuple[float, ...] = field(repr=False)

    @classmethod
    def of(cls, samples: Sequence[float]) -> Summary:
        assert samples, "no samples"
        return cls(
            median=statistics.median(samples),
            min=min(samples),
            max=max(samples),
            n=len(samples),
            samples=tuple(samples),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "median_s": self.median,
            "min_s": self.min,
            "max_s": self.max,
            "n": self.n,
            "samples_s": list(self.samples),
        }


def summarize(samples: Mapping[str, Sequence[float]]) -> dict[str, Summary]:
    return {name: Summary.of(values) for name, values in samples.items()}


def ratio_entry(
    subject: str, baseline: str, stats: Mapping[str, Summary], goal: Optional[float] = None
) -> dict[str, Any]:
    """The median ratio ``subject / baseline``, with the spread and whether ``goal`` is met.

    The spread is the ratio's range over paired repetitions (rep i of the subject against
    rep i of the baseline), which interleaving makes meaningful.
    """
    a, b = stats[subject], stats[baseline]
    paired = [x / y for x, y in zip(a.samples, b.samples) if y > 0]
    entry: dict[str, Any] = {
        "subject": subject,
        "baseline": baseline,
        "ratio": a.median / b.median if b.median > 0 else float("inf"),
        "paired_min": min(paired) if paired else None,
        "paired_max": max(paired) if paired else None,
        "goal": goal,
    }
    entry["goal_met"] = None if goal is None else entry["ratio"] <= goal
    return entry


#: (lower bound in seconds, scale, unit, decimals) for :func:`fmt_s`, largest first.
_UNITS = (
    (10.0, 1.0, "s", 1),
    (1.0, 1.0, "s", 2),
    (1e-3, 1e3, "ms", 1),
    (1e-4, 1e6, "µs", 0),
    (1e-6, 1e6, "µs", 2),
)


def fmt_s(seconds: Optional[float]) -> str:
    """Human-readable duration with a unit that keeps about three significant digits."""
    if seconds is None:
        return "n/a"
    if seconds < 0:  # a difference of two noisy medians can come out negative
        return "-" + fmt_s(-seconds)
    for bound, scale, unit, decimals in _UNITS:
        if seconds >= bound:
            return f"{seconds * scale:.{decimals}f} {unit}"
    return f"{seconds * 1e9:.0f} ns"


def md_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def timing_rows(stats: Mapping[str, Summary]) -> list[list[str]]:
    return [
        [f"`{name}`", fmt_s(s.median), fmt_s(s.min), fmt_s(s.max), str(s.n)]
        for name, s in stats.items()
    ]


TIMING_HEADER = ("contender", "median", "min", "max", "n")


def ratio_rows(ratios: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    rows = []
    for r in ratios:
        spread = (
            f"{r['paired_min']:.2f}-{r['paired_max']:.2f}" if r["paired_min"] is not None else ""
        )
        goal = "" if r["goal"] is None else f"≤ {r['goal']:g}x"
        met = {None: "", True: "yes", False: "**no**"}[r["goal_met"]]
        label = f"`{r['subject']}` / `{r['baseline']}`"
        if r.get("measure"):
            label += f" ({r['measure']})"
        rows.append([label, f"{r['ratio']:.2f}x", spread, goal, met])
    return rows


RATIO_HEADER = ("ratio (medians)", "value", "paired range", "goal", "met")


def timing_and_ratio_tables(result: Mapping[str, Any]) -> list[str]:
    """The Markdown lines of an area's timing table and ratio table, each followed by a blank.

    With CPU times (``result["cpu"]``), the timing table has them beside the wall times.
    """
    stats = {name: Summary.of(t["samples_s"]) for name, t in result["timings"].items()}
    cpu = {name: Summary.of(t["samples_s"]) for name, t in result.get("cpu", {}).items()}
    if cpu:
        header: Sequence[str] = (*TIMING_HEADER[:-1], "CPU median", "CPU min", "CPU max", "n")
        rows = [
            [
                *row[:-1],
                fmt_s(cpu[name].median),
                fmt_s(cpu[name].min),
                fmt_s(cpu[name].max),
                row[-1],
            ]
            for name, row in zip(stats, timing_rows(stats))
        ]
    else:
        header, rows = TIMING_HEADER, timing_rows(stats)
    return [
        md_table(header, rows),
        "",
        md_table(RATIO_HEADER, ratio_rows(result["ratios"])),
        "",
    ]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> Optional[float]:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def tool_version(argv: Sequence[str]) -> Optional[str]:
    if shutil.which(argv[0]) is None and not Path(argv[0]).exists():
        return None
    try:
        proc = subprocess.run(list(argv), capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (proc.stdout or proc.stderr).strip().splitlines()
    return text[0] if text else None


# An absolute path up to a part every reader has: the bench venvs, the real-host venv,
# the benchmarks' own scratch directory.
_MACHINE_PREFIX = re.compile(r"(?:/[^\s`/]+)+?/(?=benchmarks/|\.venv-mlagents/)")
_SCRATCH = re.compile(r"(?:/[^\s`/]+)*/mlplugin-bench-[^/\s`]+/")


def relative_names(text: str) -> str:
    """``text`` without this machine's paths: repository-relative, scratch as ``WORK/``."""
    text = _SCRATCH.sub("WORK/", text)
    text = text.replace(str(REPO) + os.sep, "")
    return _MACHINE_PREFIX.sub("", text)


def machine_info() -> dict[str, Any]:
    """Where and how the numbers were taken."""
    return {
        "nproc": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "cpu": _cpu_model(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "executable": relative_names(sys.executable),
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE") or None,
        "date_utc": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
    }


def bench_bin(name: str) -> Optional[str]:
    """A console script installed next to the running interpreter (the bench venv)."""
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    return shutil.which(name)


def clean_env(**extra: str) -> dict[str, str]:
    """The environment the contenders run in: ours, with the bench venv first on PATH."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("PYTHONPATH", None)
    env.update(extra)
    return env
