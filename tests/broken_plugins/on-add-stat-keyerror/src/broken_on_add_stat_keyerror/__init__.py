"""on_add_stat increments a plain dict counter without initialising it"""

from typing import Dict, List

from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import StatsSummary, StatsWriter


class MemoryWriter(StatsWriter):
    """Counts how often each key was recorded."""

    def __init__(self) -> None:
        self.counts: Dict[str, int] = {}

    def on_add_stat(
        self, category: str, key: str, value: float, aggregation: object = None
    ) -> None:
        self.counts[key] += 1

    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        self.counts.clear()


def get_writers(run_options: RunOptions) -> List[StatsWriter]:
    """Registration function named by the entry point."""
    return [MemoryWriter()]
