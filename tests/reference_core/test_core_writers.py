"""The built-in writers (console, TensorBoard stand-in, gauges) and the host's logging."""

from __future__ import annotations

import io
import json
import logging
import math
import re
import time
from pathlib import Path
from typing import Any

import pytest

import reference_core
from reference_core import (
    ConsoleWriter,
    GaugeWriter,
    StatsAggregationMethod,
    StatsPropertyType,
    StatsSummary,
    TensorboardWriter,
    get_gauges,
    get_logger,
    set_gauge,
    set_log_level,
)

AVG = StatsAggregationMethod.AVERAGE
SUM = StatsAggregationMethod.SUM
HIST = StatsAggregationMethod.HISTOGRAM
STATS_LOGGER = "mlagents.trainers.stats"
REWARD = "Environment/Cumulative Reward"


def _summary(*values: float, method: StatsAggregationMethod = AVG) -> StatsSummary:
    return StatsSummary(list(values), method)


def _messages(caplog: pytest.LogCaptureFixture, level: int = logging.INFO) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == STATS_LOGGER and r.levelno == level]


CONSOLE_LINES = [
    pytest.param(
        {},
        False,
        None,
        "B. Step: 100. Time Elapsed: T s. No episode was completed since last summary. "
        "Not Training.",
        id="no-episode",
    ),
    pytest.param(
        {"Is Training": _summary(1.0)},
        False,
        None,
        "B. Step: 100. Time Elapsed: T s. No episode was completed since last summary. Training.",
        id="no-episode-training",
    ),
    pytest.param(
        {REWARD: _summary(1.0, 3.0), "Is Training": _summary(1.0)},
        False,
        None,
        "B. Step: 100. Time Elapsed: T s. Mean Reward: 2.000. Std of Reward: 1.000. Training.",
        id="reward",
    ),
    pytest.param(
        {REWARD: _summary(1.0, 3.0), "Is Training": _summary(0.0)},
        False,
        None,
        "B. Step: 100. Time Elapsed: T s. Mean Reward: 2.000. Std of Reward: 1.000. Not Training.",
        id="reward-not-training",
    ),
    pytest.param(
        {REWARD: _summary(1.0, 3.0), "Environment/Group Cumulative Reward": _summary(4.5, 5.5)},
        False,
        None,
        "B. Step: 100. Time Elapsed: T s. Mean Reward: 2.000. Mean Group Reward: 5.000. "
        "Not Training.",
        id="group-reward",
    ),
    pytest.param(
        {REWARD: _summary(2.0), "Self-play/ELO": _summary(1200.25, 1200.75)},
        True,
        None,
        "B. Step: 100. Time Elapsed: T s. Mean Reward: 2.000. Std of Reward: 0.000. Not Training. "
        "ELO: 1200.500.",
        id="self-play-elo",
    ),
    pytest.param(
        {REWARD: _summary(2.0), "Self-play/ELO": _summary(1200.0)},
        False,
        None,
        "B. Step: 100. Time Elapsed: T s. Mean Reward: 2.000. Std of Reward: 0.000. Not Training.",
        id="elo-without-self-play",
    ),
    pytest.param(
        {REWARD: _summary(2.0)},
        False,
        3,
        "B. Step: 100. Time Elapsed: T s. Rank: 3. Mean Reward: 2.000. Std of Reward: 0.000. "
        "Not Training.",
        id="rank",
    ),
    pytest.param(
        {REWARD: _summary()},
        False,
        None,
        "B. Step: 100. Time Elapsed: T s. Mean Reward: nan. Std of Reward: nan. Not Training.",
        id="empty-reward",
    ),
]


