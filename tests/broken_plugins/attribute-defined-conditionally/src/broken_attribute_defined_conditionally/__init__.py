"""get_writers is only defined when an optional compiled helper imports, so the attribute is missing at run time"""

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


try:
    from ._speedups import fast_mean  # optional compiled helper, not shipped
except ImportError:
    fast_mean = None

if fast_mean is not None:

    def get_writers(run_options: RunOptions) -> List[StatsWriter]:
        """Registration function, defined only when the speedups exist."""
        return [MemoryWriter()]
