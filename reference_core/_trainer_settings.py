"""``TrainerSettings``: the settings of one behaviour (``behaviors.<name>`` in the YAML).

Reproduces upstream's ``TrainerSettings.structure`` step by step, because its order is
what a plugin observes: ``default_settings`` (kept, as upstream, in the class-level
``TrainerSettings.default_override``, which outlives the ``RunOptions`` that set it) is
deep-merged under the behaviour's own keys; the legacy ``framework`` key is dropped
with a warning; ``hyperparameters`` need a ``trainer_type`` and are structured strictly
with that trainer's settings class, after PPO/POCA's schedule propagation;
``max_steps`` may be a float; an unknown ``trainer_type`` or key raises
``TrainerConfigError``. ``even_checkpoints`` recomputes ``checkpoint_interval``.

The built-in trainers (``ppo``, ``sac``, ``poca``) are always known here; upstream knows
them once ``register_trainer_plugins()`` has run, which ``mlagents-learn`` always does.
"""

from __future__ import annotations

import copy
import dataclasses
from collections import defaultdict
from collections.abc import Mapping
from typing import Any, ClassVar, Optional

from ._errors import TrainerConfigError
from ._exportable import (
    HOOKS,
    ExportableSettings,
    check_and_structure,
    deep_update_dict,
    strict_to_cls,
    structure,
    unstructure,
)
from ._hyperparameters import (
    _UNSET,
    BUILTIN_TRAINER_SETTINGS,
    BehavioralCloningSettings,
    HyperparamSettings,
    NetworkSettings,
    RewardSignalSettings,
    RewardSignalType,
    SelfPlaySettings,
    check_hyperparam_schedules,
    logger,
)

#: Trainer types every host release knows without plugins.
BUILTIN_TRAINER_TYPES = tuple(BUILTIN_TRAINER_SETTINGS)

#: The trainer registries of ``mlagents.plugins`` (filled by trainer plugins upstream).
all_trainer_types: dict[str, Any] = {}
all_trainer_settings: dict[str, Any] = {}


def known_trainer_types() -> dict[str, Any]:
    """Every trainer type: the built-in ones and those registered by plugins."""
    return {**dict.fromkeys(BUILTIN_TRAINER_TYPES), **all_trainer_types}


def trainer_settings_class(trainer_type: str) -> Any:
    """The hyperparameter class of ``trainer_type`` (``KeyError`` when unknown)."""
    return {**BUILTIN_TRAINER_SETTINGS, **all_trainer_settings}[trainer_type]


def _default_reward_signals() -> dict[RewardSignalType, RewardSignalSettings]:
    return {RewardSignalType.EXTRINSIC: RewardSignalSettings()}


