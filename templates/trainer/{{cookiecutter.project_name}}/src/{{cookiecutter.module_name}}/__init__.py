"""{{ cookiecutter.project_name }}: an ML-Agents trainer plugin (advantage actor-critic).

The host finds :func:`get_trainer_types` through the ``mlagents.trainer_type`` entry
point and calls it with no arguments. It returns two dictionaries keyed by the
``trainer_type`` name: the trainer class and its settings class. Importing this package
does not import torch or mlagents; the registration function does.
"""

from typing import Any, Dict, Tuple

__all__ = ["get_trainer_types"]


def get_trainer_types() -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """The entry point: ``({trainer_type: Trainer}, {trainer_type: Settings})``.

    One entry per trainer in each dictionary, under the same key (``mlplugin add
    trainer NAME`` adds a line to each).
    """
    from .settings import {{ cookiecutter.settings_class }}
    from .trainer import TRAINER_TYPE, {{ cookiecutter.trainer_class }}

    trainers: Dict[str, Any] = {
        TRAINER_TYPE: {{ cookiecutter.trainer_class }},
    }
    settings: Dict[str, Any] = {
        TRAINER_TYPE: {{ cookiecutter.settings_class }},
    }
    return trainers, settings
