"""Scripted scenarios through real plugin discovery: the stream, edge cases, the summary API.

Random sessions (arithmetic, numpy values, histograms, steps) are compared by
``test_properties_stats.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import hostdiff
import pytest
from scenarios import EDGES, STREAM

pytestmark = pytest.mark.host

#: Where the real host warns and reference_core deliberately does not: numpy's
#: RuntimeWarning on an empty mean/std and on float overflow.
WARNINGS = "warnings"


def test_writers_receive_the_same_stream(
    real_python: Path,
    plugin_path: Callable[[str], str],
    tmp_path: Path,
    reference_python_is_shimmed: None,
) -> None:
    """Every writer (defaults and the recording plugin) gets the same calls and values."""
    scenario = {"plugin_paths": [plugin_path("recording_writer")], "ops": STREAM}
    real, reference = hostdiff.run_both(real_python, scenario, tmp_path)
    errors = {r["op"]: r["error"] for r in real["results"] if "error" in r}
    assert not errors, f"the real host raised during the stream: {errors}"
    diffs = hostdiff.differences(
        hostdiff.strip(real), hostdiff.strip(reference), ignore=frozenset({WARNINGS})
    )
    assert not diffs, hostdiff.report(diffs)


def test_summary_api_matches(
    real_python: Path, tmp_path: Path, reference_python_is_shimmed: None
) -> None:
    """empty() is a staticmethod, fields, equality, repr, unpacking and enum values agree.

    (The arithmetic itself is compared by ``test_properties_stats.py``.)
    """
    real, reference = hostdiff.run_both(real_python, {"ops": [["summary_api"]]}, tmp_path)
    diffs = hostdiff.differences(
        real["results"][0], reference["results"][0], ignore=frozenset({WARNINGS})
    )
    assert not diffs, hostdiff.report(diffs)


def test_documented_difference_no_runtime_warning(
    real_python: Path,
    tmp_path: Path,
    reference_python_is_shimmed: None,
) -> None:
    """Documented difference: numpy warns on empty means and overflow, reference_core
    stays silent (so warnings-as-errors suites survive the host's empty summaries)."""
    cases = [[[], "AVERAGE"], [[1e308, 1e308], "SUM"]]
    real, reference = hostdiff.run_both(real_python, {"ops": [["summaries", cases]]}, tmp_path)
    real_warnings = [c["warnings"] for c in real["results"][0]["result"]]
    reference_warnings = [c["warnings"] for c in reference["results"][0]["result"]]
    assert real_warnings[0]["mean"] == ["RuntimeWarning"]
    assert real_warnings[0]["std"] == ["RuntimeWarning"]
    assert real_warnings[1]["sum"] == ["RuntimeWarning"]
    assert all(w == [] for case in reference_warnings for w in case.values())


@pytest.mark.parametrize("resume", [False, True], ids=["fresh", "resume"])
def test_edge_cases_match(
    resume: bool,
    real_python: Path,
    plugin_path: Callable[[str], str],
    tmp_path: Path,
    reference_python_is_shimmed: None,
) -> None:
    """NaN/inf histograms, huge and float steps, nested hyperparameters, RunOptions."""
    scenario = {
        "plugin_paths": [plugin_path("recording_writer")],
        "resume": resume,
        "ops": EDGES,
    }
    real, reference = hostdiff.run_both(real_python, scenario, tmp_path)
    diffs = hostdiff.differences(
        hostdiff.strip(real), hostdiff.strip(reference), ignore=frozenset({WARNINGS})
    )
    assert not diffs, hostdiff.report(diffs)


def test_run_options_defaults_match(
    real_python: Path, tmp_path: Path, reference_python_is_shimmed: None
) -> None:
    """``RunOptions().as_dict()`` and the checkpoint paths agree, types included."""
    real, reference = hostdiff.run_both(real_python, {"ops": [["run_options"]]}, tmp_path)
    diffs = hostdiff.differences(hostdiff.strip(real), hostdiff.strip(reference))
    assert not diffs, hostdiff.report(diffs)
