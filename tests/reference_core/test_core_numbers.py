"""Numbers as the host computes them: numpy only when numpy values arrive, torch's conversions.

The real host is the oracle in ``tests/host/test_properties_stats.py``; these tests pin
the rules on their own, without the host: which values take the numpy-free path, what
the numpy path returns, the NaN of an empty summary, and what the TensorBoard stand-in
accepts, raises and records.
"""

from __future__ import annotations

import json
import math
import struct
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reference_core import (
    StatsAggregationMethod,
    StatsReporter,
    StatsSummary,
    StatsWriter,
    TensorboardWriter,
    reset_stats_reporter,
)
from reference_core._numeric import is_plain

AVG = StatsAggregationMethod.AVERAGE
SUM = StatsAggregationMethod.SUM
HIST = StatsAggregationMethod.HISTOGRAM

PLAIN = [
    pytest.param([1.0, 2, True], True, id="python-numbers"),
    pytest.param(3.5, True, id="bare-float"),
    pytest.param((1, 2), True, id="tuple"),
    pytest.param([2**63 - 1], True, id="int64-max"),
    pytest.param([2**63], False, id="beyond-int64"),
    pytest.param([Decimal(1)], False, id="decimal"),
    pytest.param([None], False, id="none"),
    pytest.param(["1.5"], False, id="string"),
    pytest.param([np.float32(1.0)], False, id="numpy-scalar"),
    pytest.param(np.array([1.0]), False, id="numpy-array"),
]


@pytest.mark.parametrize(("full_dist", "plain"), PLAIN)
def test_which_values_stay_numpy_free(full_dist: Any, plain: bool) -> None:
    """Only exact Python float/bool/int64-range int take the numpy-free path."""
    assert is_plain(full_dist) is plain


