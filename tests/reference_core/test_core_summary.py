"""StatsAggregationMethod, StatsPropertyType and StatsSummary against the host's semantics."""

from __future__ import annotations

import math
import pickle
import warnings
from typing import Any, Optional

import pytest

from reference_core import StatsAggregationMethod, StatsPropertyType, StatsSummary

AVG = StatsAggregationMethod.AVERAGE
SUM = StatsAggregationMethod.SUM
RECENT = StatsAggregationMethod.MOST_RECENT
HIST = StatsAggregationMethod.HISTOGRAM
NAN = math.nan
INF = math.inf

ENUM_VALUES = [
    pytest.param(StatsAggregationMethod, "AVERAGE", 0, id="average"),
    pytest.param(StatsAggregationMethod, "MOST_RECENT", 1, id="most-recent"),
    pytest.param(StatsAggregationMethod, "SUM", 2, id="sum"),
    pytest.param(StatsAggregationMethod, "HISTOGRAM", 3, id="histogram"),
    pytest.param(StatsPropertyType, "HYPERPARAMETERS", "hyperparameters", id="hyperparameters"),
    pytest.param(StatsPropertyType, "SELF_PLAY", "selfplay", id="selfplay"),
]


@pytest.mark.parametrize(("enum", "member", "value"), ENUM_VALUES)
def test_enum_member_values(enum: Any, member: str, value: object) -> None:
    """Enum members carry the upstream values (the integers travel over the wire)."""
    assert enum[member].value == value
    assert enum(value) is enum[member]


def test_enums_have_no_extra_members() -> None:
    """No member exists beyond the upstream ones."""
    assert [m.name for m in StatsAggregationMethod] == [
        "AVERAGE",
        "MOST_RECENT",
        "SUM",
        "HISTOGRAM",
    ]
    assert [m.name for m in StatsPropertyType] == ["HYPERPARAMETERS", "SELF_PLAY"]


# (full_dist, method, mean, std, sum, aggregated_value), hand-computed.
ARITHMETIC = [
    pytest.param([1.0, 2.0, 3.0, 4.0], AVG, 2.5, math.sqrt(1.25), 10.0, 2.5, id="average"),
    pytest.param([1.0, 2.0, 3.0, 4.0], SUM, 2.5, math.sqrt(1.25), 10.0, 10.0, id="sum"),
    pytest.param([5.0, 7.0], RECENT, 6.0, 1.0, 12.0, 6.0, id="most-recent-is-mean"),
    pytest.param([2.0, 4.0, 9.0], HIST, 5.0, math.sqrt(26 / 3), 15.0, 5.0, id="histogram-is-mean"),
    pytest.param([-3.5], AVG, -3.5, 0.0, -3.5, -3.5, id="single"),
    pytest.param([0.1] * 10, SUM, 0.1, 0.0, 1.0, 1.0, id="ten-tenths"),
    pytest.param([1e16, 1.0, -1e16], SUM, 0.0, None, 0.0, 0.0, id="rounds-like-numpy"),
    pytest.param(
        [1e-8, 1e8, -1e8, 3.0],
        SUM,
        3.000000014901161 / 4,
        None,
        3.000000014901161,
        3.000000014901161,
        id="left-to-right-below-8",
    ),
    pytest.param([1, 2], AVG, 1.5, 0.5, 3, 1.5, id="ints"),
    pytest.param([True, True, False], SUM, 2 / 3, math.sqrt(2 / 9), 2, 2, id="bools"),
    pytest.param(3.0, AVG, 3.0, 0.0, 3.0, 3.0, id="scalar"),
    pytest.param(7.5, SUM, 7.5, 0.0, 7.5, 7.5, id="scalar-sum"),
    pytest.param((1.0, 3.0), AVG, 2.0, 1.0, 4.0, 2.0, id="tuple"),
]


@pytest.mark.parametrize(("dist", "method", "mean", "std", "total", "aggregated"), ARITHMETIC)
def test_summary_arithmetic(
    *,
    dist: Any,
    method: StatsAggregationMethod,
    mean: float,
    std: Optional[float],
    total: float,
    aggregated: float,
) -> None:
    """mean, population std, sum and aggregated_value match hand-computed values."""
    summary = StatsSummary(dist, method)
    assert summary.mean == pytest.approx(mean, rel=1e-15)
    if std is not None:
        assert summary.std == pytest.approx(std, rel=1e-12, abs=1e-15)
    assert summary.sum == total
    assert summary.aggregated_value == pytest.approx(aggregated, rel=1e-15)


# (full_dist, mean, std, sum): NaN compares with isnan, infinities exactly.
NON_FINITE = [
    pytest.param([], NAN, NAN, 0.0, id="empty"),
    pytest.param([1.0, NAN], NAN, NAN, NAN, id="nan"),
    pytest.param([1.0, INF], INF, NAN, INF, id="inf"),
    pytest.param([-INF, 2.0], -INF, NAN, -INF, id="minus-inf"),
    pytest.param([INF, -INF], NAN, NAN, NAN, id="inf-minus-inf"),
    pytest.param([1e308, 1e308], INF, INF, INF, id="overflow"),
    pytest.param(NAN, NAN, NAN, NAN, id="scalar-nan"),
]


def _same(actual: float, expected: float) -> bool:
    return math.isnan(actual) if math.isnan(expected) else actual == expected


@pytest.mark.parametrize(("dist", "mean", "std", "total"), NON_FINITE)
def test_summary_non_finite_values(dist: Any, mean: float, std: float, total: float) -> None:
    """NaN, infinities and empty lists propagate the way numpy's reductions do."""
    summary = StatsSummary(dist, AVG)
    assert _same(summary.mean, mean)
    assert _same(summary.std, std)
    assert _same(summary.sum, total)


