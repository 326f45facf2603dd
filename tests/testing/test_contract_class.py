"""StatsWriterContract, run in inner pytest sessions the way plugin authors use it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from reference_core.testing import StatsWriterContract

CONTRACT_TESTS = sorted(name for name in dir(StatsWriterContract) if name.startswith("test_"))

WRITERS = """
import json
import threading
from pathlib import Path

from reference_core import StatsWriter
from reference_core.testing import StatsWriterContract


class JsonLinesWriter(StatsWriter):
    def __init__(self, run_options):
        self.path = Path(run_options.checkpoint_settings.write_path) / "stats.jsonl"

    def write_stats(self, category, values, step):
        row = {k: s.aggregated_value for k, s in values.items()}
        with self.path.open("a") as out:
            out.write(json.dumps({"category": category, "step": step, "values": row}) + "\\n")


class LastValueWriter(StatsWriter):
    def write_stats(self, category, values, step):
        for summary in values.values():
            summary.full_dist[-1]
"""

DIST_MODULE = """
from reference_core import StatsWriter


class EntryPointWriter(StatsWriter):
    def write_stats(self, category, values, step):
        pass


def register(run_options):
    return [EntryPointWriter()]


def register_generator(run_options):
    yield EntryPointWriter()
"""


@pytest.fixture
def throwaway_dist(pytester: pytest.Pytester) -> Path:
    """An 'installed' distribution: a .dist-info directory and a module on sys.path."""
    site = pytester.mkdir("site")
    info = site / "contract_demo-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: contract-demo\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[mlagents.stats_writer]\n"
        "demo = contract_demo_plugin:register\n"
        "demo_generator = contract_demo_plugin:register_generator\n"
    )
    (site / "contract_demo_plugin.py").write_text(DIST_MODULE)
    pytester.syspathinsert(site)
    return site


def _test_module(pytester: pytest.Pytester, body: str) -> None:
    pytester.makepyfile(test_plugin=WRITERS + textwrap.dedent(body))


def test_good_writer_passes_every_contract_test(pytester: pytest.Pytester) -> None:
    """A subclass overriding make_writers gets one passing test per contract check."""
    _test_module(
        pytester,
        """
        class TestJsonLines(StatsWriterContract):
            def make_writers(self, run_options):
                return [JsonLinesWriter(run_options)]
    """,
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=len(CONTRACT_TESTS))
    assert len(CONTRACT_TESTS) == 13
    for name in CONTRACT_TESTS:
        result.stdout.fnmatch_lines([f"*TestJsonLines::{name} PASSED*"])


def test_bad_writer_fails_with_a_sentence(pytester: pytest.Pytester) -> None:
    """Only the matching test fails, with the violation sentence and no traceback."""
    _test_module(
        pytester,
        """
        class TestLastValue(StatsWriterContract):
            def make_writers(self, run_options):
                return [LastValueWriter()]
    """,
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-rf")
    result.assert_outcomes(passed=12, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*TestLastValue.test_empty_summaries*",
            (
                "MLP605 LastValueWriter.write_stats raised IndexError('list index out of range') "
                "at test_plugin.py:* when a summary's mean was NaN (an empty HISTOGRAM category); "
                "the trainer does not catch this and training stops. Fix: *"
            ),
        ]
    )
    assert "Traceback" not in result.stdout.str()
    assert "_contract.py" not in result.stdout.str()


def test_entry_point_is_loaded_through_host_discovery(
    pytester: pytest.Pytester, throwaway_dist: Path
) -> None:
    """entry_point = "demo" finds the installed plugin and every contract test passes."""
    _test_module(
        pytester,
        """
        class TestDemo(StatsWriterContract):
            entry_point = "demo"
    """,
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=13)


def test_missing_entry_point_says_how_to_install(
    pytester: pytest.Pytester, throwaway_dist: Path
) -> None:
    """A name that is not installed fails with did-you-mean and `pip install -e .`."""
    _test_module(
        pytester,
        """
        class TestTypo(StatsWriterContract):
            entry_point = "dmeo"
    """,
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-k", "registration")
    result.assert_outcomes(failed=1, deselected=12)
    result.stdout.fnmatch_lines(
        [
            (
                "The entry point 'dmeo' was not found in group 'mlagents.stats_writer' among the "
                "installed distributions (*did you mean 'demo'*). Install the plugin into this "
                "environment with `pip install -e .`*"
            ),
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_broken_registration_is_reported(pytester: pytest.Pytester, throwaway_dist: Path) -> None:
    """A registration function returning a generator fails at the host's len() stage."""
    _test_module(
        pytester,
        """
        class TestGenerator(StatsWriterContract):
            entry_point = "demo_generator"
    """,
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-k", "registration")
    result.assert_outcomes(failed=1, deselected=12)
    result.stdout.fnmatch_lines(
        [
            (
                "The host could not use entry point 'demo_generator' = "
                "'contract_demo_plugin:register_generator': the host takes len() of what the "
                "registration function returns, and got TypeError: *generator* has no len()*"
            )
        ]
    )


def test_subclass_must_name_its_writers(pytester: pytest.Pytester) -> None:
    """Neither entry_point nor make_writers: every test says what to set."""
    _test_module(
        pytester,
        """
        class TestNothing(StatsWriterContract):
            pass
    """,
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=13)
    result.stdout.fnmatch_lines(["TestNothing names no writers: set `entry_point = *"])


def test_base_class_is_not_collected(pytester: pytest.Pytester) -> None:
    """Importing StatsWriterContract into a test module adds no tests by itself."""
    _test_module(pytester, "")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes()


BLOCKING = """
import threading

from reference_core import StatsWriter
from reference_core.testing import StatsWriterContract

RELEASE = threading.Event()


class BlockingWriter(StatsWriter):
    def write_stats(self, category, values, step):
        if category == "Walker":
            RELEASE.wait()


class TestBlocking(StatsWriterContract):
    timeout_s = 1.0

    def make_writers(self, run_options):
        return [BlockingWriter()]


def test_zz_release():
    RELEASE.set()
"""


def test_a_blocking_writer_fails_test_scenario_finishes(pytester: pytest.Pytester) -> None:
    """A write_stats that never returns is MLP613 after timeout_s; the session goes on."""
    pytester.makepyfile(test_plugin=BLOCKING)
    result = pytester.runpytest("-p", "no:cacheprovider", "-rf")
    result.assert_outcomes(passed=1, failed=13)
    result.stdout.fnmatch_lines(
        [
            "Not judged: the contract scenario did not finish. *",
            (
                "MLP613 BlockingWriter.write_stats('Walker', ..., 150000) did not return "
                "within 1 s (TestBlocking.timeout_s); in the trainer that call holds the "
                "reporter lock, so every trainer would hang. Fix: *"
            ),
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_one_scenario_directory_per_class(pytester: pytest.Pytester) -> None:
    """The scenario runs once per class in one temporary directory, not one per test."""
    _test_module(
        pytester,
        """
        class TestJsonLines(StatsWriterContract):
            def make_writers(self, run_options):
                return [JsonLinesWriter(run_options)]
    """,
    )
    base = pytester.path / "basetemp"
    result = pytester.runpytest("-p", "no:cacheprovider", f"--basetemp={base}")
    result.assert_outcomes(passed=len(CONTRACT_TESTS))
    # pytest also links "<name>current" to the newest directory of each name
    (scenario,) = (p for p in base.iterdir() if p.is_dir() and not p.is_symlink())
    assert scenario.name.startswith("TestJsonLines")
    assert (scenario / "results" / "test-run" / "stats.jsonl").is_file()
