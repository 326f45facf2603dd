"""Fixtures for the contract-suite tests; pytester runs inner pytest sessions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reference_core import CheckpointSettings, RunOptions, StatsReporter, shim_active


@pytest.fixture(autouse=True)
def _global_state_is_restored() -> Iterator[None]:
    """Every test leaves StatsReporter's class state, the cwd and the shim as it found them."""
    before = {
        name: getattr(StatsReporter, name)
        for name in ("writers", "stats_dict", "stats_aggregation", "lock")
    }
    writers = list(StatsReporter.writers)
    cwd, shim = Path.cwd(), shim_active()
    yield
    assert {name: getattr(StatsReporter, name) for name in before} == before
    assert StatsReporter.writers == writers
    assert Path.cwd() == cwd
    assert shim_active() == shim


@pytest.fixture
def run_options(tmp_path: Path) -> RunOptions:
    """RunOptions with results under ``tmp_path / "results"`` and the run-logs dir created."""
    settings = CheckpointSettings(run_id="test-run", results_dir=str(tmp_path / "results"))
    os.makedirs(settings.run_logs_dir, exist_ok=True)  # noqa: PTH103
    return RunOptions(checkpoint_settings=settings)
