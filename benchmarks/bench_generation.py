"""Generation: ``mlplugin new`` against cookiecutter, copier and a plain-jinja2 floor.

Every contender is a fresh process, timed from spawn to exit, rendering the same
stats-writer template with the same answers into an empty directory. The copier template
is derived at bench time from the cookiecutter one (see :func:`build_copier_template`);
the floor is ``benchmarks/jinja_floor.py``. The output trees are compared.
"""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Optional

from _timing import (
    BENCH_DIR,
    RATIO_HEADER,
    TIMING_HEADER,
    Summary,
    bench_bin,
    clean_env,
    cpu_ratio_entries,
    fmt_s,
    interleave,
    log,
    md_table,
    ratio_entry,
    ratio_rows,
    run_measured,
    run_timed,
    summarize,
    timing_and_ratio_tables,
    timing_rows,
)

PLUGIN = "bench-writer"
COPIER_TEMPLATE = BENCH_DIR / "copier_template"
FLOOR_SCRIPT = BENCH_DIR / "jinja_floor.py"
#: Modules that ``mlplugin --help`` should not need to import.
NO_CHECK = "mlplugin new --no-check"
#: ``mlplugin new`` with an empty cache: the first run on a machine (or after an upgrade).
COLD = "mlplugin new, empty cache"
#: Imports timed as whole processes to split ``mlplugin new`` into phases.
PHASE_IMPORTS = (
    "import click",
    "import scaffold.cli",
    "import scaffold.cli, jinja2",
    "import jinja2",
)
HEAVY = ("cookiecutter", "jinja2", "tomlkit", "build", "yaml", "binaryornot", "requests", "rich")
_COOKIECUTTER_REF = re.compile(r"(?<![\w.])cookiecutter\.(?=\w)")
#: cookiecutter's ``{% now 'utc', FORMAT %}`` tag; copier's own idiom is ansible's strftime.
_NOW_TAG = re.compile(r"\{%-?\s*now\s+'utc',\s*('[^']*')\s*-?%\}")


# --------------------------------------------------------------------------- set-up


def template_and_answers() -> tuple[Path, dict[str, Any], dict[str, Any]]:
    """The installed template, the user answers, and the full rendering context."""
    from scaffold import make_spec
    from scaffold._templates import template_dir

    spec = make_spec(PLUGIN)
    context = spec.context()
    answers = {**spec.answers(), "mlplugin_version": context["mlplugin_version"]}
    return template_dir(), answers, context


def build_copier_template(source: Path, dest: Path = COPIER_TEMPLATE) -> Path:
    """Write a copier template equivalent to the cookiecutter template at ``source``.

    ``{{cookiecutter.x}}`` becomes ``{{x}}``; ``cookiecutter.json`` becomes ``copier.yml``
    (written as JSON, which YAML reads), with the derived names as computed questions
    (``when: false``). Files one packaging style drops already have a conditional file
    name (rendering to an empty name skips the file), which both tools understand.
    """
    config = json.loads((source / "cookiecutter.json").read_text(encoding="utf-8"))
    copier: dict[str, Any] = {
        "_subdirectory": "template",
        "_templates_suffix": "",
        "_jinja_extensions": config.get("_extensions", []),
    }
    for key, value in config.items():
        if key.startswith("_"):
            continue
        if isinstance(value, list):
            copier[key] = {"type": "str", "choices": value, "default": value[0]}
            continue
        default = _COOKIECUTTER_REF.sub("", value)
        question: dict[str, Any] = {"type": "str", "default": default}
        if "{{" in default or "{%" in default:
            question["when"] = False
        copier[key] = question
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "template").mkdir(parents=True)
    # copier has no pre-generation hook: the name rules the cookiecutter hook applies are
    # not ported (a ``validator:`` per question would be copier's place for them).
    (dest / "copier.yml").write_text(json.dumps(copier, indent=2) + "\n", encoding="utf-8")
    for ext in source.glob("*.py"):
        shutil.copy2(ext, dest / ext.name)
    (project_root,) = source.glob("{{cookiecutter.project_name}}")
    for src in sorted(project_root.rglob("*")):
        if not src.is_file() or "__pycache__" in src.parts:
            continue
        rel = _COOKIECUTTER_REF.sub("", src.relative_to(project_root).as_posix())
        target = dest / "template" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        text = src.read_text(encoding="utf-8")
        text = _NOW_TAG.sub(r"{{ \1 | strftime }}", _COOKIECUTTER_REF.sub("", text))
        target.write_text(text, encoding="utf-8")
    return dest


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def compare_trees(reference: Path, other: Path) -> dict[str, Any]:
    """File lists and contents of ``other`` against ``reference``."""
    ref_files, other_files = _tree(reference), _tree(other)
    common = sorted(set(ref_files) & set(other_files))
    differing = [f for f in common if not filecmp.cmp(reference / f, other / f, shallow=False)]
    return {
        "files": len(other_files),
        "same_file_list": ref_files == other_files,
        "missing": sorted(set(ref_files) - set(other_files)),
        "extra": sorted(set(other_files) - set(ref_files)),
        "differing_contents": differing,
    }


