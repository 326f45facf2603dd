"""What writers receive for the same stream of reporter calls, and StatsSummary arithmetic."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import hostdiff
import pytest
from scenarios import EDGES, HISTOGRAM_VALUES, STREAM, SUMMARY_CASES, histogram_ops

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


@pytest.fixture(scope="module")
def summary_dumps(
    real_python: Path,
    tmp_path_factory: pytest.TempPathFactory,
    reference_python_is_shimmed: None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both hosts' evaluation of every SUMMARY_CASES entry plus the StatsSummary API."""
    scenario = {"ops": [["summaries", SUMMARY_CASES], ["summary_api"]]}
    return hostdiff.run_both(real_python, scenario, tmp_path_factory.mktemp("summaries"))


@pytest.mark.parametrize(
    "index", [pytest.param(i, id=repr(case)[:60]) for i, case in enumerate(SUMMARY_CASES)]
)
def test_summary_arithmetic_matches(
    summary_dumps: tuple[dict[str, Any], dict[str, Any]], index: int
) -> None:
    """mean/std/num/sum/aggregated_value agree (NaN as NaN, int vs float kind included)."""
    real, reference = (d["results"][0]["result"][index] for d in summary_dumps)
    diffs = hostdiff.differences(real, reference, ignore=frozenset({WARNINGS}))
    assert not diffs, hostdiff.report(diffs)


def test_summary_api_matches(summary_dumps: tuple[dict[str, Any], dict[str, Any]]) -> None:
    """empty() is a staticmethod, fields, equality, repr, unpacking and enum values agree."""
    real, reference = (d["results"][1] for d in summary_dumps)
    diffs = hostdiff.differences(real, reference, ignore=frozenset({WARNINGS}))
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


@pytest.mark.parametrize("case", sorted(HISTOGRAM_VALUES))
def test_histogram_values_reach_the_default_writers_the_same_way(
    case: str,
    real_python: Path,
    plugin_path: Callable[[str], str],
    tmp_path: Path,
    reference_python_is_shimmed: None,
) -> None:
    """A HISTOGRAM key with NaN/inf: same writers called, same exception (if any)."""
    scenario = {
        "plugin_paths": [plugin_path("recording_writer")],
        "ops": histogram_ops(HISTOGRAM_VALUES[case]),
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
