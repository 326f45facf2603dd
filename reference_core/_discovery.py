"""Stats-writer plugin discovery with the host's semantics, plus provenance.

This is the stand-in for ``mlagents.plugins`` and ``mlagents.plugins.stats_writer``.
:func:`register_stats_writer_plugins` behaves like the host's function of the same
name (ML-Agents 0.24.0 to 1.1.0); :func:`discover_stats_writers` runs the very same
loop and also reports, per plugin, where it came from and how it failed.

How it differs from upstream, on purpose:

* **Works on every Python.** Upstream uses the dict interface of
  ``importlib.metadata.entry_points()``, which crashes on Python 3.12+. Here the
  entry points are read distribution by distribution, keeping only the first copy of
  each distribution by the stdlib's own rule (:mod:`reference_core._distributions`:
  the normalised name in the metadata *directory's* name, not the metadata ``Name``),
  which is exactly what ``entry_points()`` does on 3.10+. So Python 3.9 de-duplicates
  too, where the stdlib would return (and the host would load) a twice-installed plugin
  twice.
* **The host's own ``default`` entry point.** Upstream ships
  ``default = mlagents.plugins.stats_writer:get_default_stats_writers`` in the
  ``mlagents`` distribution's metadata, which is absent here. With
  ``include_defaults=True`` a synthetic ``default`` outcome is therefore processed
  *first*, unless an entry point named ``default`` from a distribution called
  ``mlagents`` is installed (then that real one is used, in metadata order).
  Upstream's order across distributions follows ``sys.path``, so ``default`` is
  not guaranteed to come first there.
* **Strict mode** (opt-in) raises :class:`~reference_core.PluginLoadError` at the
  first failure instead of logging it, also rejects returned items that are not
  ``StatsWriter`` instances (stage ``"element"``), and lets ``KeyboardInterrupt``
  through unchanged. The default, host mode catches ``BaseException`` -- including
  ``SystemExit`` and ``KeyboardInterrupt`` -- exactly like the host.
"""

from __future__ import annotations

import dataclasses
import difflib
import importlib.metadata as importlib_metadata
import traceback
from collections.abc import Iterable
from typing import Any, Callable

from ._distributions import (
    dist_location,
    entry_points_with_dists,
    is_mlagents_default,
    name_and_version,
)
from ._errors import PluginLoadError, UnknownPluginError
from ._kinds import (
    DEFAULT_STATS_WRITERS,
    ML_AGENTS_STATS_WRITER,
    ML_AGENTS_TRAINER_TYPE,
    STATS_WRITER,
)
from ._logging import get_logger
from ._settings import RunOptions
from ._summary import StatsWriter
from ._trainer_settings import all_trainer_settings, all_trainer_types
from ._writers import ConsoleWriter, GaugeWriter, TensorboardWriter

__all__ = [
    "DEFAULT_ENTRY_POINT_VALUE",
    "ML_AGENTS_STATS_WRITER",
    "ML_AGENTS_TRAINER_TYPE",
    "Discovery",
    "PluginOutcome",
    "all_trainer_settings",
    "all_trainer_types",
    "discover_stats_writers",
    "get_default_stats_writers",
    "register_stats_writer_plugins",
    "stats_writer_entry_points",
]

#: The value of the host's own entry point in group ``mlagents.stats_writer``.
DEFAULT_ENTRY_POINT_VALUE = DEFAULT_STATS_WRITERS

logger = get_logger("mlagents.plugins.stats_writer")


def get_default_stats_writers(run_options: RunOptions) -> list[StatsWriter]:
    """Return the host's built-in writers: TensorBoard, gauges and console."""
    checkpoint_settings = run_options.checkpoint_settings
    return [
        TensorboardWriter(
            checkpoint_settings.write_path,
            clear_past_data=not checkpoint_settings.resume,
            hidden_keys=["Is Training", "Step"],
        ),
        GaugeWriter(),
        ConsoleWriter(),
    ]


@dataclasses.dataclass(frozen=True)
class PluginOutcome:
    """What happened to one entry point, and where it came from.

    ``location`` is the source directory of an editable install (from
    ``direct_url.json``), else the metadata directory (``*.dist-info``). ``writers``
    holds what the plugin added to the writer list -- on a failure in host mode this
    can be a partial list, as upstream's in-place extend keeps what it already
    appended. ``synthetic`` marks the stand-in for mlagents' own ``default`` entry.
    """

    name: str
    value: str
    group: str
    distribution: str | None = None
    version: str | None = None
    location: str | None = None
    writers: tuple[Any, ...] = ()
    error: BaseException | None = None
    error_text: str | None = None
    stage: str | None = None
    synthetic: bool = False

    @property
    def ok(self) -> bool:
        """Whether the plugin was loaded and called without an error."""
        return self.error is None


