"""``StatsWriterContract``: the contract scenario as a pytest test class.

A plugin's test module subclasses it and names its entry point::

    class TestMyWriter(StatsWriterContract):
        entry_point = "my_writer"

The writers are loaded through host discovery of that one entry point (strict mode, no
default writers; other installed plugins are not this plugin's problem), which proves
that the installed metadata points at a working registration function. Alternatively
override :meth:`StatsWriterContract.make_writers`.

The class runs the *same* scenario as ``mlplugin verify``'s run step -- one
:func:`~._scenario.execute` call with every step -- once per class, and each test
method reports the violations of its own check IDs (:data:`TESTS`, which covers every
check in :data:`~._checks.CHECKS`). So the tests and verify cannot disagree: a
violation found anywhere in the scenario fails exactly the test that owns its ID.
Registration and the scenario run on a worker thread with a deadline
(:mod:`._deadline`), so a writer that blocks fails ``test_scenario_finishes`` (MLP613)
instead of hanging the session. A failure reads as sentences about the plugin, without
a traceback into this suite; pytest is imported only when a test fails.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, NoReturn

from reference_core import (
    ML_AGENTS_STATS_WRITER,
    CheckpointSettings,
    PluginLoadError,
    RunOptions,
    StatsWriter,
    discover_stats_writers,
    stats_writer_entry_points,
)

from ._checks import CHECKS, ContractViolation, violation
from ._deadline import ScenarioOverran, call_with_deadline
from ._harness import Progress, Session
from ._install import explain_failure
from ._scenario import (
    DEFAULT_LATENCY_BUDGET_S,
    DEFAULT_THREAD_TIMEOUT_S,
    check_shape,
    execute,
    make_subjects,
)

if TYPE_CHECKING:
    import pytest

#: Default of :attr:`StatsWriterContract.timeout_s`; verify's default phase timeout.
DEFAULT_SCENARIO_TIMEOUT_S = 60.0

#: Which test method reports which check IDs. Every check is owned by exactly one test.
TESTS: dict[str, tuple[str, ...]] = {
    "test_registration_returns_list_of_writers": ("MLP601",),
    "test_properties": ("MLP602",),
    "test_every_aggregation_method": ("MLP603",),
    "test_nan_and_inf_values": ("MLP604",),
    "test_empty_summaries": ("MLP605",),
    "test_large_steps": ("MLP606",),
    "test_on_add_stat": ("MLP607",),
    "test_repeated_flushes": ("MLP608",),
    "test_threaded_calls": ("MLP609",),
    "test_latency_budget": ("MLP610",),
    "test_output_under_write_path": ("MLP611",),
    "test_writers_implement_contract": ("MLP612",),
    "test_scenario_finishes": ("MLP613",),
}
#: Checks that need a writer the trainer can call; without one they cannot be judged.
_DRIVING = frozenset(CHECKS) - {"MLP601", "MLP612", "MLP613"}


class _SetupFailed(Exception):
    """The writers could not be obtained; the message says why and what to do."""


def _fail(message: str) -> NoReturn:
    import pytest  # only needed when a test fails: run_contract works without pytest

    pytest.fail(message, pytrace=False)


@dataclasses.dataclass(frozen=True)
class _Run:
    """The outcome of one scenario run for one test class."""

    violations: tuple[ContractViolation, ...] = ()
    setup_error: BaseException | None = None
    not_drivable: str | None = None
    overran: ScenarioOverran | None = None


#: One scenario run per test class (the first of its tests to run starts it).
_RUNS: weakref.WeakKeyDictionary[type, _Run] = weakref.WeakKeyDictionary()


class StatsWriterContract:
    """Contract tests for a stats-writer plugin; subclass it as ``Test...``.

    Set :attr:`entry_point` to the name under which the plugin is declared in the
    ``mlagents.stats_writer`` group (or :attr:`group`), or override
    :meth:`make_writers`. :attr:`latency_budget_s` bounds each ``write_stats`` call and
    :attr:`timeout_s` the whole scenario (registration included).
    """

    entry_point: ClassVar[str | None] = None
    group: ClassVar[str] = ML_AGENTS_STATS_WRITER
    latency_budget_s: ClassVar[float] = DEFAULT_LATENCY_BUDGET_S
    threads: ClassVar[int] = 4
    thread_timeout_s: ClassVar[float] = DEFAULT_THREAD_TIMEOUT_S
    timeout_s: ClassVar[float] = DEFAULT_SCENARIO_TIMEOUT_S
    run_id: ClassVar[str] = "test-run"

    def make_run_options(self, tmp_path: Path) -> RunOptions:
        """``RunOptions`` whose results directory is ``tmp_path / "results"``."""
        settings = CheckpointSettings(run_id=self.run_id, results_dir=str(tmp_path / "results"))
        run_options = RunOptions(checkpoint_settings=settings)
        # The trainer creates the run's log directory before it registers plugins.
        os.makedirs(settings.run_logs_dir, exist_ok=True)  # noqa: PTH103
        return run_options

    def make_writers(self, run_options: RunOptions) -> Sequence[StatsWriter]:
        """The writers under test: what the host registers for :attr:`entry_point`."""
        name = self.entry_point
        if name is None:
            raise _SetupFailed(
                f'{type(self).__name__} names no writers: set `entry_point = "<name>"` '
                "(the entry point in the mlagents.stats_writer group) or override "
                "make_writers(self, run_options)."
            )
        ours = [ep for ep in stats_writer_entry_points(self.group) if ep.name == name]
        if not ours:
            self._not_found(name)
        try:
            discovery = discover_stats_writers(
                run_options,
                group=self.group,
                strict=True,
                include_defaults=False,
                entry_points=ours[:1],
            )
        except PluginLoadError as error:
            raise _SetupFailed(explain_failure(error)) from None
        return list(discovery.outcome(name).writers)

    # -- the one scenario run ----------------------------------------------------------

    def _not_found(self, name: str) -> NoReturn:
        installed = sorted({ep.name for ep in stats_writer_entry_points(self.group)})
        close = difflib.get_close_matches(name, installed, n=3)
        if close:
            hint = f"did you mean {' or '.join(repr(c) for c in close)}?"
        elif installed:
            hint = f"installed: {', '.join(repr(i) for i in installed)}"
        else:
            hint = "the group has no installed entry points at all"
        raise _SetupFailed(
            f"The entry point {name!r} was not found in group {self.group!r} among the "
            f"installed distributions ({hint}). Install the plugin into this environment "
            "with `pip install -e .`; the host reads installed metadata, not the source "
            "tree."
        )

    def _scenario(self, run_options: RunOptions, progress: Progress) -> _Run:
        """Register the writers and drive them: runs on the worker thread."""
        progress.doing = f"{type(self).__name__}.make_writers (the registration function)"
        try:
            writers = self.make_writers(run_options)
        except _SetupFailed as error:
            return _Run(setup_error=error)
        except Exception as error:
            failed = _SetupFailed(f"{type(self).__name__}.make_writers raised {error!r}.")
            return _Run(setup_error=failed)
        except BaseException as error:  # pytest.skip() or pytest.fail() in make_writers
            return _Run(setup_error=error)
        shape = Session(run_options, latency_budget_s=0.0, threads=0, thread_timeout_s=0.0)
        subjects = make_subjects(shape, check_shape(shape, writers))
        not_drivable = None
        if not any(s.drivable for s in subjects):
            reasons = " ".join(v.message for v in shape.violations())
            not_drivable = (
                f"No writer can be driven by the trainer, so this check cannot run. {reasons}"
            )
        report = execute(
            writers,
            run_options,
            latency_budget_s=self.latency_budget_s,
            threads=self.threads,
            thread_timeout_s=self.thread_timeout_s,
            progress=progress,
        )
        return _Run(violations=report.violations, not_drivable=not_drivable)

    def _run(self, tmp_path_factory: pytest.TempPathFactory) -> _Run:
        cls = type(self)
        if cls not in _RUNS:
            # one directory for the one scenario run of the class, made only then: a
            # tmp_path per test method would make (and later delete) one each for nothing
            run_options = self.make_run_options(tmp_path_factory.mktemp(cls.__name__))
            progress = Progress()
            try:
                _RUNS[cls] = call_with_deadline(
                    lambda: self._scenario(run_options, progress),
                    timeout_s=self.timeout_s,
                    progress=progress,
                )
            except ScenarioOverran as overran:
                _RUNS[cls] = _Run(overran=overran)
        return _RUNS[cls]

    def _check(self, tmp_path_factory: pytest.TempPathFactory, test: str) -> None:
        run = self._run(tmp_path_factory)
        check_ids = TESTS[test]
        if run.setup_error is not None:
            if isinstance(run.setup_error, _SetupFailed):
                _fail(str(run.setup_error))
            raise run.setup_error  # pytest.skip/fail from an overridden make_writers
        if run.overran is not None:
            message = (
                f"{run.overran.doing} did not return within {run.overran.timeout_s:g} s "
                f"({type(self).__name__}.timeout_s); in the trainer that call holds the "
                "reporter lock, so every trainer would hang."
            )
            if "MLP613" in check_ids:
                _fail(str(violation("MLP613", message)))
            _fail(f"Not judged: the contract scenario did not finish. {message}")
        if run.not_drivable and set(check_ids) & _DRIVING:
            _fail(run.not_drivable)
        found = [v for v in run.violations if v.check_id in check_ids]
        if found:
            _fail("\n".join(str(v) for v in found))

    # -- one test per contract check -------------------------------------------------

    def test_registration_returns_list_of_writers(
        self, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        """Registration returns a non-empty list of StatsWriter instances."""
        self._check(tmp_path_factory, "test_registration_returns_list_of_writers")

    def test_writers_implement_contract(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        """Every writer has write_stats(category, values, step)."""
        self._check(tmp_path_factory, "test_writers_implement_contract")

    def test_properties(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        """add_property accepts hyperparameters and the self-play flag."""
        self._check(tmp_path_factory, "test_properties")

    def test_every_aggregation_method(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        """write_stats handles every aggregation method and real behaviour names."""
        self._check(tmp_path_factory, "test_every_aggregation_method")

    def test_nan_and_inf_values(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        """write_stats tolerates NaN and infinite values."""
        self._check(tmp_path_factory, "test_nan_and_inf_values")

    def test_empty_summaries(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        """write_stats tolerates {} and StatsSummary.empty()."""
        self._check(tmp_path_factory, "test_empty_summaries")

    def test_large_steps(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        """write_stats accepts steps beyond 2**31."""
        self._check(tmp_path_factory, "test_large_steps")

    def test_on_add_stat(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        """on_add_stat never raises."""
        self._check(tmp_path_factory, "test_on_add_stat")

    def test_repeated_flushes(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        """write_stats tolerates flushing a category again with nothing new."""
        self._check(tmp_path_factory, "test_repeated_flushes")

    def test_threaded_calls(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        """Concurrent trainer threads neither crash nor deadlock the writer."""
        self._check(tmp_path_factory, "test_threaded_calls")

    def test_latency_budget(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        """Each write_stats call returns within latency_budget_s."""
        self._check(tmp_path_factory, "test_latency_budget")

    def test_output_under_write_path(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        """Files are written only under checkpoint_settings.write_path."""
        self._check(tmp_path_factory, "test_output_under_write_path")

    def test_scenario_finishes(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        """Registration and the whole scenario finish within timeout_s."""
        self._check(tmp_path_factory, "test_scenario_finishes")
