"""The value types of the stats-writer API: enums, ``StatsSummary`` and ``StatsWriter``.

Upstream defines ``StatsAggregationMethod`` in
``mlagents_envs.side_channel.stats_side_channel`` and the rest in
``mlagents.trainers.stats``; the host shim serves these very objects under both names.
"""

from __future__ import annotations

import abc
import sys
from enum import Enum
from typing import Any, NamedTuple

from ._numeric import Number, as_values, is_plain, mean, numpy_reduce, pstd, total

__all__ = ["StatsAggregationMethod", "StatsPropertyType", "StatsSummary", "StatsWriter"]


class StatsAggregationMethod(Enum):
    """How the values of one stat key are combined; the integers travel over the wire."""

    # Values within the summary period are averaged before reporting.
    AVERAGE = 0
    # Only the most recent value is reported.
    MOST_RECENT = 1
    # Values within a summary period are summed up before reporting.
    SUM = 2
    # All values within a summary period are reported as a histogram.
    HISTOGRAM = 3


class StatsPropertyType(Enum):
    """The kinds of side information passed to ``StatsWriter.add_property``."""

    HYPERPARAMETERS = "hyperparameters"
    SELF_PLAY = "selfplay"


class StatsSummary(NamedTuple):
    """Every value of one stat key collected during a summary period.

    A ``NamedTuple`` like upstream, so positional construction, unpacking, equality and
    ``repr`` behave the same. The statistics are computed on every access, with
    numpy's semantics reproduced by :mod:`reference_core._numeric`: ``mean`` and ``std``
    (population, ``ddof=0``) are NaN for an empty list -- *without* numpy's
    ``RuntimeWarning``, a deliberate difference so that warnings-as-errors test suites
    survive the empty summaries the host produces -- and ``sum`` is ``0.0``. For plain
    Python numbers results are Python ``float`` (numpy gives ``float64``, a ``float``
    subclass) and an all-``int`` list sums to an ``int`` (numpy: ``int64``); numpy
    values, ``Decimal`` and other objects are reduced by numpy itself, as upstream, so
    their result types and exceptions are the host's. A bare number as ``full_dist``
    works for ``mean``, ``std``, ``sum`` and ``aggregated_value``, while ``num`` raises
    ``TypeError``, as upstream.
    """

    full_dist: list[float]
    aggregation_method: StatsAggregationMethod

    @staticmethod
    def empty() -> StatsSummary:
        """Return a summary with no values and ``AVERAGE`` aggregation."""
        return StatsSummary([], StatsAggregationMethod.AVERAGE)

    @property
    def aggregated_value(self) -> Number:
        """The value a scalar writer should report: ``sum`` for SUM, else ``mean``."""
        if self.aggregation_method == StatsAggregationMethod.SUM:
            return self.sum
        return self.mean

    @property
    def mean(self) -> float:
        """The arithmetic mean of ``full_dist`` (NaN when empty)."""
        if not is_plain(self.full_dist):
            result = numpy_reduce("mean", self.full_dist)
            if result is not NotImplemented:
                return result  # type: ignore[no-any-return]
        return mean(as_values(self.full_dist))

    @property
    def std(self) -> float:
        """The population standard deviation of ``full_dist`` (NaN when empty)."""
        if not is_plain(self.full_dist):
            result = numpy_reduce("std", self.full_dist)
            if result is not NotImplemented:
                return result  # type: ignore[no-any-return]
        return pstd(as_values(self.full_dist))

    @property
    def num(self) -> int:
        """The number of values (``TypeError`` for a scalar ``full_dist``)."""
        return len(self.full_dist)

    @property
    def sum(self) -> Number:
        """The sum of ``full_dist`` (``0.0`` when empty)."""
        if not is_plain(self.full_dist):
            result = numpy_reduce("sum", self.full_dist)
            if result is not NotImplemented:
                return result  # type: ignore[no-any-return]
        return total(as_values(self.full_dist))


class StatsWriter(abc.ABC):
    """A writer takes a category, key, scalar value and step, and writes them out somehow.

    Subclasses must implement :meth:`write_stats`; :meth:`add_property` and
    :meth:`on_add_stat` are optional no-ops, as upstream.
    """

    def on_add_stat(  # noqa: B027 - a concrete no-op upstream, so old plugins keep working
        self,
        category: str,
        key: str,
        value: float,
        aggregation: StatsAggregationMethod = StatsAggregationMethod.AVERAGE,
    ) -> None:
        """Called for every single value passed to ``add_stat`` or ``set_stat``."""

    @abc.abstractmethod
    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        """Write one summary period: ``values`` maps each stat key to its summary.

        ``category`` is usually the behaviour name; ``step`` is the training step.
        """

    def add_property(  # noqa: B027 - a concrete no-op upstream
        self, category: str, property_type: StatsPropertyType, value: Any
    ) -> None:
        """Receive side information, e.g. the hyperparameters dict; may be ignored."""


def writer_base_classes() -> tuple[type, ...]:
    """``StatsWriter`` here and, when loaded, the real host's ``StatsWriter``.

    With the real ML-Agents installed, plugins subclass
    ``mlagents.trainers.stats.StatsWriter``, which is not this class; both count as
    writers wherever reference_core checks what a registration function returned.
    """
    classes: list[type] = [StatsWriter]
    host = getattr(sys.modules.get("mlagents.trainers.stats"), "StatsWriter", None)
    if isinstance(host, type) and host not in classes:
        classes.append(host)
    return tuple(classes)