@pytest.mark.parametrize(("values", "self_play", "rank", "expected"), CONSOLE_LINES)
def test_console_writer_line(
    caplog: pytest.LogCaptureFixture,
    values: dict[str, StatsSummary],
    self_play: bool,
    rank: Any,
    expected: str,
) -> None:
    """ConsoleWriter logs the host's exact INFO line for each kind of summary."""
    caplog.set_level(logging.INFO, logger=STATS_LOGGER)
    writer = ConsoleWriter()
    writer.rank = rank
    if self_play:
        writer.add_property("B", StatsPropertyType.SELF_PLAY, True)
    writer.write_stats("B", values, 100)
    (line,) = _messages(caplog)
    assert re.sub(r"Time Elapsed: \d+\.\d{3} s", "Time Elapsed: T s", line) == expected


def test_console_writer_elapsed_time() -> None:
    """The elapsed time is measured from construction and printed with three decimals."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger(STATS_LOGGER)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        writer = ConsoleWriter()
        writer.training_start_time = time.time() - 12.5
        writer.write_stats("B", {}, 1)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
    assert re.search(r"Time Elapsed: 12\.5\d\d s\.", stream.getvalue())


def test_console_writer_defaults() -> None:
    """A new ConsoleWriter takes no arguments: no rank, no self-play, team -1."""
    writer = ConsoleWriter()
    assert (writer.rank, writer.self_play, writer.self_play_team) == (None, False, -1)


def test_console_writer_logs_hyperparameters(caplog: pytest.LogCaptureFixture) -> None:
    """Hyperparameters are logged as tab/two-space indented lines under a header."""
    caplog.set_level(logging.INFO, logger=STATS_LOGGER)
    params = {"trainer_type": "ppo", "hyperparameters": {"batch_size": 1024, "beta": 0.005}}
    ConsoleWriter().add_property("B", StatsPropertyType.HYPERPARAMETERS, params)
    assert _messages(caplog) == [
        (
            "Hyperparameters for behavior name B: \n"
            "\ttrainer_type:\tppo\n"
            "\thyperparameters:\t\n"
            "\t  batch_size:\t1024\n"
            "\t  beta:\t0.005"
        )
    ]


def test_console_writer_self_play_must_be_bool() -> None:
    """A non-bool self-play property trips the same assertion as upstream."""
    with pytest.raises(AssertionError):
        ConsoleWriter().add_property("B", StatsPropertyType.SELF_PLAY, "yes")


def _records(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [{k: v for k, v in json.loads(line).items() if k != "wall_time"} for line in lines]


def test_tensorboard_writer_records(tmp_path: Path) -> None:
    """Visible keys become scalars (aggregated value), HISTOGRAM keys also histograms."""
    writer = TensorboardWriter(str(tmp_path / "run"), hidden_keys=["Is Training"])
    values = {
        "Policy/Entropy": _summary(1.0, 2.0),
        "Custom/Total": _summary(1.0, 2.0, method=SUM),
        REWARD: _summary(1.0, 5.0, method=HIST),
        "Is Training": _summary(1.0),
    }
    writer.write_stats("Behavior", values, 500)
    path = writer.events_path("Behavior")
    assert path.parent == tmp_path / "run" / "Behavior"
    assert path.name.startswith("events.out.reference_core.")
    expected = [
        {"kind": "scalar", "tag": "Policy/Entropy", "value": 1.5, "step": 500},
        {"kind": "scalar", "tag": "Custom/Total", "value": 3.0, "step": 500},
        {"kind": "scalar", "tag": REWARD, "value": 3.0, "step": 500},
        {"kind": "histogram", "tag": f"{REWARD}_hist", "values": [1.0, 5.0], "step": 500},
    ]
    assert _records(path) == expected
    assert [
        {k: v for k, v in r.items() if k not in ("category", "wall_time")} for r in writer.records
    ] == expected
    assert {r["category"] for r in writer.records} == {"Behavior"}


HISTOGRAM_ERRORS = [
    pytest.param([math.inf], "The histogram is empty, please file a bug report.", id="inf"),
    pytest.param(
        [math.nan, -math.inf], "The histogram is empty, please file a bug report.", id="nan"
    ),
    pytest.param([1e21], "The histogram is empty, please file a bug report.", id="beyond-buckets"),
    pytest.param([], "The input has no element.", id="empty"),
]


@pytest.mark.parametrize(("values", "message"), HISTOGRAM_ERRORS)
def test_tensorboard_writer_unbucketable_histogram_raises(
    tmp_path: Path, values: list[float], message: str
) -> None:
    """Like TensorBoard, a histogram with no bucketable value raises after its scalar."""
    writer = TensorboardWriter(str(tmp_path))
    with pytest.raises(ValueError, match=re.escape(message)):
        writer.write_stats("B", {"ok": _summary(1.0), "h": _summary(*values, method=HIST)}, 1)
    assert [r["tag"] for r in _records(writer.events_path("B"))] == ["ok", "h"]


def test_tensorboard_writer_histogram_keeps_bucketable_values(tmp_path: Path) -> None:
    """One value inside the buckets is enough; all values are recorded."""
    writer = TensorboardWriter(str(tmp_path))
    writer.write_stats("B", {"h": _summary(math.inf, 2.0, method=HIST)}, 1)
    assert _records(writer.events_path("B"))[1]["values"] == [math.inf, 2.0]


def test_tensorboard_writer_starts_a_file_per_category(tmp_path: Path) -> None:
    """The first write for a category creates its directory and events file, even if empty."""
    writer = TensorboardWriter(str(tmp_path))
    writer.write_stats("B", {}, 1)
    assert writer.events_path("B").read_text(encoding="utf-8") == ""


def test_tensorboard_writer_nan_round_trips(tmp_path: Path) -> None:
    """A NaN aggregated value is written and read back as NaN."""
    writer = TensorboardWriter(str(tmp_path))
    writer.write_stats("B", {"k": _summary(math.nan)}, 1)
    (record,) = _records(writer.events_path("B"))
    assert math.isnan(record["value"])


def test_tensorboard_writer_hyperparameters(tmp_path: Path) -> None:
    """The hyperparameters dict is recorded as text; other properties are ignored."""
    writer = TensorboardWriter(str(tmp_path))
    writer.add_property("B", StatsPropertyType.SELF_PLAY, True)
    assert not (tmp_path / "B").exists()
    writer.add_property("B", StatsPropertyType.HYPERPARAMETERS, {"lr": 0.1, "net": {"units": 2}})
    assert _records(writer.events_path("B")) == [
        {"kind": "text", "tag": "Hyperparameters", "text": "\tlr:\t0.1\n\tnet:\t\n\t  units:\t2"}
    ]
    with pytest.raises(AssertionError):
        writer.add_property("B", StatsPropertyType.HYPERPARAMETERS, ["not", "a", "dict"])


CLEAR_PAST_DATA = [
    pytest.param(True, ["notes.txt"], id="clear"),
    pytest.param(False, ["events.out.tfevents.1.host", "notes.txt"], id="keep"),
]


@pytest.mark.parametrize(("clear", "left"), CLEAR_PAST_DATA)
def test_tensorboard_writer_clear_past_data(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, clear: bool, left: list[str]
) -> None:
    """clear_past_data deletes leftover events.out* files, with one warning per file."""
    directory = tmp_path / "B"
    directory.mkdir()
    (directory / "events.out.tfevents.1.host").write_text("old", encoding="utf-8")
    (directory / "notes.txt").write_text("keep me", encoding="utf-8")
    writer = TensorboardWriter(str(tmp_path), clear_past_data=clear)
    writer.write_stats("B", {}, 1)
    writer.write_stats("B", {"k": _summary(1.0)}, 2)
    prefix = reference_core._tensorboard.EVENTS_FILE_PREFIX
    names = sorted(p.name for p in directory.iterdir() if not p.name.startswith(prefix))
    assert names == left
    warnings = _messages(caplog, logging.WARNING)
    if clear:
        assert warnings == [
            (
                "Deleting TensorBoard data events.out.tfevents.1.host that was left over from a "
                "previous run."
            )
        ]
        assert _records(writer.events_path("B"))[0]["step"] == 2
    else:
        assert warnings == []


def test_tensorboard_writer_nested_category(tmp_path: Path) -> None:
    """The directory is "{base_dir}/{category}", so a category with "/" nests."""
    writer = TensorboardWriter(str(tmp_path))
    writer.write_stats("team/B", {"k": _summary(1.0)}, 1)
    assert writer.events_path("team/B").is_file()
    assert writer.events_path("team/B").parent == tmp_path / "team" / "B"


def test_tensorboard_writers_start_one_file_each(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Two writers on one directory write two files, and clear_past_data deletes both."""
    first, second = TensorboardWriter(str(tmp_path)), TensorboardWriter(str(tmp_path))
    first.write_stats("B", {}, 1)
    second.write_stats("B", {}, 1)
    assert first.events_path("B") != second.events_path("B")
    TensorboardWriter(str(tmp_path), clear_past_data=True).write_stats("B", {}, 1)
    assert len(_messages(caplog, logging.WARNING)) == 2


