"""A stand-in for the stats-writer API of ``mlagents.trainers.stats``.

The names, signatures, enum values, class-level state and locking follow ML-Agents
1.1.0 (see ``reference/mlagents-plugin-contract.md`` section 3). The value types live
in :mod:`reference_core._summary` and the built-in writers in
:mod:`reference_core._writers` and :mod:`reference_core._tensorboard`; all are
re-exported here, because upstream keeps them in this one module.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import Any, ClassVar

from ._summary import StatsAggregationMethod, StatsPropertyType, StatsSummary, StatsWriter
from ._writers import ConsoleWriter, GaugeWriter, TensorboardWriter, logger

#: ``StatsSummary(a, b)`` without the keyword handling of a NamedTuple's ``__new__``
#: (most of ``write_stats``'s time per key); the tuple is the same.
_summary = tuple.__new__


def _aggregation_table() -> defaultdict[str, StatsAggregationMethod]:
    return defaultdict(lambda: StatsAggregationMethod.AVERAGE)


def _values_table() -> defaultdict[str, list[Any]]:
    return defaultdict(list)


class StatsReporter:
    """Collects stats per category and hands them to every registered writer.

    All state is class-level and shared by every instance, as upstream; every method
    holds :attr:`lock` (a re-entrant lock) for its whole body, writer calls included,
    so writers run one at a time. Exceptions raised by writers propagate.
    """

    writers: ClassVar[list[StatsWriter]] = []
    stats_dict: ClassVar[defaultdict[str, defaultdict[str, list[Any]]]] = defaultdict(_values_table)
    lock: ClassVar[Any] = threading.RLock()
    stats_aggregation: ClassVar[defaultdict[str, defaultdict[str, StatsAggregationMethod]]] = (
        defaultdict(_aggregation_table)
    )

    def __init__(self, category: str) -> None:
        """Create a reporter for ``category`` (the behaviour name, in the trainer)."""
        self.category = category

    @staticmethod
    def add_writer(writer: StatsWriter) -> None:
        """Register ``writer`` with every reporter of the process."""
        with StatsReporter.lock:
            StatsReporter.writers.append(writer)

    def add_property(self, property_type: StatsPropertyType, value: Any) -> None:
        """Pass a property of this category to every writer."""
        with StatsReporter.lock:
            for writer in StatsReporter.writers:
                writer.add_property(self.category, property_type, value)

    def add_stat(
        self,
        key: str,
        value: float,
        aggregation: StatsAggregationMethod = StatsAggregationMethod.AVERAGE,
    ) -> None:
        """Append ``value`` to ``key``; ``aggregation`` overwrites the key's method."""
        with StatsReporter.lock:
            StatsReporter.stats_dict[self.category][key].append(value)
            StatsReporter.stats_aggregation[self.category][key] = aggregation
            for writer in StatsReporter.writers:
                writer.on_add_stat(self.category, key, value, aggregation)

    def set_stat(self, key: str, value: float) -> None:
        """Replace every value of ``key`` with ``value`` and mark it MOST_RECENT."""
        with StatsReporter.lock:
            StatsReporter.stats_dict[self.category][key] = [value]
            most_recent = StatsAggregationMethod.MOST_RECENT
            StatsReporter.stats_aggregation[self.category][key] = most_recent
            for writer in StatsReporter.writers:
                writer.on_add_stat(self.category, key, value, most_recent)

    def write_stats(self, step: int) -> None:
        """Summarise every non-empty key, call every writer, then clear the category.

        Writers are called even when there is nothing to report. The aggregation
        methods of the category are kept.
        """
        with StatsReporter.lock:
            category = StatsReporter.stats_dict[self.category]
            values: dict[str, StatsSummary] = {}
            if type(self).get_stats_summaries is StatsReporter.get_stats_summaries:
                # upstream's loop with get_stats_summaries inlined: the same summaries,
                # the same keys created in stats_aggregation, in the same order
                aggregation: defaultdict[str, StatsAggregationMethod] | None = None
                for key, stat_values in category.items():
                    if len(stat_values) > 0:
                        if aggregation is None:
                            aggregation = StatsReporter.stats_aggregation[self.category]
                        values[key] = _summary(StatsSummary, (stat_values, aggregation[key]))
            else:  # a subclass's own get_stats_summaries is called, as upstream would
                for key in category:
                    if len(category[key]) > 0:
                        values[key] = self.get_stats_summaries(key)
            for writer in StatsReporter.writers:
                writer.write_stats(self.category, values, step)
            del StatsReporter.stats_dict[self.category]

    def get_stats_summaries(self, key: str) -> StatsSummary:
        """Return the summary of ``key`` over the *live* list (reading creates the key).

        Like upstream, this does not take the lock itself: ``write_stats`` calls it while
        holding the lock, and a direct caller reads the live list as upstream's would.
        """
        stat_values = StatsReporter.stats_dict[self.category][key]
        if len(stat_values) == 0:
            return StatsSummary.empty()
        return StatsSummary(
            full_dist=stat_values,
            aggregation_method=StatsReporter.stats_aggregation[self.category][key],
        )


def reset_stats_reporter() -> None:
    """Forget every writer, stat and aggregation method of :class:`StatsReporter`.

    A test helper with no upstream counterpart (upstream tests call
    ``StatsReporter.writers.clear()`` by hand). The containers are cleared in place, so
    references held elsewhere stay valid; the lock is kept.
    """
    with StatsReporter.lock:
        StatsReporter.writers.clear()
        StatsReporter.stats_dict.clear()
        StatsReporter.stats_aggregation.clear()


__all__ = [
    "ConsoleWriter",
    "GaugeWriter",
    "StatsAggregationMethod",
    "StatsPropertyType",
    "StatsReporter",
    "StatsSummary",
    "StatsWriter",
    "TensorboardWriter",
    "logger",
    "reset_stats_reporter",
]
