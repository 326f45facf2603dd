"""StatsWriter and StatsReporter: class-level state, set vs add, flushing, locking."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from reference_core import (
    StatsAggregationMethod,
    StatsPropertyType,
    StatsReporter,
    StatsSummary,
    StatsWriter,
    reset_stats_reporter,
)

AVG = StatsAggregationMethod.AVERAGE
SUM = StatsAggregationMethod.SUM
RECENT = StatsAggregationMethod.MOST_RECENT
HIST = StatsAggregationMethod.HISTOGRAM


class RecordingWriter(StatsWriter):
    """Records every call, copying the summaries it is given."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        snapshot = {
            k: StatsSummary(list(v.full_dist), v.aggregation_method) for k, v in values.items()
        }
        self.calls.append(("write_stats", category, snapshot, step))

    def add_property(self, category: str, property_type: StatsPropertyType, value: Any) -> None:
        self.calls.append(("add_property", category, property_type, value))

    def on_add_stat(
        self, category: str, key: str, value: float, aggregation: StatsAggregationMethod = AVG
    ) -> None:
        self.calls.append(("on_add_stat", category, key, value, aggregation))


class MinimalWriter(StatsWriter):
    """Implements only the abstract method, like the upstream example plugin."""

    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        """Ignore everything."""


def test_write_stats_is_the_only_abstract_method() -> None:
    """StatsWriter needs write_stats; add_property and on_add_stat are optional no-ops."""
    assert StatsWriter.__abstractmethods__ == frozenset({"write_stats"})
    with pytest.raises(TypeError):
        StatsWriter()  # type: ignore[abstract]
    writer = MinimalWriter()
    assert writer.add_property("B", StatsPropertyType.SELF_PLAY, True) is None
    assert writer.on_add_stat("B", "k", 1.0) is None


def test_class_level_state_is_shared() -> None:
    """Writers and stats live on the class: two reporters of one category share them."""
    writer = RecordingWriter()
    StatsReporter.add_writer(writer)
    StatsReporter("B").add_stat("k", 1.0)
    StatsReporter("B").add_stat("k", 2.0)
    assert StatsReporter.writers == [writer]
    assert StatsReporter.stats_dict["B"]["k"] == [1.0, 2.0]


def test_lock_is_a_reentrant_lock() -> None:
    """StatsReporter.lock is an RLock (a writer may call back into the reporter)."""
    assert isinstance(StatsReporter.lock, type(threading.RLock()))


ADD_AND_SET = [
    pytest.param([("add", 1.0, AVG), ("add", 3.0, AVG)], [1.0, 3.0], AVG, id="add-appends"),
    pytest.param(
        [("add", 1.0, AVG), ("add", 3.0, SUM)], [1.0, 3.0], SUM, id="last-aggregation-wins"
    ),
    pytest.param([("add", 1.0, SUM), ("set", 5.0, None)], [5.0], RECENT, id="set-replaces"),
    pytest.param(
        [("set", 5.0, None), ("add", 2.0, RECENT)], [5.0, 2.0], RECENT, id="add-after-set-appends"
    ),
    pytest.param(
        [("add", 1.0, HIST), ("add", 2.0, AVG)], [1.0, 2.0], AVG, id="histogram-overwritten"
    ),
]


@pytest.mark.parametrize(("ops", "values", "method"), ADD_AND_SET)
def test_add_and_set_stat(
    ops: list[tuple[str, float, Any]], values: list[float], method: Any
) -> None:
    """add_stat appends and overwrites the aggregation; set_stat replaces with MOST_RECENT."""
    reporter = StatsReporter("B")
    for op, value, aggregation in ops:
        if op == "add":
            reporter.add_stat("k", value, aggregation)
        else:
            reporter.set_stat("k", value)
    assert reporter.get_stats_summaries("k") == StatsSummary(values, method)


def test_on_add_stat_reaches_every_writer() -> None:
    """Each add_stat/set_stat calls on_add_stat on every writer, with the method used."""
    first, second = RecordingWriter(), RecordingWriter()
    StatsReporter.add_writer(first)
    StatsReporter.add_writer(second)
    reporter = StatsReporter("B")
    reporter.add_stat("a", 1.0)
    reporter.add_stat("b", 2.0, SUM)
    reporter.set_stat("c", 3.0)
    expected = [
        ("on_add_stat", "B", "a", 1.0, AVG),
        ("on_add_stat", "B", "b", 2.0, SUM),
        ("on_add_stat", "B", "c", 3.0, RECENT),
    ]
    assert first.calls == expected
    assert second.calls == expected


