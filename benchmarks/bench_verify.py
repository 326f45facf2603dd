"""Verify: ``mlplugin verify`` on a generated plugin against its raw steps done by hand.

Raw steps: build a wheel (``uv build --wheel``, else ``python -m build --wheel``), create a
venv (``uv venv``, else ``python -m venv``), install the wheel without dependencies
(``uv pip install --no-deps``, else pip) with ``reference_core`` made visible by a ``.pth``
file, then import the plugin and call its registration function with a ``RunOptions``.

*Cold* runs get fresh, empty caches (``UV_CACHE_DIR``, ``XDG_CACHE_HOME``,
``PIP_CACHE_DIR`` point into a new directory); *warm* runs repeat with the caches the
cold run filled. Per repetition: verify cold, raw cold, verify warm, raw warm.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional

import bench_verify_loop
from _timing import (
    bench_bin,
    clean_env,
    fmt_s,
    log,
    md_table,
    ratio_entry,
    relative_names,
    run_timed,
    summarize,
    timing_and_ratio_tables,
)

PLUGIN = "bench-writer"
MODULE = "bench_writer"
RAW_STEPS = ("build", "venv", "install", "import+call")
LOAD_CODE = (
    "import reference_core\n"
    "reference_core.install_host_shim()\n"
    f"import {MODULE}\n"
    f"writers = {MODULE}.get_stats_writers(reference_core.RunOptions())\n"
    "assert len(writers) >= 1, writers\n"
)


def verify_available(mlplugin: Optional[str], env: Mapping[str, str]) -> tuple[bool, str]:
    """Whether the installed mlplugin has a working ``verify`` command (and its help)."""
    if not mlplugin:
        return False, "no mlplugin console script next to this interpreter"
    try:
        _, proc = run_timed([mlplugin, "verify", "--help"], env=env, check=False, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as error:
        return False, str(error)
    if proc.returncode != 0:
        return False, "`mlplugin verify --help` failed: " + proc.stdout.strip()[-300:]
    return True, proc.stdout


def cache_env(base: Mapping[str, str], cache: Path) -> dict[str, str]:
    cache.mkdir(parents=True, exist_ok=True)
    return {
        **base,
        "UV_CACHE_DIR": str(cache / "uv"),
        "XDG_CACHE_HOME": str(cache / "xdg"),
        "PIP_CACHE_DIR": str(cache / "pip"),
        "UV_PYTHON_DOWNLOADS": "never",
    }


def reference_core_pth_dir(work: Path) -> Path:
    """A directory holding only ``reference_core`` (a symlink to the installed package)."""
    import reference_core

    target = work / "refcore-path"
    if not target.exists():
        target.mkdir(parents=True)
        (target / "reference_core").symlink_to(Path(reference_core.__file__).parent)
    return target


def raw_steps(project: Path, work: Path, env: Mapping[str, str], pth_dir: Path) -> dict[str, float]:
    """The four raw steps, each timed; returns seconds per step."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    dist, venv = work / "dist", work / "venv"
    uv = shutil.which("uv", path=env.get("PATH"))
    times: dict[str, float] = {}
    if uv:
        times["build"], _ = run_timed(
            # the interpreter verify builds with; the project's .python-version names
            # pyenv versions that need not be active outside the project directory
            [
                uv,
                "build",
                "--wheel",
                "--quiet",
                "--python",
                sys.executable,
                "--out-dir",
                str(dist),
                str(project),
            ],
            env=env,
            cwd=work,
        )
        times["venv"], _ = run_timed(
            [uv, "venv", "--quiet", "--python", sys.executable, str(venv)], env=env, cwd=work
        )
    else:
        times["build"], _ = run_timed(
            [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(project)],
            env=env,
            cwd=work,
        )
        times["venv"], _ = run_timed([sys.executable, "-m", "venv", str(venv)], env=env, cwd=work)
    (wheel,) = dist.glob("*.whl")
    python = venv / "bin" / "python"
    start = time.perf_counter()
    if uv:
        run_timed(
            [uv, "pip", "install", "--quiet", "--python", str(python), "--no-deps", str(wheel)],
            env=env,
            cwd=work,
        )
    else:
        run_timed(
            [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
            env=env,
            cwd=work,
        )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
        env=dict(env),
    ).stdout.strip()
    (Path(purelib) / "mlplugin_bench_reference_core.pth").write_text(f"{pth_dir}\n")
    times["install"] = time.perf_counter() - start
    times["import+call"], _ = run_timed([str(python), "-c", LOAD_CODE], env=env, cwd=work)
    return times


