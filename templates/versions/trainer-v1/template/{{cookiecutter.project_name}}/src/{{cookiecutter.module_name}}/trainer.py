"""{{ cookiecutter.trainer_class }}: what the host constructs for ``trainer_type: {{ cookiecutter.trainer_type }}``.

The host's ``TrainerFactory`` looks the YAML ``trainer_type`` up in the dictionary the
registration function returned and calls the class with seven positional arguments
``(behavior_name, reward_buff_cap, trainer_settings, training, load, seed,
artifact_path)``. ``OnPolicyTrainer`` (the host's) does the bookkeeping: it queues
trajectories, decides when the buffer is full (``buffer_size``), normalises the
advantages, cuts minibatches (``batch_size``, ``num_epoch``) and hands each one to
``self.optimizer.update``. What is left to a trainer is below: how to build the policy
and the optimizer, and what to compute for each trajectory before it joins the buffer.
"""

from typing import cast

import numpy as np
from mlagents.trainers.behavior_id_utils import BehaviorIdentifiers
from mlagents.trainers.buffer import BufferKey, RewardSignalUtil
from mlagents.trainers.exception import TrainerConfigError
from mlagents.trainers.optimizer.torch_optimizer import TorchOptimizer
from mlagents.trainers.policy.policy import Policy
from mlagents.trainers.policy.torch_policy import TorchPolicy
from mlagents.trainers.settings import TrainerSettings
from mlagents.trainers.torch_entities.networks import SimpleActor
from mlagents.trainers.trainer.on_policy_trainer import OnPolicyTrainer
from mlagents.trainers.trainer.trainer_utils import discount_rewards
from mlagents.trainers.trajectory import Trajectory
from mlagents_envs.base_env import BehaviorSpec

from .optimizer import {{ cookiecutter.optimizer_class }}
from .settings import {{ cookiecutter.settings_class }}

#: The ``trainer_type`` a config file names; also the key in the registration dictionaries.
TRAINER_TYPE = "{{ cookiecutter.trainer_type }}"


class {{ cookiecutter.trainer_class }}(OnPolicyTrainer):
    """Advantage actor-critic on the host's on-policy machinery."""

    def __init__(
        self,
        behavior_name: str,
        reward_buff_cap: int,
        trainer_settings: TrainerSettings,
        training: bool,
        load: bool,
        seed: int,
        artifact_path: str,
    ) -> None:
        super().__init__(
            behavior_name, reward_buff_cap, trainer_settings, training, load, seed, artifact_path
        )
        self.hyperparameters = cast({{ cookiecutter.settings_class }}, self.trainer_settings.hyperparameters)
        if self.trainer_settings.network_settings.memory is not None:
            # the update below feeds no memories to the networks; refuse rather than mislearn
            raise TrainerConfigError(
                f"trainer_type {TRAINER_TYPE} does not support network_settings.memory "
                f"(behavior {behavior_name}); remove the memory block"
            )
        self.policy: TorchPolicy = None  # type: ignore[assignment]  # set by add_policy

    @staticmethod
    def get_trainer_name() -> str:
        """The name the host registers and reports; must equal the registration key."""
        return TRAINER_TYPE

    # AUTHOR: the network that picks actions. The host's SimpleActor (an MLP sized by
    # the config's network_settings) handles discrete and continuous actions.
    def create_policy(
        self, parsed_behavior_id: BehaviorIdentifiers, behavior_spec: BehaviorSpec
    ) -> TorchPolicy:
        return TorchPolicy(
            self.seed,
            behavior_spec,
            self.trainer_settings.network_settings,
            SimpleActor,
            {"conditional_sigma": False, "tanh_squash": False},
        )

    # AUTHOR: your learning rule lives in the optimizer (optimizer.py).
    def create_optimizer(self) -> TorchOptimizer:
        return {{ cookiecutter.optimizer_class }}(self.policy, self.trainer_settings)

    def get_policy(self, name_behavior_id: str) -> Policy:
        return self.policy

    # AUTHOR: what each step of a trajectory carries into the update buffer. Here:
    # discounted returns bootstrapped from the critic, and advantage = return - value.
    def _process_trajectory(self, trajectory: Trajectory) -> None:
        super()._process_trajectory(trajectory)  # step counting, summaries, checkpoints
        agent_id = trajectory.agent_id
        steps = trajectory.to_agentbuffer()
        self._warn_if_group_reward(steps)
        if self.is_training:
            self.policy.actor.update_normalization(steps)
            self.optimizer.critic.update_normalization(steps)

        values, value_next, _ = self.optimizer.get_trajectory_value_estimates(
            steps, trajectory.next_obs, trajectory.done_reached and not trajectory.interrupted
        )
        self.collected_rewards["environment"][agent_id] += float(
            np.sum(steps[BufferKey.ENVIRONMENT_REWARDS])
        )
        all_returns, all_advantages = [], []
        for name, signal in self.optimizer.reward_signals.items():
            rewards = signal.evaluate(steps) * signal.strength
            steps[RewardSignalUtil.rewards_key(name)].extend(rewards)
            self.collected_rewards[name][agent_id] += float(np.sum(rewards))
            returns = discount_rewards(rewards, gamma=signal.gamma, value_next=value_next[name])
            all_returns.append(returns)
            all_advantages.append(returns - values[name])
            self._stats_reporter.add_stat(
                f"Policy/{signal.name.capitalize()} Value Estimate", float(np.mean(values[name]))
            )
        steps[BufferKey.DISCOUNTED_RETURNS].set(list(np.mean(all_returns, axis=0)))
        steps[BufferKey.ADVANTAGES].set(list(np.mean(all_advantages, axis=0)))
        self._append_to_update_buffer(steps)
        if trajectory.done_reached:
            self._update_end_episode_stats(agent_id, self.optimizer)
