"""run_contract: one deliberately broken writer per check ID, and a good one."""

# The writers below implement the host's fixed signatures and use only some arguments.
# ruff: noqa: ARG002, ARG005

from __future__ import annotations

import json
import math
import os
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from reference_core import (
    CheckpointSettings,
    RunOptions,
    StatsAggregationMethod,
    StatsPropertyType,
    StatsReporter,
    StatsSummary,
    StatsWriter,
)
from reference_core.testing import CHECKS, ContractReport, ContractViolation, run_contract


class GoodWriter(StatsWriter):
    """Writes every summary as JSON Lines under the write path."""

    def __init__(self, run_options: RunOptions) -> None:
        self.path = Path(run_options.checkpoint_settings.write_path) / "stats.jsonl"
        self.lock = threading.Lock()

    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        row = {key: s.aggregated_value for key, s in values.items()}
        with self.lock, self.path.open("a") as out:
            out.write(json.dumps({"category": category, "step": step, "values": row}) + "\n")


class NotSubclassed:  # MLP601: duck-typed, does not subclass StatsWriter
    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        pass

    def add_property(self, category: str, property_type: StatsPropertyType, value: Any) -> None:
        pass

    def on_add_stat(
        self,
        category: str,
        key: str,
        value: float,
        aggregation: StatsAggregationMethod = StatsAggregationMethod.AVERAGE,
    ) -> None:
        pass


class Quiet(StatsWriter):
    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        pass


class AssertsDictProperty(Quiet):  # MLP602: like TensorboardWriter, for every property
    def add_property(self, category: str, property_type: StatsPropertyType, value: Any) -> None:
        assert isinstance(value, dict), "hyperparameters must be a dict"


class RejectsSelfPlayNames(Quiet):  # MLP603
    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        if "?" in category:
            raise ValueError(f"invalid behaviour name {category!r}")


class StrictJson(Quiet):  # MLP604
    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        for summary in values.values():
            json.dumps(summary.full_dist, allow_nan=False)


class LastValue(Quiet):  # MLP605
    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        for summary in values.values():
            _ = summary.full_dist[-1]


class Int32Step(Quiet):  # MLP606
    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        struct.pack("<i", step)


class RaisingOnAddStat(Quiet):  # MLP607
    def on_add_stat(
        self,
        category: str,
        key: str,
        value: float,
        aggregation: StatsAggregationMethod = StatsAggregationMethod.AVERAGE,
    ) -> None:
        raise RuntimeError("not ready")


class MonotonicSteps(Quiet):  # MLP608
    def __init__(self) -> None:
        self.last: dict[str, int] = {}

    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        if step <= self.last.get(category, -1):
            raise ValueError(f"step {step} is not after {self.last[category]}")
        self.last[category] = step


class ThreadBound(Quiet):  # MLP609: like a sqlite3 connection made in one thread
    def __init__(self) -> None:
        self.owner: Any = None

    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        self.owner = self.owner or threading.current_thread()
        if threading.current_thread() is not self.owner:
            raise RuntimeError("objects created in a thread can only be used in that thread")


class Slow(Quiet):  # MLP610: the first call is slow
    def __init__(self) -> None:
        self.calls = 0

    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        self.calls += 1
        if self.calls == 1:
            time.sleep(0.15)


class WritesToCwd(Quiet):  # MLP611
    def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
        with Path("stats.csv").open("a") as out:
            out.write(f"{category},{step}\n")


class OldSignature(StatsWriter):  # MLP612
    def write_stats(self, category, key, value, step):  # type: ignore[no-untyped-def,override]
        pass


