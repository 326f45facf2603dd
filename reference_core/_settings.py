"""``RunOptions`` and the run-level settings, loaded the way ``mlagents-learn`` loads them.

``load_run_options(path)`` follows ``RunOptions.from_argparse`` for a command line that
names only the configuration file: the YAML is read with PyYAML's ``safe_load``
(needed only for this; :class:`~reference_core.MissingDependencyError` says how to
install it), merged over empty ``checkpoint_settings``/``env_settings``/
``engine_settings``/``torch_settings``, unknown top-level keys are rejected, then
``RunOptions.from_dict`` structures it, ``prioritize_resume_init()`` runs and a
behaviour missing from the file becomes an error. ``RunOptions.from_dict`` on its own
ignores unknown top-level keys and ``torch_settings`` keys, as upstream's does.

The per-behaviour settings live in :mod:`reference_core._trainer_settings`,
:mod:`reference_core._hyperparameters` and :mod:`reference_core._environment_parameters`;
all are re-exported here, as upstream keeps them in ``mlagents.trainers.settings``.
Errors: ``TrainerConfigError`` with upstream's texts, ``ValueError`` from enums and the
environment validators, ``TypeError`` for missing required values, PyYAML's own errors
for broken YAML other than a parser error.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import Any, Optional

from ._environment_parameters import (
    CompletionCriteriaSettings,
    ConstantSettings,
    EnvironmentParameterSettings,
    GaussianSettings,
    Lesson,
    MultiRangeUniformSettings,
    ParameterRandomizationSettings,
    ParameterRandomizationType,
    UniformSettings,
)
from ._errors import MissingDependencyError, TrainerConfigError
from ._exportable import HOOKS, ExportableSettings, strict_to_cls, structure_from_dict
from ._hyperparameters import (
    BehavioralCloningSettings,
    ConditioningType,
    CuriositySettings,
    EncoderType,
    GAILSettings,
    HyperparamSettings,
    NetworkSettings,
    OffPolicyHyperparamSettings,
    OnPolicyHyperparamSettings,
    POCASettings,
    PPOSettings,
    RewardSignalSettings,
    RewardSignalType,
    RNDSettings,
    SACSettings,
    ScheduleType,
    SelfPlaySettings,
)
from ._logging import get_logger
from ._trainer_settings import DefaultTrainerDict, TrainerSettings

logger = get_logger("mlagents.trainers.settings")


@dataclasses.dataclass
class CheckpointSettings:
    """Where the run writes its results and how it starts (``--run-id``, ``--resume``...)."""

    run_id: str = "ppo"
    initialize_from: Optional[str] = None
    load_model: bool = False
    resume: bool = False
    force: bool = False
    train_model: bool = False
    inference: bool = False
    results_dir: str = "results"

    @property
    def write_path(self) -> str:
        """``{results_dir}/{run_id}``: where writers should put their output."""
        return os.path.join(self.results_dir, self.run_id)  # noqa: PTH118 - upstream's path

    @property
    def maybe_init_path(self) -> Optional[str]:
        """``{results_dir}/{initialize_from}``, or ``None`` without ``initialize_from``."""
        if self.initialize_from is None:
            return None
        return os.path.join(self.results_dir, self.initialize_from)  # noqa: PTH118

    @property
    def run_logs_dir(self) -> str:
        """``{write_path}/run_logs``: where the host keeps ``timers.json`` and status."""
        return os.path.join(self.write_path, "run_logs")  # noqa: PTH118

    def prioritize_resume_init(self) -> None:
        """Both ``resume`` and ``initialize_from`` in the YAML: resuming wins.

        Upstream first gives precedence to whichever of the two was typed on the
        command line; without a command line only this rule remains.
        """
        if self.resume and self.initialize_from is not None:
            logger.warning(
                f"Both 'resume' and 'initialize_from={self.initialize_from}' are set in yaml "
                "file! Current run will be resumed ignoring initialization."
            )
            self.initialize_from = None


@dataclasses.dataclass
class EnvironmentSettings:
    """How the Unity environment is launched."""

    env_path: Optional[str] = None
    env_args: Optional[list[str]] = None
    base_port: int = 5005
    num_envs: int = 1
    num_areas: int = 1
    timeout_wait: int = 60
    seed: int = -1
    max_lifetime_restarts: int = 10
    restarts_rate_limit_n: int = 1
    restarts_rate_limit_period_s: int = 60

    def __post_init__(self) -> None:
        if self.num_envs > 1 and self.env_path is None:
            raise ValueError("num_envs must be 1 if env_path is not set.")
        if self.num_areas <= 0:
            raise ValueError("num_areas must be set to a positive number >= 1.")


@dataclasses.dataclass
class EngineSettings:
    """The Unity engine configuration (resolution, quality, time scale...)."""

    width: int = 84
    height: int = 84
    quality_level: int = 5
    time_scale: float = 20  # an int, like upstream's argparse default
    target_frame_rate: int = -1
    capture_frame_rate: int = 60
    no_graphics: bool = False
    no_graphics_monitor: bool = False


@dataclasses.dataclass
class TorchSettings:
    """The torch device (``--torch-device``), ``None`` for the automatic choice."""

    device: Optional[str] = None


@dataclasses.dataclass
class RunOptions(ExportableSettings):
    """Everything ``mlagents-learn`` was configured with; what plugins receive."""

    default_settings: Optional[TrainerSettings] = None
    behaviors: DefaultTrainerDict = dataclasses.field(default_factory=DefaultTrainerDict)
    env_settings: EnvironmentSettings = dataclasses.field(default_factory=EnvironmentSettings)
    engine_settings: EngineSettings = dataclasses.field(default_factory=EngineSettings)
    environment_parameters: Optional[dict[str, EnvironmentParameterSettings]] = None
    checkpoint_settings: CheckpointSettings = dataclasses.field(default_factory=CheckpointSettings)
    torch_settings: TorchSettings = dataclasses.field(default_factory=TorchSettings)
    debug: bool = False

    @staticmethod
    def from_dict(options_dict: Any) -> RunOptions:
        """Structure a configuration dict; ``default_settings`` become class-level."""
        if "default_settings" in options_dict and options_dict["default_settings"] is not None:
            TrainerSettings.default_override = TrainerSettings.structure(
                options_dict["default_settings"]
            )
        return structure_from_dict(options_dict, RunOptions)


for _strict in (EnvironmentSettings, EngineSettings, CheckpointSettings):
    HOOKS[_strict] = strict_to_cls


def _load_yaml(source: Any) -> Any:
    """``yaml.safe_load`` of text or of an open file (whose name then appears in errors)."""
    try:
        import yaml  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        raise MissingDependencyError(package="pyyaml", feature="Reading YAML") from None
    try:
        return yaml.safe_load(source)
    except yaml.parser.ParserError as error:
        raise TrainerConfigError(
            "Error parsing yaml file. Please check for formatting errors. "
            "A tool such as http://www.yamllint.com/ can be helpful with this."
        ) from error


def _read_config(source: str | os.PathLike[str]) -> Any:
    """upstream's ``load_config``: the file is parsed as a stream, as ``mlagents-learn`` does."""
    if isinstance(source, str) and "\n" in source:
        return _load_yaml(source)
    try:
        with open(source, encoding="utf-8") as stream:  # noqa: PTH123 - upstream's open
            return _load_yaml(stream)
    except OSError:
        raise TrainerConfigError(
            f"Config file could not be found at {os.path.abspath(source)}."  # noqa: PTH100
        ) from None
    except UnicodeDecodeError:
        raise TrainerConfigError(
            f"There was an error decoding Config file from {os.fspath(source)}. "
            "Make sure your file is save using UTF-8"
        ) from None