def _report(text: str) -> dict[str, Any]:
    """``verify --format json`` output as a dict (empty when it is not JSON)."""
    start = text.find("{")
    if start < 0:
        return {}
    try:
        data = json.loads(text[start:])
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _steps_from_json(data: Mapping[str, Any]) -> dict[str, float]:
    """Per-step seconds from verify's JSON report, when it has them."""
    out: dict[str, float] = {}
    for step in data.get("steps") or []:
        if isinstance(step, dict) and "name" in step:
            out[str(step["name"])] = float(step.get("elapsed_s") or 0.0)
    return out


def _failure(kind: str, returncode: int, data: Mapping[str, Any], output: str) -> str:
    findings = [
        f"{f.get('check_id', '?')} ({f.get('step', '?')}): {f.get('message', '')}"
        for f in data.get("findings") or []
        if isinstance(f, dict) and not f.get("ignored")
    ]
    detail = "; ".join(findings) if findings else output.strip()[-400:]
    return f"verify {kind} exited {returncode}: {detail}"


def run(*, repeat: int, workdir: Path, quick: bool) -> dict[str, Any]:  # noqa: ARG001
    env = clean_env()
    mlplugin = bench_bin("mlplugin")
    available, help_text = verify_available(mlplugin, env)
    if not available:
        log(f"verify: not available ({help_text.strip()[:200]})")
        return {"status": "not available", "reason": help_text.strip()[:500]}
    assert mlplugin
    workdir.mkdir(parents=True, exist_ok=True)
    run_timed([mlplugin, "new", PLUGIN, "-o", str(workdir), "-q", "--force"], env=env)
    project = workdir / PLUGIN
    pth_dir = reference_core_pth_dir(workdir)
    json_format = "--format" in help_text
    verify_argv = [mlplugin, "verify", str(project), *(["--format", "json"] if json_format else [])]
    verify_steps: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
    raw_breakdown: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
    failures: list[str] = []
    samples: dict[str, list[float]] = {
        "verify cold": [],
        "raw steps cold": [],
        "verify warm": [],
        "raw steps warm": [],
    }

    def verify_once(kind: str, cache: Path) -> float:
        elapsed, proc = run_timed(verify_argv, env=cache_env(env, cache), cwd=workdir, check=False)
        report = _report(proc.stdout)
        if proc.returncode != 0:
            failures.append(_failure(kind, proc.returncode, report, proc.stdout))
        verify_steps[kind].append(_steps_from_json(report))
        return elapsed

    def raw_once(kind: str, cache: Path) -> float:
        steps = raw_steps(project, workdir / "raw", cache_env(env, cache), pth_dir)
        raw_breakdown[kind].append(steps)
        return sum(steps.values())

    log("verify: mlplugin verify vs raw steps, cold and warm caches")
    for rep in range(repeat):
        v_cache, r_cache = workdir / f"cache-verify-{rep}", workdir / f"cache-raw-{rep}"
        samples["verify cold"].append(verify_once("cold", v_cache))
        samples["raw steps cold"].append(raw_once("cold", r_cache))
        samples["verify warm"].append(verify_once("warm", v_cache))
        samples["raw steps warm"].append(raw_once("warm", r_cache))
        shutil.rmtree(v_cache, ignore_errors=True)
        shutil.rmtree(r_cache, ignore_errors=True)
        log(
            f"  rep {rep + 1}/{repeat}: "
            + ", ".join(f"{n} {v[-1]:.2f} s" for n, v in samples.items())
        )
    stats = summarize(samples)
    ratios = [
        ratio_entry("verify cold", "raw steps cold", stats, goal=1.5),
        ratio_entry("verify warm", "raw steps warm", stats, goal=1.5),
    ]

    loop = {"project": project, "mlplugin": mlplugin, "env": env, "cache_env": cache_env}
    reverify = bench_verify_loop.reverify(repeat=repeat, workdir=workdir, **loop)
    documented = bench_verify_loop.documented_install(repeat=repeat, workdir=workdir, **loop)

    def median_steps(rows: list[dict[str, float]]) -> dict[str, float]:
        names = [k for r in rows for k in r]
        ordered = list(dict.fromkeys(names))
        return {k: sorted(r.get(k, 0.0) for r in rows)[len(rows) // 2] for k in ordered}

    return {
        "status": "ok" if not failures else "verify reported problems",
        "verify_command": relative_names(" ".join(verify_argv)),
        "timings": {n: s.as_dict() for n, s in stats.items()},
        "ratios": ratios,
        "verify_steps": {k: median_steps(v) for k, v in verify_steps.items() if any(v)},
        "raw_steps": {k: median_steps(v) for k, v in raw_breakdown.items()},
        "failures": failures,
        "builder": "uv" if shutil.which("uv", path=env.get("PATH")) else "python -m build",
        "reverify": reverify,
        "documented": documented,
    }


def render(result: Mapping[str, Any]) -> str:
    out = ["## 2. Verify", ""]
    if result.get("status") == "not available" or "timings" not in result:
        out += [
            (
                f"Not available: `mlplugin verify` is not in this build of mlplugin "
                f"({result.get('reason', '')[:200]})."
            ),
            "",
        ]
        return "\n".join(out)
    out.append(
        f"`{result['verify_command']}` on a freshly generated `{PLUGIN}`, against the "
        f"raw steps by hand with {result['builder']}. Cold = empty caches, warm = the "
        "same caches a second time."
    )
    out.append("")
    out += timing_and_ratio_tables(result)
    rows = []
    for kind, steps in result["raw_steps"].items():
        for step, secs in steps.items():
            rows.append([f"raw {kind}", step, fmt_s(secs)])
    for kind, steps in result.get("verify_steps", {}).items():
        for step, secs in steps.items():
            rows.append([f"verify {kind}", step, fmt_s(secs)])
    out += [
        "Where the time goes (medians per step; verify's own step timings from its JSON report):",
        "",
        md_table(("run", "step", "median"), rows),
        "",
    ]
    out += _loop_tables(result)
    if result.get("failures"):
        runs = 2 * len(result["timings"]["verify cold"]["samples_s"])
        out.append(
            f"**verify did not exit 0 in {len(result['failures'])} of {runs} runs** "
            "(its timings are kept: every step still ran):"
        )
        out.append("")
        out += [f"- {f.strip()}" for f in result["failures"][:4]]
        out.append("")
    return "\n".join(out)


def _loop_tables(result: Mapping[str, Any]) -> list[str]:
    """Goal 1 (re-verify after an edit) and goal 6 (the documented install) of issue 16."""
    out: list[str] = []
    reverify = result.get("reverify")
    if reverify:
        out += [
            "### Re-verify after a one-line edit (issue 16, goal 1)",
            "",
            (
                "Before each run one comment line is appended to `src/bench_writer/writer.py`. "
                "`verify after edit`: `mlplugin verify` with warm caches. `raw steps after "
                "edit`: new processes for `uv build --wheel`, `uv venv`, `uv pip install "
                "--no-deps` of the plugin wheel and an mlplugin wheel built beforehand, and "
                "one interpreter importing the plugin and getting its registration function "
                "through the host shim. CPU = user + system time of the command and every "
                "process it waited for."
            ),
            "",
            *timing_and_ratio_tables(reverify),
        ]
        paths = sorted(set(reverify.get("build_paths") or []))
        out += [
            "Paths verify reported (its JSON report's `build` and `install` step `detail`):",
            "",
        ]
        out += [f"- {p}" for p in paths] + [""]
    documented = result.get("documented")
    if documented:
        out += [
            "### The documented install (issue 16, goal 6)",
            "",
            (
                "`mlplugin verify` of a fresh copy of the project (a real build; package "
                "caches warm). `uv on PATH`: the bench venv. `pip install as documented`: "
                "mlplugin installed into a new venv with `pip install`, no uv on `PATH` "
                "(`benchmarks/.venv-documented`). `pip install without the uv package`: the "
                "same with the `uv` distribution uninstalled, so verify falls back to "
                "`build` + `venv` + pip."
            ),
            "",
            *timing_and_ratio_tables(documented),
        ]
    return out
