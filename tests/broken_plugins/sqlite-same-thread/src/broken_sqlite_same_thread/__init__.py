"""write_stats uses a sqlite3 connection created on another thread"""

import sqlite3
from typing import Dict, List

from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import StatsSummary, StatsWriter


class MemoryWriter(StatsWriter):
    """Stores summaries in an in-memory SQLite database."""

    def __init__(self) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE TABLE stats (category TEXT, key TEXT, step INTEGER, value REAL)")

    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        rows = [(category, key, step, s.aggregated_value) for key, s in values.items()]
        self.db.executemany("INSERT INTO stats VALUES (?, ?, ?, ?)", rows)


def get_writers(run_options: RunOptions) -> List[StatsWriter]:
    """Registration function named by the entry point."""
    return [MemoryWriter()]
