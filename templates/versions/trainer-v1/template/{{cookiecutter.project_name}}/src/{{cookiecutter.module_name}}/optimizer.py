"""The learning rule: advantage actor-critic (REINFORCE with a learned value baseline).

One update on a minibatch minimises

    policy loss  = -mean(log pi(a|s) * advantage)
    value loss   =  mean((return - V(s))^2)
    loss         =  policy loss + value_loss_weight * value loss - entropy_bonus * entropy

where ``return`` and ``advantage`` were computed per trajectory by the trainer. No
clipping, no trust region, no GAE: the point is a rule that fits on one screen.

The host expects an optimizer to subclass ``TorchOptimizer`` and provide ``update``
(returns the statistics to report), the ``critic`` property (used by
``get_trajectory_value_estimates``) and ``get_modules`` (what the model saver
checkpoints). A failing update raises; the host does not catch it.
"""

from typing import Dict, cast

from mlagents.torch_utils import default_device, torch
from mlagents.trainers.buffer import AgentBuffer, BufferKey
from mlagents.trainers.optimizer.torch_optimizer import TorchOptimizer
from mlagents.trainers.policy.torch_policy import TorchPolicy
from mlagents.trainers.settings import TrainerSettings
from mlagents.trainers.torch_entities.agent_action import AgentAction
from mlagents.trainers.torch_entities.networks import ValueNetwork
from mlagents.trainers.torch_entities.utils import ModelUtils
from mlagents.trainers.trajectory import ObsUtil

from .settings import {{ cookiecutter.settings_class }}


class {{ cookiecutter.optimizer_class }}(TorchOptimizer):
    """Owns the critic and the Adam optimizer over actor and critic parameters."""

    def __init__(self, policy: TorchPolicy, trainer_settings: TrainerSettings) -> None:
        super().__init__(policy, trainer_settings)
        self.hyperparameters = cast({{ cookiecutter.settings_class }}, trainer_settings.hyperparameters)
        stream_names = list(self.reward_signals.keys())
        self._critic = ValueNetwork(
            stream_names,
            policy.behavior_spec.observation_specs,
            network_settings=trainer_settings.network_settings,
        )
        self._critic.to(default_device())
        parameters = list(self.policy.actor.parameters()) + list(self._critic.parameters())
        self.optimizer = torch.optim.Adam(parameters, lr=self.hyperparameters.learning_rate)
        # learning_rate_schedule: constant (the default) or linear decay over max_steps
        self.learning_rate = ModelUtils.DecayedValue(
            self.hyperparameters.learning_rate_schedule,
            self.hyperparameters.learning_rate,
            1e-10,
            trainer_settings.max_steps,
        )

    @property
    def critic(self) -> ValueNetwork:
        return self._critic

    # AUTHOR: this method is the algorithm; replace the loss with your own.
    def update(self, batch: AgentBuffer, num_sequences: int) -> Dict[str, float]:
        """One gradient step on ``batch``; returns the statistics the trainer reports."""
        n_obs = len(self.policy.behavior_spec.observation_specs)
        observations = [ModelUtils.list_to_tensor(obs) for obs in ObsUtil.from_buffer(batch, n_obs)]
        actions = AgentAction.from_buffer(batch)
        action_masks = ModelUtils.list_to_tensor(batch[BufferKey.ACTION_MASK])
        loss_masks = ModelUtils.list_to_tensor(batch[BufferKey.MASKS], dtype=torch.bool)
        advantages = ModelUtils.list_to_tensor(batch[BufferKey.ADVANTAGES])
        returns = ModelUtils.list_to_tensor(batch[BufferKey.DISCOUNTED_RETURNS])

        stats = self.policy.actor.get_stats(
            observations, actions, masks=action_masks, sequence_length=1
        )
        # log pi(a|s) of the taken action: one column per action branch, summed per step
        log_probs = stats["log_probs"].flatten().sum(dim=1)
        entropy = ModelUtils.masked_mean(stats["entropy"], loss_masks)
        values, _ = self._critic.critic_pass(observations, sequence_length=1)
        # one value head per reward signal; the trainer's returns are their mean
        value = torch.stack(list(values.values())).mean(dim=0)

        policy_loss = -ModelUtils.masked_mean(log_probs * advantages, loss_masks)
        value_loss = ModelUtils.masked_mean((returns - value) ** 2, loss_masks)
        loss = (
            policy_loss
            + self.hyperparameters.value_loss_weight * value_loss
            - self.hyperparameters.entropy_bonus * entropy
        )
        learning_rate = self.learning_rate.get_value(self.policy.get_current_step())
        ModelUtils.update_learning_rate(self.optimizer, learning_rate)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        # averaged by the host per summary; it reports Policy/Entropy itself, per step
        return {
            "Losses/Policy Loss": float(policy_loss.item()),
            "Losses/Value Loss": float(value_loss.item()),
            "Policy/Learning Rate": learning_rate,
        }

    def get_modules(self) -> Dict[str, object]:
        """What the model saver checkpoints (and restores with ``--resume``)."""
        modules: Dict[str, object] = {
            "Optimizer:adam": self.optimizer,
            "Optimizer:critic": self._critic,
        }
        for reward_provider in self.reward_signals.values():
            modules.update(reward_provider.get_modules())
        return modules
