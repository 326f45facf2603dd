"""write_stats blocks forever waiting on a queue nobody fills"""

import queue
from typing import Dict, List

from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import StatsSummary, StatsWriter


class MemoryWriter(StatsWriter):
    """Hands summaries to a background uploader and waits for the acknowledgement."""

    def __init__(self) -> None:
        self.acks: "queue.Queue[int]" = queue.Queue()

    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        self.acks.get()


def get_writers(run_options: RunOptions) -> List[StatsWriter]:
    """Registration function named by the entry point."""
    return [MemoryWriter()]
