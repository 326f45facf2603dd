"""Verify in a plugin author's loop: re-verify after an edit, and the documented install.

*Re-verify after an edit* (issue 16, goal 1): a one-line change to the generated plugin's
``writer.py``, then ``mlplugin verify`` with warm caches, against the raw steps after the
same change: a new process running ``uv build --wheel``, a new ``uv venv``, ``uv pip
install --no-deps`` of the plugin wheel and an mlplugin wheel built beforehand, then one
interpreter importing the plugin and getting its registration function through the host
shim. Wall and CPU time (the command and every process it waited for).

*The documented install* (goal 6): ``mlplugin`` installed with ``pip install`` into a fresh
venv, as the docs say, with no uv on ``PATH``; verify of a fresh copy of the project
(a real build) against the bench venv's mlplugin with uv on ``PATH``, and against the same
documented install with the ``uv`` distribution removed (the build + venv + pip fallback).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from _timing import BENCH_DIR, REPO, log, ratio_entry, run_measured, run_timed, summarize

MODULE = "bench_writer"
LOAD_CODE = (
    "import reference_core\n"
    "reference_core.install_host_shim()\n"
    f"import {MODULE}\n"
    f"writers = {MODULE}.get_stats_writers(reference_core.RunOptions())\n"
    "assert len(writers) >= 1, writers\n"
)


def _edit(project: Path, rep: object) -> None:
    """The one-line change: a new comment line at the end of the writer module."""
    writer = project / "src" / MODULE / "writer.py"
    with writer.open("a", encoding="utf-8") as handle:
        handle.write(f"# edit {rep}\n")


def _build_detail(stdout: str) -> str:
    """The paths the build and install steps took, from verify's JSON report."""
    try:
        data = json.loads(stdout[stdout.find("{") :])
    except ValueError:
        return "(no JSON report)"
    details = [
        str(step.get("detail") or f"{step.get('name')}: (no detail)")
        for step in data.get("steps") or []
        if step.get("name") in ("build", "install")
    ]
    return "; ".join(details) or "(no build step)"


def mlplugin_wheel(work: Path, env: Mapping[str, str]) -> Path:
    """This checkout's wheel, built once (the raw steps install it)."""
    out = work / "mlplugin-wheel"
    if not list(out.glob("*.whl")):
        uv = shutil.which("uv", path=env.get("PATH"))
        assert uv, "uv is needed for the raw steps"
        run_timed([uv, "build", "--wheel", "-q", "--out-dir", str(out), str(REPO)], env=env)
    (wheel,) = out.glob("*.whl")
    return wheel


