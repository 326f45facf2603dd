"""A trainer plugin broken in one way only the real host can see.

The trainer class does not derive from the host's Trainer.
"""

from typing import Any

import attr
from mlagents.trainers.ppo.optimizer_torch import PPOSettings


@attr.s(auto_attribs=True)
class ToySettings(PPOSettings):
    """PPO's settings."""


class ToyTrainer:
    """Not a Trainer at all."""

    @staticmethod
    def get_trainer_name() -> str:
        return "toy"


def get_trainer_types() -> Any:
    """Register the one trainer."""
    return {"toy": ToyTrainer}, {"toy": ToySettings}