@dataclasses.dataclass(frozen=True)
class Discovery:
    """The result of :func:`discover_stats_writers`.

    ``writers`` is the list the host would pass to ``StatsReporter.add_writer``;
    ``fell_back_to_defaults`` is true when the group had no entry points at all and
    the built-in writers were used instead (with the host's warning).
    """

    writers: tuple[Any, ...]
    outcomes: tuple[PluginOutcome, ...]
    fell_back_to_defaults: bool = False

    def outcome(self, name: str) -> PluginOutcome:
        """Return the outcome of the entry point ``name`` (``KeyError`` with hints)."""
        for outcome in self.outcomes:
            if outcome.name == name:
                return outcome
        known = [outcome.name for outcome in self.outcomes]
        raise UnknownPluginError(
            name=name, known=known, suggestions=difflib.get_close_matches(name, known, n=3)
        )


def stats_writer_entry_points(
    group: str = ML_AGENTS_STATS_WRITER,
) -> tuple[importlib_metadata.EntryPoint, ...]:
    """Return the installed entry points of ``group``, as the host would see them."""
    return tuple(ep for ep, _ in entry_points_with_dists(group))


def _synthetic_default(group: str) -> PluginOutcome:
    return PluginOutcome(
        name="default", value=DEFAULT_ENTRY_POINT_VALUE, group=group, synthetic=True
    )


def _run_plugin(
    base: PluginOutcome,
    load: Callable[[], Any],
    run_options: RunOptions,
    all_writers: list[Any],
    strict: bool,
) -> PluginOutcome:
    """Process one entry point exactly like the host's loop body; return its outcome."""
    start = len(all_writers)
    stage = "load"
    try:
        logger.debug(f"Initializing {STATS_WRITER.noun} plugins: {base.name}")
        plugin_func = load()
        stage = "call"
        plugin_stats_writers = plugin_func(*STATS_WRITER.arguments(run_options))
        stage = "len"
        logger.debug(f"Found {len(plugin_stats_writers)} StatsWriters for plugin {base.name}")
        stage = "extend"
        if not strict:
            all_writers += plugin_stats_writers
        else:
            items: list[Any] = []
            items += plugin_stats_writers
            stage = "element"
            for item in items:
                if not isinstance(item, STATS_WRITER.base_classes()):
                    raise TypeError(  # noqa: TRY301 - handled like every other failure
                        f"registration function returned {item!r} "
                        f"({type(item).__name__}), which is not a StatsWriter"
                    )
            all_writers += items
    except BaseException as error:
        if strict:
            if isinstance(error, KeyboardInterrupt):
                raise
            raise PluginLoadError(
                entry_point=base.name,
                group=base.group,
                stage=stage,
                distribution=base.distribution,
                value=base.value,
                cause=error,
            ) from error
        logger.exception(
            f"Error initializing {STATS_WRITER.noun} plugins for {base.name}. "
            "This plugin will not be used."
        )
        error_text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        return dataclasses.replace(
            base,
            writers=tuple(all_writers[start:]),
            error=error,
            error_text=error_text,
            stage=stage,
        )
    return dataclasses.replace(base, writers=tuple(all_writers[start:]))


def discover_stats_writers(
    run_options: RunOptions,
    *,
    group: str = ML_AGENTS_STATS_WRITER,
    strict: bool = False,
    include_defaults: bool = True,
    entry_points: Iterable[importlib_metadata.EntryPoint] | None = None,
) -> Discovery:
    """Load every stats-writer plugin of ``group`` the way the host does.

    Each entry point is loaded and its registration function called with the one
    positional ``run_options``; ``len()`` is taken of the result, which is then added to
    the writer list. In host mode a failure is logged (ERROR, with traceback) and the
    plugin dropped; with ``strict=True`` it raises :class:`PluginLoadError`. When the
    group has no entry points at all, the host's warning is logged and the built-in
    writers are returned. ``entry_points`` replaces the installed metadata (for tests);
    ``include_defaults`` adds the host's ``default`` entry point as described in the
    module documentation.
    """
    if entry_points is None:
        pairs = entry_points_with_dists(group)
    else:
        pairs = [(ep, getattr(ep, "dist", None)) for ep in entry_points if ep.group == group]
    bases: list[tuple[PluginOutcome, Callable[[], Any]]] = []
    real_default = any(is_mlagents_default(ep, dist) for ep, dist in pairs)
    if include_defaults and not real_default:
        bases.append((_synthetic_default(group), lambda: get_default_stats_writers))
    for ep, dist in pairs:
        name, version = name_and_version(dist)
        base = PluginOutcome(
            name=ep.name,
            value=ep.value,
            group=group,
            distribution=name,
            version=version,
            location=dist_location(dist) if dist is not None else None,
        )
        bases.append((base, ep.load))
    if not bases:
        logger.warning(
            f"Unable to find any entry points for {group}, even the default ones. "
            "Uninstalling and reinstalling ml-agents via pip should resolve. "
            "Using default plugins for now."
        )
        defaults = get_default_stats_writers(run_options)
        return Discovery(writers=tuple(defaults), outcomes=(), fell_back_to_defaults=True)
    all_writers: list[Any] = []
    outcomes = [_run_plugin(base, load, run_options, all_writers, strict) for base, load in bases]
    return Discovery(writers=tuple(all_writers), outcomes=tuple(outcomes))


def register_stats_writer_plugins(run_options: RunOptions) -> list[StatsWriter]:
    """Return the writers of every installed stats-writer plugin, defaults included.

    The host's function of the same name: broken plugins are logged and skipped.
    """
    return list(discover_stats_writers(run_options).writers)
