"""Stand-ins for the host's built-in writers: console, TensorBoard and gauges.

They keep the upstream constructor signatures and observable behaviour (log lines,
directory handling, gauge names). ``TensorboardWriter`` needs neither torch nor
TensorBoard: it writes JSON Lines records instead of event files.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from ._logging import get_logger
from ._numeric import as_values
from ._summary import StatsAggregationMethod, StatsPropertyType, StatsSummary, StatsWriter
from ._timers import set_gauge

__all__ = ["EVENTS_FILE_NAME", "ConsoleWriter", "GaugeWriter", "TensorboardWriter"]

logger = get_logger("mlagents.trainers.stats")

#: The file :class:`TensorboardWriter` writes in each category directory. It starts
#: with ``events.out`` like TensorBoard's event files, so ``clear_past_data`` treats
#: both the same way.
EVENTS_FILE_NAME = "events.out.reference_core.jsonl"


def _dict_to_str(param_dict: Any, num_tabs: int) -> str:
    """Render a (nested) parameter dict the way the host logs hyperparameters.

    Each entry is a line of a tab, two spaces per nesting level, ``key:``, a tab and
    the value; nested dicts start on a new line. Non-dicts render with ``str``.
    """
    if not isinstance(param_dict, dict):
        return str(param_dict)
    prefix = "\n" if num_tabs > 0 else ""
    lines = [
        "\t" + "  " * num_tabs + f"{key}:\t{_dict_to_str(param_dict[key], num_tabs + 1)}"
        for key in param_dict
    ]
    return prefix + "\n".join(lines)


def _histogram_range() -> float:
    """The outermost bucket edge of TensorBoard's default histogram buckets."""
    edge, value = 0.0, 1e-12
    while value < 1e20:
        edge = value
        value *= 1.1
    return edge


_HISTOGRAM_EDGE = _histogram_range()


def _check_histogram(values: list[Any]) -> None:
    """Raise the ``ValueError`` TensorBoard raises for a histogram it cannot bucket.

    Its default buckets span about -1e20 to 1e20; values outside them, infinities and
    NaN fall in no bucket, and a histogram without any bucketed value is an error.
    """
    if not values:
        raise ValueError("The input has no element.")
    if not any(-_HISTOGRAM_EDGE <= float(v) <= _HISTOGRAM_EDGE for v in values):
        raise ValueError("The histogram is empty, please file a bug report.")


class ConsoleWriter(StatsWriter):
    """Logs one INFO line per summary period, like ``mlagents-learn`` does.

    ``rank`` is always ``None`` (upstream reads the distributed-training rank from
    torch, which is ``None`` for local training).
    """

    def __init__(self) -> None:
        self.training_start_time = time.time()
        # With self-play the ELO is reported next to the reward.
        self.self_play = False
        self.self_play_team = -1
        self.rank: int | None = None

    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        """Log ``{category}. Step: {step}. Time Elapsed: ... s. ...`` at INFO."""
        is_training = "Not Training"
        if "Is Training" in values and values["Is Training"].aggregated_value > 0.0:
            is_training = "Training"
        elapsed = time.time() - self.training_start_time
        parts = [category, f"Step: {step}", f"Time Elapsed: {elapsed:0.3f} s"]
        if "Environment/Cumulative Reward" in values:
            reward = values["Environment/Cumulative Reward"]
            if self.rank is not None:
                parts.append(f"Rank: {self.rank}")
            parts.append(f"Mean Reward: {reward.mean:0.3f}")
            if "Environment/Group Cumulative Reward" in values:
                group_reward = values["Environment/Group Cumulative Reward"]
                parts.append(f"Mean Group Reward: {group_reward.mean:0.3f}")
            else:
                parts.append(f"Std of Reward: {reward.std:0.3f}")
            parts.append(is_training)
            if self.self_play and "Self-play/ELO" in values:
                parts.append(f"ELO: {values['Self-play/ELO'].mean:0.3f}")
        else:
            parts.append("No episode was completed since last summary")
            parts.append(is_training)
        logger.info(". ".join(parts) + ".")

    def add_property(self, category: str, property_type: StatsPropertyType, value: Any) -> None:
        """Log hyperparameters; remember whether the behaviour uses self-play."""
        if property_type == StatsPropertyType.HYPERPARAMETERS:
            logger.info(f"Hyperparameters for behavior name {category}: \n{_dict_to_str(value, 0)}")
        elif property_type == StatsPropertyType.SELF_PLAY:
            assert isinstance(value, bool)  # noqa: S101 - the host asserts it too
            self.self_play = value


