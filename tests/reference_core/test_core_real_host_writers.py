"""Strict discovery accepts writers built on the real host's StatsWriter class."""

from __future__ import annotations

import abc
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from reference_core import PluginLoadError, RunOptions, discover_stats_writers

GROUP = "reference_core.test_real_host"
SOURCE = """
from mlagents.trainers.stats import StatsWriter

class RealBased(StatsWriter):
    def write_stats(self, category, values, step):
        pass

def register(run_options):
    return [RealBased()]

def register_other(run_options):
    return [object()]
"""


class _RealStatsWriter(abc.ABC):
    """Stands in for mlagents.trainers.stats.StatsWriter: a different class object."""

    @abc.abstractmethod
    def write_stats(self, category: str, values: object, step: int) -> None: ...


@pytest.fixture
def real_host_stats(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the real mlagents.trainers.stats module is imported."""
    module = types.ModuleType("mlagents.trainers.stats")
    module.StatsWriter = _RealStatsWriter  # type: ignore[attr-defined]
    for name in ("mlagents", "mlagents.trainers"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "mlagents.trainers.stats", module)


def test_real_host_writer_passes_strict_discovery(
    real_host_stats: None, make_dist: Callable[..., Path]
) -> None:
    """A writer subclassing the real host's StatsWriter is a writer in strict mode."""
    make_dist(
        "real-based",
        entry_points={GROUP: [("real", "realbased:register")]},
        modules={"realbased": SOURCE},
    )
    discovery = discover_stats_writers(
        RunOptions(), group=GROUP, strict=True, include_defaults=False
    )
    assert [type(w).__name__ for w in discovery.writers] == ["RealBased"]


def test_non_writers_are_still_refused(
    real_host_stats: None, make_dist: Callable[..., Path]
) -> None:
    """Accepting the real base class does not let arbitrary objects through."""
    make_dist(
        "real-other",
        entry_points={GROUP: [("other", "realother:register_other")]},
        modules={"realother": SOURCE},
    )
    with pytest.raises(PluginLoadError) as caught:
        discover_stats_writers(RunOptions(), group=GROUP, strict=True, include_defaults=False)
    assert caught.value.stage == "element"
