import json
import math
import os
from typing import Dict, List, Tuple

from mlagents_envs.logging_util import get_logger
from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import StatsAggregationMethod, StatsSummary, StatsWriter

logger = get_logger(__name__)


class ExtremaWriter(StatsWriter):
    """Keeps the running min/max of every value seen through ``on_add_stat``.

    On every summary it dumps the extrema of the category to ``extrema/<category>.json``.
    NaN values are counted but never become an extremum.
    """

    def __init__(self, out_dir: str):
        self.out_dir = out_dir
        self.extrema: Dict[Tuple[str, str], Dict[str, float]] = {}

    def on_add_stat(
        self,
        category: str,
        key: str,
        value: float,
        aggregation: StatsAggregationMethod = StatsAggregationMethod.AVERAGE,
    ) -> None:
        entry = self.extrema.setdefault(
            (category, key), {"min": math.inf, "max": -math.inf, "count": 0, "nan": 0}
        )
        entry["count"] += 1
        entry["last_aggregation"] = aggregation.name
        value = float(value)
        if math.isnan(value):
            entry["nan"] += 1
            return
        entry["min"] = min(entry["min"], value)
        entry["max"] = max(entry["max"], value)

    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        os.makedirs(self.out_dir, exist_ok=True)
        payload = {
            key: {k: (repr(v) if isinstance(v, float) and not math.isfinite(v) else v)
                  for k, v in entry.items()}
            for (cat, key), entry in sorted(self.extrema.items())
            if cat == category
        }
        path = os.path.join(self.out_dir, category.replace("/", "_") + ".json")
        with open(path, "w") as f:
            json.dump({"step": step, "extrema": payload}, f, sort_keys=True, indent=1)


def register(run_options: RunOptions) -> List[StatsWriter]:
    out_dir = os.path.join(run_options.checkpoint_settings.write_path, "extrema")
    return [ExtremaWriter(out_dir)]
