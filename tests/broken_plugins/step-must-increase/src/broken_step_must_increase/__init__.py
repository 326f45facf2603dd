"""write_stats asserts the step strictly increases per category"""

from typing import Dict, List

from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import StatsSummary, StatsWriter


class MemoryWriter(StatsWriter):
    """Refuses to go back (or stand still) in time."""

    def __init__(self) -> None:
        self.last_step: Dict[str, int] = {}

    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        previous = self.last_step.get(category, -1)
        if step <= previous:
            raise ValueError(f"step {step} of {category} is not after {previous}")
        self.last_step[category] = step


def get_writers(run_options: RunOptions) -> List[StatsWriter]:
    """Registration function named by the entry point."""
    return [MemoryWriter()]
