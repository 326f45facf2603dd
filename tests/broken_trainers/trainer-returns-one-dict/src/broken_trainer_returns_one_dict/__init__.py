"""A trainer plugin broken in one way.

the registration function returns one merged dict instead of two.
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
    return {"toy": ToyTrainer, "toy_settings": ToySettings, "x": 1}
