"""write_stats looks every Custom/ stat up in a units table that knows only the author's own stats.

The author's environment records three custom stats, so every summary the author ever
saw had units; another environment (or the next version of this one) records others and
the lookup raises KeyError inside the trainer loop. Only summaries that carry an unknown
``Custom/`` key fail: the contract suite once filtered those findings out of the test
that drove them, while ``verify`` reported MLP603.
"""

import os
from typing import Dict, List

from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import StatsSummary, StatsWriter

UNITS = {"Custom/Coins Collected": "coins", "Custom/Last Score": "points", "Custom/Energy": "J"}


class UnitsWriter(StatsWriter):
    """Appends 'category,key,value,unit' lines under the run's write path."""

    def __init__(self, path: str) -> None:
        self.path = path

    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        rows = []
        for key, summary in values.items():
            unit = UNITS[key] if key.startswith("Custom/") else ""
            rows.append(f"{category},{key},{summary.aggregated_value},{unit}\n")
        with open(self.path, "a", encoding="utf-8") as out:
            out.writelines(rows)


def get_writers(run_options: RunOptions) -> List[StatsWriter]:
    """Registration function named by the entry point."""
    write_path = run_options.checkpoint_settings.write_path
    os.makedirs(write_path, exist_ok=True)
    return [UnitsWriter(os.path.join(write_path, "units.csv"))]
