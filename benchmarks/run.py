"""Run mlplugin's benchmarks and write ``benchmarks/results.json`` and ``RESULTS.md``.

    python benchmarks/run.py [--quick] [--only generation,verify,core,tox,project,presets,list]
                             [--repeat N]

Use ``benchmarks/run.sh`` on a fresh clone: it builds the venv this needs (mlplugin
installed from the checkout plus the tools it is compared against). With ``--only``, the
other areas keep their previous results from ``results.json``, so RESULTS.md always shows
every table. Benchmarks are not tests: nothing here fails because something is slow.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Callable, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_core
import bench_generation
import bench_list
import bench_presets
import bench_project
import bench_tox
import bench_verify
from _timing import BENCH_DIR, log, machine_info, relative_names, tool_version

AREAS: dict[str, tuple[Callable[..., dict[str, Any]], Callable[[Any], str]]] = {
    "generation": (bench_generation.run, bench_generation.render),
    "verify": (bench_verify.run, bench_verify.render),
    "core": (bench_core.run, bench_core.render),
    "tox": (bench_tox.run, bench_tox.render),
    "project": (bench_project.run, bench_project.render),
    "presets": (bench_presets.run, bench_presets.render),
    "list": (bench_list.run, bench_list.render),
}
#: Default repetitions per area (full run, --quick run).
REPEAT = {
    "generation": (15, 3),
    "verify": (5, 1),
    "core": (5, 2),
    "tox": (3, 1),
    "project": (11, 3),
    "presets": (3, 1),
    "list": (5, 2),
}
NOTES = BENCH_DIR / "NOTES.md"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer repetitions and smaller sizes (for development)"
    )
    parser.add_argument(
        "--only",
        default=",".join(AREAS),
        help=f"comma-separated areas to run (default: {','.join(AREAS)})",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="repetitions per contender (default depends on the area)",
    )
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=BENCH_DIR,
        help="where results.json and RESULTS.md go (default: benchmarks/)",
    )
    parser.add_argument(
        "--render-only",
        action="store_true",
        help="only rewrite RESULTS.md from results.json (and NOTES.md); measure nothing",
    )
    parser.add_argument(
        "--keep-workdir",
        action="store_true",
        help="keep the temporary directory with every generated project",
    )
    args = parser.parse_args(argv)
    args.only = [a.strip() for a in args.only.split(",") if a.strip()]
    unknown = sorted(set(args.only) - set(AREAS))
    if unknown:
        parser.error(f"unknown area(s) {', '.join(unknown)}; choose from {', '.join(AREAS)}")
    return args


def _load() -> Optional[float]:
    """The 1-minute load average: other work on the machine shows up in the spread."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def tools() -> dict[str, Any]:
    bindir = Path(sys.executable).parent
    return {
        name: tool_version([str(bindir / name) if (bindir / name).exists() else name, "--version"])
        for name in ("mlplugin", "cookiecutter", "copier", "tox", "uv")
    }


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    out_dir: Path = args.output_dir
    json_path, md_path = out_dir / "results.json", out_dir / "RESULTS.md"
    previous: dict[str, Any] = {}
    if json_path.exists():
        try:
            previous = json.loads(json_path.read_text(encoding="utf-8"))
        except ValueError:
            previous = {}
    results: dict[str, Any] = {
        "machine": machine_info(),
        "tools": tools(),
        "quick": args.quick,
        "areas": dict(previous.get("areas", {})),
    }
    if args.render_only:
        if "machine" not in previous:
            log(f"nothing to render: {json_path} is missing or empty")
            return 1
        md_path.write_text(render(previous), encoding="utf-8")
        log(f"wrote {md_path} from {json_path}")
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="mlplugin-bench-"))
    try:
        for area in args.only:
            bench, _ = AREAS[area]
            repeat = args.repeat or REPEAT[area][1 if args.quick else 0]
            log(f"=== {area} (repeat {repeat}{', quick' if args.quick else ''})")
            started, load_before = time.perf_counter(), _load()
            try:
                data = bench(repeat=repeat, workdir=workdir / area, quick=args.quick)
                status = data.pop("status", "ok")
            except Exception as error:  # a broken area is reported, the others still run
                traceback.print_exc()
                data, status = {"error": f"{type(error).__name__}: {error}"}, "error"
            results["areas"][area] = {
                "status": status,
                "repeat": repeat,
                "quick": args.quick,
                "machine": results["machine"],
                "wall_s": time.perf_counter() - started,
                "load_avg_1min": [load_before, _load()],
                **data,
            }
            out_dir.mkdir(parents=True, exist_ok=True)
            json_path.write_text(
                json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8"
            )
            md_path.write_text(render(results), encoding="utf-8")
    finally:
        if args.keep_workdir:
            log(f"work directory kept: {workdir}")
        else:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)
    log(f"wrote {json_path} and {md_path}")
    print(md_path.read_text(encoding="utf-8"))
    return 0


