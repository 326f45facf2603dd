"""Records everything the host hands to a stats writer, in call order.

``EVENTS`` is a module-level list of tuples:

* ``("register", run_options)``
* ``("on_add_stat", category, key, value, aggregation)``
* ``("add_property", category, property_type, value)``
* ``("write_stats", category, values, step)`` where ``values`` is a shallow copy of the dict
"""
from typing import Any, Dict, List

from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import StatsAggregationMethod, StatsPropertyType, StatsSummary, StatsWriter

EVENTS: List[tuple] = []


class RecordingWriter(StatsWriter):
    def on_add_stat(
        self,
        category: str,
        key: str,
        value: float,
        aggregation: StatsAggregationMethod = StatsAggregationMethod.AVERAGE,
    ) -> None:
        EVENTS.append(("on_add_stat", category, key, value, aggregation))

    def add_property(self, category: str, property_type: StatsPropertyType, value: Any) -> None:
        EVENTS.append(("add_property", category, property_type, value))

    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        EVENTS.append(("write_stats", category, dict(values), step))


def get_recording_writers(run_options: RunOptions) -> List[StatsWriter]:
    EVENTS.append(("register", run_options))
    return [RecordingWriter()]