def test_plain_values_never_import_numpy() -> None:
    """A reporter fed Python numbers, the TensorBoard stand-in included, imports no numpy."""
    code = (
        "import sys, tempfile, reference_core as rc\n"
        "rc.StatsReporter.add_writer(rc.TensorboardWriter(tempfile.mkdtemp()))\n"
        "r = rc.StatsReporter('B')\n"
        "for v in (1.0, 2, True, float('nan')):\n"
        "    r.add_stat('k', v, rc.StatsAggregationMethod.HISTOGRAM)\n"
        "r.write_stats(5)\n"
        "s = rc.StatsSummary([], rc.StatsAggregationMethod.AVERAGE)\n"
        "s.mean, s.std, s.sum\n"
        "assert 'numpy' not in sys.modules, 'numpy was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


NUMPY_RESULTS = [
    pytest.param([np.float32(1.5), np.float32(2.25)], "sum", np.float32, 3.75, id="float32-sum"),
    pytest.param([np.float16(1.5)], "mean", np.float16, 1.5, id="float16-mean"),
    pytest.param([np.int64(3), 4], "sum", np.int64, 7, id="int64-sum"),
    pytest.param([np.int32(3), np.int32(4)], "mean", np.float64, 3.5, id="int32-mean"),
    pytest.param([np.bool_(True), np.bool_(True)], "sum", np.int64, 2, id="bool-sum"),
    pytest.param([Decimal("1.5"), Decimal(2)], "sum", Decimal, Decimal("3.5"), id="decimal-sum"),
    pytest.param([None], "sum", type(None), None, id="single-none-sum"),
    pytest.param(np.array([1.0, 3.0], dtype=np.float32), "std", np.float32, 1.0, id="array-std"),
]


@pytest.mark.parametrize(("full_dist", "prop", "kind", "value"), NUMPY_RESULTS)
def test_numpy_values_are_reduced_by_numpy(
    full_dist: Any, prop: str, kind: type, value: Any
) -> None:
    """numpy values keep numpy's result type and value, as in the host."""
    result = getattr(StatsSummary(full_dist, AVG), prop)
    assert type(result) is kind
    assert result == value


NUMPY_ERRORS = [
    pytest.param([None, None], "sum", np.sum, id="none-plus-none"),
    pytest.param([None], "mean", np.mean, id="none-mean"),
    pytest.param(["a", "b"], "sum", np.sum, id="strings"),
]


@pytest.mark.parametrize(("full_dist", "prop", "reduce"), NUMPY_ERRORS)
def test_numpy_path_raises_numpys_errors(full_dist: Any, prop: str, reduce: Any) -> None:
    """Values numpy cannot reduce raise exactly what numpy raises (its type differs by version)."""
    with pytest.raises(TypeError) as expected:
        reduce(full_dist)
    with pytest.raises(TypeError) as info:
        getattr(StatsSummary(full_dist, AVG), prop)
    assert type(info.value) is type(expected.value)


def test_int_sums_wrap_like_int64() -> None:
    """An all-int sum wraps at 64 bits, like numpy's int64 sum in the host."""
    assert StatsSummary([2**62, 2**62], SUM).sum == int(np.sum([2**62, 2**62]))


def test_empty_nan_has_numpys_sign_bit() -> None:
    """The NaN of an empty mean/std has the bit pattern of numpy's 0.0 / 0."""
    with np.errstate(all="ignore"):
        expected = struct.pack(">d", float(np.float64(0.0) / 0))
    summary = StatsSummary.empty()
    assert struct.pack(">d", summary.mean) == expected
    assert struct.pack(">d", summary.std) == expected


class Later(StatsWriter):
    """A writer registered after the TensorBoard stand-in."""

    def __init__(self) -> None:
        self.calls: list[Any] = []

    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        self.calls.append((category, sorted(values), step))


def test_numpy_values_reach_the_writers_after_tensorboard(tmp_path: Path) -> None:
    """numpy stats and a numpy step are recorded as floats/ints; later writers still run."""
    reset_stats_reporter()
    writer, later = TensorboardWriter(str(tmp_path)), Later()
    StatsReporter.add_writer(writer)
    StatsReporter.add_writer(later)
    try:
        reporter = StatsReporter("B")
        reporter.add_stat("h", np.float32(1.5), HIST)
        reporter.add_stat("h", np.int64(2), HIST)
        reporter.add_stat("b", np.bool_(True))
        reporter.write_stats(np.int64(7))  # type: ignore[arg-type]
    finally:
        reset_stats_reporter()
    assert later.calls == [("B", ["b", "h"], 7)]
    lines = writer.events_path("B").read_text(encoding="utf-8").splitlines()
    records = [{k: v for k, v in json.loads(line).items() if k != "wall_time"} for line in lines]
    assert records == [
        {"kind": "scalar", "tag": "h", "value": 1.75, "step": 7},
        {"kind": "histogram", "tag": "h_hist", "values": [1.5, 2.0], "step": 7},
        {"kind": "scalar", "tag": "b", "value": 1.0, "step": 7},
    ]
    assert type(records[0]["step"]) is int


TENSORBOARD_ERRORS = [
    pytest.param([None], 1, NotImplementedError, id="none-value"),
    pytest.param([1.0], math.nan, ValueError, id="nan-step"),
    pytest.param([1.0], math.inf, OverflowError, id="inf-step"),
    pytest.param([1.0], 2**63, ValueError, id="step-beyond-int64"),
    pytest.param([1.0], "x", ValueError, id="text-step"),
]


@pytest.mark.parametrize(("full_dist", "step", "error"), TENSORBOARD_ERRORS)
def test_tensorboard_raises_what_torch_raises(
    tmp_path: Path, full_dist: Any, step: Any, error: type
) -> None:
    """Values and steps torch cannot store raise torch's exception type; nothing is recorded."""
    writer = TensorboardWriter(str(tmp_path))
    with pytest.raises(error):
        writer.write_stats("B", {"k": StatsSummary(full_dist, SUM)}, step)
    assert writer.records == []


def test_tensorboard_step_none_is_recorded_as_zero(tmp_path: Path) -> None:
    """No step leaves the event's step unset, which reads back as 0."""
    writer = TensorboardWriter(str(tmp_path))
    writer.write_stats("B", {"k": StatsSummary([1.0], AVG)}, None)  # type: ignore[arg-type]
    assert writer.records[0]["step"] == 0