BAD_WRITERS = [
    pytest.param(lambda ro: [NotSubclassed()], "MLP601", id="MLP601-not-a-subclass"),
    pytest.param(lambda ro: ["writer"], "MLP601", id="MLP601-a-string"),
    pytest.param(lambda ro: (w for w in [GoodWriter(ro)]), "MLP601", id="MLP601-generator"),
    pytest.param(GoodWriter, "MLP601", id="MLP601-single-writer"),
    pytest.param(lambda ro: [], "MLP601", id="MLP601-empty"),
    pytest.param(lambda ro: [AssertsDictProperty()], "MLP602", id="MLP602"),
    pytest.param(lambda ro: [RejectsSelfPlayNames()], "MLP603", id="MLP603"),
    pytest.param(lambda ro: [StrictJson()], "MLP604", id="MLP604"),
    pytest.param(lambda ro: [LastValue()], "MLP605", id="MLP605"),
    pytest.param(lambda ro: [Int32Step()], "MLP606", id="MLP606"),
    pytest.param(lambda ro: [RaisingOnAddStat()], "MLP607", id="MLP607"),
    pytest.param(lambda ro: [MonotonicSteps()], "MLP608", id="MLP608"),
    pytest.param(lambda ro: [ThreadBound()], "MLP609", id="MLP609"),
    pytest.param(lambda ro: [Slow()], "MLP610", id="MLP610"),
    pytest.param(lambda ro: [WritesToCwd()], "MLP611", id="MLP611"),
    pytest.param(lambda ro: [OldSignature()], "MLP612", id="MLP612"),
]


#: Far above any call of a test writer, even on a loaded CI machine (five tox envs on
#: two cores stall a process for a tenth of a second now and then); only the MLP610
#: row sets a tight budget, with a writer that sleeps three times over it.
_RELAXED_BUDGET_S = 5.0
_TIGHT_BUDGET = {"MLP610": 0.05}


def _run(writers: Any, run_options: RunOptions, **kwargs: Any) -> ContractReport:
    kwargs.setdefault("latency_budget_s", _RELAXED_BUDGET_S)
    return run_contract(writers, run_options, **kwargs)


@pytest.mark.parametrize(("make", "check_id"), BAD_WRITERS)
def test_each_bad_writer_triggers_exactly_its_check(
    make: Any, check_id: str, run_options: RunOptions
) -> None:
    """A writer broken in one way yields one violation, of the matching check."""
    budget = _TIGHT_BUDGET.get(check_id, _RELAXED_BUDGET_S)
    report = _run(make(run_options), run_options, latency_budget_s=budget)
    assert [v.check_id for v in report.violations] == [check_id], report.describe()
    found = report.violations[0]
    assert found.title == CHECKS[check_id].title
    assert found.message.endswith(".")
    assert found.fix


def test_good_writer_meets_the_contract(run_options: RunOptions) -> None:
    """The JSON Lines writer has no violations and its output lands in the write path."""
    report = _run([GoodWriter(run_options)], run_options)
    assert report.ok, report.describe()
    assert report.violations == ()
    assert report.calls > 20
    assert 0.0 < report.max_latency_s < _RELAXED_BUDGET_S
    lines = (Path(run_options.checkpoint_settings.write_path) / "stats.jsonl").read_text()
    assert '"category": "Soccer Twos?team=0"' in lines
    assert '"step": 1000000000000' in lines


def test_a_writer_that_writes_nothing_is_fine(run_options: RunOptions) -> None:
    """Writers that send their stats elsewhere are not required to write files."""
    assert _run([Quiet()], run_options).ok


def test_violation_messages_are_sentences_about_the_plugin(run_options: RunOptions) -> None:
    """The message names the writer, the error, the plugin line and the situation."""
    report = _run([StrictJson()], run_options)
    (found,) = report.violations
    assert found.message.startswith("StrictJson.write_stats raised ValueError(")
    assert "at test_scenario.py:" in found.message
    assert "NaN and infinite values" in found.message
    assert "training stops" in found.message
    assert str(found).startswith("MLP604 StrictJson.write_stats raised")


def test_old_signature_message_names_the_new_signature(run_options: RunOptions) -> None:
    """MLP612 says which signature the host calls and how to fix it."""
    (found,) = _run([OldSignature()], run_options).violations
    assert "pre-0.24 four arguments (category, key, value, step)" in found.message
    assert "write_stats(self, category: str, values: Dict[str, StatsSummary], step: int)" in (
        found.fix
    )


@pytest.mark.parametrize(
    "exception",
    [SystemExit(3), KeyboardInterrupt(), GeneratorExit()],
    ids=lambda e: type(e).__name__,
)
def test_no_base_exception_escapes(exception: BaseException, run_options: RunOptions) -> None:
    """Even SystemExit and KeyboardInterrupt from a writer become violations."""

    class Exiting(Quiet):
        def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
            raise exception

    report = _run([Exiting()], run_options)
    assert {v.check_id for v in report.violations} == {"MLP603", "MLP604", "MLP605", "MLP606"}
    assert type(exception).__name__ in report.violations[0].message


