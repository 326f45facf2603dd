"""A trainer plugin broken in one way only the real host can see.

The trainer's constructor does not take the host's seven arguments.
"""

from typing import Any

import attr
from mlagents.trainers.ppo.optimizer_torch import PPOSettings
from mlagents.trainers.ppo.trainer import PPOTrainer


@attr.s(auto_attribs=True)
class ToySettings(PPOSettings):
    """PPO's settings."""


class ToyTrainer(PPOTrainer):
    """Takes only the behaviour name, so TrainerFactory cannot construct it."""

    def __init__(self, behavior_name: str) -> None:
        super().__init__(behavior_name, 1, None, True, False, 0, "")

    @staticmethod
    def get_trainer_name() -> str:
        return "toy"


def get_trainer_types() -> Any:
    """Register the one trainer."""
    return {"toy": ToyTrainer}, {"toy": ToySettings}
