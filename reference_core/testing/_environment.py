"""Before a plugin project's tests run: is *this* plugin usable, and what else is broken?

The pytest plugin calls :func:`check_project` once per session for the project at
pytest's root directory. It answers two questions, and keeps them apart:

* Can the host use this project's own entry points? A stale or missing install, or an
  entry point the host cannot load or register, is one sentence with the fix
  (:attr:`ProjectCheck.problem`); the session then reports that one failure instead of
  every contract test failing with the same cause.
* Which *other* installed plugins of the group are broken (say, an editable install
  whose folder was deleted)? The host would log an error for each and train on, so
  they are not this project's failure: they are listed in the terminal summary
  (:attr:`ProjectCheck.others`), pointing at ``mlplugin doctor``.

Discovery runs exactly as the host's, in a temporary run directory and working
directory with a clean ``StatsReporter``, and with the host logger silenced (its ERROR
lines would otherwise reach the console before pytest captures output).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from reference_core import (
    ML_AGENTS_STATS_WRITER,
    CheckpointSettings,
    PluginLoadError,
    PluginOutcome,
    RunOptions,
    discover_stats_writers,
)
from reference_core._distributions import (
    dist_location,
    dist_name,
    entry_points_with_dists,
    normalize,
)

from ._install import explain_failure, read_project, stale_entry_points
from ._sandbox import isolated_reporter, temporary_cwd

_HOST_LOGGER = "mlagents.plugins.stats_writer"


@dataclasses.dataclass(frozen=True)
class BrokenPlugin:
    """Another installed plugin the host would drop, in one line."""

    entry_point: str
    distribution: str | None
    location: str | None
    error: str

    def describe(self) -> str:
        """``dist (entry point 'x', at /path): ModuleNotFoundError: ...``."""
        where = f", at {self.location}" if self.location else ""
        return f"{self.distribution or '?'} (entry point {self.entry_point!r}{where}): {self.error}"


@dataclasses.dataclass(frozen=True)
class ProjectCheck:
    """What :func:`check_project` found; ``problem`` is ``None`` when the plugin is usable."""

    problem: str | None
    others: tuple[BrokenPlugin, ...]
    packaging_file: str = "pyproject.toml"


@contextlib.contextmanager
def _quiet_host_logger() -> Iterator[None]:
    logger = logging.getLogger(_HOST_LOGGER)
    was = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = was


@contextlib.contextmanager
def _scratch_run() -> Iterator[RunOptions]:
    with tempfile.TemporaryDirectory(prefix="mlplugin-check-") as tmp:
        settings = CheckpointSettings(run_id="install-check", results_dir=str(Path(tmp)))
        os.makedirs(settings.run_logs_dir, exist_ok=True)  # noqa: PTH103
        with _quiet_host_logger(), isolated_reporter(), temporary_cwd():
            yield RunOptions(checkpoint_settings=settings)


def _location(dist: Any) -> str | None:
    return dist_location(dist) if dist is not None else None


def _first_line(error: BaseException | None) -> str:
    text = f"{type(error).__name__}: {error}" if error is not None else "failed"
    return text.splitlines()[0] if text else "failed"


def _own_problem(run_options: RunOptions, ours: Sequence[Any], packaging_file: str) -> str | None:
    try:
        discover_stats_writers(
            run_options,
            group=ML_AGENTS_STATS_WRITER,
            strict=True,
            include_defaults=False,
            entry_points=ours,
        )
    except PluginLoadError as error:
        return explain_failure(error, packaging_file)
    return None


def check_project(root: Path) -> ProjectCheck | None:
    """Check the plugin project at ``root``; ``None`` when it declares no stats writer."""
    project = read_project(root)
    if project is None or not project.group(ML_AGENTS_STATS_WRITER):
        return None
    problem = stale_entry_points(project, ML_AGENTS_STATS_WRITER)
    declared = set(project.group(ML_AGENTS_STATS_WRITER))
    ours: list[Any] = []
    others: list[Any] = []
    wanted = normalize(project.distribution or "")
    owners: dict[tuple[str, str], Any] = {}  # EntryPoint.dist exists on Python 3.10+ only
    for ep, dist in entry_points_with_dists(ML_AGENTS_STATS_WRITER):
        name = dist_name(dist)
        mine = ep.name in declared and name is not None and normalize(name) == wanted
        (ours if mine else others).append(ep)
        owners[(ep.name, ep.value)] = dist
    with _scratch_run() as run_options:
        if problem is None and ours:
            problem = _own_problem(run_options, ours, project.packaging_file)
        outcomes: tuple[PluginOutcome, ...] = ()
        if others:
            outcomes = discover_stats_writers(
                run_options, strict=False, include_defaults=False, entry_points=others
            ).outcomes
    broken = tuple(
        BrokenPlugin(
            o.name,
            o.distribution or dist_name(owners.get((o.name, o.value))),
            o.location or _location(owners.get((o.name, o.value))),
            _first_line(o.error),
        )
        for o in outcomes
        if not o.ok
    )
    return ProjectCheck(problem, broken, project.packaging_file)
