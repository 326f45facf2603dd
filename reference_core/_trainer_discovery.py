"""Trainer-plugin discovery with the host's semantics, plus provenance.

The stand-in for ``mlagents.plugins.trainer_type`` (ML-Agents 0.30.0 to 1.1.0).
:func:`register_trainer_plugins` behaves like the host's function: every entry point of
``mlagents.trainer_type`` is loaded and called with **no arguments**; the result is
unpacked as ``types, settings`` and merged *in place* into the module-level registries
``all_trainer_types`` / ``all_trainer_settings`` (so a plugin can replace ``ppo``); any
exception -- ``BaseException`` included -- is logged with the host's text and the
plugin dropped. :func:`discover_trainer_types` runs the same loop and also returns, per
entry point, where it came from, what it added and how it failed.

Differences from upstream, on purpose: it works on every Python (upstream's
``entry_points()[group]`` crashes on 3.12+), and the host's own ``default`` entry point
(absent here, it lives in the ``mlagents`` distribution's metadata) is stood in for by
:func:`get_default_trainer_types`, which registers the built-in *settings* classes
(``ppo``, ``sac``, ``poca``). The built-in trainer classes need torch and are not stood
in for; ``TrainerSettings`` knows the built-in names regardless. The stand-in runs
*first*; upstream reads ``default`` in ``sys.path`` order, so there a plugin read before
mlagents' own entry point has its ``ppo`` override undone (measured against 1.1.0 by
``tests/host/test_trainer_discovery.py``).
"""

from __future__ import annotations

import dataclasses
import importlib.metadata as importlib_metadata
import traceback
from collections.abc import Iterable
from typing import Any, Callable, Optional

from ._distributions import (
    dist_location,
    entry_points_with_dists,
    is_mlagents_default,
    name_and_version,
)
from ._hyperparameters import BUILTIN_TRAINER_SETTINGS
from ._kinds import DEFAULT_TRAINER_TYPES, ML_AGENTS_TRAINER_TYPE
from ._logging import get_logger
from ._trainer_settings import all_trainer_settings, all_trainer_types

__all__ = [
    "TrainerDiscovery",
    "TrainerOutcome",
    "discover_trainer_types",
    "get_default_trainer_types",
    "register_trainer_plugins",
]

logger = get_logger("mlagents.plugins.trainer_type")

Registries = tuple[dict[str, Any], dict[str, Any]]


def get_default_trainer_types() -> Registries:
    """The host's own registration, as far as the reference core can: the built-in settings."""
    all_trainer_settings.update(BUILTIN_TRAINER_SETTINGS)
    return all_trainer_types, all_trainer_settings


@dataclasses.dataclass(frozen=True)
class TrainerOutcome:
    """What happened to one entry point of ``mlagents.trainer_type``, and where it came from.

    ``trainer_types`` are the names it added to the registry (``()`` when it failed before
    merging); ``synthetic`` marks the stand-in for mlagents' own ``default`` entry point.
    """

    name: str
    value: str
    distribution: Optional[str] = None
    version: Optional[str] = None
    location: Optional[str] = None
    trainer_types: tuple[str, ...] = ()
    error: Optional[BaseException] = None
    error_text: Optional[str] = None
    synthetic: bool = False

    @property
    def ok(self) -> bool:
        """Whether the plugin was loaded, called and merged without an error."""
        return self.error is None


@dataclasses.dataclass(frozen=True)
class TrainerDiscovery:
    """The registries after discovery (the very dicts of the module) and every outcome."""

    trainer_types: dict[str, Any]
    trainer_settings: dict[str, Any]
    outcomes: tuple[TrainerOutcome, ...]
    fell_back_to_defaults: bool = False


def _run_plugin(base: TrainerOutcome, load: Callable[[], Any]) -> TrainerOutcome:
    """One pass of the host's loop body."""
    try:
        logger.debug(f"Initializing Trainer plugins: {base.name}")
        plugin_func = load()
        plugin_trainer_types, plugin_trainer_settings = plugin_func()
        logger.debug(f"Found {len(plugin_trainer_types)} Trainers for plugin {base.name}")
        all_trainer_types.update(plugin_trainer_types)
        all_trainer_settings.update(plugin_trainer_settings)
    except BaseException as error:  # the host catches everything, SystemExit included
        logger.exception(
            f"Error initializing Trainer plugins for {base.name}. This plugin will not be used."
        )
        text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        return dataclasses.replace(base, error=error, error_text=text)
    return dataclasses.replace(base, trainer_types=tuple(map(str, plugin_trainer_types)))


def discover_trainer_types(
    *,
    include_defaults: bool = True,
    entry_points: Optional[Iterable[importlib_metadata.EntryPoint]] = None,
) -> TrainerDiscovery:
    """Register every trainer plugin the way the host does; report each outcome.

    ``entry_points`` replaces the installed metadata (for tests). With
    ``include_defaults`` the stand-in for the host's ``default`` entry point runs first,
    unless a ``default`` entry point of a distribution named ``mlagents`` is installed.
    When the group has no entry points at all, the host's warning is logged and only the
    defaults are registered.
    """
    if entry_points is None:
        pairs = entry_points_with_dists(ML_AGENTS_TRAINER_TYPE)
    else:
        pairs = [(ep, getattr(ep, "dist", None)) for ep in entry_points]
        pairs = [(ep, d) for ep, d in pairs if ep.group == ML_AGENTS_TRAINER_TYPE]
    real_default = any(is_mlagents_default(ep, dist) for ep, dist in pairs)
    bases: list[tuple[TrainerOutcome, Callable[[], Any]]] = []
    if include_defaults and not real_default:
        default = TrainerOutcome("default", DEFAULT_TRAINER_TYPES, synthetic=True)
        bases.append((default, lambda: get_default_trainer_types))
    for ep, dist in pairs:
        name, version = name_and_version(dist)
        base = TrainerOutcome(
            name=ep.name,
            value=ep.value,
            distribution=name,
            version=version,
            location=dist_location(dist) if dist is not None else None,
        )
        bases.append((base, ep.load))
    if not bases:
        logger.warning(
            f"Unable to find any entry points for {ML_AGENTS_TRAINER_TYPE}, even the default "
            "ones. Uninstalling and reinstalling ml-agents via pip should resolve. "
            "Using default plugins for now."
        )
        get_default_trainer_types()
        return TrainerDiscovery(all_trainer_types, all_trainer_settings, (), True)
    outcomes = tuple(_run_plugin(base, load) for base, load in bases)
    return TrainerDiscovery(all_trainer_types, all_trainer_settings, outcomes)


def register_trainer_plugins() -> Registries:
    """The host's function: register every trainer plugin; return both registries."""
    discover_trainer_types()
    return all_trainer_types, all_trainer_settings
