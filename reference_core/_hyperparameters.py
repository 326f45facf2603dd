"""The enums, network, hyperparameter and reward-signal settings of a behaviour.

Field names, defaults, declared types and order follow ``mlagents.trainers.settings``
1.1.0 and the built-in trainers' settings classes (``PPOSettings``, ``SACSettings``,
``POCASettings``, which upstream defines next to their optimizers). Values arrive
converted by :mod:`reference_core._exportable`; validators raise what upstream's attrs
validators raise. A default that upstream computes from another field (SAC's
``reward_signal_steps_per_update``) is filled in ``__post_init__``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from enum import Enum
from typing import Any, Optional

from ._errors import TrainerConfigError
from ._exportable import HOOKS, ExportableSettings, strict_to_cls
from ._logging import get_logger

logger = get_logger("mlagents.trainers.settings")

_UNSET: Any = object()


class EncoderType(Enum):
    FULLY_CONNECTED = "fully_connected"
    MATCH3 = "match3"
    SIMPLE = "simple"
    NATURE_CNN = "nature_cnn"
    RESNET = "resnet"


class ScheduleType(Enum):
    CONSTANT = "constant"
    LINEAR = "linear"


class ConditioningType(Enum):
    HYPER = "hyper"
    NONE = "none"


@dataclasses.dataclass
class NetworkSettings:
    """The policy network shape (no strict hook upstream: unknown keys are ignored)."""

    @dataclasses.dataclass
    class MemorySettings:
        sequence_length: int = 64
        memory_size: int = 128

        def __post_init__(self) -> None:
            if self.memory_size <= 0:
                raise TrainerConfigError(
                    "When using a recurrent network, memory size must be greater than 0."
                )
            if self.memory_size % 2 != 0:
                raise TrainerConfigError(
                    "When using a recurrent network, memory size must be divisible by 2."
                )

    normalize: bool = False
    hidden_units: int = 128
    num_layers: int = 2
    vis_encode_type: EncoderType = EncoderType.SIMPLE
    memory: Optional[NetworkSettings.MemorySettings] = None
    goal_conditioning_type: ConditioningType = ConditioningType.HYPER
    deterministic: bool = False


@dataclasses.dataclass
class BehavioralCloningSettings:
    demo_path: str
    steps: int = 0
    strength: float = 1.0
    samples_per_update: int = 0
    num_epoch: Optional[int] = None
    batch_size: Optional[int] = None


@dataclasses.dataclass
class HyperparamSettings:
    batch_size: int = 1024
    buffer_size: int = 10240
    learning_rate: float = 3.0e-4
    learning_rate_schedule: ScheduleType = ScheduleType.CONSTANT


@dataclasses.dataclass
class OnPolicyHyperparamSettings(HyperparamSettings):
    num_epoch: int = 3


@dataclasses.dataclass
class OffPolicyHyperparamSettings(HyperparamSettings):
    batch_size: int = 128
    buffer_size: int = 50000
    buffer_init_steps: int = 0
    steps_per_update: float = 1
    save_replay_buffer: bool = False
    reward_signal_steps_per_update: float = 4


@dataclasses.dataclass
class PPOSettings(OnPolicyHyperparamSettings):
    beta: float = 5.0e-3
    epsilon: float = 0.2
    lambd: float = 0.95
    num_epoch: int = 3
    shared_critic: bool = False
    learning_rate_schedule: ScheduleType = ScheduleType.LINEAR
    beta_schedule: ScheduleType = ScheduleType.LINEAR
    epsilon_schedule: ScheduleType = ScheduleType.LINEAR


@dataclasses.dataclass
class SACSettings(OffPolicyHyperparamSettings):
    batch_size: int = 128
    buffer_size: int = 50000
    buffer_init_steps: int = 0
    tau: float = 0.005
    steps_per_update: float = 1
    save_replay_buffer: bool = False
    init_entcoef: float = 1.0
    reward_signal_steps_per_update: float = _UNSET

    def __post_init__(self) -> None:
        if self.reward_signal_steps_per_update is _UNSET:
            self.reward_signal_steps_per_update = self.steps_per_update


@dataclasses.dataclass
class POCASettings(OnPolicyHyperparamSettings):
    beta: float = 5.0e-3
    epsilon: float = 0.2
    lambd: float = 0.95
    num_epoch: int = 3
    learning_rate_schedule: ScheduleType = ScheduleType.LINEAR
    beta_schedule: ScheduleType = ScheduleType.LINEAR
    epsilon_schedule: ScheduleType = ScheduleType.LINEAR


#: The settings classes of the trainers every host release has built in.
BUILTIN_TRAINER_SETTINGS: dict[str, type[HyperparamSettings]] = {
    "ppo": PPOSettings,
    "sac": SACSettings,
    "poca": POCASettings,
}


class RewardSignalType(Enum):
    EXTRINSIC = "extrinsic"
    GAIL = "gail"
    CURIOSITY = "curiosity"
    RND = "rnd"

    def to_settings(self) -> type:
        """The settings class of this reward signal."""
        return {
            RewardSignalType.EXTRINSIC: RewardSignalSettings,
            RewardSignalType.GAIL: GAILSettings,
            RewardSignalType.CURIOSITY: CuriositySettings,
            RewardSignalType.RND: RNDSettings,
        }[self]


@dataclasses.dataclass
class RewardSignalSettings:
    gamma: float = 0.99
    strength: float = 1.0
    network_settings: NetworkSettings = dataclasses.field(default_factory=NetworkSettings)

    @staticmethod
    def structure(d: Any, t: Any) -> dict[RewardSignalType, RewardSignalSettings]:
        """``reward_signals``: enum keys, each value strictly its signal's class."""
        del t
        if not isinstance(d, Mapping):
            raise TrainerConfigError(f"Unsupported reward signal configuration {d}.")
        d_final: dict[RewardSignalType, RewardSignalSettings] = {}
        for key, val in d.items():
            enum_key = RewardSignalType(key)
            d_final[enum_key] = strict_to_cls(val, enum_key.to_settings())
            if "encoding_size" in val:
                logger.warning(
                    "'encoding_size' was deprecated for RewardSignals. Please use network_settings."
                )
                if "network_settings" not in val:
                    d_final[enum_key].network_settings.hidden_units = val["encoding_size"]
        return d_final


