"""The numpy reductions :class:`~reference_core.StatsSummary` needs, without numpy.

Upstream computes ``np.mean``, ``np.std`` and ``np.sum`` over ``full_dist``. These
helpers reproduce their results, with these documented differences:

* Sums are correctly rounded (:func:`math.fsum`); numpy's pairwise summation can
  differ in the last bits for long lists of floats. Means are ``fsum / n`` and the
  standard deviation is the population one (``ddof=0``), computed the way numpy does
  (deviations from the mean, squared, summed, divided by ``n``).
* Results are plain Python ``float`` (numpy returns ``float64``, a ``float``
  subclass). The sum of a list whose items are all ``int`` (``bool`` included) is an
  exact Python ``int`` where numpy returns a wrapping ``int64``.
* The mean and standard deviation of an empty list are NaN **without** numpy's
  ``RuntimeWarning: Mean of empty slice``, so that test suites running with warnings
  as errors do not fail on the empty summaries the host really produces.

NaN and infinities propagate as in numpy: any NaN gives NaN, ``inf`` and ``-inf``
together give NaN, and a sum that overflows the float range gives ``inf``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Real
from typing import Any, Union

Number = Union[int, float]


def as_values(full_dist: Any) -> list[Any]:
    """Return ``full_dist`` as a list; a bare number counts as a one-item list.

    ``np.mean(3.0)`` is ``3.0``, and one published plugin builds summaries with a
    scalar ``full_dist``, so scalars must work for the reductions.
    """
    if isinstance(full_dist, Real):
        return [full_dist]
    if isinstance(full_dist, Iterable):
        return list(full_dist)
    return [full_dist]


def _nonfinite_sum(values: list[float]) -> float:
    """The sum numpy gives for a list holding a NaN or an infinity."""
    if any(math.isnan(v) for v in values):
        return math.nan
    has_pos = any(v == math.inf for v in values)
    has_neg = any(v == -math.inf for v in values)
    if has_pos and has_neg:
        return math.nan
    return math.inf if has_pos else -math.inf


def float_sum(values: list[Any]) -> float:
    """Sum ``values`` as floats, correctly rounded, with numpy's NaN/inf behaviour."""
    if any(isinstance(v, (str, bytes)) for v in values):
        raise TypeError("cannot reduce a summary whose values include strings")
    floats = [float(v) for v in values]
    if not all(math.isfinite(v) for v in floats):
        return _nonfinite_sum(floats)
    try:
        return math.fsum(floats)
    except OverflowError:
        # A partial sum left the float range; numpy's running sum then says +-inf.
        return sum(floats)


def total(values: list[Any]) -> Number:
    """``np.sum``: ``0.0`` when empty, an exact ``int`` for all-int input, else a float."""
    if not values:
        return 0.0
    if all(isinstance(v, int) for v in values):
        return int(sum(values))
    return float_sum(values)


def mean(values: list[Any]) -> float:
    """``np.mean``: NaN for an empty list (without a warning)."""
    if not values:
        return math.nan
    return float_sum(values) / len(values)


def pstd(values: list[Any]) -> float:
    """``np.std`` with ``ddof=0``: NaN for an empty list (without a warning)."""
    if not values:
        return math.nan
    centre = mean(values)
    deviations = [float(v) - centre for v in values]
    return math.sqrt(float_sum([d * d for d in deviations]) / len(values))