def test_add_property_reaches_every_writer() -> None:
    """add_property forwards category, type and value to each writer."""
    writer = RecordingWriter()
    StatsReporter.add_writer(writer)
    StatsReporter("B").add_property(StatsPropertyType.HYPERPARAMETERS, {"lr": 0.1})
    assert writer.calls == [("add_property", "B", StatsPropertyType.HYPERPARAMETERS, {"lr": 0.1})]


def test_write_stats_summarises_and_clears_only_its_category() -> None:
    """write_stats passes non-empty keys, then deletes this category's stats only."""
    writer = RecordingWriter()
    StatsReporter.add_writer(writer)
    behavior, other = StatsReporter("B"), StatsReporter("Other")
    behavior.add_stat("reward", 1.0)
    behavior.add_stat("reward", 2.0)
    behavior.add_stat("total", 5.0, SUM)
    behavior.get_stats_summaries("never-added")  # creates an empty list, as upstream
    other.add_stat("reward", 9.0)
    behavior.write_stats(1000)
    assert [call for call in writer.calls if call[0] == "write_stats"] == [
        (
            "write_stats",
            "B",
            {"reward": StatsSummary([1.0, 2.0], AVG), "total": StatsSummary([5.0], SUM)},
            1000,
        )
    ]
    assert "B" not in StatsReporter.stats_dict
    assert StatsReporter.stats_dict["Other"]["reward"] == [9.0]
    assert StatsReporter.stats_aggregation["B"]["total"] is SUM


def test_writers_are_called_even_without_values() -> None:
    """Every writer gets write_stats, in registration order, even with nothing to report."""
    order: list[str] = []

    class Named(StatsWriter):
        def __init__(self, name: str) -> None:
            self.name = name

        def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
            order.append(f"{self.name}:{category}:{len(values)}:{step}")

    StatsReporter.add_writer(Named("first"))
    StatsReporter.add_writer(Named("second"))
    StatsReporter("B").write_stats(7)
    assert order == ["first:B:0:7", "second:B:0:7"]


def test_summary_holds_the_live_list() -> None:
    """get_stats_summaries returns the reporter's own list, not a copy."""
    reporter = StatsReporter("B")
    reporter.add_stat("k", 1.0)
    summary = reporter.get_stats_summaries("k")
    assert summary.full_dist is StatsReporter.stats_dict["B"]["k"]
    reporter.add_stat("k", 3.0)
    assert summary.mean == 2.0


def test_missing_key_gives_empty_summary_and_creates_it() -> None:
    """Reading an unknown key gives StatsSummary.empty() and leaves an empty list behind."""
    reporter = StatsReporter("B")
    assert reporter.get_stats_summaries("nope") == StatsSummary.empty()
    assert StatsReporter.stats_dict["B"]["nope"] == []


def test_writer_exception_propagates_and_keeps_stats() -> None:
    """An exception in write_stats escapes, and the category is not cleared."""

    class Broken(StatsWriter):
        def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:  # noqa: ARG002
            raise RuntimeError("boom")

    StatsReporter.add_writer(Broken())
    reporter = StatsReporter("B")
    reporter.add_stat("k", 1.0)
    with pytest.raises(RuntimeError, match="boom"):
        reporter.write_stats(1)
    assert StatsReporter.stats_dict["B"]["k"] == [1.0]


def test_writer_may_reenter_the_reporter() -> None:
    """A writer that records a stat from inside write_stats does not deadlock."""

    class Reentrant(StatsWriter):
        def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:  # noqa: ARG002
            StatsReporter("Derived").add_stat("count", float(len(values)))

    StatsReporter.add_writer(Reentrant())
    reporter = StatsReporter("B")
    reporter.add_stat("k", 1.0)
    reporter.write_stats(1)
    assert StatsReporter.stats_dict["Derived"]["count"] == [1.0]