@dataclasses.dataclass
class GAILSettings(RewardSignalSettings):
    learning_rate: float = 3e-4
    encoding_size: Optional[int] = None
    use_actions: bool = False
    use_vail: bool = False
    demo_path: str = _UNSET  # keyword-only and required upstream

    def __post_init__(self) -> None:
        if self.demo_path is _UNSET:
            raise TypeError(
                f"{type(self).__name__}.__init__() missing 1 required keyword-only argument: "
                "'demo_path'"
            )


@dataclasses.dataclass
class CuriositySettings(RewardSignalSettings):
    learning_rate: float = 3e-4
    encoding_size: Optional[int] = None


@dataclasses.dataclass
class RNDSettings(RewardSignalSettings):
    learning_rate: float = 1e-4
    encoding_size: Optional[int] = None


@dataclasses.dataclass
class SelfPlaySettings:
    save_steps: int = 20000
    team_change: int = _UNSET
    swap_steps: int = 2000
    window: int = 10
    play_against_latest_model_ratio: float = 0.5
    initial_elo: float = 1200.0

    def __post_init__(self) -> None:
        if self.team_change is _UNSET:
            self.team_change = self.save_steps * 5


def check_hyperparam_schedules(val: Any, trainer_type: str) -> Any:
    """PPO and POCA: unset beta/epsilon schedules follow ``learning_rate_schedule``."""
    # .keys() as upstream: a value that is not a mapping raises AttributeError there too
    if trainer_type in ("ppo", "poca"):
        keys = val.keys()
        if "beta_schedule" not in keys and "learning_rate_schedule" in keys:
            val["beta_schedule"] = val["learning_rate_schedule"]
        if "epsilon_schedule" not in keys and "learning_rate_schedule" in keys:
            val["epsilon_schedule"] = val["learning_rate_schedule"]
    return val


HOOKS[dict[RewardSignalType, RewardSignalSettings]] = RewardSignalSettings.structure

__all__ = [
    "BUILTIN_TRAINER_SETTINGS",
    "BehavioralCloningSettings",
    "ConditioningType",
    "CuriositySettings",
    "EncoderType",
    "ExportableSettings",
    "GAILSettings",
    "HyperparamSettings",
    "NetworkSettings",
    "OffPolicyHyperparamSettings",
    "OnPolicyHyperparamSettings",
    "POCASettings",
    "PPOSettings",
    "RNDSettings",
    "RewardSignalSettings",
    "RewardSignalType",
    "SACSettings",
    "ScheduleType",
    "SelfPlaySettings",
    "check_hyperparam_schedules",
]
