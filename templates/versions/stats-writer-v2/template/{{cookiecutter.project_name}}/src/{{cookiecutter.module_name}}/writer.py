"""The {{ cookiecutter.title }} stats writer and its registration function.

``mlagents-learn`` finds :func:`{{ cookiecutter.registration_function }}` through the
``mlagents.stats_writer`` entry point declared in this project's packaging metadata,
calls it once with the run's ``RunOptions`` and then calls
:meth:`{{ cookiecutter.class_name }}.write_stats` every summary period.
"""

from __future__ import annotations

import json
import math
import os
import threading
from typing import Any

from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import (
    StatsPropertyType,
    StatsSummary,
    StatsWriter,
)

#: Name of the file written under the run's results directory.
FILE_NAME = "{{ cookiecutter.module_name }}.jsonl"


def _number(value: Any) -> float | None:
    """JSON has no NaN or infinity: write them as null."""
    number = float(value)
    return number if math.isfinite(number) else None


def _plain(value: Any) -> Any:
    """Make a property value JSON-safe: non-finite floats become null, the rest str()."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return _number(value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def _count(summary: StatsSummary) -> int:
    """``summary.num``, tolerating writers elsewhere that pass a bare float as full_dist."""
    try:
        return summary.num
    except TypeError:
        return 1


class {{ cookiecutter.class_name }}(StatsWriter):
    """Append every summary the trainer reports to a JSON Lines file.

    One line per (category, key) and summary period, with the step, the aggregation
    method and the summary statistics. Properties (hyperparameters, self-play) get a
    line of their own. Nothing is written until the first summary arrives.
    """

    def __init__(self, path: str, *, clear_past_data: bool = True) -> None:
        self.path = path
        self._lock = threading.Lock()
        if clear_past_data and os.path.exists(path):
            os.remove(path)

    def _append(self, records: list[dict[str, Any]]) -> None:
        if not records:
            return
        lines = "".join(json.dumps(r, allow_nan=False) + "\n" for r in records)
        with self._lock:
            os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(lines)

    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        """Record each summary of ``category`` at ``step``."""
        self._append(
            [
                {
                    "category": category,
                    "step": int(step),
                    "key": key,
                    "aggregation": summary.aggregation_method.name,
                    "value": _number(summary.aggregated_value),
                    "mean": _number(summary.mean),
                    "std": _number(summary.std),
                    "sum": _number(summary.sum),
                    "count": _count(summary),
                }
                for key, summary in values.items()
            ]
        )

    def add_property(self, category: str, property_type: StatsPropertyType, value: Any) -> None:
        """Record hyperparameters and the self-play flag once per behavior."""
        record = {"category": category, "property": property_type.value, "value": _plain(value)}
        self._append([record])


def {{ cookiecutter.registration_function }}(run_options: RunOptions) -> list[StatsWriter]:
    """Create this plugin's writers for one training run.

    The file goes to ``results/<run-id>/{{ cookiecutter.module_name }}.jsonl``. A resumed
    run (``--resume``) appends to it; a new run starts it afresh.
    """
    checkpoint = run_options.checkpoint_settings
    path = os.path.join(checkpoint.write_path, FILE_NAME)
    writer = {{ cookiecutter.class_name }}(
        path,
        clear_past_data=not checkpoint.resume,
    )
    return [writer]