def test_concurrent_add_stat_loses_nothing() -> None:
    """Stats added from several threads at once are all kept."""
    threads_count, per_thread = 8, 500
    barrier = threading.Barrier(threads_count)

    def work(index: int) -> None:
        reporter = StatsReporter("B")
        barrier.wait()
        for i in range(per_thread):
            reporter.add_stat("k", float(index * per_thread + i))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(StatsReporter.stats_dict["B"]["k"]) == [
        float(i) for i in range(threads_count * per_thread)
    ]


def test_writers_run_one_at_a_time() -> None:
    """Writer calls are serialised by the lock even when categories flush concurrently."""
    inside = []
    overlaps = []

    class Slow(StatsWriter):
        def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:  # noqa: ARG002
            inside.append(category)
            if len(inside) > 1:
                overlaps.append(list(inside))
            threading.Event().wait(0.01)
            inside.remove(category)

    StatsReporter.add_writer(Slow())
    threads = [
        threading.Thread(target=StatsReporter(f"B{n}").write_stats, args=(n,)) for n in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == []


def test_reset_clears_in_place() -> None:
    """reset_stats_reporter empties writers and stats but keeps the same containers."""
    writers, stats, aggregation = (
        StatsReporter.writers,
        StatsReporter.stats_dict,
        StatsReporter.stats_aggregation,
    )
    StatsReporter.add_writer(RecordingWriter())
    StatsReporter("B").add_stat("k", 1.0, SUM)
    reset_stats_reporter()
    assert (
        StatsReporter.writers,
        dict(StatsReporter.stats_dict),
        dict(StatsReporter.stats_aggregation),
    ) == (
        [],
        {},
        {},
    )
    assert StatsReporter.writers is writers
    assert StatsReporter.stats_dict is stats
    assert StatsReporter.stats_aggregation is aggregation
    assert StatsReporter.stats_aggregation["B"]["k"] is AVG


class OwnSummaries(StatsReporter):
    """A reporter subclass with its own get_stats_summaries, which write_stats must call."""

    def get_stats_summaries(self, key: str) -> StatsSummary:
        return StatsSummary([len(key)], SUM)


#: (reporter class, stats to add, expected summaries, aggregation keys afterwards)
WRITE_PATHS = [
    pytest.param(
        StatsReporter,
        [("a", 1.0, AVG), ("b", 2.0, SUM), ("a", 3.0, AVG)],
        {"a": StatsSummary([1.0, 3.0], AVG), "b": StatsSummary([2.0], SUM)},
        ["a", "b"],
        id="own-loop",
    ),
    pytest.param(
        OwnSummaries,
        [("a", 1.0, AVG), ("bbb", 2.0, AVG)],
        {"a": StatsSummary([1], SUM), "bbb": StatsSummary([3], SUM)},
        ["a", "bbb"],
        id="subclass-override",
    ),
]


@pytest.mark.parametrize(("cls", "stats", "expected", "aggregated"), WRITE_PATHS)
def test_write_stats_summaries_match_get_stats_summaries(
    cls: type[StatsReporter],
    stats: list[tuple[str, float, StatsAggregationMethod]],
    expected: dict[str, StatsSummary],
    aggregated: list[str],
) -> None:
    """write_stats hands writers exactly what get_stats_summaries gives, as StatsSummary."""
    writer = RecordingWriter()
    seen: list[dict[str, StatsSummary]] = []

    class Keep(StatsWriter):
        def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:  # noqa: ARG002
            seen.append(values)

    StatsReporter.add_writer(writer)
    StatsReporter.add_writer(Keep())
    reporter = cls("B")
    for key, value, method in stats:
        reporter.add_stat(key, value, method)
    reporter.write_stats(5)
    assert seen == [expected]
    assert all(type(s) is StatsSummary for s in seen[0].values())
    assert list(StatsReporter.stats_aggregation["B"]) == aggregated


def test_write_stats_touches_aggregation_only_for_reported_keys() -> None:
    """Like upstream, only non-empty keys read (and so create) aggregation entries."""
    reporter = StatsReporter("B")
    reporter.get_stats_summaries("empty")  # an empty list, skipped by write_stats
    reporter.write_stats(1)
    assert "B" not in StatsReporter.stats_aggregation
    StatsReporter.stats_dict["C"]["raw"].append(4.0)  # no add_stat: no aggregation yet
    StatsReporter("C").write_stats(2)
    assert dict(StatsReporter.stats_aggregation["C"]) == {"raw": AVG}
