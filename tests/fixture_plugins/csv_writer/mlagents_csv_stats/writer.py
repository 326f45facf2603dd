import csv
import math
import os
from typing import Dict, List

from mlagents_envs.logging_util import get_logger
from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import StatsSummary, StatsWriter

logger = get_logger(__name__)

FIELDS = ["step", "key", "aggregation", "value", "mean", "std", "count"]


class CSVStatsWriter(StatsWriter):
    """Appends one row per stat key to ``<base_dir>/csv/<category>.csv``."""

    def __init__(self, base_dir: str, clear_past_data: bool = True):
        self.base_dir = os.path.join(base_dir, "csv")
        self.clear_past_data = clear_past_data
        self._started = set()

    def _path(self, category: str) -> str:
        safe = category.replace("/", "_").replace("?", "_")
        return os.path.join(self.base_dir, f"{safe}.csv")

    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        os.makedirs(self.base_dir, exist_ok=True)
        path = self._path(category)
        new_file = category not in self._started and (
            self.clear_past_data or not os.path.exists(path)
        )
        mode = "w" if new_file else "a"
        self._started.add(category)
        with open(path, mode, newline="") as f:
            out = csv.writer(f)
            if new_file:
                out.writerow(FIELDS)
            for key in sorted(values):
                summary = values[key]
                out.writerow(
                    [
                        step,
                        key,
                        summary.aggregation_method.name,
                        _fmt(summary.aggregated_value),
                        _fmt(summary.mean),
                        _fmt(summary.std),
                        summary.num,
                    ]
                )


def _fmt(value: float) -> str:
    value = float(value)
    if math.isnan(value):
        return "nan"
    return f"{value:.6g}"


def get_csv_stats_writers(run_options: RunOptions) -> List[StatsWriter]:
    checkpoint_settings = run_options.checkpoint_settings
    logger.info(f"CSV stats will be written to {checkpoint_settings.write_path}/csv")
    return [
        CSVStatsWriter(
            checkpoint_settings.write_path,
            clear_past_data=not checkpoint_settings.resume,
        )
    ]
