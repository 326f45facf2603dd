"""A faithful, dependency-free stand-in for the ML-Agents plugin host.

``reference_core`` re-implements, under the upstream names, what a stats-writer
plugin touches in ``mlagents`` / ``mlagents_envs`` (ML-Agents 1.1.0 semantics): the
stats types and ``StatsReporter``, the built-in writers, ``RunOptions``, and the
host's plugin discovery for stats writers and trainer types
(:func:`register_trainer_plugins`) -- working on every Python from 3.9, with an optional
strict mode and per-plugin provenance. :func:`install_host_shim` lets code written against
``mlagents.*`` import these objects where ML-Agents is not installed.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._discovery import (
        DEFAULT_ENTRY_POINT_VALUE,
        ML_AGENTS_STATS_WRITER,
        ML_AGENTS_TRAINER_TYPE,
        Discovery,
        PluginOutcome,
        all_trainer_settings,
        all_trainer_types,
        discover_stats_writers,
        get_default_stats_writers,
        register_stats_writer_plugins,
        stats_writer_entry_points,
    )
    from ._errors import (
        PLUGIN_STAGES,
        MissingDependencyError,
        PluginLoadError,
        ReferenceCoreError,
        TrainerConfigError,
        UnknownPluginError,
    )
    from ._logging import get_logger, set_log_level
    from ._settings import (
        CheckpointSettings,
        EngineSettings,
        EnvironmentSettings,
        NetworkSettings,
        PPOSettings,
        RunOptions,
        TorchSettings,
        TrainerSettings,
        load_run_options,
    )
    from ._shim import (
        EMULATED_MLAGENTS_VERSION,
        SHIMMED_MODULES,
        host_shim,
        install_host_shim,
        shim_active,
        uninstall_host_shim,
    )
    from ._stats import (
        ConsoleWriter,
        GaugeWriter,
        StatsAggregationMethod,
        StatsPropertyType,
        StatsReporter,
        StatsSummary,
        StatsWriter,
        TensorboardWriter,
        reset_stats_reporter,
    )
    from ._timers import get_gauges, reset_timers, set_gauge
    from ._trainer_discovery import (
        TrainerDiscovery,
        TrainerOutcome,
        discover_trainer_types,
        register_trainer_plugins,
    )

    __version__: str

#: Every public name and the module it lives in; each is imported on first use, so
#: ``import reference_core`` (and a plugin's first host import) stays cheap.
_MODULES: dict[str, tuple[str, ...]] = {
    "._discovery": (
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
    ),
    "._errors": (
        "PLUGIN_STAGES",
        "MissingDependencyError",
        "PluginLoadError",
        "ReferenceCoreError",
        "TrainerConfigError",
        "UnknownPluginError",
    ),
    "._logging": (
        "get_logger",
        "set_log_level",
    ),
    "._settings": (
        "CheckpointSettings",
        "EngineSettings",
        "EnvironmentSettings",
        "NetworkSettings",
        "PPOSettings",
        "RunOptions",
        "TorchSettings",
        "TrainerSettings",
        "load_run_options",
    ),
    "._shim": (
        "EMULATED_MLAGENTS_VERSION",
        "SHIMMED_MODULES",
        "host_shim",
        "install_host_shim",
        "shim_active",
        "uninstall_host_shim",
    ),
    "._stats": (
        "ConsoleWriter",
        "GaugeWriter",
        "StatsAggregationMethod",
        "StatsPropertyType",
        "StatsReporter",
        "StatsSummary",
        "StatsWriter",
        "TensorboardWriter",
        "reset_stats_reporter",
    ),
    "._timers": (
        "get_gauges",
        "reset_timers",
        "set_gauge",
    ),
    "._trainer_discovery": (
        "TrainerDiscovery",
        "TrainerOutcome",
        "discover_trainer_types",
        "register_trainer_plugins",
    ),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    if name == "__version__":
        from ._version import __version__ as version

        value: Any = version
    elif name in _WHERE:
        value = getattr(import_module(_WHERE[name], __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "DEFAULT_ENTRY_POINT_VALUE",
    "EMULATED_MLAGENTS_VERSION",
    "ML_AGENTS_STATS_WRITER",
    "ML_AGENTS_TRAINER_TYPE",
    "PLUGIN_STAGES",
    "SHIMMED_MODULES",
    "CheckpointSettings",
    "ConsoleWriter",
    "Discovery",
    "EngineSettings",
    "EnvironmentSettings",
    "GaugeWriter",
    "MissingDependencyError",
    "NetworkSettings",
    "PPOSettings",
    "PluginLoadError",
    "PluginOutcome",
    "ReferenceCoreError",
    "RunOptions",
    "StatsAggregationMethod",
    "StatsPropertyType",
    "StatsReporter",
    "StatsSummary",
    "StatsWriter",
    "TensorboardWriter",
    "TorchSettings",
    "TrainerConfigError",
    "TrainerDiscovery",
    "TrainerOutcome",
    "TrainerSettings",
    "UnknownPluginError",
    "__version__",
    "all_trainer_settings",
    "all_trainer_types",
    "discover_stats_writers",
    "discover_trainer_types",
    "get_default_stats_writers",
    "get_gauges",
    "get_logger",
    "host_shim",
    "install_host_shim",
    "load_run_options",
    "register_stats_writer_plugins",
    "register_trainer_plugins",
    "reset_stats_reporter",
    "reset_timers",
    "set_gauge",
    "set_log_level",
    "shim_active",
    "stats_writer_entry_points",
    "uninstall_host_shim",
]
