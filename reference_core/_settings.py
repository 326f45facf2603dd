"""A stand-in for the parts of ``mlagents.trainers.settings`` that plugins read.

Upstream builds these classes with attrs and (un)structures them with cattrs; here
they are plain, mutable dataclasses with the same field names and defaults (the
argparse defaults of ``mlagents-learn`` 1.1.0). Every class constructs with no
arguments. ``as_dict()`` returns what ``cattr.unstructure`` would: nested plain
dicts, enums replaced by their values. ``RunOptions.from_dict`` rejects unknown keys
with the upstream :class:`~reference_core.TrainerConfigError` texts.

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
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from ._errors import MissingDependencyError, TrainerConfigError
from ._logging import get_logger

logger = get_logger("mlagents.trainers.settings")

_T = TypeVar("_T", bound="ExportableSettings")

#: Trainer types every host release knows without plugins.
BUILTIN_TRAINER_TYPES = ("ppo", "sac", "poca")


def _unstructure(value: Any) -> Any:
    """Turn settings objects into plain data, as ``cattr.unstructure`` does."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _unstructure(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {_unstructure(k): _unstructure(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_unstructure(item) for item in value]
    enum_value = getattr(type(value), "_value2member_map_", None)
    if enum_value is not None:
        return value.value
    return value


_SCALARS: dict[str, type] = {"bool": bool, "int": int, "float": float, "str": str}


def _coerce(annotation: object, value: Any) -> Any:
    """Convert a YAML scalar to a field's declared scalar type, as cattrs does.

    Optional fields, containers and ``Any`` keep the value as given.
    """
    kind = _SCALARS.get(str(annotation))
    if kind is None or value is None or isinstance(value, (Mapping, list)):
        return value
    return kind(value)


class ExportableSettings:
    """Base of the settings classes: ``as_dict`` and strict construction from dicts."""

    def as_dict(self) -> dict[str, Any]:
        """Return the settings as plain nested dicts (enums become their values)."""
        result: dict[str, Any] = _unstructure(self)
        return result

    @classmethod
    def structure(cls: type[_T], data: Mapping[str, Any]) -> _T:
        """Build an instance from ``data``, rejecting keys the class does not have."""
        if not isinstance(data, Mapping):
            raise TrainerConfigError(
                f"Unsupported value {data!r} for {cls.__name__}: expected a mapping."
            )
        fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key not in fields:
                raise TrainerConfigError(
                    f"The option {key} was specified in your YAML file for {cls.__name__}, "
                    "but is invalid."
                )
            kwargs[key] = _coerce(fields[key].type, value)
        return cls(**kwargs)


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
class NetworkSettings(ExportableSettings):
    """The policy network shape."""

    normalize: bool = False
    hidden_units: int = 128
    num_layers: int = 2
    vis_encode_type: str = "simple"
    memory: dict[str, Any] | None = None
    goal_conditioning_type: str = "hyper"
    deterministic: bool = False


@dataclasses.dataclass
class PPOSettings(ExportableSettings):
    """The hyperparameters of the PPO trainer, with the host's defaults."""

    batch_size: int = 1024
    buffer_size: int = 10240
    learning_rate: float = 3.0e-4
    learning_rate_schedule: str = "linear"
    beta: float = 5.0e-3
    epsilon: float = 0.2
    lambd: float = 0.95
    num_epoch: int = 3
    shared_critic: bool = False
    beta_schedule: str = "linear"
    epsilon_schedule: str = "linear"


def _default_reward_signals() -> dict[str, Any]:
    return {"extrinsic": {"gamma": 0.99, "strength": 1.0, "network_settings": None}}


@dataclasses.dataclass
class TrainerSettings(ExportableSettings):
    """The settings of one behaviour (``behaviors.<name>`` in the YAML)."""

    trainer_type: str = "ppo"
    hyperparameters: Any = dataclasses.field(default_factory=PPOSettings)
    network_settings: NetworkSettings = dataclasses.field(default_factory=NetworkSettings)
    reward_signals: dict[str, Any] = dataclasses.field(default_factory=_default_reward_signals)
    init_path: str | None = None
    keep_checkpoints: int = 5
    even_checkpoints: bool = False
    checkpoint_interval: int = 500000
    max_steps: int = 500000
    time_horizon: int = 64
    summary_freq: int = 50000
    threaded: bool = False
    self_play: dict[str, Any] | None = None
    behavioral_cloning: dict[str, Any] | None = None

    @classmethod
    def structure(cls, data: Mapping[str, Any]) -> TrainerSettings:
        """Build behaviour settings from ``data`` with the host's checks.

        Unknown keys raise, ``trainer_type`` must be a built-in or registered trainer,
        ``max_steps`` may be a float (legacy configs), and ``hyperparameters`` are
        structured strictly for ``ppo``.
        """
        from ._discovery import all_trainer_types

        data = dict(data)
        trainer_type = str(data.get("trainer_type", "ppo"))
        if trainer_type not in BUILTIN_TRAINER_TYPES and trainer_type not in all_trainer_types:
            raise TrainerConfigError(f"Invalid trainer type {trainer_type} was found")
        hyperparameters = data.pop("hyperparameters", None)
        network = data.pop("network_settings", None)
        if "max_steps" in data:
            data["max_steps"] = int(float(data["max_steps"]))
        settings = super().structure(data)
        if trainer_type == "ppo":
            settings.hyperparameters = PPOSettings.structure(hyperparameters or {})
        else:
            settings.hyperparameters = dict(hyperparameters or {})
        if network is not None:
            settings.network_settings = NetworkSettings.structure(network)
        return settings


class DefaultTrainerDict(defaultdict):  # type: ignore[type-arg]
    """``behaviors``: a missing behaviour gets a copy of the default settings.

    The default is this dict's ``default_settings`` (set by ``RunOptions.from_dict``
    from the YAML's ``default_settings``), else ``TrainerSettings()``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(None, *args, **kwargs)
        self.default_settings: TrainerSettings | None = None

    def __missing__(self, key: Any) -> TrainerSettings:
        if self.default_settings is not None:
            value = copy.deepcopy(self.default_settings)
        else:
            value = TrainerSettings()
        self[key] = value
        return value


def _require_mapping(value: object) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TrainerConfigError(
            f"The training configuration must be a mapping, not {type(value).__name__}."
        )
    return value


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge ``override`` into a copy of ``base``."""
    merged = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


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
        options_dict = _require_mapping({} if options_dict is None else options_dict)
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
            merged = _merge(default_data or {}, behavior or {})
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
