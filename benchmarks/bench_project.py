"""The generated project's own test run: its default ``pytest`` against a bare ``pytest``.

A plugin author runs ``pytest`` after every edit, so the generated suite (the contract
suite through the reference core's pytest plugin, host discovery, the writer's own tests)
should cost little more than pytest itself. Both contenders run in one clean virtual
environment made the way the generated README says (``pip install -e ".[test]"
--find-links wheelhouse``, here with ``uv pip`` and bytecode compiled, as pip does):

* ``project pytest``: ``pytest -q`` in the generated project, every test and check;
* ``bare pytest``: ``pytest -q`` in a directory holding one trivial test.

Each run gets its own ``TMPDIR``-private pytest base directory, so other pytest sessions
on the machine do not change what pytest's temporary-directory clean-up finds.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional

from _timing import (
    bench_bin,
    clean_env,
    cpu_ratio_entries,
    interleave,
    log,
    run_measured,
    run_timed,
    summarize,
    timing_and_ratio_tables,
)

PLUGIN = "bench-writer"
#: issue 16 goal 3: the generated project's default pytest <= 1.5x a bare pytest.
GOAL = 1.5
TRIVIAL_TEST = "def test_trivial():\n    assert True\n"


def _venv(project: Path, venv: Path, env: Mapping[str, str]) -> Path:
    """A fresh venv with the project installed editable with its test extra."""
    uv = bench_bin("uv")
    assert uv, "run benchmarks/run.sh (needs uv in its venv)"
    run_timed([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], env=env)
    python = venv / "bin" / "python"
    run_timed(
        [
            *(uv, "pip", "install", "--quiet", "--compile-bytecode", "--python", str(python)),
            *("--find-links", str(project / "wheelhouse"), "-e", f"{project}[test]"),
        ],
        env=env,
        cwd=project,
    )
    return venv / "bin" / "pytest"


def run(*, repeat: int, workdir: Path, quick: bool) -> dict[str, Any]:  # noqa: ARG001
    mlplugin = bench_bin("mlplugin")
    assert mlplugin, "run benchmarks/run.sh (needs its venv)"
    work = workdir / "project"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    env = clean_env(MLPLUGIN_CACHE_DIR=str(work / "cache"), UV_CACHE_DIR=str(work / "uv-cache"))
    run_timed([mlplugin, "new", PLUGIN, "-o", str(work), "-q"], env=env)
    project = work / PLUGIN
    log("project: installing the generated project into a fresh venv")
    pytest = _venv(project, work / "venv", env)
    bare = work / "bare"
    bare.mkdir()
    (bare / "test_trivial.py").write_text(TRIVIAL_TEST, encoding="utf-8")
    cwd = {"project pytest": project, "bare pytest": bare}
    cpu: dict[str, list[float]] = {name: [] for name in cwd}

    def contender(name: str) -> Any:
        tmp = work / f"tmp-{name.split(maxsplit=1)[0]}"
        tmp.mkdir()
        run_env = {**env, "TMPDIR": str(tmp)}

        def once() -> float:
            wall, used, _ = run_measured([str(pytest), "-q"], env=run_env, cwd=cwd[name])
            cpu[name].append(used)
            return wall

        return once

    log("project: the generated project's pytest vs a bare pytest")
    samples = interleave({name: contender(name) for name in cwd}, repeat=repeat)
    stats = summarize(samples)
    cpu_stats = summarize({n: c[-repeat:] for n, c in cpu.items()})
    pairs: list[tuple[str, str, Optional[float]]] = [("project pytest", "bare pytest", GOAL)]
    _, last = run_timed([str(pytest), "-q"], env=env, cwd=project)
    return {
        "timings": {n: s.as_dict() for n, s in stats.items()},
        "cpu": {n: s.as_dict() for n, s in cpu_stats.items()},
        "ratios": cpu_ratio_entries(pairs, stats, cpu_stats),
        "summary_line": last.stdout.strip().splitlines()[-1],
    }


def render(result: Mapping[str, Any]) -> str:
    out = ["## 5. The generated project's tests", ""]
    out.append(
        f"`pytest -q` in a freshly generated `{PLUGIN}` (its default suite: "
        f"{result['summary_line']}) against `pytest -q` on one trivial test, both in one "
        "clean venv holding the project installed editable with its `[test]` extra; "
        "each contender has a private `TMPDIR`. CPU = user + system time (kernel "
        "accounting)."
    )
    out.append("")
    out += timing_and_ratio_tables(result)
    return "\n".join(out)