def test_empty_summary_does_not_warn() -> None:
    """The mean of an empty summary is NaN without numpy's RuntimeWarning (deliberate)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        empty = StatsSummary.empty()
        assert math.isnan(empty.mean)
        assert math.isnan(empty.std)
        assert math.isnan(empty.aggregated_value)


RESULT_TYPES = [
    pytest.param([1, 2, 3], "sum", int, id="int-sum-is-int"),
    pytest.param([True, True], "sum", int, id="bool-sum-is-int"),
    pytest.param([1, 2.0], "sum", float, id="mixed-sum-is-float"),
    pytest.param([], "sum", float, id="empty-sum-is-float"),
    pytest.param([1, 2], "mean", float, id="int-mean-is-float"),
    pytest.param([1, 2], "std", float, id="int-std-is-float"),
]


@pytest.mark.parametrize(("dist", "prop", "kind"), RESULT_TYPES)
def test_summary_result_types(dist: list[Any], prop: str, kind: type) -> None:
    """Results are Python numbers: int for all-int sums, float everywhere else."""
    assert type(getattr(StatsSummary(dist, AVG), prop)) is kind


def test_long_sums_are_chunked_like_the_hosts_numpy() -> None:
    """Over 8192 values, sums run in 8192-value chunks, as numpy 1.23 (the host's) does."""
    values = [((i * 7919) % 1000) / 7.0 for i in range(8194)]
    # np.sum(values) with numpy 1.23.5; numpy 2.x, which does not chunk, gives 584657.0.
    assert StatsSummary(values, SUM).sum == 584656.9999999999


def test_int_sum_wraps_like_int64() -> None:
    """An all-int sum wraps around at 64 bits, as numpy's int64 sum does in the host."""
    assert StatsSummary([2**62, 2**62], SUM).sum == -(2**63)
    assert StatsSummary([2**63 - 1, 1, 1], SUM).sum == -(2**63) + 1


def test_num_counts_values_and_rejects_scalars() -> None:
    """num is len(full_dist); a scalar full_dist raises TypeError, like upstream."""
    assert StatsSummary([1.0, 2.0, 3.0], AVG).num == 3
    assert StatsSummary.empty().num == 0
    with pytest.raises(TypeError):
        _ = StatsSummary(3.0, AVG).num


def test_strings_are_rejected() -> None:
    """A summary of strings raises TypeError (numpy's UFuncTypeError where installed)."""
    with pytest.raises(TypeError):
        _ = StatsSummary(["1.5"], AVG).mean


def test_empty_is_a_staticmethod_returning_average() -> None:
    """empty() is a staticmethod giving ([], AVERAGE), callable on an instance too."""
    assert isinstance(StatsSummary.__dict__["empty"], staticmethod)
    assert StatsSummary.empty() == StatsSummary([], AVG)
    assert StatsSummary([1.0], SUM).empty() == StatsSummary([], AVG)


def test_namedtuple_behaviour() -> None:
    """StatsSummary is a NamedTuple: positional/keyword construction, unpacking, equality."""
    summary = StatsSummary([1.0, 2.0], SUM)
    dist, method = summary
    assert (dist, method) == ([1.0, 2.0], SUM)
    assert summary == StatsSummary(full_dist=[1.0, 2.0], aggregation_method=SUM)
    assert summary == ([1.0, 2.0], SUM)
    assert summary != StatsSummary([1.0, 2.0], AVG)
    assert StatsSummary._fields == ("full_dist", "aggregation_method")
    assert isinstance(summary, tuple)
    assert summary._replace(aggregation_method=AVG).aggregated_value == 1.5


def test_repr_format() -> None:
    """repr shows the fields and the enum the way upstream's example writer prints it."""
    assert repr(StatsSummary([1.0, 2.5], AVG)) == (
        "StatsSummary(full_dist=[1.0, 2.5], aggregation_method=<StatsAggregationMethod.AVERAGE: 0>)"
    )


def test_summary_pickles() -> None:
    """Summaries survive pickling (writers may ship them to another process)."""
    summary = StatsSummary([1.0, NAN], HIST)
    copy = pickle.loads(pickle.dumps(summary))  # noqa: S301 - our own object
    assert copy.aggregation_method is HIST
    assert copy.full_dist[0] == 1.0
    assert math.isnan(copy.full_dist[1])


NUMPY_CASES = [
    pytest.param([1.0, 2.0, 3.0, 4.0], id="small"),
    pytest.param([0.1 * i for i in range(1000)], id="long-floats"),
    pytest.param([3, 5, 8], id="ints"),
    pytest.param([1.0, INF], id="inf"),
    pytest.param([1.0, NAN, 2.0], id="nan"),
    pytest.param(4.25, id="scalar"),
]


@pytest.mark.parametrize("dist", NUMPY_CASES)
def test_matches_numpy(dist: Any) -> None:
    """Where numpy is installed, the reductions agree with np.mean/np.std/np.sum."""
    np = pytest.importorskip("numpy")
    summary = StatsSummary(dist, AVG)
    with np.errstate(invalid="ignore"):
        expected = (np.mean(dist), np.std(dist), np.sum(dist))
    for actual, wanted in zip((summary.mean, summary.std, summary.sum), expected):
        if math.isnan(wanted):
            assert math.isnan(actual)
        else:
            assert actual == pytest.approx(float(wanted), rel=1e-12, abs=1e-12)
