"""LineWorld follows the ``BaseEnv`` contract the host's environment managers rely on."""

import numpy as np
import pytest

pytest.importorskip(
    "mlagents_envs.base_env",
    reason="mlagents_envs is not installed here; run tox (py310/py311), which installs the host",
)

from mlagents_envs.base_env import ActionTuple

from {{ cookiecutter.module_name }}.line_world import BEHAVIOR_NAME, LineWorld

GOAL_SIDE_CASES = [pytest.param(seed, id=f"seed-{seed}") for seed in range(4)]


def _walk(env: LineWorld, towards_goal: bool) -> None:
    """Step every agent towards (or away from) its goal until each episode ends once."""
    env.reset()
    for _ in range(env.half_length):
        decision, _ = env.get_steps(BEHAVIOR_NAME)
        goal_side = decision.obs[0][:, 1]
        right = (goal_side > 0) if towards_goal else (goal_side < 0)
        env.set_actions(BEHAVIOR_NAME, ActionTuple(discrete=right.astype(np.int32)[:, None]))
        env.step()


@pytest.mark.parametrize("seed", GOAL_SIDE_CASES)
def test_walking_to_the_goal_earns_the_best_return(seed: int) -> None:
    """Heading straight for the goal ends every episode with 1 - half_length * step_cost."""
    env = LineWorld(seed=seed)
    _walk(env, towards_goal=True)
    best = 1.0 - env.half_length * env.step_cost
    assert env.episode_returns == pytest.approx([best] * env.n_agents)
    _, terminal = env.get_steps(BEHAVIOR_NAME)
    assert not terminal.interrupted.any()


@pytest.mark.parametrize("seed", GOAL_SIDE_CASES)
def test_walking_away_earns_the_worst_return(seed: int) -> None:
    """Heading for the other end costs -1 and ends the episode."""
    env = LineWorld(seed=seed)
    _walk(env, towards_goal=False)
    worst = -1.0 - env.half_length * env.step_cost
    assert env.episode_returns == pytest.approx([worst] * env.n_agents)


def test_ended_agents_come_back_with_new_ids() -> None:
    """An agent whose episode ended is reported terminal, then decides again under a new id."""
    env = LineWorld(seed=0)
    _walk(env, towards_goal=True)
    decision, terminal = env.get_steps(BEHAVIOR_NAME)
    assert len(terminal) == env.n_agents
    assert set(terminal.agent_id).isdisjoint(decision.agent_id)
    assert (decision.reward == 0).all()


def test_time_out_interrupts_the_episode() -> None:
    """Dithering in place until max_episode_steps is an interruption, not a terminal state."""
    env = LineWorld(seed=0, max_episode_steps=4)
    env.reset()
    for step in range(4):
        env.set_actions(BEHAVIOR_NAME, ActionTuple(discrete=np.full((4, 1), step % 2, np.int32)))
        env.step()
    _, terminal = env.get_steps(BEHAVIOR_NAME)
    assert terminal.interrupted.all() and len(terminal) == env.n_agents


def test_random_policy_does_badly() -> None:
    """The baseline policy earns a negative mean return: there is something to learn."""
    env = LineWorld(seed=0)
    env.reset()
    for _ in range(500):
        env.set_actions(BEHAVIOR_NAME, env.random_actions())
        env.step()
    assert -0.6 < np.mean(env.episode_returns) < 0.0


def test_unknown_behavior_is_refused() -> None:
    """Asking for another behavior's steps is an error, as with a Unity environment."""
    with pytest.raises(KeyError, match="LineWorld"):
        LineWorld().get_steps("Other")
