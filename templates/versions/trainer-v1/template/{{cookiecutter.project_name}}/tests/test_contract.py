"""The trainer contract, checked through the real host's own classes.

Settings are structured from YAML by ``RunOptions``/``TrainerSettings``, the trainer is
built by ``TrainerFactory`` and one update runs on experience that the host's
``AgentProcessor`` collected from LineWorld.
"""

import copy
from pathlib import Path
from typing import Any, Dict

import pytest

pytest.importorskip(
    "mlagents.trainers.settings",
    reason="the real mlagents host is not installed here; run tox (py310/py311), which installs it",
)

from mlagents.trainers.exception import TrainerConfigError
from mlagents.trainers.settings import RunOptions

from {{ cookiecutter.module_name }}.line_world import BEHAVIOR_NAME, LineWorld
from {{ cookiecutter.module_name }}.quick_train import TRAINING_CONFIG

TRAINER_TYPE = "{{ cookiecutter.trainer_type }}"

REJECTED_HYPERPARAMETERS = [
    pytest.param({"clip_epsilon": 0.2}, TrainerConfigError, "clip_epsilon", id="unknown-key"),
    pytest.param({"beta": 0.01}, TrainerConfigError, "beta", id="ppo-only-key"),
    pytest.param({"entropy_bonus": "lots"}, ValueError, "lots", id="not-a-number"),
]


def _behavior(**changes: Any) -> Dict[str, Any]:
    behavior = copy.deepcopy(TRAINING_CONFIG)
    behavior.update(changes)
    return behavior


def _structure(behavior: Dict[str, Any]) -> Any:
    """Structure one behavior the way mlagents-learn structures a config file."""
    return RunOptions.from_dict({"behaviors": {BEHAVIOR_NAME: behavior}}).behaviors[BEHAVIOR_NAME]


def test_sample_config_is_the_training_config(sample_behavior: Dict[str, Any]) -> None:
    """config.yaml and the training test use the same settings."""
    assert sample_behavior == TRAINING_CONFIG


def test_yaml_hyperparameters_become_the_settings_class(
    registered: dict, sample_behavior: Dict[str, Any]
) -> None:
    """The hyperparameters block of config.yaml structures into this plugin's settings class."""
    from {{ cookiecutter.module_name }}.settings import {{ cookiecutter.settings_class }}

    settings = _structure(sample_behavior)
    assert settings.trainer_type == TRAINER_TYPE
    assert type(settings.hyperparameters) is {{ cookiecutter.settings_class }}
    for key, value in sample_behavior["hyperparameters"].items():
        assert getattr(settings.hyperparameters, key) == value, key


def test_missing_hyperparameters_take_the_class_defaults(registered: dict) -> None:
    """Without a hyperparameters block the host builds the settings class's defaults."""
    from {{ cookiecutter.module_name }}.settings import {{ cookiecutter.settings_class }}

    behavior = _behavior()
    del behavior["hyperparameters"]
    assert _structure(behavior).hyperparameters == {{ cookiecutter.settings_class }}()


@pytest.mark.parametrize(("hyperparameters", "error", "named"), REJECTED_HYPERPARAMETERS)
def test_bad_hyperparameters_are_rejected(
    registered: dict, hyperparameters: Dict[str, Any], error: type, named: str
) -> None:
    """The host refuses keys the settings class lacks, and values of the wrong type."""
    with pytest.raises(error, match=named):
        _structure(_behavior(hyperparameters=hyperparameters))


def _factory_trainer(tmp_path: Path, **changes: Any) -> Any:
    """Build the trainer exactly as mlagents-learn does, through TrainerFactory."""
    from mlagents.trainers.environment_parameter_manager import EnvironmentParameterManager
    from mlagents.trainers.trainer import TrainerFactory

    options = RunOptions.from_dict({"behaviors": {BEHAVIOR_NAME: _behavior(**changes)}})
    factory = TrainerFactory(
        trainer_config=options.behaviors,
        output_path=str(tmp_path),
        train_model=True,
        load_model=False,
        seed=0,
        param_manager=EnvironmentParameterManager(run_seed=0),
    )
    return factory.generate(BEHAVIOR_NAME)


def test_factory_builds_this_trainer(registered: dict, tmp_path: Path) -> None:
    """TrainerFactory constructs the registered class with the structured settings."""
    from {{ cookiecutter.module_name }}.trainer import {{ cookiecutter.trainer_class }}

    trainer = _factory_trainer(tmp_path)
    assert type(trainer) is {{ cookiecutter.trainer_class }}
    assert trainer.brain_name == BEHAVIOR_NAME
    expected = TRAINING_CONFIG["hyperparameters"]["entropy_bonus"]
    assert trainer.hyperparameters.entropy_bonus == expected


def test_recurrent_networks_are_refused(registered: dict, tmp_path: Path) -> None:
    """A memory block is refused when the trainer is built, not silently ignored."""
    network = dict(TRAINING_CONFIG["network_settings"])
    network["memory"] = {"memory_size": 16, "sequence_length": 4}
    with pytest.raises(TrainerConfigError, match="memory"):
        _factory_trainer(tmp_path, network_settings=network)


def test_one_update_changes_the_policy(registered: dict, tmp_path: Path) -> None:
    """Experience collected by the host's AgentProcessor fills the buffer; one update
    moves the actor's weights and reports finite losses."""
    import numpy as np
    import torch
    from mlagents.trainers.action_info import ActionInfo
    from mlagents.trainers.agent_processor import AgentManagerQueue, AgentProcessor
    from mlagents.trainers.behavior_id_utils import BehaviorIdentifiers
    from mlagents.trainers.stats import StatsReporter

    trainer = _factory_trainer(tmp_path)
    env = LineWorld(seed=0)
    behavior_id = BehaviorIdentifiers.from_name_behavior_id(BEHAVIOR_NAME)
    policy = trainer.create_policy(behavior_id, env.behavior_specs[BEHAVIOR_NAME])
    trainer.add_policy(behavior_id, policy)
    queue: AgentManagerQueue = AgentManagerQueue(BEHAVIOR_NAME)
    processor = AgentProcessor(
        policy, BEHAVIOR_NAME, StatsReporter(BEHAVIOR_NAME), TRAINING_CONFIG["time_horizon"]
    )
    processor.publish_trajectory_queue(queue)
    trainer.subscribe_trajectory_queue(queue)
    before = [p.detach().clone() for p in policy.actor.parameters()]
    StatsReporter.stats_dict.pop(BEHAVIOR_NAME, None)  # class-level: forget earlier tests

    def reported(key: str) -> Any:
        return trainer.stats_reporter.get_stats_summaries(key)

    env.reset()
    action = ActionInfo.empty()
    for _ in range(2 * TRAINING_CONFIG["hyperparameters"]["buffer_size"] // env.n_agents):
        decision, terminal = env.get_steps(BEHAVIOR_NAME)
        processor.add_experiences(decision, terminal, 0, action)
        action = policy.get_action(decision, 0)
        env.set_actions(BEHAVIOR_NAME, action.env_action)
        env.step()
        trainer.advance()
        if reported("Losses/Policy Loss").num > 0:
            break
    else:
        pytest.fail("the trainer never updated after two buffers' worth of experience")
    after = list(policy.actor.parameters())
    moved = [not torch.equal(a, b.detach()) for a, b in zip(before, after, strict=True)]
    assert any(moved), "the update left every actor weight unchanged"
    assert np.isfinite(reported("Losses/Policy Loss").mean)
    assert np.isfinite(reported("Losses/Value Loss").mean)
