"""tox matrix: the generated plugin's ``tox -e py311,py312`` with plain tox and with tox-uv.

tox-uv takes over as soon as it is installed, so the two contenders live in two tool
venvs: ``benchmarks/.venv-tox-plain`` (tox only: virtualenv + pip) and
``benchmarks/.venv-tox-uv`` (tox + tox-uv). mlplugin itself is installed into the test
envs from a wheel of this checkout (``MLPLUGIN_SPEC``), built once. Package caches
(pip's, uv's) are private to the run and warmed by one untimed run per contender.

*fresh* = a new copy of the project, so tox creates both envs; *rerun* = tox again in
the same directory, envs reused.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from _timing import (
    BENCH_DIR,
    REPO,
    bench_bin,
    clean_env,
    interleave,
    log,
    ratio_entry,
    run_timed,
    summarize,
    timing_and_ratio_tables,
)

PLUGIN = "bench-writer"
PYTHONS = ("3.11", "3.12")
TOOL_VENVS = {"tox": BENCH_DIR / ".venv-tox-plain", "tox-uv": BENCH_DIR / ".venv-tox-uv"}


def _requirement(name: str) -> str:
    """The requirement line for ``name`` in benchmarks/requirements.txt (or the bare name)."""
    for raw in (BENCH_DIR / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if re.match(rf"{re.escape(name)}\s*([<>=!~;\[]|$)", line):
            return line
    return name


def tool_venv(kind: str, env: Mapping[str, str]) -> Path:
    """Create (once) the tool venv for ``kind`` and return its ``tox`` executable."""
    venv = TOOL_VENVS[kind]
    tox = venv / "bin" / "tox"
    if tox.exists():
        return tox
    packages = [_requirement("tox")] + ([_requirement("tox-uv")] if kind == "tox-uv" else [])
    log(f"tox: creating {venv} with {', '.join(packages)}")
    uv = shutil.which("uv", path=env.get("PATH"))
    if uv:
        run_timed([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], env=env)
        run_timed(
            [uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), *packages],
            env=env,
        )
    else:
        run_timed([sys.executable, "-m", "venv", str(venv)], env=env)
        run_timed(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", *packages], env=env
        )
    return tox


def interpreter_dirs() -> tuple[list[str], list[str]]:
    """Directories holding python3.11 and python3.12, and the versions not found."""
    found, missing = [], []
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    for version in PYTHONS:
        exe = f"python{version}"
        candidates = sorted((pyenv_root / "versions").glob(f"{version}.*/bin/{exe}"))
        if candidates:
            found.append(str(Path(candidates[-1]).parent))
        elif shutil.which(exe):
            found.append(str(Path(shutil.which(exe) or "").parent))
        else:
            missing.append(version)
    return found, missing


def build_mlplugin_wheel(out: Path, env: Mapping[str, str]) -> Path:
    if out.exists():
        shutil.rmtree(out)
    uv = shutil.which("uv", path=env.get("PATH"))
    if uv:
        run_timed([uv, "build", "--wheel", "--quiet", "--out-dir", str(out), str(REPO)], env=env)
    else:
        run_timed(
            [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)], env=env
        )
    (wheel,) = out.glob("mlplugin-*.whl")
    return wheel


def _plugins_line(tox: Path, env: Mapping[str, str]) -> str:
    """``tox 4.x`` plus the plugins ``tox --version`` lists."""
    _, proc = run_timed([str(tox), "--version"], env=env, check=False)
    lines = proc.stdout.strip().splitlines()
    version = lines[0].split()[0] if lines else "?"
    plugins = [m.group(1) for m in re.finditer(r"^\s*(\S+) at ", proc.stdout, re.MULTILINE)]
    return f"tox {version}" + (f" + {', '.join(plugins)}" if plugins else " (no plugins)")


def run(*, repeat: int, workdir: Path, quick: bool) -> dict[str, Any]:  # noqa: ARG001
    workdir.mkdir(parents=True, exist_ok=True)
    dirs, missing = interpreter_dirs()
    if missing:
        return {
            "status": "not available",
            "reason": f"no interpreter for Python {', '.join(missing)} on this machine",
        }
    base = clean_env()
    base["PATH"] = os.pathsep.join([*dirs, base["PATH"]])
    cache = workdir / "cache"
    env = {
        **base,
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_CACHE_DIR": str(cache / "uv"),
        "PIP_CACHE_DIR": str(cache / "pip"),
        "XDG_CACHE_HOME": str(cache / "xdg"),
        "VIRTUALENV_OVERRIDE_APP_DATA": str(cache / "virtualenv"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    toxes = {kind: tool_venv(kind, base) for kind in TOOL_VENVS}
    wheel = build_mlplugin_wheel(workdir / "wheel", base)
    env["MLPLUGIN_SPEC"] = str(wheel)
    mlplugin = bench_bin("mlplugin")
    assert mlplugin, "run benchmarks/run.sh (needs its venv)"
    run_timed([mlplugin, "new", PLUGIN, "-o", str(workdir / "template"), "-q", "--force"], env=env)
    template = workdir / "template" / PLUGIN
    if (REPO / ".python-version").exists():
        shutil.copy2(REPO / ".python-version", template / ".python-version")
    envs = ",".join("py" + v.replace(".", "") for v in PYTHONS)
    last_dir: dict[str, Path] = {}
    failures: list[str] = []
    counter = iter(range(1_000_000))

    def tox_run(kind: str, project: Path) -> float:
        elapsed, proc = run_timed([str(toxes[kind]), "-e", envs], env=env, cwd=project, check=False)
        if proc.returncode != 0:
            failures.append(
                f"{kind} in {project.name} exited {proc.returncode}:\n"
                + "\n".join(proc.stdout.splitlines()[-25:])
            )
        return elapsed

    def fresh(kind: str) -> Any:
        def once() -> float:
            project = workdir / f"{kind}-{next(counter)}"
            shutil.copytree(template, project)
            old = last_dir.get(kind)
            last_dir[kind] = project
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
            return tox_run(kind, project)

        return once

    def rerun(kind: str) -> Any:
        return lambda: tox_run(kind, last_dir[kind])

    log(f"tox: tox -e {envs}, plain tox vs tox-uv, fresh .tox and rerun")
    contenders = {
        "tox, fresh": fresh("tox"),
        "tox-uv, fresh": fresh("tox-uv"),
        "tox, rerun": rerun("tox"),
        "tox-uv, rerun": rerun("tox-uv"),
    }
    samples = interleave(contenders, repeat=repeat, warmup=1)
    stats = summarize(samples)
    ratios = [
        ratio_entry("tox-uv, fresh", "tox, fresh", stats),
        ratio_entry("tox-uv, rerun", "tox, rerun", stats),
    ]
    return {
        "status": "ok" if not failures else "tox reported failures",
        "command": f"tox -e {envs}",
        "interpreters": dirs,
        "tools": {kind: _plugins_line(tox, base) for kind, tox in toxes.items()},
        "mlplugin_wheel": wheel.name,
        "timings": {n: s.as_dict() for n, s in stats.items()},
        "ratios": ratios,
        "failures": failures[:2],
    }


def render(result: Mapping[str, Any]) -> str:
    out = ["## 4. tox matrix", ""]
    if "timings" not in result:
        out += [f"Not available: {result.get('reason', 'unknown')}.", ""]
        return "\n".join(out)
    out.append(
        f"`{result['command']}` in a freshly generated `{PLUGIN}` (mlplugin from "
        f"`{result['mlplugin_wheel']}`). *fresh*: new project copy, tox builds the "
        "package and creates both envs; *rerun*: the same directory again, envs reused. "
        "Package caches warm (one untimed run each first)."
    )
    out.append("")
    out += timing_and_ratio_tables(result)
    out.append("Tool venvs: " + "; ".join(f"{k}: `{v}`" for k, v in result["tools"].items()))
    out.append("")
    if result.get("failures"):
        out.append("**tox did not exit 0** (times include the failing run):")
        out.append(f"```\n{result['failures'][0].strip()}\n```")
        out.append("")
    return "\n".join(out)
