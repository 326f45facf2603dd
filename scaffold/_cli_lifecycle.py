"""The ``update``, ``check``, ``add writer|trainer`` and ``adopt`` commands of ``mlplugin``.

They keep a project in step with the template after ``mlplugin new`` (see
:mod:`scaffold._update`, :mod:`scaffold._add`, :mod:`scaffold._adopt`). Like every command
they parse, call one library function and print what
:mod:`scaffold._lifecycle_report` renders; errors reach :data:`scaffold.cli.EXIT_CODES`
through the group. :mod:`scaffold.cli` imports this module once, after defining the group,
so the commands appear in ``mlplugin --help`` in their place.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

import click

from scaffold.cli import _FORMAT, EXIT_TABLE, cli

_PROJECT = click.argument(
    "project", required=False, default=Path(), type=click.Path(path_type=Path)
)
_DIRTY = click.option(
    "--allow-dirty",
    is_flag=True,
    help="Write into a git work tree that has uncommitted changes.",
)


def _emit(report: Any, format_: str, diff: bool, command: Optional[str] = None) -> None:
    from scaffold._lifecycle_report import report_json, report_text

    if format_ == "json":
        click.echo(report_json(report, command=command))
    else:
        click.echo(report_text(report, diff=diff))


@cli.command(epilog=EXIT_TABLE)
@_PROJECT
@_DIRTY
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option(
    "--diff", is_flag=True, help="Print what would change as a unified diff; write nothing."
)
@_FORMAT
def update(project: Path, allow_dirty: bool, dry_run: bool, diff: bool, format_: str) -> None:
    """Merge today's template into the project at PROJECT (default: here).

    The recorded answers ([tool.mlplugin]) are rendered with the template version that
    made the project and with today's; files you never touched are updated, files both
    changed are merged, conflicts get git-style markers and are listed, files you deleted
    stay deleted. Overwritten files are copied to .mlplugin-backup/ first. Exits 0 when
    the project is up to date, 1 when conflicts were left to resolve.
    """
    from scaffold._update import update as run_update

    plan = run_update(project, allow_dirty=allow_dirty, dry_run=dry_run or diff)
    _emit(plan, format_, diff)
    if plan.conflicts:
        sys.exit(1)


@cli.command(epilog=EXIT_TABLE)
@_PROJECT
@click.option("--diff", is_flag=True, help="Print what `mlplugin update` would change.")
@_FORMAT
def check(project: Path, diff: bool, format_: str) -> None:
    """Exit 1 when the project at PROJECT is behind today's template (for CI).

    Lists the files `mlplugin update` would change; writes nothing. Exits 0 when the
    project is current.
    """
    from scaffold._update import plan_update

    plan = plan_update(project)
    _emit(plan, format_, diff, command="check")
    if not plan.current:
        sys.exit(1)


@cli.group(epilog=EXIT_TABLE)
def add() -> None:
    """Add another plugin to a project: a writer to a stats-writer project, a trainer to a
    trainer project."""


@add.command("writer", epilog=EXIT_TABLE)
@click.argument("name")
@click.option(
    "--project",
    "project",
    default=Path(),
    type=click.Path(path_type=Path),
    show_default=True,
    help="The project to add the writer to.",
)
@click.option(
    "--preset",
    default="jsonl",
    show_default=True,
    metavar="[jsonl|csv]",
    help="The added writer's output: JSON Lines or one CSV file per behavior.",
)
@_DIRTY
@click.option("--dry-run", is_flag=True, help="Show the files that would be written; write none.")
@_FORMAT
def add_writer(
    name: str, project: Path, preset: str, allow_dirty: bool, dry_run: bool, format_: str
) -> None:
    """Add a stats writer called NAME to a stats-writer project: module, entry point, tests.

    The entry point goes into pyproject.toml (comments and layout kept) or setup.py
    (edited in place when its entry_points is a literal dict, otherwise the exact
    lines to add are shown and nothing is written).
    """
    from scaffold._add import add_writer as run_add

    added = run_add(project, name, dry_run=dry_run, allow_dirty=allow_dirty, preset=preset)
    _emit(added, format_, False)


@add.command("trainer", epilog=EXIT_TABLE)
@click.argument("name")
@click.option(
    "--project",
    "project",
    default=Path(),
    type=click.Path(path_type=Path),
    show_default=True,
    help="The trainer project to add the trainer to.",
)
@_DIRTY
@click.option("--dry-run", is_flag=True, help="Show the files that would be written; write none.")
@_FORMAT
def add_trainer(name: str, project: Path, allow_dirty: bool, dry_run: bool, format_: str) -> None:
    """Add a trainer called NAME to a trainer project: its subpackage, tests and record.

    The subpackage starts as a copy of the first trainer (settings, optimizer, trainer)
    under NAME's classes and trainer type; the registration function returns it (one
    line in each of its dictionaries), so no entry point changes. Stats-writer projects
    take no trainer (exit 2).
    """
    from scaffold._add_trainer import add_trainer as run_add

    _emit(run_add(project, name, dry_run=dry_run, allow_dirty=allow_dirty), format_, False)


@cli.command(epilog=EXIT_TABLE)
@_PROJECT
@_DIRTY
@click.option("--dry-run", is_flag=True, help="Show the files that would be written; write none.")
@_FORMAT
def adopt(project: Path, allow_dirty: bool, dry_run: bool, format_: str) -> None:
    """Link the hand-written plugin at PROJECT (default: here) to the template.

    Records answers inferred from its packaging metadata under [tool.mlplugin] and adds
    what it lacks (contract-suite tests for every declared stats writer, tox.ini, CI,
    pre-commit), never touching its code. Then `mlplugin check` and `update` work on it.
    """
    from scaffold._adopt import adopt as run_adopt

    _emit(run_adopt(project, dry_run=dry_run, allow_dirty=allow_dirty), format_, False)
