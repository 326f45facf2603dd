"""``mlplugin new``: the options, the questions asked on a terminal, and the summary.

The command only parses, calls :func:`scaffold.make_spec` and :func:`scaffold.generate`
(or :func:`scaffold.plan` for ``--dry-run``) and prints what they return; errors reach
:data:`scaffold.cli.EXIT_CODES` through the group. :mod:`scaffold.cli` imports this
module once, after defining the group.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional

import click

from scaffold.cli import EXIT_TABLE, cli


@cli.command(epilog=EXIT_TABLE)
@click.argument("name", required=False)
@click.option(
    "--kind",
    type=click.Choice(["stats-writer", "trainer"]),
    default="stats-writer",
    show_default=True,
    help="The plugin interface: a stats writer (mlagents.stats_writer) or a custom "
    "trainer (mlagents.trainer_type, Python 3.10/3.11 like mlagents 1.1.0).",
)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default=True,
    help="Directory in which the project directory is created.",
)
@click.option(
    "--packaging",
    default=None,
    metavar="[pyproject|setup-py]",
    help="Declare the entry point in pyproject.toml (default) or in a classic setup.py.",
)
@click.option(
    "--preset",
    default=None,
    metavar="[jsonl|csv|mlflow|wandb]",
    help="Where the stats writer sends every summary: JSON Lines (default), CSV files, "
    "an MLflow tracking server or Weights & Biases.",
)
@click.option("--description", default=None, help="One-line description of the plugin.")
@click.option("--author", default=None, help="Author name for the metadata and LICENSE.")
@click.option("--email", default=None, help="Author e-mail for the metadata.")
@click.option(
    "--license",
    "license_",
    default=None,
    metavar="[MIT|Apache-2.0|BSD-3-Clause]",
    help="License of the generated project (default MIT).",
)
@click.option(
    "--python",
    "python_versions",
    multiple=True,
    metavar="X.Y",
    help="Python version to test on (repeatable; default 3.9 to 3.13).",
)
@click.option(
    "--answers",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="JSON or TOML file with the answers (a generated pyproject.toml works too).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write the template's files into an existing project directory. Nothing else "
    "is deleted; overwritten files are copied to .mlplugin-backup/ first.",
)
@click.option(
    "--allow-dirty",
    is_flag=True,
    help="Let --force write into a git work tree that has uncommitted changes.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Render and check as a real run does, print the files it would write; write none.",
)
@click.option(
    "--no-check",
    is_flag=True,
    help="Skip loading the generated plugin through the host's discovery before writing it.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only the project path.")
def new(
    name: Optional[str],
    kind: str,
    output_dir: Path,
    packaging: Optional[str],
    preset: Optional[str],
    description: Optional[str],
    author: Optional[str],
    email: Optional[str],
    license_: Optional[str],
    python_versions: Sequence[str],
    answers: Optional[Path],
    force: bool,
    allow_dirty: bool,
    dry_run: bool,
    no_check: bool,
    quiet: bool,
) -> None:
    """Generate a complete ML-Agents plugin project named NAME (a stats writer, or a trainer).

    A stats writer declares its entry point in the `mlagents.stats_writer` group and ships
    a working writer (JSON Lines, or the --preset chosen) with tests that run the
    ML-Agents contract suite; --kind trainer makes a custom trainer for
    `mlagents.trainer_type`, with a test that trains through the real host. Both come with
    a tox matrix, CI and docs. Options override --answers. Without NAME
    on a terminal, it asks for each answer not given (with the defaults shown); without
    a terminal it never asks. The compiled template and the packed mlplugin wheel are
    kept in ~/.cache/mlplugin (MLPLUGIN_CACHE_DIR moves it, MLPLUGIN_NO_CACHE=1 turns it
    off); the files written are the same either way.
    """
    from scaffold._answers import read_answers
    from scaffold._generate import generate, make_spec, plan

    given = read_answers(answers) if answers else {}
    raw_name = name if name is not None else given.pop("plugin_name", None)
    given.pop("plugin_name", None)
    flags = {
        "packaging": packaging,
        "preset": preset,
        "description": description,
        "author": author,
        "email": email,
        "license": license_,
        "python_versions": tuple(python_versions) or None,
    }
    if raw_name is None:
        if not _on_terminal():
            raise click.UsageError(
                "give a plugin NAME (or plugin_name in --answers); without a terminal "
                "mlplugin new never asks"
            )
        known = {**given, **{k: v for k, v in flags.items() if v is not None}}
        if kind == "trainer":
            from scaffold._trainer_context import TRAINER_DEFAULTS

            known.setdefault("python_versions", TRAINER_DEFAULTS["python_versions"])
            known.setdefault("preset", "jsonl")  # presets are stats writers'

        asked = _ask_answers(known)
        raw_name = asked.pop("plugin_name")
        given.update(asked)
    spec = make_spec(
        raw_name, kind=kind, **{**given, **{k: v for k, v in flags.items() if v is not None}}
    )
    if spec.normalised and not quiet:
        click.echo(f"Note: {spec.normalised}.")
    if dry_run:
        result = plan(spec, output_dir, force=force, allow_dirty=allow_dirty, check=not no_check)
        verb = "would write into" if result.existed else "would create"
        click.echo(f"{verb} {result.path} ({len(result.files)} files, {_style(spec)}):")
        marks = {
            **dict.fromkeys(result.overwritten, "overwrite"),
            **dict.fromkeys(result.unchanged, "unchanged"),
        }
        for file in result.files:
            click.echo(f"  {file}" + (f"  ({marks[file]})" if file in marks else ""))
        return
    result = generate(spec, output_dir, force=force, allow_dirty=allow_dirty, check=not no_check)
    if quiet:
        click.echo(str(result.path))
        return
    names = spec.names
    if result.existed:
        summary = (
            f"Wrote into {result.path}: {len(result.added)} added, "
            f"{len(result.overwritten)} overwritten, {len(result.unchanged)} unchanged; "
            "nothing else was touched."
        )
        if result.backup is not None:
            summary += f"\n  copies of the overwritten files: {result.backup}"
    else:
        summary = f"Created {result.path} ({len(result.files)} files, {_style(spec, 'packaging')})."
    if spec.kind == "trainer":
        context = spec.context()
        details = (
            f"  entry point  mlagents.trainer_type: {names.entry_point} = "
            f"{names.module}:{context['registration_function']}\n"
            f"  trainer      {names.module}.{context['trainer_class']} "
            f"(trainer_type: {context['trainer_type']})\n"
            "Next:\n"
            f"  cd {result.path}\n"
            "  tox -e py311        # installs the real ML-Agents host, then runs the tests"
        )
    else:
        details = (
            f"  entry point  mlagents.stats_writer: {names.entry_point} = "
            f"{names.entry_point_value}\n"
            f"  writer       {names.module}.{names.class_name}\n"
            "Next:\n"
            f"  cd {result.path}\n"
            '  pip install -e ".[test]" --find-links wheelhouse\n'
            "  pytest"
        )
    click.echo(f"{summary}\n{details}")


def _style(spec: Any, noun: str = "") -> str:
    """``pyproject packaging``, plus ``, csv preset`` when the preset is not the default."""
    style = f"{spec.packaging} {noun}".rstrip()
    return style if spec.preset == "jsonl" else f"{style}, {spec.preset} preset"


def _on_terminal() -> bool:
    """Whether a person can answer questions (standard input and output are a terminal)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask_answers(known: dict[str, Any]) -> dict[str, Any]:
    """Ask for every answer not in ``known``; re-ask until ``new`` would accept it."""
    from scaffold._generate import PRESET_DESCRIPTIONS
    from scaffold._questions import QUESTIONS, answer_problems

    answers: dict[str, Any] = {}
    for question in QUESTIONS:
        if question.key in known:
            continue
        prompt = question.prompt
        if question.choices:
            prompt += f" ({', '.join(question.choices)})"
        default = question.default
        if question.key == "description":  # the chosen preset's own description
            preset = answers.get("preset", known.get("preset"))
            default = PRESET_DESCRIPTIONS.get(str(preset), default)
        while True:
            value = click.prompt(prompt, default=default)
            problems = answer_problems(question.key, value)
            if not problems:
                break
            click.echo("\n".join(f"  - {problem}" for problem in problems), err=True)
        answers[question.key] = value
    return answers
