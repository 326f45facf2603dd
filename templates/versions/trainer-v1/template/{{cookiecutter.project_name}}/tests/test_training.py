"""The trainer really learns: LineWorld through the host's full training loop.

``quick_train.train`` registers the plugin through its entry point and runs the host's
TrainerFactory -> TrainerController -> SimpleEnvManager loop, ONNX export included, for a
bounded number of steps with a fixed seed. A random policy on the same environment and
seed is the baseline. Margins: over seeds 0-19 the trained mean return was 0.936-0.940
(optimum 0.94) and the baseline -0.276 to -0.076; the thresholds below leave room on both.
"""

from pathlib import Path

import pytest

pytest.importorskip(
    "mlagents.trainers.trainer_controller",
    reason="the real mlagents host is not installed here; run tox (py310/py311), which installs it",
)

from {{ cookiecutter.module_name }}.quick_train import train

MAX_STEPS = 3000
#: The trained policy's mean return over its last episodes must reach this...
FINAL_AT_LEAST = 0.9
#: ...and beat the random policy's mean return by at least this much.
GAIN_AT_LEAST = 0.8

SEEDS = [pytest.param(seed, id=f"seed-{seed}") for seed in range(10)]


def _check(seed: int, tmp_path: Path) -> None:
    result = train(seed, MAX_STEPS, tmp_path)
    summary = f"seed {seed}: random {result.baseline:+.3f}, trained {result.final:+.3f}"
    assert result.final >= FINAL_AT_LEAST, summary
    assert result.final - result.baseline >= GAIN_AT_LEAST, summary
    assert (tmp_path / "LineWorld.onnx").is_file(), "the host did not export the trained policy"


def test_training_beats_the_random_policy(registered: dict, tmp_path: Path) -> None:
    """With seed 1, 3,000 steps take the mean return from the random level to near optimal."""
    _check(1, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_training_beats_the_random_policy_for_every_seed(
    registered: dict, seed: int, tmp_path: Path
) -> None:
    """The margins hold for seeds 0-9, not only for the seed of the quick test."""
    _check(seed, tmp_path)