@dataclasses.dataclass
class TrainerSettings(ExportableSettings):
    """The settings of one behaviour (``behaviors.<name>`` in the YAML)."""

    default_override: ClassVar[Optional[TrainerSettings]] = None

    trainer_type: str = "ppo"
    hyperparameters: HyperparamSettings = _UNSET
    checkpoint_interval: int = 500000
    network_settings: NetworkSettings = dataclasses.field(default_factory=NetworkSettings)
    reward_signals: dict[RewardSignalType, RewardSignalSettings] = dataclasses.field(
        default_factory=_default_reward_signals
    )
    init_path: Optional[str] = None
    keep_checkpoints: int = 5
    even_checkpoints: bool = False
    max_steps: int = 500000
    time_horizon: int = 64
    summary_freq: int = 50000
    threaded: bool = False
    self_play: Optional[SelfPlaySettings] = None
    behavioral_cloning: Optional[BehavioralCloningSettings] = None

    def __post_init__(self) -> None:
        if self.hyperparameters is _UNSET:
            self.hyperparameters = trainer_settings_class(self.trainer_type)()
        if self.even_checkpoints:
            self.checkpoint_interval = int(self.max_steps / self.keep_checkpoints)
        memory = self.network_settings.memory
        if memory is not None and memory.sequence_length > self.hyperparameters.batch_size:
            raise TrainerConfigError(
                "When using memory, sequence length must be less than or equal to batch size. "
            )

    @staticmethod
    def structure(d: Any, t: Any = None) -> TrainerSettings:
        """Build behaviour settings from YAML data, exactly in upstream's steps."""
        t = TrainerSettings if t is None else t
        if not isinstance(d, Mapping):
            raise TrainerConfigError(f"Unsupported config {d} for {t.__name__}.")
        d_copy: dict[str, Any] = {}
        if TrainerSettings.default_override is not None:
            d_copy.update(unstructure(TrainerSettings.default_override))
        deep_update_dict(d_copy, d)
        if "framework" in d_copy:
            logger.warning("Framework option was deprecated but was specified")
            d_copy.pop("framework", None)
        for key, val in d_copy.items():
            if dataclasses.is_dataclass(val):
                continue
            if key == "hyperparameters":
                if "trainer_type" not in d_copy:
                    raise TrainerConfigError(
                        "Hyperparameters were specified but no trainer_type was given."
                    )
                d_copy[key] = check_hyperparam_schedules(val, d_copy["trainer_type"])
                try:
                    settings_class = trainer_settings_class(d_copy["trainer_type"])
                    d_copy[key] = strict_to_cls(d_copy[key], settings_class)
                except KeyError:
                    raise TrainerConfigError(
                        f"Settings for trainer type {d_copy['trainer_type']} were not found"
                    ) from None
            elif key == "max_steps":
                d_copy[key] = int(float(val))
            elif key == "trainer_type":
                if val not in known_trainer_types():
                    raise TrainerConfigError(f"Invalid trainer type {val} was found")
            else:
                d_copy[key] = check_and_structure(key, val, t)
        settings: TrainerSettings = t(**d_copy)
        return settings

    @staticmethod
    def dict_to_trainerdict(d: Any, t: Any = None) -> DefaultTrainerDict:
        """``behaviors``: every value structured as ``TrainerSettings``, keys as ``str``."""
        del t
        return DefaultTrainerDict(
            {structure(k, str): TrainerSettings.structure(v) for k, v in d.items()}
        )


class DefaultTrainerDict(defaultdict):  # type: ignore[type-arg]
    """``behaviors``: what a behaviour missing from the configuration gets.

    With ``default_settings`` (the class-level ``TrainerSettings.default_override``) a
    copy of them; else, when the configuration came from a file
    (``set_config_specified(True)``, also the default), ``TrainerConfigError``; else
    ``TrainerSettings()`` with a warning.
    """

    def __init__(self, *args: Any) -> None:
        if args and args[0] is TrainerSettings:
            super().__init__(*args)
        else:
            super().__init__(TrainerSettings, *args)
        self._config_specified = True

    def set_config_specified(self, require_config_specified: bool) -> None:
        """Whether a behaviour missing from the configuration is an error."""
        self._config_specified = require_config_specified

    def __missing__(self, key: Any) -> TrainerSettings:
        if TrainerSettings.default_override is not None:
            self[key] = copy.deepcopy(TrainerSettings.default_override)
        elif self._config_specified:
            raise TrainerConfigError(
                f"The behavior name {key} has not been specified in the trainer configuration. "
                f"Please add an entry in the configuration file for {key}, or set default_settings."
            )
        else:
            logger.warning(
                f"Behavior name {key} does not match any behaviors specified "
                f"in the trainer configuration file. A default configuration will be used."
            )
            self[key] = TrainerSettings()
        value: TrainerSettings = self[key]
        return value


TrainerSettings.DefaultTrainerDict = DefaultTrainerDict  # type: ignore[attr-defined]
HOOKS[TrainerSettings] = TrainerSettings.structure
HOOKS[DefaultTrainerDict] = TrainerSettings.dict_to_trainerdict
