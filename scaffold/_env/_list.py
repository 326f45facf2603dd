"""``list_plugins``: every installed ``mlagents.*`` entry point and whether it loads.

Metadata is read in this process (files only), as the host on the inspected Python
would see it (:func:`._metadata.host_view`); the entry points are then loaded by the one
plugin loader in child processes of the inspected interpreter
(:func:`scaffold._loader_child.run_loaders`): one child per CPU walks its share of them
one after the other, with a timeout per plugin, so plugin code never runs inside
mlplugin and the cost per plugin stays flat as plugins grow. A plugin that hangs, exits
or crashes its child is reported as such and a new child takes the rest, so one plugin
cannot hide another.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Optional

from reference_core._distributions import normalize
from reference_core._events import Event, LoaderConfig, Problem, Registered

from .._loader_child import ChildEnd, LoaderProcess, run_loaders
from .._verify._core import core_source
from ._interpreter import inspect_interpreter
from ._metadata import host_view, iter_distributions
from ._model import HOST_GROUPS, InstalledPlugin, Interpreter

#: At most this many loader children at the same time (and no more than CPUs).
MAX_PARALLEL = 8
#: A second child starts only for this many plugins more: a child's start-up (an
#: interpreter, the reference core, the host shim) costs what loading about this many
#: small plugins does (measured: benchmarks, area list).
PER_CHILD = 200


def _wanted(group: str, groups: Optional[Sequence[str]]) -> bool:
    if groups is None:
        return group.startswith("mlagents.")
    return group in groups


class _Outcome:
    """What the loader said about one entry point."""

    def __init__(self) -> None:
        self.problem: Optional[Problem] = None
        self.needs_host: Optional[Problem] = None
        self.summary = ""
        self.trainer_types: list[str] = []
        self.stop = False

    def handle(self, event: Event) -> None:
        if isinstance(event, Problem) and event.severity == "error" and self.problem is None:
            self.problem = event
        elif isinstance(event, Problem) and event.check_id == "MLP700" and event.step == "load":
            self.needs_host = event
        elif isinstance(event, Registered):
            self.summary = event.summary
            self.trainer_types += [
                str(f["trainer_type"]) for f in event.facts if "trainer_type" in f
            ]

    def output(self, stdout_bytes: int) -> None:
        """stdout is the plugin's business here; only the hard cap applies."""


def _status(
    plugin: InstalledPlugin, outcome: _Outcome, end: ChildEnd, timeout_s: float
) -> InstalledPlugin:
    if end.timed_out:
        error = (
            f"loading did not finish within {timeout_s:g} s (the import or the "
            "registration function hangs)"
        )
        return dataclasses.replace(plugin, status="timeout", error=error)
    if outcome.problem is not None:
        problem = outcome.problem
        error = problem.message + (f"\n{problem.detail}" if problem.detail else "")
        return dataclasses.replace(plugin, status="error", error=error)
    if not end.finished:
        error = f"the process ended with exit code {end.returncode} while loading the plugin"
        error += " (os._exit, a crash or a signal)" + (
            f"; last output:\n{end.tail}" if end.tail else ""
        )
        return dataclasses.replace(plugin, status="error", error=error)
    if outcome.needs_host is not None:
        return dataclasses.replace(plugin, status="needs-host", error=outcome.needs_host.message)
    own = normalize(plugin.distribution) != "mlagents"  # the host's default is no override
    builtin: frozenset[str] = frozenset()
    if outcome.trainer_types:  # the trainer tables cost an import only trainer plugins need
        from reference_core._trainer_kind import BUILTIN_TRAINERS

        builtin = frozenset(BUILTIN_TRAINERS)
    return dataclasses.replace(
        plugin,
        status="ok",
        detail=outcome.summary or "imported",
        trainer_types=tuple(outcome.trainer_types),
        overrides=tuple(n for n in outcome.trainer_types if n in builtin and own),
    )


def load_many(
    plugins: Sequence[InstalledPlugin], interpreter: Interpreter, *, call: bool, timeout_s: float
) -> list[InstalledPlugin]:
    """Load ``plugins`` one after the other in children of ``interpreter`` (see above)."""
    steps = ("load", "register") if call else ("load",)
    with tempfile.TemporaryDirectory(prefix="mlplugin-list-") as tmp:
        configs = [
            LoaderConfig(
                group=plugin.group,
                results_dir=str(Path(tmp, f"results-{index}")),
                entry_points=((plugin.name, plugin.value),),
                search_path=interpreter.path,
                steps=steps,
            )
            for index, plugin in enumerate(plugins)
        ]
        outcomes = [_Outcome() for _ in plugins]
        process = LoaderProcess(interpreter.executable, core_source().parent, isolated=False)
        ends = run_loaders(
            process, configs, workdir=Path(tmp), timeout_s=timeout_s, watchers=outcomes
        )
    return [_status(p, o, e, timeout_s) for p, o, e in zip(plugins, outcomes, ends)]


def list_plugins(
    *,
    groups: Optional[Sequence[str]] = HOST_GROUPS,
    load: bool = True,
    timeout_s: float = 30.0,
    python: Optional[str] = None,
    interpreter: Optional[Interpreter] = None,
) -> tuple[InstalledPlugin, ...]:
    """Every installed distribution's entry points in ``groups``, with load status.

    ``groups=None`` means every group whose name starts with ``mlagents.``. The target
    environment is the running interpreter, ``python`` (a path), or ``interpreter``
    (whose ``path`` is the metadata search path; tests use it for fake environments).
    With ``load``, each entry point is imported in a child process; a stats-writer
    registration function is then called with a default ``RunOptions`` whose results
    directory is a temporary one (the host shim stands in for ``mlagents`` when it is
    not installed), so a plugin that imports fine but cannot register shows as
    ``error``. A trainer-type registration function is called with no arguments (as the
    host does) and the trainer names it registers are kept; a trainer plugin that needs
    the real host to import shows as ``needs-host``. Other groups are imported only.
    Nothing is printed.
    """
    target = interpreter or inspect_interpreter(python)
    found = [
        InstalledPlugin(
            distribution=dist.name,
            version=dist.version,
            location=dist.location,
            editable=dist.editable,
            name=ep.name,
            group=ep.group,
            value=ep.value,
            metadata_path=dist.metadata_path,
        )
        for dist in host_view(iter_distributions(target.path), target.version)
        for ep in dist.entry_points
        if _wanted(ep.group, groups)
    ]
    if not load or not found:
        return tuple(found)
    children = max(1, min(MAX_PARALLEL, os.cpu_count() or 1, -(-len(found) // PER_CHILD)))
    size = -(-len(found) // children)  # contiguous shares, in the order found
    shares = [found[i : i + size] for i in range(0, len(found), size)]
    with ThreadPoolExecutor(max_workers=len(shares)) as pool:
        loaded = pool.map(
            lambda share: load_many(share, target, call=True, timeout_s=timeout_s), shares
        )
        return tuple(plugin for share in loaded for plugin in share)