class TensorboardWriter(StatsWriter):
    """Writes scalars, histograms and hyperparameter text per category.

    Upstream writes TensorBoard event files with torch's ``SummaryWriter`` in
    ``{base_dir}/{category}``. This stand-in appends JSON Lines records to
    ``{base_dir}/{category}/events.out.reference_core.jsonl`` and keeps the same records
    (plus a ``"category"`` field) in :attr:`records`:

    * ``{"kind": "scalar", "tag": key, "value": aggregated_value, "step": step}`` for
      every key not in ``hidden_keys``;
    * ``{"kind": "histogram", "tag": f"{key}_hist", "values": [...], "step": step}`` for
      HISTOGRAM keys;
    * ``{"kind": "text", "tag": "Hyperparameters", "text": ...}`` for hyperparameters.

    NaN and infinities are written as JSON's ``NaN``/``Infinity`` extensions, which
    :func:`json.loads` reads back. The directory is created lazily, on the first write
    for a category; with ``clear_past_data`` every file in it whose name starts with
    ``events.out`` is deleted at that moment, with a warning per file.
    """

    def __init__(
        self,
        base_dir: str,
        clear_past_data: bool = False,
        hidden_keys: list[str] | None = None,
    ) -> None:
        self.base_dir: str = base_dir
        self._clear_past_data = clear_past_data
        self.hidden_keys: list[str] = hidden_keys if hidden_keys is not None else []
        self.records: list[dict[str, Any]] = []
        self._directories: dict[str, Path] = {}

    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        """Record one scalar per visible key, plus a histogram for HISTOGRAM keys.

        Like TensorBoard, a histogram with no value inside its bucket range (for
        example only infinities or NaN) raises ``ValueError`` after that key's scalar
        was recorded; the exception propagates out of ``write_stats``, as upstream.
        """
        self._maybe_create_directory(category)
        for key, value in values.items():
            if key in self.hidden_keys:
                continue
            scalar = {"kind": "scalar", "tag": key, "value": value.aggregated_value, "step": step}
            self._append(category, scalar)
            if value.aggregation_method == StatsAggregationMethod.HISTOGRAM:
                hist_values = as_values(value.full_dist)
                _check_histogram(hist_values)
                hist = {"kind": "histogram", "tag": f"{key}_hist", "values": hist_values}
                self._append(category, {**hist, "step": step})

    def add_property(self, category: str, property_type: StatsPropertyType, value: Any) -> None:
        """Record the hyperparameters dict as text; other properties are ignored."""
        if property_type == StatsPropertyType.HYPERPARAMETERS:
            assert isinstance(value, dict)  # noqa: S101 - the host asserts it too
            text = _dict_to_str(value, 0)
            self._maybe_create_directory(category)
            self._append(category, {"kind": "text", "tag": "Hyperparameters", "text": text})

    def events_path(self, category: str) -> Path:
        """Return the path of the records file for ``category``."""
        return Path(f"{self.base_dir}/{category}") / EVENTS_FILE_NAME

    def _append(self, category: str, record: dict[str, Any]) -> None:
        """Write one record and flush it, as upstream flushes after every key."""
        record["wall_time"] = time.time()
        line = json.dumps(record)
        self.records.append({"category": category, **record})
        with self.events_path(category).open("a", encoding="utf-8") as stream:
            stream.write(line + "\n")

    def _maybe_create_directory(self, category: str) -> Path:
        directory = self._directories.get(category)
        if directory is None:
            directory = Path(f"{self.base_dir}/{category}")
            directory.mkdir(parents=True, exist_ok=True)
            if self._clear_past_data:
                self._delete_all_events_files(directory)
            # Like a new SummaryWriter, start an (empty) events file right away.
            (directory / EVENTS_FILE_NAME).touch()
            self._directories[category] = directory
        return directory

    @staticmethod
    def _delete_all_events_files(directory: Path) -> None:
        for path in sorted(directory.iterdir()):
            if not path.name.startswith("events.out"):
                continue
            logger.warning(
                f"Deleting TensorBoard data {path.name} that was left over from a previous run."
            )
            try:
                path.unlink()
            except OSError:
                logger.error(  # noqa: TRY400 - upstream logs no traceback here
                    f"{path} was left over from a previous run and not deleted."
                )


class GaugeWriter(StatsWriter):
    """Reports every summary as ``{category}.{key}.mean`` and ``.sum`` gauges."""

    @staticmethod
    def sanitize_string(s: str) -> str:
        """Turn ``/`` into ``.`` and drop spaces, making a stat key a gauge name."""
        return s.replace("/", ".").replace(" ", "")

    def write_stats(
        self,
        category: str,
        values: dict[str, StatsSummary],
        step: int,  # noqa: ARG002 - part of the writer interface
    ) -> None:
        """Set the mean and sum gauge of every key (NaN means are ignored)."""
        for key, summary in values.items():
            set_gauge(GaugeWriter.sanitize_string(f"{category}.{key}.mean"), float(summary.mean))
            set_gauge(GaugeWriter.sanitize_string(f"{category}.{key}.sum"), float(summary.sum))
