"""add_property asserts every property value is a dict, but SELF_PLAY sends True"""

from typing import Dict, List

from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import StatsSummary, StatsWriter


class MemoryWriter(StatsWriter):
    """Keeps the latest aggregated value of every key in memory."""

    def __init__(self) -> None:
        self.latest: Dict[str, float] = {}

    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        for key, summary in values.items():
            self.latest[f"{category}/{key}"] = summary.aggregated_value

    def add_property(self, category: str, property_type: object, value: object) -> None:
        assert isinstance(value, dict), "properties must be dicts"
        self.latest[f"{category}/properties"] = float(len(value))


def get_writers(run_options: RunOptions) -> List[StatsWriter]:
    """Registration function named by the entry point."""
    return [MemoryWriter()]