def _machine_lines(m: dict[str, Any]) -> list[str]:
    dwb = m.get("PYTHONDONTWRITEBYTECODE")
    return [
        f"- Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gib']} GiB RAM, {m['platform']}",
        f"- Python: {m['python']} ({m['python_implementation']}, `{m['executable']}`)",
        f"- Date: {m['date_utc']}",
        "- `PYTHONDONTWRITEBYTECODE`: "
        + (
            f"**set** (`{dwb}`) for this run. Installed packages in the bench venv were "
            "byte-compiled by `run.sh`, but any module imported from source without a "
            "`.pyc` (the template's `local_extensions.py`, cookiecutter's hook scripts, the "
            "generated copier template, freshly installed plugins) is compiled again on "
            "every import."
            if dwb
            else "not set for this run."
        ),
    ]


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    out = [
        "# mlplugin benchmarks",
        "",
        (
            "Generated by `benchmarks/run.sh` (`benchmarks/run.py`); the raw numbers are in "
            "`benchmarks/results.json`, an artefact of the run (not committed). Contenders "
            "run round-robin within each repetition; tables show "
            "the median, min and max, and ratios of medians (with the range of the per-"
            "repetition ratios). Benchmarks are not tests: no test asserts a time."
        ),
        "",
    ]
    out += _machine_lines(m)
    versions = {k: re.search(r"\d+(\.\d+)+", v) for k, v in results["tools"].items() if v}
    out.append("- Tools: " + ", ".join(f"{k} {v.group(0)}" for k, v in versions.items() if v))
    if results.get("quick"):
        out.append("- **Quick run** (`--quick`): few repetitions, smaller sizes.")
    out.append("")
    for area, (_, render_area) in AREAS.items():
        data = results["areas"].get(area)
        if data is None:
            out += [f"## {area}", "", "Not run yet.", ""]
            continue
        if data["machine"] != m:
            am = data["machine"]
            out.append(
                f"<!-- {area}: from an earlier run, {am['date_utc']}, Python {am['python']} -->"
            )
        if data["status"] == "error":
            out += [f"## {area}", "", f"The benchmark failed: `{data['error']}`", ""]
            continue
        out.append(render_area(data))
        load = data.get("load_avg_1min") or [None, None]
        out.append(
            f"_{area}: {data['repeat']} repetitions, "
            f"{'quick, ' if data['quick'] else ''}took {data['wall_s']:.0f} s, "
            f"{data['machine']['date_utc']}; 1-min load average {load[0]} before, "
            f"{load[1]} after ({data['machine']['nproc']} CPUs)._"
        )
        out.append("")
    out += _analysis(m["date_utc"])
    return relative_names("\n".join(out))


def _analysis(date_utc: str) -> list[str]:
    """NOTES.md when it analyses this very run (its first line names the run), else why not.

    A hand-written analysis is only true of the figures it was written from; shown
    under other figures it would mislead.
    """
    if not NOTES.exists():
        return ["## Analysis", "", "No analysis has been written yet.", ""]
    text = NOTES.read_text(encoding="utf-8").strip()
    first = text.splitlines()[0] if text else ""
    if date_utc in first:
        return ["\n".join(text.splitlines()[1:]).strip(), ""]
    return [
        "## Analysis",
        "",
        (
            f"`benchmarks/NOTES.md` analyses another run ({first.strip('<!-> ')}), not the "
            f"{date_utc} run above, so it is not shown here."
        ),
        "",
    ]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
