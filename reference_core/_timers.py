"""A stand-in for the gauge part of ``mlagents_envs.timers``.

The host's ``GaugeWriter`` reports every summary as gauges through
:func:`set_gauge`; at the end of a run the gauges land in ``run_logs/timers.json``
as ``{"value", "min", "max", "count"}`` records. This module keeps the same records
in memory so that tests can read them back with :func:`get_gauges`.

Deliberate difference: upstream keeps one timer stack per thread, so a gauge set on
a worker thread lives in that thread's stack. Here all threads share one table
guarded by a lock, which is what a test wants to observe.
"""

from __future__ import annotations

import math
import threading
from typing import Any

__all__ = ["GaugeNode", "get_gauges", "reset_timers", "set_gauge"]


class GaugeNode:
    """The latest value of one gauge, with its minimum, maximum and update count."""

    __slots__ = ("count", "max_value", "min_value", "value")

    def __init__(self, value: float) -> None:
        self.value = value
        self.min_value = value
        self.max_value = value
        self.count = 1

    def update(self, new_value: float) -> None:
        """Record ``new_value`` as the gauge's latest value."""
        self.min_value = min(self.min_value, new_value)
        self.max_value = max(self.max_value, new_value)
        self.value = new_value
        self.count += 1

    def as_dict(self) -> dict[str, float]:
        """Return the gauge the way ``timers.json`` stores it."""
        return {
            "value": self.value,
            "min": self.min_value,
            "max": self.max_value,
            "count": self.count,
        }

    def __repr__(self) -> str:
        return f"GaugeNode({self.as_dict()!r})"


_lock = threading.Lock()
_gauges: dict[str, GaugeNode] = {}


def set_gauge(name: str, value: float, timer_stack: Any | None = None) -> None:
    """Update the gauge ``name`` to ``value``, creating it on first use.

    NaN values are ignored, as upstream does. ``timer_stack`` exists for signature
    compatibility with ``mlagents_envs.timers.set_gauge`` and is not used.
    """
    del timer_stack
    if math.isnan(value):
        return
    with _lock:
        node = _gauges.get(name)
        if node is None:
            _gauges[name] = GaugeNode(value)
        else:
            node.update(value)


def get_gauges() -> dict[str, dict[str, float]]:
    """Return a snapshot of every gauge as ``{name: {"value", "min", "max", "count"}}``."""
    with _lock:
        return {name: node.as_dict() for name, node in _gauges.items()}


def reset_timers(timer_stack: Any | None = None) -> None:
    """Forget every gauge (upstream ``reset_timers`` also clears the timers)."""
    del timer_stack
    with _lock:
        _gauges.clear()
