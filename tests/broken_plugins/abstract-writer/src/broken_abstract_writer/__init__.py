"""the writer class implements add_property but not the abstract write_stats"""

from typing import Dict, List

from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import StatsSummary, StatsWriter


class PropertyWriter(StatsWriter):
    """Records hyperparameters only; write_stats was never written."""

    def __init__(self) -> None:
        self.properties: Dict[str, object] = {}

    def add_property(self, category: str, property_type: object, value: object) -> None:
        self.properties[category] = value


def get_writers(run_options: RunOptions) -> List[StatsWriter]:
    """Registration function returning a writer without write_stats."""
    return [PropertyWriter()]
