"""An opt-in import hook serving ``mlagents.*`` / ``mlagents_envs.*`` from the reference core.

Plugins import the host API by its real names (``from mlagents.trainers.stats import
StatsWriter``). Where the real ML-Agents is not installed, :func:`install_host_shim`
adds a finder at the *end* of ``sys.meta_path`` that serves the modules in
:data:`SHIMMED_MODULES`, re-exporting the very objects of :mod:`reference_core`, so
``isinstance`` checks agree whichever name was imported.

The shim never competes with a real installation: being last on ``sys.meta_path`` it
is only asked for names no other finder can import; it serves a top-level package
(``mlagents`` or ``mlagents_envs``) only if no other finder can import it, and a
submodule only below a top-level package it served itself, so a real package is never
mixed with shimmed submodules. Every shimmed module has ``__reference_core_shim__ =
True``. Installing ``mlplugin`` never activates the shim; only these functions do.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
import types
from collections.abc import Iterator, Sequence
from typing import Any, Callable

#: The ML-Agents release whose plugin API the reference core reproduces; the shim
#: reports it as ``mlagents.trainers.__version__`` and ``mlagents_envs.__version__``.
EMULATED_MLAGENTS_VERSION = "1.1.0"

_PACKAGES = frozenset(
    {
        "mlagents",
        "mlagents.plugins",
        "mlagents.trainers",
        "mlagents_envs",
        "mlagents_envs.side_channel",
    }
)


def _exports() -> dict[str, dict[str, Any]]:
    """Map each shimmed module name to its attributes (imported on use: no cycle)."""
    from . import _discovery, _errors, _logging, _settings, _stats, _timers, _trainer_discovery

    stats_names = [
        "StatsAggregationMethod",
        "StatsPropertyType",
        "StatsSummary",
        "StatsWriter",
        "StatsReporter",
        "ConsoleWriter",
        "TensorboardWriter",
        "GaugeWriter",
    ]
    settings_names = [
        "RunOptions",
        "CheckpointSettings",
        "EnvironmentSettings",
        "EngineSettings",
        "TorchSettings",
        "TrainerSettings",
        "NetworkSettings",
        "PPOSettings",
        "ExportableSettings",
        # what plugins compare against or build: enums and the nested settings classes
        "BehavioralCloningSettings",
        "CompletionCriteriaSettings",
        "ConditioningType",
        "ConstantSettings",
        "CuriositySettings",
        "EncoderType",
        "EnvironmentParameterSettings",
        "GAILSettings",
        "GaussianSettings",
        "HyperparamSettings",
        "Lesson",
        "MultiRangeUniformSettings",
        "OffPolicyHyperparamSettings",
        "OnPolicyHyperparamSettings",
        "ParameterRandomizationSettings",
        "ParameterRandomizationType",
        "RNDSettings",
        "RewardSignalSettings",
        "RewardSignalType",
        "ScheduleType",
        "SelfPlaySettings",
        "UniformSettings",
    ]
    logging_names = ["CRITICAL", "FATAL", "ERROR", "WARNING", "INFO", "DEBUG", "NOTSET"]
    logging_names += ["LOG_FORMAT", "DEBUG_LOG_FORMAT", "DATE_FORMAT"]
    logging_names += ["get_logger", "set_log_level"]
    plugin_names = ["ML_AGENTS_STATS_WRITER", "ML_AGENTS_TRAINER_TYPE"]
    plugin_names += ["all_trainer_types", "all_trainer_settings"]
    version = {"__version__": EMULATED_MLAGENTS_VERSION}

    def pick(module: types.ModuleType, names: Sequence[str]) -> dict[str, Any]:
        return {name: getattr(module, name) for name in names}

    return {
        "mlagents": {},
        "mlagents.plugins": pick(_discovery, plugin_names),
        "mlagents.plugins.stats_writer": {
            **pick(_discovery, ["get_default_stats_writers", "register_stats_writer_plugins"]),
            **pick(_discovery, ["ML_AGENTS_STATS_WRITER", "logger"]),
            **pick(_stats, ["StatsWriter"]),
            **pick(_settings, ["RunOptions"]),
        },
        "mlagents.plugins.trainer_type": {
            **pick(
                _trainer_discovery,
                ["get_default_trainer_types", "register_trainer_plugins", "logger"],
            ),
            **pick(_discovery, ["ML_AGENTS_TRAINER_TYPE"]),
        },
        "mlagents.trainers": {**version, "__release_tag__": "release_22"},
        "mlagents.trainers.stats": {
            **pick(_stats, [*stats_names, "logger"]),
            "set_gauge": _timers.set_gauge,
        },
        "mlagents.trainers.settings": {
            **pick(_settings, settings_names),
            "TrainerConfigError": _errors.TrainerConfigError,
        },
        "mlagents.trainers.exception": {
            "TrainerConfigError": _errors.TrainerConfigError,
            "TrainerConfigWarning": _errors.TrainerConfigWarning,
        },
        "mlagents_envs": dict(version),
        "mlagents_envs.logging_util": pick(_logging, logging_names),
        "mlagents_envs.side_channel": {},
        "mlagents_envs.side_channel.stats_side_channel": pick(_stats, ["StatsAggregationMethod"]),
        "mlagents_envs.timers": pick(_timers, ["set_gauge", "get_gauges", "reset_timers"]),
    }


#: Every module name the shim can serve.
SHIMMED_MODULES: tuple[str, ...] = (
    "mlagents",
    "mlagents.plugins",
    "mlagents.plugins.stats_writer",
    "mlagents.plugins.trainer_type",
    "mlagents.trainers",
    "mlagents.trainers.stats",
    "mlagents.trainers.settings",
    "mlagents.trainers.exception",
    "mlagents_envs",
    "mlagents_envs.logging_util",
    "mlagents_envs.side_channel",
    "mlagents_envs.side_channel.stats_side_channel",
    "mlagents_envs.timers",
)
_TOP_LEVEL = ("mlagents", "mlagents_envs")


def _is_shim(module: object) -> bool:
    return getattr(module, "__reference_core_shim__", False) is True


class _HostShimFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds and builds the shimmed modules (see the module documentation)."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        """Offer a spec for a shimmed name that no real package provides."""
        del path, target  # the decision depends on the name alone
        if fullname not in SHIMMED_MODULES:
            return None
        top = fullname.partition(".")[0]
        if fullname == top:
            if _real_spec(top, exclude=self) is not None:
                return None
        elif not _is_shim(sys.modules.get(top)):
            return None
        return importlib.util.spec_from_loader(fullname, self, is_package=fullname in _PACKAGES)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        """Use the default module creation."""
        del spec
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        """Fill the module with the reference core's objects."""
        exports = _exports()[module.__name__]
        module.__dict__.update(exports)
        module.__dict__["__all__"] = sorted(k for k in exports if not k.startswith("__"))
        module.__dict__["__reference_core_shim__"] = True
        module.__dict__["__doc__"] = (
            f"Stand-in for {module.__name__}, served by reference_core's host shim."
        )


