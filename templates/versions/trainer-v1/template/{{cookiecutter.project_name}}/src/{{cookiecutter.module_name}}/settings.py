"""The hyperparameters of {{ cookiecutter.trainer_class }}: the ``hyperparameters:`` block of a config.

The host structures that YAML block into this class with cattrs, by field name and field
type, and rejects keys that are not fields ("The option ... is invalid"). Two host rules
shape this module:

* it is an attrs class subclassing the host's ``OnPolicyHyperparamSettings`` (which
  brings ``batch_size``, ``buffer_size``, ``learning_rate``, ``learning_rate_schedule``
  and ``num_epoch``);
* field types must be real classes at runtime, because the host reads
  ``attr.fields_dict(cls)[key].type`` to structure each value -- so this module must not
  use ``from __future__ import annotations``, which would turn them into strings.
"""

import attr
from mlagents.trainers.settings import OnPolicyHyperparamSettings


# AUTHOR: replace these fields with your algorithm's own hyperparameters.
@attr.s(auto_attribs=True)
class {{ cookiecutter.settings_class }}(OnPolicyHyperparamSettings):
    """Advantage actor-critic settings; every field can be set from YAML."""

    batch_size: int = 64
    buffer_size: int = 256
    learning_rate: float = 3.0e-3
    num_epoch: int = 1
    #: weight of the critic's squared error in the combined loss
    value_loss_weight: float = 0.5
    #: weight of the entropy bonus that keeps the policy exploring
    entropy_bonus: float = 0.01
