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

from importlib.metadata import PackageNotFoundError, version

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

try:
    __version__ = version("mlplugin")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

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
