"""``mlplugin list`` as plugins grow: 1, 10, 50 and 200 installed stats-writer plugins.

For each size a venv gets that many small stats-writer plugins, each its own distribution
(a wheel written here and installed with ``uv pip install --no-deps``), plus a ``.pth``
that makes ``reference_core`` importable. Contenders, interleaved per repetition:
``mlplugin list --format json --python VENV`` (every entry point loaded and its
registration function called, in loader children), and the *bare interpreter*: one new
process of the venv's Python that installs the host shim, loads every entry point of the
group and calls each registration function with a ``RunOptions``. Wall and CPU time
(the command and every process it waited for); the tables give the time per plugin.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import sys
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from _timing import (
    bench_bin,
    clean_env,
    fmt_s,
    log,
    md_table,
    ratio_entry,
    run_measured,
    run_timed,
    summarize,
)

SIZES, QUICK_SIZES = (1, 10, 50, 200), (1, 10, 50)
MODULE = """\
from mlagents.trainers.stats import StatsWriter


class Writer{n}(StatsWriter):
    def write_stats(self, category, values, step):
        pass


def get_stats_writers(run_options):
    return [Writer{n}()]
"""
BARE = (
    "import reference_core\n"
    "from importlib.metadata import entry_points\n"
    "reference_core.install_host_shim()\n"
    "options = reference_core.RunOptions()\n"
    "eps = entry_points(group='mlagents.stats_writer')\n"
    "for ep in eps:\n"
    "    assert len(ep.load()(options)) == 1, ep\n"
    "assert len(eps) == {n}, len(eps)\n"
)


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}\n"


def plugin_wheel(out: Path, n: int) -> Path:
    """A wheel of ``bench-plugin-N``: one module, one stats-writer entry point."""
    dist, module = f"bench_plugin_{n:03d}", f"bench_plugin_{n:03d}"
    info = f"{dist}-1.0.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: bench-plugin-{n:03d}\nVersion: 1.0\n"
    wheel_file = "Wheel-Version: 1.0\nGenerator: mlplugin-bench\nRoot-Is-Purelib: true\n"
    entry_points = f"[mlagents.stats_writer]\nplugin{n:03d} = {module}:get_stats_writers\n"
    files = {
        f"{module}.py": MODULE.format(n=n).encode(),
        f"{info}/METADATA": metadata.encode(),
        f"{info}/WHEEL": (wheel_file + "Tag: py3-none-any\n").encode(),
        f"{info}/entry_points.txt": entry_points.encode(),
    }
    record = "".join(_record_line(k, v) for k, v in files.items()) + f"{info}/RECORD,,\n"
    wheel = out / f"{dist}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr(f"{info}/RECORD", record)
    return wheel


def plugin_venv(work: Path, size: int, env: Mapping[str, str]) -> Path:
    """A venv with ``size`` plugins installed; returns its interpreter."""
    import reference_core

    venv, wheels = work / f"venv-{size}", work / f"wheels-{size}"
    wheels.mkdir(parents=True)
    uv = shutil.which("uv", path=env.get("PATH"))
    assert uv, "uv is needed to set up the list benchmark"
    run_timed([uv, "venv", "-q", "--python", sys.executable, str(venv)], env=env)
    python = venv / "bin" / "python"
    built = [str(plugin_wheel(wheels, n)) for n in range(size)]
    run_timed([uv, "pip", "install", "-q", "--no-deps", "--python", str(python), *built], env=env)
    site = next(venv.glob("lib/python*/site-packages"))
    (site / "bench_reference_core.pth").write_text(
        f"{Path(reference_core.__file__).resolve().parent.parent}\n"
    )
    return python


def run(*, repeat: int, workdir: Path, quick: bool) -> dict[str, Any]:
    env = clean_env(UV_PYTHON_DOWNLOADS="never")
    mlplugin = bench_bin("mlplugin")
    assert mlplugin, "no mlplugin next to this interpreter"
    sizes = QUICK_SIZES if quick else SIZES
    pythons = {size: plugin_venv(workdir, size, env) for size in sizes}
    wall: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    problems: list[str] = []
    log(f"list: mlplugin list vs a bare interpreter, {', '.join(map(str, sizes))} plugins")
    for rep in range(-1, repeat):  # rep -1: untimed warm-up
        for size, python in pythons.items():
            argv = [mlplugin, "list", "--format", "json", "--python", str(python)]
            w, c, proc = run_measured(argv, env=env, cwd=workdir, check=False)
            try:
                statuses = [p["status"] for p in json.loads(proc.stdout)["plugins"]]
            except (ValueError, KeyError, TypeError):
                statuses = [proc.stdout[-200:]]
            if statuses != ["ok"] * size:
                problems.append(f"{size} plugins: list said {sorted(set(statuses))}")
            bw, bc, _ = run_measured([str(python), "-c", BARE.format(n=size)], env=env, cwd=workdir)
            if rep < 0:
                continue
            for name, value in ((f"list {size}", w), (f"bare {size}", bw)):
                wall.setdefault(name, []).append(value)
            for name, value in ((f"list {size} (CPU)", c), (f"bare {size} (CPU)", bc)):
                cpu.setdefault(name, []).append(value)
        if rep >= 0:
            log(
                f"  rep {rep + 1}/{repeat}: "
                + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in wall.items())
            )
    stats = summarize({**wall, **cpu})
    ratios, flat, marginal = _summaries(stats, sizes)
    return {
        "marginal": marginal,
        "status": "ok" if not problems else "list reported problems",
        "sizes": list(sizes),
        "timings": {n: s.as_dict() for n, s in stats.items()},
        "ratios": ratios,
        "flat": flat,
        "problems": problems[:5],
    }


def _summaries(
    stats: Mapping[str, Any], sizes: tuple[int, ...]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Ratios to the bare interpreter, flatness per plugin, and the marginal cost."""
    ratios = []
    for size in sizes:
        for suffix in ("", " (CPU)"):
            goal = 1.5 if size == sizes[-1] else None
            ratios.append(
                ratio_entry(f"list {size}{suffix}", f"bare {size}{suffix}", stats, goal=goal)
            )
    flat = []
    if 10 in sizes:
        for suffix in ("", " (CPU)"):
            big = sizes[-1]
            per_big = stats[f"list {big}{suffix}"].median / big
            per_ten = stats[f"list 10{suffix}"].median / 10
            flat.append(
                {"what": f"per plugin, {big} / 10{suffix}", "ratio": per_big / per_ten, "goal": 1.2}
            )
    if {10, 50} <= set(sizes) and sizes[-1] > 50:
        for suffix in ("", " (CPU)"):
            big = sizes[-1]
            low = (stats[f"list 50{suffix}"].median - stats[f"list 10{suffix}"].median) / 40
            high = (stats[f"list {big}{suffix}"].median - stats[f"list 50{suffix}"].median) / (
                big - 50
            )
            what = f"marginal per plugin, 50 to {big} / 10 to 50{suffix}"
            # a difference of noisy medians can come out at or below zero: then no verdict
            ratio = high / low if low > 0 and high > 0 else None
            flat.append({"what": what, "ratio": ratio, "goal": 1.2})
    marginal = []
    if 10 in sizes and sizes[-1] > 10:
        big = sizes[-1]
        for suffix in ("", " (CPU)"):
            slope = {
                who: (stats[f"{who} {big}{suffix}"].median - stats[f"{who} 10{suffix}"].median)
                / (big - 10)
                for who in ("list", "bare")
            }
            marginal.append({"what": f"10 to {big} plugins{suffix}", **slope})
    return ratios, flat, marginal


