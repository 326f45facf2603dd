"""LineWorld: a tiny environment that speaks the ML-Agents ``BaseEnv`` API, no Unity needed.

Each agent stands in the middle of a short line of cells with the goal at one end,
chosen at random per episode. It observes ``[position, goal side]`` and picks one of two
discrete actions (0 = step left, 1 = step right). Reaching the goal pays +1, reaching the
other end pays -1, both end the episode; every step costs ``step_cost``. Episodes that
run ``max_episode_steps`` long are interrupted (a time-out, not a terminal state).

A random policy earns about 0 per episode; the best policy walks straight to the goal
and earns ``1 - half_length * step_cost``. Completed episode returns are kept in
``episode_returns`` so a test can measure learning without reading trainer statistics.
"""

from typing import List, Mapping, Tuple

import numpy as np
from mlagents_envs.base_env import (
    ActionSpec,
    ActionTuple,
    BaseEnv,
    BehaviorMapping,
    BehaviorSpec,
    DecisionSteps,
    DimensionProperty,
    ObservationSpec,
    ObservationType,
    TerminalSteps,
)

BEHAVIOR_NAME = "LineWorld"


class LineWorld(BaseEnv):
    """``n_agents`` agents, each walking a line of ``2 * half_length + 1`` cells."""

    def __init__(
        self,
        n_agents: int = 4,
        half_length: int = 3,
        step_cost: float = 0.02,
        max_episode_steps: int = 20,
        seed: int = 0,
    ) -> None:
        self.n_agents = n_agents
        self.half_length = half_length
        self.step_cost = step_cost
        self.max_episode_steps = max_episode_steps
        self._rng = np.random.default_rng(seed)
        observation = ObservationSpec(
            shape=(2,),
            dimension_property=(DimensionProperty.NONE,),
            observation_type=ObservationType.DEFAULT,
            name="position_and_goal",
        )
        self._spec = BehaviorSpec([observation], ActionSpec.create_discrete((2,)))
        self.episode_returns: List[float] = []
        self._next_id = 0
        self._ids = np.zeros(n_agents, dtype=np.int32)
        self._position = np.zeros(n_agents, dtype=np.int64)
        self._goal = np.zeros(n_agents, dtype=np.int64)
        self._steps = np.zeros(n_agents, dtype=np.int64)
        self._return = np.zeros(n_agents, dtype=np.float64)
        self._actions: np.ndarray | None = None
        self._decision: DecisionSteps = DecisionSteps.empty(self._spec)
        self._terminal: TerminalSteps = TerminalSteps.empty(self._spec)

    # --- the BaseEnv API ------------------------------------------------------------
    @property
    def behavior_specs(self) -> Mapping[str, BehaviorSpec]:
        return BehaviorMapping({BEHAVIOR_NAME: self._spec})

    def reset(self) -> None:
        for slot in range(self.n_agents):
            self._start_episode(slot)
        self._terminal = TerminalSteps.empty(self._spec)
        self._decision = self._decision_steps(np.ones(self.n_agents, dtype=bool))

    def step(self) -> None:
        moves = self._actions if self._actions is not None else self._random_actions()
        self._actions = None
        self._position += np.where(moves == 1, 1, -1)
        self._steps += 1
        at_goal = self._position == self._goal
        at_wall = np.abs(self._position) == self.half_length
        reward = np.where(at_goal, 1.0, np.where(at_wall, -1.0, 0.0)) - self.step_cost
        self._return += reward
        done = at_wall  # the goal is at one of the two walls
        interrupted = ~done & (self._steps >= self.max_episode_steps)
        ended = done | interrupted
        self._terminal = TerminalSteps(
            obs=[self._observe()[ended]],
            reward=reward[ended].astype(np.float32),
            interrupted=interrupted[ended],
            agent_id=self._ids[ended].copy(),
            group_id=np.zeros(int(ended.sum()), dtype=np.int32),
            group_reward=np.zeros(int(ended.sum()), dtype=np.float32),
        )
        for slot in np.flatnonzero(ended):
            self.episode_returns.append(float(self._return[slot]))
            self._start_episode(int(slot))
        self._decision = self._decision_steps(~ended, reward)

    def get_steps(self, behavior_name: str) -> Tuple[DecisionSteps, TerminalSteps]:
        self._check_name(behavior_name)
        return self._decision, self._terminal

    def set_actions(self, behavior_name: str, action: ActionTuple) -> None:
        self._check_name(behavior_name)
        self._actions = np.asarray(action.discrete)[:, 0].copy()

    def set_action_for_agent(self, behavior_name: str, agent_id: int, action: ActionTuple) -> None:
        self._check_name(behavior_name)
        if self._actions is None:
            self._actions = self._random_actions()
        (slot,) = np.flatnonzero(self._ids == agent_id)
        self._actions[slot] = int(np.asarray(action.discrete)[0, 0])

    def close(self) -> None:
        pass

    # --- helpers ----------------------------------------------------------------------
    def random_actions(self) -> ActionTuple:
        """Uniformly random actions for every agent: the baseline policy."""
        return ActionTuple(discrete=self._random_actions()[:, None].astype(np.int32))

    def _random_actions(self) -> np.ndarray:
        return self._rng.integers(0, 2, size=self.n_agents)

    def _start_episode(self, slot: int) -> None:
        self._ids[slot] = self._next_id
        self._next_id += 1
        self._position[slot] = 0
        self._goal[slot] = self.half_length * (1 if self._rng.random() < 0.5 else -1)
        self._steps[slot] = 0
        self._return[slot] = 0.0

    def _observe(self) -> np.ndarray:
        position = self._position / self.half_length
        return np.stack([position, np.sign(self._goal)], axis=1).astype(np.float32)

    def _decision_steps(
        self, carried: np.ndarray, reward: np.ndarray | None = None
    ) -> DecisionSteps:
        """Every agent decides; an agent that just started an episode has reward 0."""
        rewards = np.zeros(self.n_agents, dtype=np.float32)
        if reward is not None:
            rewards[carried] = reward[carried]
        return DecisionSteps(
            obs=[self._observe()],
            reward=rewards,
            agent_id=self._ids.copy(),
            action_mask=None,
            group_id=np.zeros(self.n_agents, dtype=np.int32),
            group_reward=np.zeros(self.n_agents, dtype=np.float32),
        )

    @staticmethod
    def _check_name(behavior_name: str) -> None:
        if behavior_name != BEHAVIOR_NAME:
            raise KeyError(f"LineWorld has one behavior, {BEHAVIOR_NAME!r}, not {behavior_name!r}")