def raw_after_edit(
    project: Path, work: Path, env: Mapping[str, str], core_wheel: Path
) -> tuple[float, float]:
    """The raw steps of issue 16, each a new process; (wall, CPU) seconds."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    uv = shutil.which("uv", path=env.get("PATH"))
    assert uv
    dist, venv = work / "dist", work / "venv"
    py = sys.executable
    steps = [
        [uv, "build", "--wheel", "--quiet", "--python", py, "--out-dir", str(dist), str(project)],
        [uv, "venv", "--quiet", "--python", py, str(venv)],
    ]
    wall = cpu = 0.0
    for argv in steps:
        w, c, _ = run_measured(argv, env=env, cwd=work)
        wall, cpu = wall + w, cpu + c
    (wheel,) = dist.glob("*.whl")
    python = str(venv / "bin" / "python")
    install = [
        uv,
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--python",
        python,
        str(wheel),
        str(core_wheel),
    ]
    for argv in (install, [python, "-c", LOAD_CODE]):
        w, c, _ = run_measured(argv, env=env, cwd=work)
        wall, cpu = wall + w, cpu + c
    return wall, cpu


def reverify(
    *,
    repeat: int,
    workdir: Path,
    project: Path,
    mlplugin: str,
    env: Mapping[str, str],
    cache_env: Any,
) -> dict[str, Any]:
    """Goal 1: verify after a one-line edit against the raw steps after the same edit."""
    core_wheel = mlplugin_wheel(workdir, env)
    v_env, r_env = (
        cache_env(env, workdir / "loop-cache-verify"),
        cache_env(env, workdir / "loop-cache-raw"),
    )
    argv = [mlplugin, "verify", str(project), "--format", "json"]
    wall: dict[str, list[float]] = {"verify after edit": [], "raw steps after edit": []}
    cpu: dict[str, list[float]] = {"verify after edit (CPU)": [], "raw steps after edit (CPU)": []}
    paths: list[str] = []
    log("verify: re-verify after a one-line edit vs the raw steps (warm caches)")
    for rep in range(-1, repeat):  # rep -1: untimed warm-up (fills both caches)
        _edit(project, f"v{rep}")
        w, c, proc = run_measured(argv, env=v_env, cwd=workdir, check=False)
        detail = _build_detail(proc.stdout)
        _edit(project, f"r{rep}")
        rw, rc = raw_after_edit(project, workdir / "raw-loop", r_env, core_wheel)
        if rep < 0:
            continue
        wall["verify after edit"].append(w)
        cpu["verify after edit (CPU)"].append(c)
        wall["raw steps after edit"].append(rw)
        cpu["raw steps after edit (CPU)"].append(rc)
        paths.append(detail)
        log(
            f"  rep {rep + 1}/{repeat}: verify {w:.2f} s ({c:.2f} CPU) [{detail}], "
            f"raw {rw:.2f} s ({rc:.2f} CPU)"
        )
    stats = summarize({**wall, **cpu})
    return {
        "timings": {n: s.as_dict() for n, s in stats.items()},
        "ratios": [
            ratio_entry("verify after edit", "raw steps after edit", stats, goal=0.3),
            ratio_entry("verify after edit (CPU)", "raw steps after edit (CPU)", stats, goal=0.3),
        ],
        "build_paths": paths,
    }


def _documented_venv(path: Path, core_wheel: Path, *, with_uv: bool) -> Path:
    """A venv with mlplugin installed by pip as the docs say (optionally without uv).

    Created on first use and kept (``benchmarks/.venv-documented*``, git-ignored); this
    checkout's wheel is reinstalled into it on every run.
    """
    python = path / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    pip = [str(python), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, str(core_wheel)], check=True)  # dependencies as declared
    subprocess.run([*pip, "--force-reinstall", "--no-deps", str(core_wheel)], check=True)
    if not with_uv:
        subprocess.run([str(python), "-m", "pip", "uninstall", "-q", "-y", "uv"], check=False)
    # pip compiles what it installs; PYTHONDONTWRITEBYTECODE must not make us recompile
    lib = next((path / "lib").glob("python*/site-packages"))
    subprocess.run(
        [str(python), "-m", "compileall", "-q", "-x", "/_templates/", str(lib)], check=False
    )
    return path / "bin" / "mlplugin"


def _without_uv(env: Mapping[str, str], bindir: Path) -> dict[str, str]:
    """``env`` with ``bindir`` first on PATH and no other directory that has a uv."""
    parts = [
        p for p in env.get("PATH", "").split(os.pathsep) if p and not (Path(p) / "uv").exists()
    ]
    return {**env, "PATH": os.pathsep.join([str(bindir), *parts])}


def documented_install(
    *,
    repeat: int,
    workdir: Path,
    project: Path,
    mlplugin: str,
    env: Mapping[str, str],
    cache_env: Any,
) -> dict[str, Any]:
    """Goal 6: verify of a fresh project with the documented pip install vs uv on PATH."""
    core_wheel = mlplugin_wheel(workdir, env)
    docs = _documented_venv(BENCH_DIR / ".venv-documented", core_wheel, with_uv=True)
    no_uv = _documented_venv(BENCH_DIR / ".venv-documented-no-uv", core_wheel, with_uv=False)
    contenders = {
        "verify, uv on PATH": (mlplugin, cache_env(env, workdir / "doc-cache-a")),
        "verify, pip install as documented": (
            str(docs),
            _without_uv(cache_env(env, workdir / "doc-cache-b"), docs.parent),
        ),
        "verify, pip install without the uv package": (
            str(no_uv),
            _without_uv(cache_env(env, workdir / "doc-cache-c"), no_uv.parent),
        ),
    }
    wall: dict[str, list[float]] = {name: [] for name in contenders}
    cpu: dict[str, list[float]] = {f"{name} (CPU)": [] for name in contenders}
    log("verify: a fresh project, documented pip install vs uv on PATH")
    for rep in range(-1, repeat):
        for i, (name, (exe, cenv)) in enumerate(contenders.items()):
            fresh = workdir / f"fresh-{rep}-{i}" / project.name
            shutil.copytree(project, fresh)
            w, c, _ = run_measured(
                [exe, "verify", str(fresh), "--format", "json"], env=cenv, cwd=workdir, check=False
            )
            shutil.rmtree(fresh.parent, ignore_errors=True)
            if rep >= 0:
                wall[name].append(w)
                cpu[f"{name} (CPU)"].append(c)
        if rep >= 0:
            log(
                f"  rep {rep + 1}/{repeat}: "
                + ", ".join(f"{n} {v[-1]:.2f} s" for n, v in wall.items())
            )
    stats = summarize({**wall, **cpu})
    base, doc, old = contenders
    return {
        "timings": {n: s.as_dict() for n, s in stats.items()},
        "ratios": [
            ratio_entry(doc, base, stats, goal=1.2),
            ratio_entry(f"{doc} (CPU)", f"{base} (CPU)", stats, goal=1.2),
            ratio_entry(old, base, stats),
        ],
    }
