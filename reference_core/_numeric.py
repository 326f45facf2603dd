"""The numpy reductions :class:`~reference_core.StatsSummary` needs, without numpy.

Upstream computes ``np.mean``, ``np.std`` and ``np.sum`` over ``full_dist``. These
helpers reproduce their results, with these documented differences:

* Float sums use numpy's own pairwise summation algorithm, operation for operation,
  so results are bit-identical to ``np.sum`` on a float64 array -- including its
  rounding (``[1e16, 1.0, -1e16]`` sums to ``0.0``, as in the real host; a correctly
  rounded :func:`math.fsum` would say ``1.0``). Means are ``sum / n`` and the standard
  deviation is the population one (``ddof=0``), computed as numpy does: deviations
  from the mean, squared, summed pairwise, divided by ``n``, square root.
* Results are plain Python ``float`` (numpy returns ``float64``, a ``float``
  subclass). The sum of a list whose items are all ``int`` (``bool`` included) is an
  exact Python ``int`` where numpy returns a wrapping ``int64``.
* The mean and standard deviation of an empty list are NaN **without** numpy's
  ``RuntimeWarning: Mean of empty slice``, so that test suites running with warnings
  as errors do not fail on the empty summaries the host really produces.

NaN and infinities propagate as in numpy, because Python floats follow the same IEEE
rules: any NaN gives NaN, ``inf`` and ``-inf`` together give NaN, and a sum that
overflows the float range gives ``inf``.
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


_BLOCK = 128  # numpy's PW_BLOCKSIZE
_BUFFER = 8192  # numpy's default ufunc buffer size: reductions run chunk by chunk


def _pairwise(values: list[float], start: int, n: int) -> float:
    """numpy's ``pairwise_sum`` for float64, reproduced operation for operation.

    Fewer than 8 values are added left to right; up to 128 values go through eight
    interleaved accumulators; longer runs are split in two halves (the first a
    multiple of 8 long) and summed recursively.
    """
    if n < 8:
        result = 0.0
        for i in range(start, start + n):
            result += values[i]
        return result
    if n <= _BLOCK:
        acc = values[start : start + 8]
        stop = start + n - (n % 8)
        for i in range(start + 8, stop, 8):
            for j in range(8):
                acc[j] += values[i + j]
        result = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
        for i in range(stop, start + n):
            result += values[i]
        return result
    half = n // 2
    half -= half % 8
    return _pairwise(values, start, half) + _pairwise(values, start + half, n - half)


def float_sum(values: list[Any]) -> float:
    """Sum ``values`` as float64 exactly the way ``np.add.reduce`` does."""
    if any(isinstance(v, (str, bytes)) for v in values):
        raise TypeError("cannot reduce a summary whose values include strings")
    floats = [float(v) for v in values]
    result = 0.0
    for start in range(0, len(floats), _BUFFER):
        result += _pairwise(floats, start, min(_BUFFER, len(floats) - start))
    return result


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
