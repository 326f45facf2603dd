"""The version is read with attr= from this package, whose import needs mlagents."""

from typing import Dict, List

from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import StatsSummary, StatsWriter

VERSION_INFO = (0, 1, 0)
__version__ = ".".join(str(part) for part in VERSION_INFO)


class MemoryWriter(StatsWriter):
    """Keeps the latest aggregated value of every key in memory."""

    def __init__(self) -> None:
        self.latest: Dict[str, float] = {}

    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        for key, summary in values.items():
            self.latest[f"{category}/{key}"] = summary.aggregated_value


def get_writers(run_options: RunOptions) -> List[StatsWriter]:
    """Registration function named by the entry point."""
    return [MemoryWriter()]