# --------------------------------------------------------------------------- import time


def parse_importtime(stderr: str) -> list[dict[str, Any]]:
    """``-X importtime`` lines as dicts (self/cumulative in seconds, nesting depth)."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        try:
            _, self_us, cum_us, name = (part for part in re.split(r":|\|", line, maxsplit=3))
            self_us_i, cum_us_i = int(self_us), int(cum_us)
        except ValueError:
            continue
        depth = (len(name) - len(name.lstrip(" "))) // 2
        rows.append(
            {
                "module": name.strip(),
                "self_s": self_us_i / 1e6,
                "cum_s": cum_us_i / 1e6,
                "depth": depth,
            }
        )
    return rows


def import_chain(rows: Sequence[Mapping[str, Any]], module: str) -> list[str]:
    """Who imported ``module``: importtime prints children before their parent."""
    for i, row in enumerate(rows):
        if row["module"] == module:
            chain, depth = [module], row["depth"]
            for later in rows[i + 1 :]:
                if later["depth"] < depth:
                    chain.append(later["module"])
                    depth = later["depth"]
            return list(reversed(chain))
    return []


def importtime(
    argv_tail: Sequence[str], *, env: Mapping[str, str], cwd: Path, runs: int = 3
) -> list[dict[str, Any]]:
    """Per-module import times, the minimum over ``runs`` runs of ``python -X importtime``.

    The minimum, because on a shared machine the noise in import times only ever adds.
    """
    per_module: dict[str, list[dict[str, Any]]] = {}
    order: list[dict[str, Any]] = []
    for _ in range(runs):
        _, proc = run_timed([sys.executable, "-X", "importtime", *argv_tail], env=env, cwd=cwd)
        rows = parse_importtime(proc.stdout)
        order = rows
        for row in rows:
            per_module.setdefault(row["module"], []).append(row)
    out = []
    for row in order:
        samples = per_module[row["module"]]
        out.append(
            {
                **row,
                "self_s": min(s["self_s"] for s in samples),
                "cum_s": min(s["cum_s"] for s in samples),
            }
        )
    return out


def heavy_modules_after_help(env: Mapping[str, str], cwd: Path) -> dict[str, Any]:
    probe = (
        "import json, sys, io, contextlib\n"
        "from scaffold.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main(['--help'])\n    except SystemExit:\n        pass\n"
        f"print(json.dumps(sorted(m for m in {list(HEAVY)!r} if m in sys.modules)))\n"
    )
    _, proc = run_timed([sys.executable, "-c", probe], env=env, cwd=cwd)
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    chains = {}
    if loaded:
        rows = parse_importtime(
            run_timed([sys.executable, "-X", "importtime", "-c", probe], env=env, cwd=cwd)[1].stdout
        )
        chains = {m: import_chain(rows, m) for m in loaded}
    return {"heavy_loaded": loaded, "chains": chains}


def profile_new(env: Mapping[str, str], cwd: Path, out: Path) -> str:
    """cProfile of one in-process ``mlplugin new`` (imports included), top 25 cumulative."""
    code = (
        "import cProfile, pstats, io, sys\n"
        "prof = cProfile.Profile()\n"
        "prof.enable()\n"
        "from scaffold.cli import main\n"
        "try:\n"
        f"    main(['new', {PLUGIN!r}, '-o', {str(out)!r}, '-q'])\n"
        "except SystemExit:\n    pass\n"
        "prof.disable()\n"
        "buf = io.StringIO()\n"
        "pstats.Stats(prof, stream=buf).sort_stats('cumulative').print_stats(25)\n"
        "print(buf.getvalue())\n"
    )
    _, proc = run_timed([sys.executable, "-c", code], env=env, cwd=cwd)
    text = proc.stdout
    start = text.find("ncalls")
    return text[text.rfind("\n", 0, max(start, 0)) + 1 :].rstrip() if start >= 0 else text


# --------------------------------------------------------------------------- run


def _fresh(base: Path, name: str) -> Path:
    path = base / name
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def run(*, repeat: int, workdir: Path, quick: bool) -> dict[str, Any]:
    template, answers, context = template_and_answers()
    work = workdir / "generation"
    work.mkdir(parents=True, exist_ok=True)
    copier_template = build_copier_template(template)
    context_file = work / "context.json"
    context_file.write_text(json.dumps(context), encoding="utf-8")
    cc_config = work / "cookiecutter-config.yaml"
    cc_config.write_text(
        f"cookiecutters_dir: {json.dumps(str(work / 'cc-dir'))}\n"
        f"replay_dir: {json.dumps(str(work / 'cc-replay'))}\n",
        encoding="utf-8",
    )
    # mlplugin's cache (compiled template, packed wheel) is private to the run; the warm-up
    # round fills it, as a user's first `new` does. COLD runs `new` with an empty cache.
    env = clean_env(COOKIECUTTER_CONFIG=str(cc_config), MLPLUGIN_CACHE_DIR=str(work / "cache"))
    copier_env = {**env, "PYTHONPATH": str(copier_template)}  # local_extensions, as cookiecutter

    mlplugin, cookiecutter, copier = (
        bench_bin("mlplugin"),
        bench_bin("cookiecutter"),
        bench_bin("copier"),
    )
    assert mlplugin, "run benchmarks/run.sh (needs its venv)"
    assert cookiecutter, "run benchmarks/run.sh (needs its venv)"
    assert copier, "run benchmarks/run.sh (needs its venv)"
    kv = [f"{k}={v}" for k, v in answers.items()]
    # `new` loads the rendered plugin through discovery before writing it, unless told
    # not to: time both, so the check's cost shows separately.
    _, new_help = run_timed([mlplugin, "new", "--help"], env=env)
    no_check = "--no-check" in new_help.stdout
    commands: dict[str, list[str]] = {
        "mlplugin new": [mlplugin, "new", PLUGIN, "-o", "{out}", "-q"],
        **(
            {NO_CHECK: [mlplugin, "new", PLUGIN, "-o", "{out}", "-q", "--no-check"]}
            if no_check
            else {}
        ),
        COLD: [mlplugin, "new", PLUGIN, "-o", "{out}", "-q"],
        "cookiecutter": [cookiecutter, "--no-input", "-o", "{out}", str(template), *kv],
        "copier copy": [
            copier,
            "copy",
            "--trust",
            "--defaults",
            "--quiet",
            *[a for pair in kv for a in ("--data", pair)],
            str(copier_template),
            f"{{out}}/{context['project_name']}",
        ],
        "jinja2 floor": [
            sys.executable,
            str(FLOOR_SCRIPT),
            str(template),
            "{out}",
            str(context_file),
        ],
    }
    outputs: dict[str, Path] = {}
    cpu_samples: dict[str, list[float]] = {name: [] for name in commands}

    def contender(name: str, argv: list[str]) -> Any:
        counter = iter(range(1_000_000))

        def once() -> float:
            out = _fresh(work, f"{re.sub(r'[^a-z0-9]+', '-', name)}-{next(counter)}")
            cmd = [a.replace("{out}", str(out)) for a in argv]
            run_env = copier_env if name == "copier copy" else env
            if name == COLD:
                run_env = {**env, "MLPLUGIN_CACHE_DIR": str(_fresh(work, "cold-cache"))}
            elapsed, cpu, _ = run_measured(cmd, env=run_env, cwd=work)
            cpu_samples[name].append(cpu)
            # keep the last output (a warm-cache one for `mlplugin new`) for the comparison
            if name in outputs:
                shutil.rmtree(outputs[name].parent)
            outputs[name] = out / context["project_name"]
            return elapsed

        return once

    log("generation: mlplugin new vs cookiecutter vs copier vs jinja2 floor")
    samples = interleave({n: contender(n, a) for n, a in commands.items()}, repeat=repeat)
    stats = summarize(samples)
    # the warm-up round's CPU sample is not a timed repetition
    cpu_stats = summarize({n: c[-repeat:] for n, c in cpu_samples.items()})
    trees = {
        n: compare_trees(outputs["mlplugin new"], p)
        for n, p in outputs.items()
        if n != "mlplugin new"
    }
    # issue 16 goal 2 (with the load-and-register check): <= 1.0x the floor, <= 0.7x the
    # cookiecutter CLI; --no-check is shown beside it to price the check, with no goal
    pairs: list[tuple[str, str, Optional[float]]] = [
        ("mlplugin new", "jinja2 floor", 1.0),
        ("mlplugin new", "cookiecutter", 0.7),
        ("mlplugin new", "copier copy", None),
        (COLD, "jinja2 floor", None),
        (COLD, "cookiecutter", None),
    ]
    if no_check:
        pairs += [(NO_CHECK, "jinja2 floor", None), (NO_CHECK, "cookiecutter", None)]
    ratios = cpu_ratio_entries(pairs, stats, cpu_stats)

    start_stats, start_ratios = _startup(mlplugin, env, work, repeat)

    log("import-time breakdown")
    runs = 3 if quick else 7
    help_imports = importtime(["-c", "import scaffold.cli"], env=env, cwd=work, runs=runs)
    new_out = _fresh(work, "importtime-new")
    new_imports = importtime(
        [mlplugin, "new", PLUGIN, "-o", str(new_out), "-q", "--force"], env=env, cwd=work, runs=runs
    )
    heavy = heavy_modules_after_help(env, work)
    profile = profile_new(env, work, _fresh(work, "profile-new"))

    return {
        "template": str(template),
        "answers": answers,
        "commands": {n: " ".join(a) for n, a in commands.items()},
        "timings": {n: s.as_dict() for n, s in stats.items()},
        "cpu": {n: s.as_dict() for n, s in cpu_stats.items()},
        "ratios": ratios,
        "output_trees": trees,
        "startup": {
            "timings": {n: s.as_dict() for n, s in start_stats.items()},
            "ratios": start_ratios,
            "help_minus_click_s": start_stats["mlplugin --help"].median
            - start_stats["python -c 'import click'"].median,
        },
        "phases": phases(stats, start_stats),
        "importtime": {
            "import scaffold.cli": _importtime_summary(help_imports),
            "mlplugin new": _importtime_summary(new_imports),
        },
        "help_heavy_imports": heavy,
        "profile_new_top25": profile,
    }


def _startup(
    mlplugin: str, env: Mapping[str, str], work: Path, repeat: int
) -> tuple[dict[str, Summary], list[dict[str, Any]]]:
    """``mlplugin --help`` against ``import click`` and the imports that split ``new``."""
    log("start-up: mlplugin --help vs python -c 'import click'")
    startup_cmds = {
        "mlplugin --help": [mlplugin, "--help"],
        "python -c 'pass'": [sys.executable, "-c", "pass"],
        **{f"python -c '{code}'": [sys.executable, "-c", code] for code in PHASE_IMPORTS},
    }

    def startup(argv: list[str]) -> Any:
        return lambda: run_timed(argv, env=env, cwd=work)[0]

    start_stats = summarize(
        interleave({n: startup(a) for n, a in startup_cmds.items()}, repeat=max(repeat, 5))
    )
    return start_stats, [
        ratio_entry("mlplugin --help", "python -c 'import click'", start_stats, goal=1.5),
        ratio_entry("mlplugin --help", "python -c 'pass'", start_stats),
    ]


def phases(gen: Mapping[str, Summary], start: Mapping[str, Summary]) -> dict[str, Any]:
    """Split ``mlplugin new`` and the floor into start-up, imports and the rest (medians).

    Each import phase is the difference between two process timings, e.g. ``python -c
    'import scaffold.cli'`` minus ``python -c 'pass'``; the rest is rendering and writing.
    """

    def med(code: str) -> float:
        return start[f"python -c '{code}'"].median

    base = med("pass")
    cli = med(PHASE_IMPORTS[1]) - base
    jinja_after_cli = med(PHASE_IMPORTS[2]) - med(PHASE_IMPORTS[1])
    new_total = gen["mlplugin new"].median
    check = new_total - gen[NO_CHECK].median if NO_CHECK in gen else 0.0
    jinja = med(PHASE_IMPORTS[3]) - base
    floor_total = gen["jinja2 floor"].median
    return {
        "mlplugin new": {
            "interpreter start": base,
            "import scaffold.cli": cli,
            "import jinja2 (after scaffold.cli)": jinja_after_cli,
            "validate, render, pack wheel, write": new_total - base - cli - jinja_after_cli - check,
            **({"load-and-register check (new - new --no-check)": check} if check else {}),
            "total": new_total,
        },
        "jinja2 floor": {
            "interpreter start": base,
            "import jinja2": jinja,
            "render, write": floor_total - base - jinja,
            "total": floor_total,
        },
    }


def _importtime_summary(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    top_level = [r for r in rows if r["depth"] == 0]
    shallow = sorted((r for r in rows if r["depth"] <= 2), key=lambda r: r["cum_s"], reverse=True)
    return {
        "total_s": sum(r["cum_s"] for r in top_level),
        "top_level": sorted(top_level, key=lambda r: r["cum_s"], reverse=True)[:12],
        "heaviest": [{**r, "chain": import_chain(rows, r["module"])} for r in shallow[:14]],
        "top_self": sorted(rows, key=lambda r: r["self_s"], reverse=True)[:12],
        "packages": _by_package(rows),
    }


def _by_package(rows: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """Self time summed per top-level package, largest first."""
    totals: dict[str, float] = {}
    for r in rows:
        top = r["module"].split(".")[0]
        totals[top] = totals.get(top, 0.0) + r["self_s"]
    return dict(sorted(totals.items(), key=lambda kv: kv[1], reverse=True)[:15])


# --------------------------------------------------------------------------- report


def render(result: Mapping[str, Any]) -> str:
    out = ["## 1. Generation", ""]
    out.append(
        "Each contender is a new process, spawn to exit, writing the same project "
        f"(`{PLUGIN}`, default answers) into an empty directory. CPU = user + system time "
        "of the process and its children (kernel accounting), steadier than wall time on "
        "a shared machine. `mlplugin new` keeps the compiled template and the packed "
        "mlplugin wheel in its cache (private to the run, filled by the warm-up round); "
        f"`{COLD}` starts each run with an empty one."
    )
    out.append("")
    out += timing_and_ratio_tables(result)
    out.append("Output trees compared with `mlplugin new`'s:")
    out.append("")
    rows = []
    for name, t in result["output_trees"].items():
        detail = (
            "identical"
            if t["same_file_list"] and not t["differing_contents"]
            else (
                f"missing {t['missing']}, extra {t['extra']}, contents differ "
                f"{t['differing_contents']}"
            )
        )
        rows.append([f"`{name}`", t["files"], "yes" if t["same_file_list"] else "**no**", detail])
    out.append(md_table(("contender", "files", "same file list", "detail"), rows))
    out.append("")
    s = result["startup"]
    sstats = {n: Summary.of(t["samples_s"]) for n, t in s["timings"].items()}
    out += ["### Start-up: `mlplugin --help`", ""]
    out.append(md_table(TIMING_HEADER, timing_rows(sstats)))
    out.append("")
    out.append(md_table(RATIO_HEADER, ratio_rows(s["ratios"])))
    out.append("")
    out.append(
        f"`mlplugin --help` costs {fmt_s(s['help_minus_click_s'])} more than "
        "`import click` (medians)."
    )
    if result.get("phases"):
        out += ["", "### Where the time goes (medians of whole-process timings)", ""]
        for who, parts in result["phases"].items():
            out.append(
                f"- `{who}`: "
                + "; ".join(f"{k} {fmt_s(v)}" for k, v in parts.items() if k != "total")
                + f" (total {fmt_s(parts['total'])})"
            )
        out.append("")
    heavy = result["help_heavy_imports"]
    if heavy["heavy_loaded"]:
        out.append(
            "**Finding:** `mlplugin --help` imports "
            + ", ".join(
                f"`{m}` (via {' → '.join(heavy['chains'].get(m, []))})"
                for m in heavy["heavy_loaded"]
            )
        )
    else:
        out.append(f"`mlplugin --help` imports none of {', '.join(f'`{m}`' for m in HEAVY)}.")
    out.append("")
    for label, summary in result["importtime"].items():
        out += [f"### `python -X importtime`: {label}", ""]
        out.append(
            f"Sum of top-level imports: {fmt_s(summary['total_s'])}. "
            "Self time per top-level package:"
        )
        out.append("")
        out.append(
            md_table(
                ("package", "self time"),
                [[f"`{k}`", fmt_s(v)] for k, v in summary["packages"].items()],
            )
        )
        out.append("")
        out.append(
            "Heaviest imports up to depth 2 (cumulative; a depth-0 entry below the "
            "command's own module is a lazy import inside a function):"
        )
        out.append("")
        out.append(
            md_table(
                ("module", "cumulative", "self", "imported via"),
                [
                    [
                        f"`{r['module']}`",
                        fmt_s(r["cum_s"]),
                        fmt_s(r["self_s"]),
                        " → ".join(r["chain"][:-1]) or "(top level)",
                    ]
                    for r in summary.get("heaviest", summary["top_level"])[:14]
                ],
            )
        )
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover - run a quick pass of this area alone
    with tempfile.TemporaryDirectory(prefix="mlplugin-bench-") as tmp:
        print(json.dumps(run(repeat=3, workdir=Path(tmp), quick=True), indent=2)[:5000])
