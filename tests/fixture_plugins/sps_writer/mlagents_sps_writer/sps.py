import time
from typing import Dict, List, Optional

from mlagents_envs.logging_util import get_logger
from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import (
    StatsAggregationMethod,
    StatsReporter,
    StatsSummary,
    StatsWriter,
    TensorboardWriter,
)

logger = get_logger(__name__)

SPS_KEY = "Environment/Steps Per Second"

# Replaced in tests with a deterministic clock.
clock = time.monotonic


class StepsPerSecondWriter(StatsWriter):
    """Computes steps/second between summaries and hands it to the TensorBoard writer."""

    def __init__(self) -> None:
        self.last: Dict[str, tuple] = {}

    def _tensorboard(self) -> Optional[TensorboardWriter]:
        for writer in StatsReporter.writers:
            if isinstance(writer, TensorboardWriter):
                return writer
        return None

    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        now = clock()
        previous = self.last.get(category)
        self.last[category] = (step, now)
        if previous is None:
            return
        elapsed = now - previous[1]
        if elapsed <= 0:
            return
        sps = (step - previous[0]) / elapsed
        tb = self._tensorboard()
        if tb is None:
            logger.warning("No TensorboardWriter registered; steps per second not reported")
            return
        # A bare float as full_dist: np.mean() accepts scalars.
        tb.write_stats(category, {SPS_KEY: StatsSummary(sps, StatsAggregationMethod.AVERAGE)}, step)


def get_sps_writer(run_options: RunOptions) -> List[StatsWriter]:
    return [StepsPerSecondWriter()]
