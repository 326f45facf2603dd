"""A trainer plugin broken in one way.

the plugin silently replaces the built-in ppo trainer.
"""


class ToySettings:
    """Stands in for an attrs hyperparameter settings class (checked only with --host)."""

    learning_rate: float = 3.0e-4


class ToyTrainer:
    """Stands in for an OnPolicyTrainer subclass (checked only with --host)."""

    @staticmethod
    def get_trainer_name() -> str:
        return "toy"


class PpoTrainer(ToyTrainer):
    @staticmethod
    def get_trainer_name() -> str:
        return "ppo"


def get_trainer_types():
    return {"ppo": PpoTrainer}, {"ppo": ToySettings}
