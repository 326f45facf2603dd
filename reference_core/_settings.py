"""A stand-in for the parts of ``mlagents.trainers.settings`` that plugins read.

Upstream builds these classes with attrs and (un)structures them with cattrs; here
they are plain, mutable dataclasses with the same field names and defaults (the
argparse defaults of ``mlagents-learn`` 1.1.0). Every class constructs with no
arguments. ``as_dict()`` returns what ``cattr.unstructure`` would: nested plain
dicts, enums replaced by their values. ``RunOptions.from_dict`` rejects unknown keys
with the upstream :class:`~reference_core.TrainerConfigError` texts.

The per-behaviour settings live in :mod:`reference_core._trainer_settings` and the
shared base in :mod:`reference_core._exportable`; both are re-exported here.

Deliberate simplifications, documented where they live:

* hyperparameters are a :class:`PPOSettings` for ``trainer_type: ppo``; for any other
  trainer type they are kept as the plain dict given;
* ``environment_parameters``, ``reward_signals``, ``self_play`` and
  ``behavioral_cloning`` are kept as plain data, not structured;
* ``default_settings`` applies to the ``behaviors`` of its own ``RunOptions`` only
  (upstream stores it in the class-level ``TrainerSettings.default_override``).
"""

from __future__ import annotations

import copy
import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from ._errors import MissingDependencyError, TrainerConfigError
from ._exportable import ExportableSettings, merge, require_mapping
from ._logging import get_logger
from ._trainer_settings import (
    DefaultTrainerDict,
    NetworkSettings,
    PPOSettings,
    TrainerSettings,
)

__all__ = [
    "CheckpointSettings",
    "DefaultTrainerDict",
    "EngineSettings",
    "EnvironmentSettings",
    "ExportableSettings",
    "NetworkSettings",
    "PPOSettings",
    "RunOptions",
    "TorchSettings",
    "TrainerSettings",
    "load_run_options",
]

logger = get_logger("mlagents.trainers.settings")


@dataclasses.dataclass
class CheckpointSettings(ExportableSettings):
    """Where the run writes its results and how it starts (``--run-id``, ``--resume``...)."""

    run_id: str = "ppo"
    initialize_from: str | None = None
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
    def maybe_init_path(self) -> str | None:
        """``{results_dir}/{initialize_from}``, or ``None`` without ``initialize_from``."""
        if self.initialize_from is None:
            return None
        return os.path.join(self.results_dir, self.initialize_from)  # noqa: PTH118

    @property
    def run_logs_dir(self) -> str:
        """``{write_path}/run_logs``: where the host keeps ``timers.json`` and status."""
        return os.path.join(self.write_path, "run_logs")  # noqa: PTH118

    def prioritize_resume_init(self) -> None:
        """Resolve ``resume`` together with ``initialize_from``: resuming wins.

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
class EnvironmentSettings(ExportableSettings):
    """How the Unity environment is launched."""

    env_path: str | None = None
    env_args: list[str] | None = None
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
            raise TrainerConfigError("num_envs must be 1 if env_path is not set.")
        if self.num_areas <= 0:
            raise TrainerConfigError("num_areas must be set to a positive number >= 1.")


@dataclasses.dataclass
class EngineSettings(ExportableSettings):
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
class TorchSettings(ExportableSettings):
    """The torch device (``--torch-device``), ``None`` for the automatic choice."""

    device: str | None = None


@dataclasses.dataclass
class RunOptions(ExportableSettings):
    """Everything ``mlagents-learn`` was configured with; what plugins receive."""

    default_settings: TrainerSettings | None = None
    behaviors: DefaultTrainerDict = dataclasses.field(default_factory=DefaultTrainerDict)
    env_settings: EnvironmentSettings = dataclasses.field(default_factory=EnvironmentSettings)
    engine_settings: EngineSettings = dataclasses.field(default_factory=EngineSettings)
    environment_parameters: dict[str, Any] | None = None
    checkpoint_settings: CheckpointSettings = dataclasses.field(default_factory=CheckpointSettings)
    torch_settings: TorchSettings = dataclasses.field(default_factory=TorchSettings)
    debug: bool = False

    _SECTIONS: ClassVar[dict[str, type[ExportableSettings]]] = {
        "env_settings": EnvironmentSettings,
        "engine_settings": EngineSettings,
        "checkpoint_settings": CheckpointSettings,
        "torch_settings": TorchSettings,
    }

    @staticmethod
    def from_dict(options_dict: Mapping[str, Any] | None) -> RunOptions:
        """Build run options from a configuration dict (the parsed training YAML)."""
        options_dict = require_mapping({} if options_dict is None else options_dict)
        field_names = {f.name for f in dataclasses.fields(RunOptions)}
        for key in options_dict:
            if key not in field_names:
                raise TrainerConfigError(
                    f"The option {key} was specified in your YAML file, but is invalid."
                )
        kwargs: dict[str, Any] = {}
        for name, section in RunOptions._SECTIONS.items():
            if options_dict.get(name) is not None:
                kwargs[name] = section.structure(options_dict[name])
        default_data = options_dict.get("default_settings")
        behaviors = DefaultTrainerDict()
        if default_data is not None:
            kwargs["default_settings"] = TrainerSettings.structure(default_data)
            behaviors.default_settings = kwargs["default_settings"]
        for name, behavior in (options_dict.get("behaviors") or {}).items():
            merged = merge(default_data or {}, behavior or {})
            behaviors[name] = TrainerSettings.structure(merged)
        kwargs["behaviors"] = behaviors
        if options_dict.get("environment_parameters") is not None:
            kwargs["environment_parameters"] = copy.deepcopy(
                dict(options_dict["environment_parameters"])
            )
        if "debug" in options_dict:
            kwargs["debug"] = bool(options_dict["debug"])
        return RunOptions(**kwargs)


def _parse_yaml(text: str, origin: str) -> Any:
    try:
        import yaml  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        raise MissingDependencyError(package="pyyaml", feature="Reading YAML") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise TrainerConfigError(
            f"Error parsing yaml file {origin}. Please check for formatting errors."
        ) from error


def load_run_options(
    source: str | os.PathLike[str] | Mapping[str, Any] | None = None,
) -> RunOptions:
    """Build :class:`RunOptions` from a training YAML file, YAML text or a dict.

    A ``PathLike`` is always a file; a ``str`` is a file path unless it contains a
    newline, in which case it is YAML text; a mapping goes to ``RunOptions.from_dict``
    and ``None`` gives the defaults. Like ``mlagents-learn``, the result has
    ``prioritize_resume_init()`` applied. YAML needs PyYAML; without it
    :class:`~reference_core.MissingDependencyError` says how to install it.
    """
    if source is None:
        data: Any = {}
    elif isinstance(source, Mapping):
        data = source
    elif isinstance(source, str) and "\n" in source:
        data = _parse_yaml(source, "<text>")
    else:
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            raise TrainerConfigError(
                f"Config file could not be found at {path.absolute()}."
            ) from None
        except UnicodeDecodeError:
            raise TrainerConfigError(
                f"There was an error decoding Config file from {path}. "
                "Make sure your file is save using UTF-8"
            ) from None
        data = _parse_yaml(text, str(path))
    options = RunOptions.from_dict(data if data is not None else {})
    options.checkpoint_settings.prioritize_resume_init()
    return options
