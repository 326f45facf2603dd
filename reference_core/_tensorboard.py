"""The stand-in for the host's ``TensorboardWriter``: torch's conversions, no torch.

Upstream hands every visible key to torch's ``SummaryWriter``: ``add_scalar(key,
aggregated_value, step)``, ``add_histogram(f"{key}_hist", np.array(full_dist), step)``
for HISTOGRAM keys, ``add_text("Hyperparameters", ...)`` for hyperparameters. What a
plugin can observe of that is *what is accepted, what raises, and what is recorded*,
so this module reproduces torch's conversions step by step (``make_np``, ``squeeze``,
``float()``, ``astype(float)``, the histogram bucket check, ``int(step)`` and the
protobuf int64 range) and records the converted values: floats, ints and text only,
which is why every record is JSON-serialisable. numpy values are converted with numpy
(imported only when such a value arrives); plain Python values never import it.

How it fails: exactly where torch would, with the same exception type (``ValueError``
for an unbucketable histogram or an out-of-range step, ``NotImplementedError`` for a
value that is neither a scalar nor an array, ``TypeError``/``ValueError`` from
``float()``). A failure propagates out of ``write_stats`` as upstream's does; nothing
else (no serialisation error of ours) can.
"""

from __future__ import annotations

import itertools
import json
import numbers
import os
import time
from pathlib import Path
from typing import Any

from ._logging import get_logger
from ._numeric import as_values, is_plain
from ._summary import StatsAggregationMethod, StatsPropertyType, StatsSummary, StatsWriter

__all__ = ["EVENTS_FILE_PREFIX", "TensorboardWriter", "histogram_values", "scalar_value"]

logger = get_logger("mlagents.trainers.stats")

#: How the files :class:`TensorboardWriter` writes start. Like TensorBoard's event
#: files (``events.out.tfevents.<time>.<host>.<pid>.<n>``) every writer instance starts
#: its own file per category, named ``events.out.reference_core.<pid>.<n>.jsonl``, so
#: ``clear_past_data`` finds and deletes as many files as the host would.
EVENTS_FILE_PREFIX = "events.out.reference_core"
_file_numbers = itertools.count()

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _histogram_range() -> float:
    """The outermost bucket edge of TensorBoard's default histogram buckets."""
    edge, value = 0.0, 1e-12
    while value < 1e20:
        edge = value
        value *= 1.1
    return edge


_HISTOGRAM_EDGE = _histogram_range()


def _numpy_value(value: Any) -> bool:
    return type(value).__module__ == "numpy"


def scalar_value(value: Any) -> float:
    """``float(make_np(value).squeeze())``, torch's conversion of a scalar summary."""
    if _numpy_value(value):
        import numpy as np

        array = (value if isinstance(value, np.ndarray) else np.array([value])).squeeze()
        if array.ndim != 0:
            raise AssertionError(
                f"Tensor should contain one element (0 dimensions). Was given size: "
                f"{array.size} and {array.ndim} dimensions."
            )
        return float(array)
    if not isinstance(value, (numbers.Number, str, bytes)):
        raise NotImplementedError(
            f"Got {type(value)}, but numpy array or torch tensor are expected."
        )
    return float(value)  # type: ignore[arg-type]


def histogram_values(full_dist: Any) -> list[float]:
    """``np.array(full_dist).astype(float)``, flattened, with torch's histogram checks."""
    if is_plain(full_dist):
        values = [float(v) for v in as_values(full_dist)]
    else:
        try:
            import numpy as np
        except ImportError:  # no numpy, so no numpy values: Decimal, None, strings...
            values = [float(v) for v in as_values(full_dist)]
        else:
            array = np.array(full_dist).astype(float)
            if array.size == 0:
                raise ValueError("The input has no element.")
            values = [float(v) for v in array.reshape(-1)]
    if not values:
        raise ValueError("The input has no element.")
    if not any(-_HISTOGRAM_EDGE <= v <= _HISTOGRAM_EDGE for v in values):
        raise ValueError("The histogram is empty, please file a bug report.")
    return values


def event_step(step: Any) -> int:
    """``int(step)`` as torch stores it, checked against protobuf's int64 range.

    ``None`` leaves the event's step unset, which an event file reads back as 0.
    """
    if step is None:
        return 0
    converted = int(step)
    if not _INT64_MIN <= converted <= _INT64_MAX:
        raise ValueError(f"Value out of range: {converted}")
    return converted


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


class TensorboardWriter(StatsWriter):
    """Writes scalars, histograms and hyperparameter text per category.

    Upstream writes TensorBoard event files with torch's ``SummaryWriter`` in
    ``{base_dir}/{category}``. This stand-in appends JSON Lines records to its own file
    there (:meth:`events_path`, ``events.out.reference_core.<pid>.<n>.jsonl``) and keeps
    the same records (plus a ``"category"`` field) in :attr:`records`:

    * ``{"kind": "scalar", "tag": key, "value": float, "step": int}`` for every key not
      in ``hidden_keys`` (the value as torch converts ``aggregated_value``);
    * ``{"kind": "histogram", "tag": f"{key}_hist", "values": [float...], "step": int}``
      for HISTOGRAM keys;
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
        self._files: dict[str, Path] = {}

    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        """Record one scalar per visible key, plus a histogram for HISTOGRAM keys.

        Each value is converted (and may raise) as torch converts it, before anything
        of that key is recorded; a histogram with no value inside TensorBoard's bucket
        range raises ``ValueError`` after that key's scalar was recorded. Exceptions
        propagate out of ``write_stats``, as upstream.
        """
        self._maybe_create_directory(category)
        for key, value in values.items():
            if key in self.hidden_keys:
                continue
            scalar = scalar_value(value.aggregated_value)
            self._append(
                category, {"kind": "scalar", "tag": key, "value": scalar, "step": event_step(step)}
            )
            if value.aggregation_method == StatsAggregationMethod.HISTOGRAM:
                hist_values = histogram_values(value.full_dist)
                hist = {"kind": "histogram", "tag": f"{key}_hist", "values": hist_values}
                self._append(category, {**hist, "step": event_step(step)})

    def add_property(self, category: str, property_type: StatsPropertyType, value: Any) -> None:
        """Record the hyperparameters dict as text; other properties are ignored."""
        if property_type == StatsPropertyType.HYPERPARAMETERS:
            assert isinstance(value, dict)  # noqa: S101 - the host asserts it too
            text = _dict_to_str(value, 0)
            self._maybe_create_directory(category)
            self._append(category, {"kind": "text", "tag": "Hyperparameters", "text": text})

    def events_path(self, category: str) -> Path:
        """Return the path of this writer's records file for ``category``."""
        path = self._files.get(category)
        if path is None:
            name = f"{EVENTS_FILE_PREFIX}.{os.getpid()}.{next(_file_numbers)}.jsonl"
            path = self._files[category] = Path(f"{self.base_dir}/{category}") / name
        return path

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
            self.events_path(category).touch()
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