SANITIZE = [
    pytest.param(
        "B.Environment/Cumulative Reward.mean", "B.Environment.CumulativeReward.mean", id="both"
    ),
    pytest.param("a/b/c", "a.b.c", id="slashes"),
    pytest.param(" spaced out ", "spacedout", id="spaces"),
    pytest.param("plain", "plain", id="unchanged"),
]


@pytest.mark.parametrize(("raw", "clean"), SANITIZE)
def test_gauge_writer_sanitize_string(raw: str, clean: str) -> None:
    """sanitize_string turns "/" into "." and removes spaces."""
    assert GaugeWriter.sanitize_string(raw) == clean


def test_gauge_writer_sets_mean_and_sum() -> None:
    """write_stats sets {category}.{key}.mean and .sum gauges; NaN means are skipped."""
    GaugeWriter().write_stats("My B", {"Env/Reward": _summary(1.0, 3.0), "Empty": _summary()}, 1)
    GaugeWriter().write_stats("My B", {"Env/Reward": _summary(5.0)}, 2)
    assert get_gauges() == {
        "MyB.Env.Reward.mean": {"value": 5.0, "min": 2.0, "max": 5.0, "count": 2},
        "MyB.Env.Reward.sum": {"value": 5.0, "min": 4.0, "max": 5.0, "count": 2},
        "MyB.Empty.sum": {"value": 0.0, "min": 0.0, "max": 0.0, "count": 1},
    }