def _real_spec(name: str, exclude: object = None) -> importlib.machinery.ModuleSpec | None:
    """Find ``name`` with every meta-path finder except the shim's."""
    module = sys.modules.get(name)
    if module is not None and not _is_shim(module):
        return getattr(module, "__spec__", None) or importlib.machinery.ModuleSpec(name, None)
    for finder in list(sys.meta_path):
        if finder is exclude or isinstance(finder, _HostShimFinder):
            continue
        find_spec: Callable[..., Any] | None = getattr(finder, "find_spec", None)
        if find_spec is None:
            continue
        try:
            spec = find_spec(name, None)
        except Exception:  # noqa: S112 - a broken foreign finder is not ours to fix
            continue
        if spec is not None:
            return spec  # type: ignore[no-any-return]
    return None


_lock = threading.Lock()


def shim_active() -> bool:
    """Whether the host shim's finder is on ``sys.meta_path``."""
    return any(isinstance(finder, _HostShimFinder) for finder in sys.meta_path)


def install_host_shim() -> bool:
    """Let ``import mlagents...`` resolve to the reference core where ML-Agents is absent.

    Idempotent. Returns ``True`` if the shim is (now) active, ``False`` if both real
    packages, ``mlagents`` and ``mlagents_envs``, are importable, in which case nothing
    is installed.
    """
    with _lock:
        if shim_active():
            return True
        if all(_real_spec(top) is not None for top in _TOP_LEVEL):
            return False
        sys.meta_path.append(_HostShimFinder())
        return True


def uninstall_host_shim() -> None:
    """Remove the shim's finder and forget every module it served."""
    with _lock:
        sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _HostShimFinder)]
        for name in list(sys.modules):
            if name.partition(".")[0] in _TOP_LEVEL and _is_shim(sys.modules[name]):
                del sys.modules[name]


@contextlib.contextmanager
def host_shim() -> Iterator[bool]:
    """Activate the shim for a ``with`` block; yields what :func:`install_host_shim` gave.

    The shim is removed on exit only if this block installed it, so blocks nest.
    """
    was_active = shim_active()
    active = install_host_shim()
    try:
        yield active
    finally:
        if active and not was_active:
            uninstall_host_shim()
