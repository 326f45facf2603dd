"""Registers ``cautious_ppo``: the host's PPO with its own settings class and name.

It imports the host's torch-backed classes at the top, as published trainer plugins do,
so without the real mlagents it cannot even be imported (verify reports that as
checks not run, not as a failure).
"""

from typing import Any, Dict, Tuple  # noqa: UP035 - the host's own style

import attr
from mlagents.trainers.ppo.optimizer_torch import PPOSettings
from mlagents.trainers.ppo.trainer import PPOTrainer


@attr.s(auto_attribs=True)
class CautiousPPOSettings(PPOSettings):
    """PPO's hyperparameters with a smaller step size and a damping factor of our own."""

    learning_rate: float = 1.0e-4
    damping: float = 0.5


class CautiousPPOTrainer(PPOTrainer):
    """PPO, registered under its own trainer_type."""

    @staticmethod
    def get_trainer_name() -> str:
        """The name configs use: ``trainer_type: cautious_ppo``."""
        return "cautious_ppo"


def get_trainer_types() -> Tuple[Dict[str, Any], Dict[str, Any]]:  # noqa: UP006
    """The host calls this with no arguments."""
    name = CautiousPPOTrainer.get_trainer_name()
    return {name: CautiousPPOTrainer}, {name: CautiousPPOSettings}
