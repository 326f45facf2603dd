"""The numpy reductions :class:`~reference_core.StatsSummary` needs, numpy only on demand.

Upstream computes ``np.mean``, ``np.std`` and ``np.sum`` over ``full_dist``. Two paths
reproduce them:

* **Plain values** -- a list or tuple whose items are all exactly ``float``, ``bool``
  or an ``int`` inside int64's range (or one such bare number): no numpy is imported.
  Float sums use numpy's own pairwise summation, operation for operation, so results
  are bit-identical to ``np.sum`` on a float64 array -- its rounding included
  (``[1e16, 1.0, -1e16]`` sums to ``0.0``, as in the real host). Means are
  ``sum / n``, the standard deviation is the population one (``ddof=0``) computed as
  numpy does. An all-``int`` sum wraps around at 64 bits like numpy's ``int64``. The
  NaN of an empty mean or standard deviation is the processor's default NaN, as
  numpy's ``0.0 / 0`` is (its sign bit is set on x86).
* **Anything else** -- numpy scalars or arrays, ``Decimal``, ``None``, strings, ints
  beyond int64 -- can only have come from code that runs beside numpy in the real
  host, so numpy is imported at that moment and called exactly as the host calls it:
  same values, same result types (``float32`` sums stay ``float32``, ``int64`` stays
  ``int64``, ``Decimal`` stays ``Decimal``), same exceptions. Where numpy is not
  installed these values fall back to the plain path after ``float()`` conversion
  (documented in ``docs/explanation/fidelity.md``).

Deliberate differences on the plain path: results are Python ``float``/``int`` where
numpy returns ``float64``/``int64`` (``float64`` is a ``float`` subclass; ``int64``
is not an ``int``), and neither path emits numpy's ``RuntimeWarning`` for an empty
mean or a float overflow, so test suites running with warnings as errors survive
the empty summaries the host really produces.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from numbers import Real
from typing import Any, Callable, Union

Number = Union[int, float]

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1

#: The processor's default NaN, the one numpy's ``0.0 / 0`` produces for an empty mean
#: (sign bit set on x86, clear on ARM): computed, not spelled, so it matches the host.
EMPTY_NAN = math.inf - math.inf


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


def _plain_item(value: Any) -> bool:
    kind = type(value)
    if kind is float or kind is bool:
        return True
    return kind is int and _INT64_MIN <= value <= _INT64_MAX


def is_plain(full_dist: Any) -> bool:
    """Whether ``full_dist`` takes the numpy-free path (see the module docstring)."""
    if type(full_dist) in (list, tuple):
        return all(_plain_item(v) for v in full_dist)
    return _plain_item(full_dist)


def numpy_reduce(name: str, full_dist: Any) -> Any:
    """``np.<name>(full_dist)`` exactly as the host calls it, without its RuntimeWarnings.

    Returns :data:`NotImplemented` when numpy is not installed.
    """
    try:
        import numpy as np
    except ImportError:
        return NotImplemented
    reduce: Callable[[Any], Any] = getattr(np, name)
    with np.errstate(all="ignore"):
        if isinstance(full_dist, np.ndarray) and full_dist.size == 0:
            # numpy warns "Mean of empty slice" with warnings.warn, not through errstate
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                return reduce(full_dist)
        return reduce(full_dist)


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
    """``np.sum``: ``0.0`` when empty, a 64-bit wrapping ``int`` for all-int input."""
    if not values:
        return 0.0
    if all(isinstance(v, int) for v in values):
        return (int(sum(values)) - _INT64_MIN) % 2**64 + _INT64_MIN
    return float_sum(values)


def mean(values: list[Any]) -> float:
    """``np.mean``: the default NaN for an empty list (without a warning)."""
    if not values:
        return EMPTY_NAN
    return float_sum(values) / len(values)


def pstd(values: list[Any]) -> float:
    """``np.std`` with ``ddof=0``: the default NaN for an empty list (without a warning)."""
    if not values:
        return EMPTY_NAN
    centre = mean(values)
    deviations = [float(v) - centre for v in values]
    return math.sqrt(float_sum([d * d for d in deviations]) / len(values))
