"""The trainer-like steps of the contract scenario, one small function each.

Each driving step receives a :class:`~._harness.Driver` for one writer, registered
alone on a clean ``StatsReporter``, and uses its own behaviour names, so that state a
writer keeps from an earlier step (say, the last step seen per category) cannot make a
later step fail. The steps feed values the way ``RLTrainer`` and the environment stats
side channel do in ML-Agents 1.1.0.
"""

from __future__ import annotations

import math
from typing import Any

from reference_core import (
    StatsAggregationMethod,
    StatsPropertyType,
    StatsSummary,
    TrainerSettings,
)

from ._harness import Driver

AVERAGE = StatsAggregationMethod.AVERAGE
MOST_RECENT = StatsAggregationMethod.MOST_RECENT
SUM = StatsAggregationMethod.SUM
HISTOGRAM = StatsAggregationMethod.HISTOGRAM

#: ``summary_freq`` of the default trainer settings: steps passed to write_stats are
#: multiples of it.
SUMMARY_FREQ = 50_000


def _hyperparameters() -> dict[str, Any]:
    """What ``trainer_settings.as_dict()`` gives a trainer for its HYPERPARAMETERS call."""
    return TrainerSettings().as_dict()


def _ordinary_period(d: Driver, category: str, step: int, *, self_play: bool) -> None:
    """Record what a trainer records during one summary period."""
    rep = d.reporter(category)
    for reward in (1.5, -0.5, 2.0):
        d.add_stat(rep, "Environment/Cumulative Reward", reward, HISTOGRAM)
    d.add_stat(rep, "Environment/Episode Length", 120.0)
    d.add_stat(rep, "Environment/Episode Length", 80.0)
    d.add_stat(rep, "Policy/Entropy", 1.42)
    d.add_stat(rep, "Policy/Extrinsic Value Estimate", 0.8)
    d.add_stat(rep, "Losses/Policy Loss", 0.031)
    d.add_stat(rep, "Custom/Coins Collected", 3.0, SUM)
    d.add_stat(rep, "Custom/Coins Collected", 4.0, SUM)
    d.add_stat(rep, "Custom/Last Score", 10.0, MOST_RECENT)
    d.set_stat(rep, "Environment/Lesson Number/difficulty", 2.0)
    d.set_stat(rep, "Step", float(step - 7))
    if self_play:
        d.add_stat(rep, "Self-play/ELO", 1203.5)
    d.add_stat(rep, "Is Training", 1.0)
    d.flush(
        rep,
        step,
        "MLP603",
        f"for an ordinary summary of {category!r} at step {step:,} (every aggregation "
        "method, 'Step', 'Is Training' and a lesson number)",
    )


def step_properties(d: Driver) -> None:
    """MLP602: hyperparameters for every behaviour, then the self-play flag."""
    settings = _hyperparameters()
    for category in ("3DBall", "Soccer Twos?team=0"):
        d.add_property(
            d.reporter(category),
            StatsPropertyType.HYPERPARAMETERS,
            settings,
            "the trainer settings as a dict",
        )
    d.add_property(
        d.reporter("Soccer Twos?team=0"),
        StatsPropertyType.SELF_PLAY,
        True,
        "the value True, sent by the self-play trainer",
    )


def step_every_aggregation(d: Driver) -> None:
    """MLP603: two summary periods for a plain and a self-play behaviour name."""
    for period in (1, 2):
        _ordinary_period(d, "3DBall", period * SUMMARY_FREQ, self_play=False)
        _ordinary_period(d, "Soccer Twos?team=0", period * SUMMARY_FREQ, self_play=True)


def step_nan_and_inf(d: Driver) -> None:
    """MLP604: NaN and infinite values in every aggregation method."""
    rep = d.reporter("Walker")
    d.add_stat(rep, "Losses/Value Loss", math.nan)
    d.add_stat(rep, "Losses/Value Loss", math.inf)
    d.add_stat(rep, "Environment/Cumulative Reward", math.inf, HISTOGRAM)
    d.add_stat(rep, "Environment/Cumulative Reward", -math.inf, HISTOGRAM)
    d.add_stat(rep, "Custom/Energy", math.nan, SUM)
    d.set_stat(rep, "Policy/Learning Rate", math.nan)
    d.add_stat(rep, "Is Training", 1.0)
    d.flush(
        rep,
        3 * SUMMARY_FREQ,
        "MLP604",
        "when summaries held NaN and infinite values (as a diverging loss produces)",
    )


def step_empty_summaries(d: Driver) -> None:
    """MLP605: a category with no stats, an empty HISTOGRAM and StatsSummary.empty()."""
    rep = d.reporter("Pyramids")
    d.flush(
        rep,
        4 * SUMMARY_FREQ,
        "MLP605",
        "when 'Pyramids' had no stats in the summary period (values was {})",
    )
    d.write(
        "Pyramids",
        {"Environment/Cumulative Reward": StatsSummary([], HISTOGRAM)},
        5 * SUMMARY_FREQ,
        "MLP605",
        "when a summary's mean was NaN (an empty HISTOGRAM category)",
    )
    d.write(
        "Pyramids",
        {"Policy/Entropy": rep.get_stats_summaries("Policy/Entropy")},
        6 * SUMMARY_FREQ,
        "MLP605",
        "when a summary was StatsSummary.empty() (no values, NaN mean), as "
        "get_stats_summaries returns for a key without values",
    )


def step_large_steps(d: Driver) -> None:
    """MLP606: steps beyond the 32-bit range."""
    rep = d.reporter("Crawler")
    for step, spelled in ((2**31, "2**31"), (10**12, "10**12")):
        d.add_stat(rep, "Policy/Entropy", 0.9)
        d.add_stat(rep, "Environment/Cumulative Reward", 1.0, HISTOGRAM)
        d.set_stat(rep, "Step", float(step))
        d.flush(
            rep,
            step,
            "MLP606",
            f"at step {spelled} = {step:,} (steps of long runs exceed 32-bit integers)",
        )


def step_on_add_stat(d: Driver) -> None:
    """MLP607: one value of every aggregation method through add_stat and set_stat."""
    rep = d.reporter("Worm")
    for aggregation in StatsAggregationMethod:
        d.add_stat(rep, f"Custom/{aggregation.name.title()}", 1.0, aggregation)
    d.set_stat(rep, "Step", 350_000.0)
    d.flush(
        rep,
        7 * SUMMARY_FREQ,
        "MLP603",
        "for an ordinary summary of 'Worm' with every aggregation method",
    )


def step_repeated_flushes(d: Driver) -> None:
    """MLP608: flush a category again, at the same step and later, with nothing new."""
    rep = d.reporter("Hallway")
    d.add_stat(rep, "Policy/Entropy", 1.1)
    d.set_stat(rep, "Step", 400_000.0)
    step = 8 * SUMMARY_FREQ
    d.flush(rep, step, "MLP603", f"for an ordinary summary of 'Hallway' at step {step:,}")
    d.flush(
        rep,
        step,
        "MLP608",
        f"when 'Hallway' was flushed a second time at the same step {step:,} with no new stats",
    )
    step += SUMMARY_FREQ
    d.flush(
        rep, step, "MLP608", f"when 'Hallway' was flushed again at step {step:,} with no new stats"
    )