def render(result: Mapping[str, Any]) -> str:
    out = ["## 7. `mlplugin list` as plugins grow", ""]
    if "timings" not in result:
        return "\n".join([*out, "Not measured.", ""])
    out += [
        (
            "`mlplugin list --format json --python VENV` in a venv with N installed stats-writer "
            "plugins (each its own distribution), against a bare interpreter of that venv "
            "that loads every entry point of the group and calls its registration function "
            "(host shim installed). Wall and CPU (the command and its children); per plugin "
            "= median / N."
        ),
        "",
    ]
    timings = result["timings"]
    rows = []
    for size in result["sizes"]:
        row = [str(size)]
        for name in (f"list {size}", f"bare {size}", f"list {size} (CPU)", f"bare {size} (CPU)"):
            median = timings[name]["median_s"]
            row += [fmt_s(median), fmt_s(median / size)]
        rows.append(row)
    header = ("plugins", "list wall", "per plugin", "bare wall", "per plugin")
    header += ("list CPU", "per plugin", "bare CPU", "per plugin")
    out += [md_table(header, rows), ""]
    ratio_rows = []
    for r in result["ratios"]:
        spread = f"{r['paired_min']:.2f}-{r['paired_max']:.2f}" if r["paired_min"] else ""
        goal = f"≤ {r['goal']:g}x" if r["goal"] else ""
        met = {None: "", True: "yes", False: "**no**"}[r["goal_met"]]
        ratio_rows.append(
            [f"`{r['subject']}` / `{r['baseline']}`", f"{r['ratio']:.2f}x", spread, goal, met]
        )
    for f in result.get("flat", []):
        goal = f"≤ {f['goal']:g}x"
        if f["ratio"] is None or f["ratio"] <= 0:  # noisy medians: no verdict
            ratio_rows.append([f"list: {f['what']}", "n/a (noise)", "", goal, ""])
            continue
        met = "yes" if f["ratio"] <= f["goal"] else "**no**"
        ratio_rows.append([f"list: {f['what']}", f"{f['ratio']:.2f}x", "", goal, met])
    out += [md_table(("ratio (medians)", "value", "paired range", "goal", "met"), ratio_rows), ""]
    if result.get("marginal"):
        out += [
            (
                "Marginal cost of one more plugin (difference of medians over the difference "
                "in plugins): what each plugin adds once the fixed start-up is paid."
            ),
            "",
        ]
        rows = [
            [m["what"], fmt_s(m["list"]), fmt_s(m["bare"]), f"{m['list'] / m['bare']:.2f}x"]
            if m["bare"] > 0
            else [m["what"], fmt_s(m["list"]), fmt_s(m["bare"]), "n/a"]
            for m in result["marginal"]
        ]
        out += [md_table(("range", "list", "bare", "ratio"), rows), ""]
    if result.get("problems"):
        out += ["**list did not report every plugin ok:**", ""]
        out += [f"- {p}" for p in result["problems"]] + [""]
    return "\n".join(out)
