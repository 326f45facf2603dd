"""Stand-ins for the host's built-in console and gauge writers.

They keep the upstream constructor signatures and observable behaviour (log lines,
gauge names); the TensorBoard stand-in lives in :mod:`reference_core._tensorboard`.
Neither can fail on its own: exceptions come from the summaries they read (for
example ``mean`` of a list of strings), exactly as upstream.
"""

from __future__ import annotations

import time
from typing import Any

from ._logging import get_logger
from ._summary import StatsPropertyType, StatsSummary, StatsWriter
from ._tensorboard import TensorboardWriter, _dict_to_str
from ._timers import set_gauge

# TensorboardWriter is re-exported: discovery builds the default writers from here.
__all__ = ["ConsoleWriter", "GaugeWriter", "TensorboardWriter"]

logger = get_logger("mlagents.trainers.stats")


class ConsoleWriter(StatsWriter):
    """Logs one INFO line per summary period, like ``mlagents-learn`` does.

    ``rank`` is always ``None`` (upstream reads the distributed-training rank from
    torch, which is ``None`` for local training).
    """

    def __init__(self) -> None:
        self.training_start_time = time.time()
        # With self-play the ELO is reported next to the reward.
        self.self_play = False
        self.self_play_team = -1
        self.rank: int | None = None

    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        """Log ``{category}. Step: {step}. Time Elapsed: ... s. ...`` at INFO."""
        is_training = "Not Training"
        if "Is Training" in values and values["Is Training"].aggregated_value > 0.0:
            is_training = "Training"
        elapsed = time.time() - self.training_start_time
        parts = [category, f"Step: {step}", f"Time Elapsed: {elapsed:0.3f} s"]
        if "Environment/Cumulative Reward" in values:
            reward = values["Environment/Cumulative Reward"]
            if self.rank is not None:
                parts.append(f"Rank: {self.rank}")
            parts.append(f"Mean Reward: {reward.mean:0.3f}")
            if "Environment/Group Cumulative Reward" in values:
                group_reward = values["Environment/Group Cumulative Reward"]
                parts.append(f"Mean Group Reward: {group_reward.mean:0.3f}")
            else:
                parts.append(f"Std of Reward: {reward.std:0.3f}")
            parts.append(is_training)
            if self.self_play and "Self-play/ELO" in values:
                parts.append(f"ELO: {values['Self-play/ELO'].mean:0.3f}")
        else:
            parts.append("No episode was completed since last summary")
            parts.append(is_training)
        logger.info(". ".join(parts) + ".")

    def add_property(self, category: str, property_type: StatsPropertyType, value: Any) -> None:
        """Log hyperparameters; remember whether the behaviour uses self-play."""
        if property_type == StatsPropertyType.HYPERPARAMETERS:
            logger.info(f"Hyperparameters for behavior name {category}: \n{_dict_to_str(value, 0)}")
        elif property_type == StatsPropertyType.SELF_PLAY:
            assert isinstance(value, bool)  # noqa: S101 - the host asserts it too
            self.self_play = value


class GaugeWriter(StatsWriter):
    """Reports every summary as ``{category}.{key}.mean`` and ``.sum`` gauges."""

    @staticmethod
    def sanitize_string(s: str) -> str:
        """Turn ``/`` into ``.`` and drop spaces, making a stat key a gauge name."""
        return s.replace("/", ".").replace(" ", "")

    def write_stats(
        self,
        category: str,
        values: dict[str, StatsSummary],
        step: int,  # noqa: ARG002 - part of the writer interface
    ) -> None:
        """Set the mean and sum gauge of every key (NaN means are ignored)."""
        for key, summary in values.items():
            set_gauge(GaugeWriter.sanitize_string(f"{category}.{key}.mean"), float(summary.mean))
            set_gauge(GaugeWriter.sanitize_string(f"{category}.{key}.sum"), float(summary.sum))