def load_run_options(
    source: str | os.PathLike[str] | Mapping[str, Any] | None = None,
) -> RunOptions:
    """Build :class:`RunOptions` as ``mlagents-learn CONFIG`` does.

    A ``PathLike`` is always a file; a ``str`` is a file path unless it contains a
    newline, in which case it is YAML text; a mapping is taken as the parsed YAML;
    ``None`` is a command line without a configuration file (defaults, and a missing
    behaviour gets default settings with a warning instead of an error).
    """
    configured: dict[str, Any] = {
        "checkpoint_settings": {},
        "env_settings": {},
        "engine_settings": {},
        "torch_settings": {},
    }
    if source is not None:
        configured.update(source if isinstance(source, Mapping) else _read_config(source))
    fields = {f.name for f in dataclasses.fields(RunOptions)}
    for key in configured:
        if key not in fields:
            raise TrainerConfigError(
                f"The option {key} was specified in your YAML file, but is invalid."
            )
    options = RunOptions.from_dict(configured)
    options.checkpoint_settings.prioritize_resume_init()
    if isinstance(options.behaviors, DefaultTrainerDict):
        options.behaviors.set_config_specified(source is not None)
    return options


__all__ = [
    "BehavioralCloningSettings",
    "CheckpointSettings",
    "CompletionCriteriaSettings",
    "ConditioningType",
    "ConstantSettings",
    "CuriositySettings",
    "DefaultTrainerDict",
    "EncoderType",
    "EngineSettings",
    "EnvironmentParameterSettings",
    "EnvironmentSettings",
    "ExportableSettings",
    "GAILSettings",
    "GaussianSettings",
    "HyperparamSettings",
    "Lesson",
    "MultiRangeUniformSettings",
    "NetworkSettings",
    "OffPolicyHyperparamSettings",
    "OnPolicyHyperparamSettings",
    "POCASettings",
    "PPOSettings",
    "ParameterRandomizationSettings",
    "ParameterRandomizationType",
    "RNDSettings",
    "RewardSignalSettings",
    "RewardSignalType",
    "RunOptions",
    "SACSettings",
    "ScheduleType",
    "SelfPlaySettings",
    "TorchSettings",
    "TrainerSettings",
    "UniformSettings",
    "load_run_options",
]
