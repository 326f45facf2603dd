"""Realistic third-party plugins run identically under the real host and reference_core."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import hostdiff
import pytest
from scenarios import STREAM

pytestmark = pytest.mark.host

#: fixture directory -> (writer class it must register, regexes of its output files)
PLUGINS = {
    "csv_writer": ("CSVStatsWriter", [r"/csv/"]),
    "wandb_writer": ("WandbStatsWriter", [r"/wandb/"]),
    "mlflow_writer": ("MLflowStatsWriter", [r"/mlruns/"]),
    "sps_writer": ("StepsPerSecondWriter", []),
    "extrema_writer": ("ExtremaWriter", [r"/extrema/"]),
}

#: The sps writer reads a clock; both hosts get the same fake one.
FAKE_CLOCK = ["fake_clock", "mlagents_sps_writer.sps", "clock", 100.0, 2.5]


def _scenario(name: str, plugin_path: Callable[[str], str], outputs: list[str]) -> dict[str, Any]:
    plugin_dir, recorder_dir = plugin_path(name), plugin_path("recording_writer")
    setup = [FAKE_CLOCK] if name == "sps_writer" else []
    ops: list[list[Any]] = [STREAM[0], *setup, *STREAM[1:], ["files", outputs]]
    return {"plugin_paths": [plugin_dir, recorder_dir], "ops": ops}


@pytest.mark.parametrize("name", sorted(PLUGINS))
def test_fixture_plugin_behaves_the_same(
    name: str,
    real_python: Path,
    plugin_path: Callable[[str], str],
    tmp_path: Path,
    reference_python_is_shimmed: None,
) -> None:
    """Same writers, logs, calls received, and the same files written under write_path."""
    writer_class, outputs = PLUGINS[name]
    scenario = _scenario(name, plugin_path, outputs or ["^$"])
    real, reference = hostdiff.run_both(real_python, scenario, tmp_path)
    registered = real["results"][0]["result"]
    assert writer_class in registered, f"the real host did not load {name}: {registered}"
    errors = {r["op"]: r["error"] for r in real["results"] if "error" in r}
    assert not errors, f"{name} raised under the real host: {errors}"
    if outputs:
        assert real["results"][-1]["result"], f"{name} wrote nothing under the real host"
    diffs = hostdiff.differences(
        hostdiff.strip(real), hostdiff.strip(reference), ignore=frozenset({"warnings"})
    )
    assert not diffs, hostdiff.report(diffs)


def test_sps_writer_feeds_the_tensorboard_writer(
    real_python: Path,
    plugin_path: Callable[[str], str],
    tmp_path: Path,
    reference_python_is_shimmed: None,
) -> None:
    """The derived scalar summary reaches the TensorboardWriter on both hosts."""
    scenario = _scenario("sps_writer", plugin_path, ["^$"])
    for dump in hostdiff.run_both(real_python, scenario, tmp_path):
        calls = [
            c
            for r in dump["results"]
            for c in r["calls"]
            if c["class"] == "TensorboardWriter"
            and c["method"] == "write_stats"
            and "Environment/Steps Per Second" in str(c["args"])
        ]
        assert calls, f"no steps-per-second summary reached TensorBoard on {dump['side']}"
