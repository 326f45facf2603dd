"""A trainer plugin broken in one way.

get_trainer_name() says 'toy' but the trainer is registered as 'toy2'.
"""


class ToySettings:
    """Stands in for an attrs hyperparameter settings class (checked only with --host)."""

    learning_rate: float = 3.0e-4


class ToyTrainer:
    """Stands in for an OnPolicyTrainer subclass (checked only with --host)."""

    @staticmethod
    def get_trainer_name() -> str:
        return "toy"


def get_trainer_types():
    return {"toy2": ToyTrainer}, {"toy2": ToySettings}
