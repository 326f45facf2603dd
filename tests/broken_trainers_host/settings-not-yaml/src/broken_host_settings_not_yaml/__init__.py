"""A trainer plugin broken in one way only the real host can see.

A settings field holds a function, which no YAML block can express.
"""

from typing import Any

import attr
from mlagents.trainers.ppo.optimizer_torch import PPOSettings
from mlagents.trainers.ppo.trainer import PPOTrainer


@attr.s(auto_attribs=True)
class ToySettings(PPOSettings):
    """A field whose default is a function."""

    schedule: Any = abs


class ToyTrainer(PPOTrainer):
    """PPO under its own name."""

    @staticmethod
    def get_trainer_name() -> str:
        return "toy"


def get_trainer_types() -> Any:
    """Register the one trainer."""
    return {"toy": ToyTrainer}, {"toy": ToySettings}
