"""Train the {{ cookiecutter.project_name }} trainer on LineWorld through the host's own training path.

This is ``mlagents-learn`` without Unity: the plugin is found through its entry point
(``register_trainer_plugins``), the config is structured by the host's ``RunOptions``,
and the host's ``TrainerFactory``, ``TrainerController`` and ``SimpleEnvManager`` run
the loop, including the final checkpoint and ONNX export. Only the environment is ours.

    python -m {{ cookiecutter.module_name }}.quick_train --seed 1 --max-steps 3000

Fails with ``PluginNotRegistered`` when the plugin is not installed (no entry point);
any error inside the trainer propagates, as it would in ``mlagents-learn``.
"""

import argparse
import contextlib
import inspect
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any, Dict, Iterator, List, NamedTuple, Sequence

import numpy as np

from .line_world import BEHAVIOR_NAME, LineWorld

#: The trainer settings of the training run; the same shape as a config.yaml behavior.
TRAINING_CONFIG: Dict[str, Any] = {
    "trainer_type": "{{ cookiecutter.trainer_type }}",
    "hyperparameters": {
        "batch_size": 64,
        "buffer_size": 256,
        "learning_rate": 3.0e-3,
        "num_epoch": 1,
        "value_loss_weight": 0.5,
        "entropy_bonus": 0.01,
    },
    "network_settings": {"hidden_units": 32, "num_layers": 2, "normalize": False},
    "reward_signals": {"extrinsic": {"gamma": 0.95, "strength": 1.0}},
    "max_steps": 3000,
    "summary_freq": 1000,
    "checkpoint_interval": 1_000_000,
    "keep_checkpoints": 1,
    "time_horizon": 32,
}

#: How many of the last episodes the final mean reward averages over.
FINAL_EPISODES = 100


class PluginNotRegistered(RuntimeError):
    """The host did not find this trainer type through the entry point."""


class TrainingResult(NamedTuple):
    """Mean episode returns of a random policy and of the trained one, and the cost."""

    baseline: float
    final: float
    episodes: int
    seconds: float


def random_baseline(seed: int, steps: int) -> float:
    """Mean return of uniformly random actions over ``steps`` agent steps of LineWorld."""
    env = LineWorld(seed=seed)
    env.reset()
    for _ in range(steps // env.n_agents):
        env.set_actions(BEHAVIOR_NAME, env.random_actions())
        env.step()
    return float(np.mean(env.episode_returns))


def _clear_host_globals() -> None:
    """The host keeps stats writers and timers at class level; start from a clean slate."""
    from mlagents.trainers.stats import StatsReporter
    from mlagents_envs.timers import reset_timers

    StatsReporter.writers.clear()
    StatsReporter.stats_dict.clear()
    reset_timers()


@contextlib.contextmanager
def legacy_onnx_exporter() -> Iterator[None]:
    """Make the host's final ONNX export use torch's TorchScript-based exporter.

    mlagents 1.1.0 calls ``torch.onnx.export`` without ``dynamo=``; from torch 2.9 on
    that selects the dynamo exporter, which needs ``onnxscript`` and a newer ``onnx``
    than the host's pin (1.15.0). ``mlagents-learn`` with such a torch has the same
    problem; pin ``torch<2.9`` or install ``onnxscript`` there. With older torch this
    changes nothing.
    """
    import torch.onnx

    export = torch.onnx.export
    dynamo = inspect.signature(export).parameters.get("dynamo")
    if dynamo is None or dynamo.default is False:
        yield
        return

    def non_dynamo_export(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("dynamo", False)
        with warnings.catch_warnings():  # choosing the old exporter is deliberate here
            warnings.filterwarnings("ignore", "You are using the legacy", DeprecationWarning)
            return export(*args, **kwargs)

    torch.onnx.export = non_dynamo_export
    try:
        yield
    finally:
        torch.onnx.export = export


def train(
    seed: int,
    max_steps: int,
    output_dir: Path,
    config: Dict[str, Any] | None = None,
    console: bool = False,
) -> TrainingResult:
    """Run one training session; return the baseline and final mean episode returns.

    With ``console``, the host's console writer logs a summary line every
    ``summary_freq`` steps, as ``mlagents-learn`` does.
    """
    from mlagents.plugins.trainer_type import register_trainer_plugins
    from mlagents.trainers.environment_parameter_manager import EnvironmentParameterManager
    from mlagents.trainers.settings import RunOptions
    from mlagents.trainers.simple_env_manager import SimpleEnvManager
    from mlagents.trainers.trainer import TrainerFactory
    from mlagents.trainers.trainer_controller import TrainerController
    from mlagents_envs.side_channel.environment_parameters_channel import (
        EnvironmentParametersChannel,
    )

    started = time.perf_counter()
    behavior = dict(config or TRAINING_CONFIG, max_steps=max_steps)
    trainer_types, _ = register_trainer_plugins()  # before any settings are structured
    if behavior["trainer_type"] not in trainer_types:
        raise PluginNotRegistered(
            f"trainer_type {behavior['trainer_type']!r} is not registered; install this "
            "project (pip install -e .) into the environment that has mlagents"
        )
    _clear_host_globals()
    if console:
        from mlagents.trainers.stats import ConsoleWriter, StatsReporter
        from mlagents_envs import logging_util

        logging_util.set_log_level(logging_util.INFO)
        StatsReporter.add_writer(ConsoleWriter())
    options = RunOptions.from_dict({"behaviors": {BEHAVIOR_NAME: behavior}})
    env = LineWorld(seed=seed)
    params = EnvironmentParameterManager(run_seed=seed)
    factory = TrainerFactory(
        trainer_config=options.behaviors,
        output_path=str(output_dir),
        train_model=True,
        load_model=False,
        seed=seed,
        param_manager=params,
    )
    controller = TrainerController(factory, str(output_dir), "quick_train", params, True, seed)
    manager = SimpleEnvManager(env, EnvironmentParametersChannel())
    try:
        with legacy_onnx_exporter():
            controller.start_learning(manager)
    finally:
        manager.close()
    returns: List[float] = env.episode_returns
    return TrainingResult(
        baseline=random_baseline(seed, max_steps),
        final=float(np.mean(returns[-FINAL_EPISODES:])),
        episodes=len(returns),
        seconds=time.perf_counter() - started,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-steps", type=int, default=TRAINING_CONFIG["max_steps"])
    parser.add_argument("--output-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        output_dir = args.output_dir or Path(scratch)
        result = train(args.seed, args.max_steps, output_dir, console=True)
    print(
        f"seed {args.seed}: random policy {result.baseline:+.3f}, trained {result.final:+.3f} "
        f"over the last {FINAL_EPISODES} of {result.episodes} episodes ({result.seconds:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