def test_each_broken_writer_is_reported_separately(run_options: RunOptions) -> None:
    """With several writers, every one is driven and named in its own violation."""
    writers = [RejectsSelfPlayNames(), GoodWriter(run_options), Int32Step()]
    report = _run(writers, run_options)
    assert [(v.check_id, v.message.split(".")[0]) for v in report.violations] == [
        ("MLP603", "RejectsSelfPlayNames"),
        ("MLP606", "Int32Step"),
    ]


def test_deadlock_in_threads_is_reported(run_options: RunOptions) -> None:
    """A writer that blocks when called from trainer threads is reported, not waited for."""
    release = threading.Event()

    class Blocking(Quiet):
        def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
            if threading.current_thread() is not threading.main_thread():
                release.wait(10)

    try:
        report = _run([Blocking()], run_options, thread_timeout_s=0.3)
    finally:
        release.set()
    (found,) = report.violations
    assert found.check_id == "MLP609"
    assert "did not return within 0.3 s" in found.message


def test_relative_results_dir_is_resolved_in_the_scratch_cwd() -> None:
    """Default RunOptions (results/ppo) work: output under the relative write path is fine."""
    run_options = RunOptions()
    report = run_contract([GoodWriter(RunOptions()), WritesToCwd()], run_options)
    assert [v.check_id for v in report.violations] == ["MLP611"]
    assert "'stats.csv' in the working directory" in report.violations[0].message


def test_files_next_to_the_results_dir_are_violations(tmp_path: Path) -> None:
    """Output in the parent of results_dir (next to other runs) is outside the write path."""
    results = tmp_path / "results"
    run_options = RunOptions(checkpoint_settings=CheckpointSettings(results_dir=str(results)))

    class Sibling(Quiet):
        def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
            (results / "shared.log").parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "sibling.log").write_text("x")
            (results / "shared.log").write_text("x")

    (found,) = run_contract([Sibling()], run_options).violations
    assert str(tmp_path / "sibling.log") in found.message
    assert str(results / "shared.log") in found.message


def test_previous_reporter_state_is_restored(run_options: RunOptions) -> None:
    """Writers and stats registered before the run are untouched and not driven."""
    outsider = MonotonicSteps()
    StatsReporter.add_writer(outsider)
    StatsReporter("Existing").add_stat("Policy/Entropy", 1.0)
    try:
        assert _run([GoodWriter(run_options)], run_options).ok
        assert StatsReporter.writers == [outsider]
        assert outsider.last == {}
        assert StatsReporter.stats_dict["Existing"]["Policy/Entropy"] == [1.0]
    finally:
        StatsReporter.writers.remove(outsider)
        del StatsReporter.stats_dict["Existing"]
        del StatsReporter.stats_aggregation["Existing"]


def test_checks_table_documents_every_id() -> None:
    """CHECKS lists MLP601..MLP613 in order, each with title, description and fix."""
    assert list(CHECKS) == [f"MLP6{n:02d}" for n in range(1, 14)]
    for check_id, info in CHECKS.items():
        assert info.check_id == check_id
        assert info.title
        assert info.description
        assert info.fix


def test_report_describes_itself(run_options: RunOptions) -> None:
    """describe() numbers the violations, or says the contract was met."""
    good = _run([Quiet()], run_options)
    assert good.describe().startswith("The writers met the contract")
    bad = ContractReport((ContractViolation("MLP606", "t", "M.", "F."),), 1, 0.0)
    assert not bad.ok
    assert bad.describe() == "1 contract violation(s):\n1. MLP606 M. Fix: F."


def test_nan_stays_nan_for_writers(run_options: RunOptions) -> None:
    """The NaN step really delivers NaN and infinite values (the check can fail)."""
    seen: list[float] = []

    class Recording(Quiet):
        def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:
            seen.extend(v for s in values.values() for v in s.full_dist)

    assert _run([Recording()], run_options).ok
    assert any(math.isnan(v) for v in seen)
    assert math.inf in seen
    assert -math.inf in seen


def test_run_contract_does_not_need_pytest() -> None:
    """Importing reference_core.testing does not import pytest (verify runs it without)."""
    code = "import sys, reference_core.testing; sys.exit('pytest' in sys.modules)"
    root = str(Path(__file__).resolve().parents[2])
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=root, check=False, env={**os.environ, "PYTHONPATH": root}
    )
    assert completed.returncode == 0
