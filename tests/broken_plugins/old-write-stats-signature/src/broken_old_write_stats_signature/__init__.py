"""write_stats uses the pre-0.24 signature (category, key, value, step)"""

from typing import Dict, List

from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import StatsSummary, StatsWriter


class MemoryWriter(StatsWriter):
    """Written against the old one-value-per-call interface."""

    def __init__(self) -> None:
        self.latest: Dict[str, float] = {}

    def write_stats(self, category: str, key: str, value: float, step: int) -> None:  # type: ignore[override]
        self.latest[f"{category}/{key}"] = value


def get_writers(run_options: RunOptions) -> List[StatsWriter]:
    """Registration function named by the entry point."""
    return [MemoryWriter()]
