"""Hypothesis strategies for random StatsReporter sessions (value specs for _statserver).

A value crosses to both hosts as a spec (see ``_statserver.make``): Python floats as
their bit pattern (NaN signs and payloads survive), ints as text, numpy scalars as
dtype plus value, ``Decimal``, ``None`` and strings. Each example picks a *profile* so
that most sessions stay meaningful (plain Python numbers, numpy numbers, a mix) while
some hand the host what no trainer would (``Decimal``, ``None``, strings).
"""

from __future__ import annotations

import math
import struct
from typing import Any

from hypothesis import strategies as st

CATEGORIES = ["3DBall", "Walker?team=0", "Empty"]
KEYS = [
    "Environment/Cumulative Reward",
    "Environment/Group Cumulative Reward",
    "Is Training",
    "Self-play/ELO",
    "Losses/Policy Loss",
    "Custom/Value",
]
AGGREGATIONS = [None, "AVERAGE", "MOST_RECENT", "SUM", "HISTOGRAM"]
METHODS = ["AVERAGE", "MOST_RECENT", "SUM", "HISTOGRAM"]


def fspec(value: float) -> list[Any]:
    return ["f", struct.pack(">d", value).hex()]


def _negative_nan() -> float:
    return -math.nan


SPECIAL_FLOATS = [0.0, -0.0, math.nan, _negative_nan(), math.inf, -math.inf, 1e308, -1e308]
SPECIAL_FLOATS += [5e-324, 1e20, -1e20, 1.0000001e20, 2.0**53, 0.1]

py_floats = st.one_of(st.floats(), st.sampled_from(SPECIAL_FLOATS)).map(fspec)
small_floats = st.floats(min_value=-1e6, max_value=1e6).map(fspec)
py_ints = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.sampled_from([2**62, 2**63 - 1, -(2**63), 2**63, 2**64, -(2**63) - 1, 2**70]),
).map(lambda i: ["i", str(i)])
py_bools = st.booleans().map(lambda b: ["b", b])


def _np_float(dtype: str, width: int) -> st.SearchStrategy[list[Any]]:
    return st.floats(width=width).map(  # type: ignore[call-overload]
        lambda v: ["npf", dtype, struct.pack(">d", v).hex()]
    )


np_floats = st.one_of(_np_float("float16", 16), _np_float("float32", 32), _np_float("float64", 64))
np_ints = st.one_of(
    st.integers(-(2**31), 2**31 - 1).map(lambda i: ["npi", "int32", str(i)]),
    st.integers(-(2**63), 2**63 - 1).map(lambda i: ["npi", "int64", str(i)]),
    st.integers(-(2**20), 2**20).map(lambda i: ["npi", "int64", str(i)]),
    st.integers(0, 255).map(lambda i: ["npi", "uint8", str(i)]),
)
np_bools = st.booleans().map(lambda b: ["npb", b])
decimals = st.decimals(
    min_value=-(10**6), max_value=10**6, allow_nan=False, allow_infinity=False, places=3
).map(lambda d: ["dec", str(d)])
nones = st.just(["none"])
strings = st.sampled_from(["", "a", "1.5", "nan"]).map(lambda s: ["s", s])

PROFILES: dict[str, st.SearchStrategy[list[Any]]] = {
    "plain": st.one_of(py_floats, small_floats, py_ints, py_bools),
    "numpy": st.one_of(np_floats, np_ints, np_bools),
    "mixed": st.one_of(py_floats, small_floats, py_ints, np_floats, np_ints, np_bools),
    "exotic": st.one_of(small_floats, py_ints, decimals, nones, strings, np_floats),
}

steps = st.one_of(
    st.integers(0, 2**40).map(lambda i: ["i", str(i)]),
    st.sampled_from([2**63 - 1, 2**63, 2**70, -1]).map(lambda i: ["i", str(i)]),
    st.sampled_from([7.5, math.nan, math.inf, 1e19]).map(fspec),
    st.integers(0, 2**40).map(lambda i: ["npi", "int64", str(i)]),
    st.sampled_from([3.0, 1e10]).map(lambda v: ["npf", "float32", struct.pack(">d", v).hex()]),
    st.just(["none"]),
    st.just(["s", "12"]),
)

hyperparameter_values = st.one_of(
    small_floats, py_ints, py_bools, st.sampled_from(["linear", "ppo"]).map(lambda s: ["s", s])
)


def _dict_spec(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return ["dict", [[k, _dict_spec(v)] for k, v in value.items()]]
    return value  # type: ignore[no-any-return]


hyperparameters = st.recursive(
    st.dictionaries(st.sampled_from(["a", "b", "lr"]), hyperparameter_values, max_size=3),
    lambda inner: st.dictionaries(st.sampled_from(["net", "sched"]), inner, max_size=2),
    max_leaves=6,
).map(_dict_spec)


@st.composite
def full_dists(draw: st.DrawFn, values: st.SearchStrategy[list[Any]]) -> list[Any]:
    """A ``full_dist`` as a plugin might build one: list, numpy array, bare number."""
    kind = draw(st.sampled_from(["list", "list", "array", "scalar", "empty"]))
    if kind == "scalar":
        return draw(st.one_of(py_floats, py_ints, np_floats))
    if kind == "empty":
        return ["list", []] if draw(st.booleans()) else ["arr", "float32", []]
    items = draw(st.lists(values, min_size=1, max_size=12))
    if kind == "list":
        return ["list", items]
    numeric = draw(st.lists(st.one_of(py_floats, py_ints, np_floats, np_ints), max_size=10))
    return ["arr", draw(st.sampled_from([None, "float32", "float64", "float16"])), numeric]


@st.composite
def stats_sessions(draw: st.DrawFn) -> dict[str, Any]:
    """One example: built-in writers or not, and a sequence of reporter operations."""
    values = PROFILES[draw(st.sampled_from(["plain", "plain", "numpy", "mixed", "exotic"]))]
    categories = st.sampled_from(CATEGORIES)
    keys = st.sampled_from(KEYS)
    op = st.one_of(
        st.tuples(st.just("add_stat"), categories, keys, values, st.sampled_from(AGGREGATIONS)),
        st.tuples(st.just("add_stat"), categories, keys, values, st.sampled_from(AGGREGATIONS)),
        st.tuples(st.just("set_stat"), categories, keys, values),
        st.tuples(st.just("write_stats"), categories, steps),
        st.tuples(st.just("get_stats_summaries"), categories, keys),
        st.tuples(st.just("add_property"), categories, st.just("HYPERPARAMETERS"), hyperparameters),
        st.tuples(
            st.just("add_property"), categories, st.just("SELF_PLAY"), st.one_of(py_bools, py_ints)
        ),
        st.tuples(st.just("summary"), full_dists(values), st.sampled_from(METHODS)),
        st.tuples(
            st.just("tensorboard"), categories, full_dists(values), st.sampled_from(METHODS), steps
        ),
    )
    ops = draw(st.lists(op, min_size=1, max_size=25))
    tail = [("write_stats", category, ["i", "99"]) for category in CATEGORIES]
    return {"registered": draw(st.booleans()), "ops": [list(o) for o in ops + tail]}
