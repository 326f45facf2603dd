"""Per-behaviour trainer settings (``behaviors.<name>`` in the training YAML).

Simplified on purpose: hyperparameters are structured as :class:`PPOSettings` for
``trainer_type: ppo`` and kept as the plain dict given for any other trainer type;
``reward_signals``, ``self_play`` and ``behavioral_cloning`` stay plain data.
"""

from __future__ import annotations

import copy
import dataclasses
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from ._errors import TrainerConfigError
from ._exportable import ExportableSettings

#: Trainer types every host release knows without plugins.
BUILTIN_TRAINER_TYPES = ("ppo", "sac", "poca")

#: The trainer registries of ``mlagents.plugins`` (filled by trainer plugins upstream);
#: a ``trainer_type`` is valid if it is built in or registered here.
all_trainer_types: dict[str, Any] = {}
all_trainer_settings: dict[str, Any] = {}


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
