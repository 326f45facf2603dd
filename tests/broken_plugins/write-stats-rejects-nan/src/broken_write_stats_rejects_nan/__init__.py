"""write_stats serialises values with allow_nan=False and raises on NaN/inf"""

import json
from typing import Dict, List

from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import StatsSummary, StatsWriter


class MemoryWriter(StatsWriter):
    """Keeps one strict-JSON line per summary in memory."""

    def __init__(self) -> None:
        self.lines: List[str] = []

    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        for key, summary in values.items():
            if summary.num == 0:
                continue
            record = {
                "category": category,
                "key": key,
                "step": step,
                "value": summary.aggregated_value,
            }
            self.lines.append(json.dumps(record, allow_nan=False))


def get_writers(run_options: RunOptions) -> List[StatsWriter]:
    """Registration function named by the entry point."""
    return [MemoryWriter()]
