"""write_stats appends to stats.csv in the working directory instead of the run's write path"""

from typing import Dict, List

from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import StatsSummary, StatsWriter


class MemoryWriter(StatsWriter):
    """Appends CSV rows to a file relative to the working directory."""

    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        with open("stats.csv", "a", encoding="utf-8") as handle:
            for key, summary in values.items():
                handle.write(f"{category},{key},{step},{summary.aggregated_value}\n")


def get_writers(run_options: RunOptions) -> List[StatsWriter]:
    """Registration function named by the entry point."""
    return [MemoryWriter()]
