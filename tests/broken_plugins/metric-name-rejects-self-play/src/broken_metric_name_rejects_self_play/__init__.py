"""write_stats validates metric names like MLflow and rejects the self-play category 'Soccer Twos?team=0'"""

import re
from typing import Dict, List

from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import StatsSummary, StatsWriter

_ALLOWED = re.compile(r"^[A-Za-z0-9_\-. /]+$")


class MemoryWriter(StatsWriter):
    """Stores metrics under MLflow-style validated names."""

    def __init__(self) -> None:
        self.latest: Dict[str, float] = {}

    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        for key, summary in values.items():
            name = f"{category}/{key}"
            if not _ALLOWED.match(name):
                raise ValueError(f"invalid metric name {name!r}")
            self.latest[name] = summary.aggregated_value


def get_writers(run_options: RunOptions) -> List[StatsWriter]:
    """Registration function named by the entry point."""
    return [MemoryWriter()]
