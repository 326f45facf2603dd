"""Which writers load, in which order, and what the host logs about broken plugins."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import hostdiff
import pytest

pytestmark = pytest.mark.host

REGISTER = [["register"], ["state"]]


def test_recorder_alone_loads_identically(
    real_python: Path,
    plugin_path: Callable[[str], str],
    tmp_path: Path,
    reference_python_is_shimmed: None,
) -> None:
    """One well-behaved plugin next to the host's defaults: same writers, same logs."""
    scenario = {"plugin_paths": [plugin_path("recording_writer")], "ops": REGISTER}
    real, reference = hostdiff.run_both(real_python, scenario, tmp_path)
    assert real["results"][0]["result"] == [
        "TensorboardWriter",
        "GaugeWriter",
        "ConsoleWriter",
        "RecordingWriter",
    ]
    diffs = hostdiff.differences(hostdiff.strip(real), hostdiff.strip(reference))
    assert not diffs, hostdiff.report(diffs)


def test_broken_plugins_are_dropped_with_the_same_errors(
    real_python: Path,
    plugin_path: Callable[[str], str],
    tmp_path: Path,
    reference_python_is_shimmed: None,
) -> None:
    """Generator, None, single writer, zero-arg, sys.exit, missing module...: same ERRORs."""
    scenario = {
        "plugin_paths": [plugin_path("broken_plugins"), plugin_path("recording_writer")],
        "ops": [*REGISTER, ["write_stats", "3DBall", 100]],
    }
    real, reference = hostdiff.run_both(real_python, scenario, tmp_path)
    logs = real["results"][0]["logs"]
    errors = [r for r in logs if r["level"] == "ERROR"]
    # The oracle itself behaves as the contract report says (guards the harness).
    assert [e["message"] for e in errors] == [
        f"Error initializing StatsWriter plugins for {name}. This plugin will not be used."
        for name in [
            "generator",
            "import_error",
            "keyboard_interrupt",
            "missing_attr",
            "missing_module",
            "none",
            "raises",
            "single",
            "sys_exit",
            "zero_arg",
        ]
    ]
    assert real["results"][0]["result"] == [
        "TensorboardWriter",
        "GaugeWriter",
        "ConsoleWriter",
        "str",
        "GoodWriter",
        "str",
        "OtherWriter",
        "GoodWriter",
        "RecordingWriter",
    ]
    crash = "AttributeError: 'str' object has no attribute 'write_stats'"
    assert real["results"][2]["error"] == crash
    diffs = hostdiff.differences(hostdiff.strip(real), hostdiff.strip(reference))
    assert not diffs, hostdiff.report(diffs)


def test_no_third_party_plugin_gives_the_default_writers(
    real_python: Path,
    tmp_path: Path,
    reference_python_is_shimmed: None,
) -> None:
    """With nothing but the host installed, both load exactly the three default writers."""
    real, reference = hostdiff.run_both(real_python, {"ops": REGISTER}, tmp_path)
    assert real["results"][0]["result"] == ["TensorboardWriter", "GaugeWriter", "ConsoleWriter"]
    diffs = hostdiff.differences(hostdiff.strip(real), hostdiff.strip(reference))
    assert not diffs, hostdiff.report(diffs)


def test_documented_difference_default_order_when_plugin_precedes_host(
    real_python: Path,
    plugin_path: Callable[[str], str],
    tmp_path: Path,
    reference_python_is_shimmed: None,
) -> None:
    """Documented difference: a plugin earlier on sys.path than mlagents loads before the
    host's ``default`` writers under the real host; reference_core always loads its
    built-in ``default`` first (docs/explanation/fidelity.md)."""
    scenario = {
        "plugin_paths": [plugin_path("recording_writer")],
        "plugins_first": True,
        "ops": [["register"]],
    }
    real, reference = hostdiff.run_both(real_python, scenario, tmp_path)
    assert real["results"][0]["result"] == [
        "RecordingWriter",
        "TensorboardWriter",
        "GaugeWriter",
        "ConsoleWriter",
    ]
    assert reference["results"][0]["result"] == [
        "TensorboardWriter",
        "GaugeWriter",
        "ConsoleWriter",
        "RecordingWriter",
    ]