def test_set_gauge_ignores_nan() -> None:
    """set_gauge drops NaN values and keeps the previous ones."""
    set_gauge("g", 1.0)
    set_gauge("g", math.nan)
    assert get_gauges() == {"g": {"value": 1.0, "min": 1.0, "max": 1.0, "count": 1}}


def test_get_logger_adds_one_stdout_handler(capsys: pytest.CaptureFixture[str]) -> None:
    """get_logger attaches one stdout handler with the "[LEVEL] message" format."""
    logger = get_logger("reference_core_tests.logging")
    get_logger("reference_core_tests.logging")
    handlers = [h for h in logger.handlers if isinstance(h, logging.StreamHandler)]
    assert len(handlers) == 1
    logger.warning("careful")
    assert capsys.readouterr().out == "[WARNING] careful\n"


def test_set_log_level_switches_level_and_format(capsys: pytest.CaptureFixture[str]) -> None:
    """set_log_level(DEBUG) lowers every host logger and adds time, file and line."""
    logger = get_logger("reference_core_tests.debug")
    set_log_level(logging.DEBUG)
    assert logger.level == logging.DEBUG
    logger.debug("details")
    out = capsys.readouterr().out
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d DEBUG \[test_core_writers\.py:\d+\] details\n", out
    )
    later = get_logger("reference_core_tests.debug.later")
    assert later.level == logging.DEBUG
