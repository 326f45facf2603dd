"""A trainer plugin broken in one way only the real host can see.

The settings class is a plain class, not an attrs hyperparameter class.
"""

from typing import Any

from mlagents.trainers.ppo.trainer import PPOTrainer


class ToySettings:
    """Plain class: TrainerSettings cannot structure a hyperparameters block into it."""

    learning_rate: float = 3.0e-4


class ToyTrainer(PPOTrainer):
    """PPO under its own name."""

    @staticmethod
    def get_trainer_name() -> str:
        return "toy"


def get_trainer_types() -> Any:
    """Register the one trainer."""
    return {"toy": ToyTrainer}, {"toy": ToySettings}
