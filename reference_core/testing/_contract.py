"""``StatsWriterContract``: the contract scenario as a pytest test class.

A plugin's test module subclasses it and names its entry point::

    class TestMyWriter(StatsWriterContract):
        entry_point = "my_writer"

The writers are then loaded through host discovery (strict mode, no default writers),
which proves that the installed metadata points at a working registration function.
Alternatively override :meth:`StatsWriterContract.make_writers`. Every contract check is
one test method; a failure is reported as sentences about the plugin, without a
traceback into this suite. pytest is imported only when a test fails, so importing
this module does not need it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar, NoReturn

from reference_core import (
    ML_AGENTS_STATS_WRITER,
    CheckpointSettings,
    PluginLoadError,
    RunOptions,
    StatsWriter,
    discover_stats_writers,
    stats_writer_entry_points,
)

from ._harness import Session
from ._scenario import (
    DEFAULT_LATENCY_BUDGET_S,
    DEFAULT_THREAD_TIMEOUT_S,
    STEPS,
    check_shape,
    execute,
    make_subjects,
)


def _fail(message: str) -> NoReturn:
    import pytest  # only needed when a test fails: run_contract works without pytest

    pytest.fail(message, pytrace=False)


def _steps_for(*check_ids: str) -> tuple[Any, ...]:
    return tuple(step for step in STEPS if step.check_ids & set(check_ids))


class StatsWriterContract:
    """Contract tests for a stats-writer plugin; subclass it as ``Test...``.

    Set :attr:`entry_point` to the name under which the plugin is declared in the
    ``mlagents.stats_writer`` group (or :attr:`group`), or override
    :meth:`make_writers`. :attr:`latency_budget_s` bounds each ``write_stats`` call.
    """

    entry_point: ClassVar[str | None] = None
    group: ClassVar[str] = ML_AGENTS_STATS_WRITER
    latency_budget_s: ClassVar[float] = DEFAULT_LATENCY_BUDGET_S
    threads: ClassVar[int] = 4
    thread_timeout_s: ClassVar[float] = DEFAULT_THREAD_TIMEOUT_S
    run_id: ClassVar[str] = "test-run"

    def make_run_options(self, tmp_path: Path) -> RunOptions:
        """``RunOptions`` whose results directory is ``tmp_path / "results"``."""
        settings = CheckpointSettings(run_id=self.run_id, results_dir=str(tmp_path / "results"))
        run_options = RunOptions(checkpoint_settings=settings)
        # The trainer creates the run's log directory before it registers plugins.
        os.makedirs(settings.run_logs_dir, exist_ok=True)  # noqa: PTH103
        return run_options

    def make_writers(self, run_options: RunOptions) -> Sequence[StatsWriter]:
        """The writers under test: by default those the host discovers for ``entry_point``."""
        name = self.entry_point
        if name is None:
            _fail(
                f'{type(self).__name__} names no writers: set `entry_point = "<name>"` '
                "(the entry point in the mlagents.stats_writer group) or override "
                "make_writers(self, run_options)."
            )
        try:
            discovery = discover_stats_writers(
                run_options, group=self.group, strict=True, include_defaults=False
            )
        except PluginLoadError as error:
            if error.entry_point == name:
                _fail(f"The host could not use entry point {name!r}: {error}")
            # Another installed plugin is broken: run the host's loader on ours alone.
            ours = [ep for ep in stats_writer_entry_points(self.group) if ep.name == name]
            if not ours:
                self._not_found(name)
            try:
                discovery = discover_stats_writers(
                    run_options,
                    group=self.group,
                    strict=True,
                    include_defaults=False,
                    entry_points=ours,
                )
            except PluginLoadError as own_error:
                _fail(f"The host could not use entry point {name!r}: {own_error}")
        try:
            outcome = discovery.outcome(name)
        except KeyError:
            self._not_found(name)
        if outcome.error is not None:
            _fail(
                f"The host could not use entry point {name!r} ({outcome.value}): stage "
                f"{outcome.stage!r} raised {outcome.error!r}."
            )
        return list(outcome.writers)

    # -- helpers ---------------------------------------------------------------------

    def _not_found(self, name: str) -> NoReturn:
        installed = sorted({ep.name for ep in stats_writer_entry_points(self.group)})
        close = difflib.get_close_matches(name, installed, n=3)
        if close:
            hint = f"did you mean {' or '.join(repr(c) for c in close)}?"
        elif installed:
            hint = f"installed: {', '.join(repr(i) for i in installed)}"
        else:
            hint = "the group has no installed entry points at all"
        _fail(
            f"The entry point {name!r} was not found in group {self.group!r} among the "
            f"installed distributions ({hint}). Install the plugin into this environment "
            "with `pip install -e .`; the host reads installed metadata, not the source "
            "tree."
        )

    def _writers(self, run_options: RunOptions) -> Any:
        try:
            return self.make_writers(run_options)
        except Exception as error:
            _fail(f"{type(self).__name__}.make_writers raised {error!r}.")

    def _check(
        self, tmp_path: Path, check_ids: Sequence[str], steps: Sequence[Any] | None = None
    ) -> None:
        run_options = self.make_run_options(tmp_path)
        writers = self._writers(run_options)
        if steps is None:
            steps = _steps_for(*check_ids)
        if steps:
            self._require_drivable(writers, run_options)
        report = execute(
            writers,
            run_options,
            steps=steps,
            only=check_ids,
            latency_budget_s=self.latency_budget_s,
            threads=self.threads,
            thread_timeout_s=self.thread_timeout_s,
        )
        if not report.ok:
            _fail("\n".join(str(v) for v in report.violations))

    @staticmethod
    def _require_drivable(writers: Any, run_options: RunOptions) -> None:
        session = Session(run_options, latency_budget_s=0.0, threads=0, thread_timeout_s=0.0)
        if any(s.drivable for s in make_subjects(session, check_shape(session, writers))):
            return
        reasons = " ".join(v.message for v in session.violations())
        _fail(f"No writer can be driven by the trainer, so this check cannot run. {reasons}")

    # -- one test per contract check -------------------------------------------------

    def test_registration_returns_list_of_writers(self, tmp_path: Path) -> None:
        """Registration returns a non-empty list (the host takes its len())."""
        writers = self._writers(self.make_run_options(tmp_path))
        session = Session(None, latency_budget_s=0.0, threads=0, thread_timeout_s=0.0)
        check_shape(session, writers)
        if session.violations():
            _fail("\n".join(str(v) for v in session.violations()))

    def test_writers_implement_contract(self, tmp_path: Path) -> None:
        """Every writer is a StatsWriter with write_stats(category, values, step)."""
        self._check(tmp_path, ("MLP601", "MLP612"), steps=())

    def test_properties(self, tmp_path: Path) -> None:
        """add_property accepts hyperparameters and the self-play flag."""
        self._check(tmp_path, ("MLP602",))

    def test_every_aggregation_method(self, tmp_path: Path) -> None:
        """write_stats handles every aggregation method and real behaviour names."""
        self._check(tmp_path, ("MLP603",))

    def test_nan_and_inf_values(self, tmp_path: Path) -> None:
        """write_stats tolerates NaN and infinite values."""
        self._check(tmp_path, ("MLP604",))

    def test_empty_summaries(self, tmp_path: Path) -> None:
        """write_stats tolerates {} and StatsSummary.empty()."""
        self._check(tmp_path, ("MLP605",))

    def test_large_steps(self, tmp_path: Path) -> None:
        """write_stats accepts steps beyond 2**31."""
        self._check(tmp_path, ("MLP606",))

    def test_on_add_stat(self, tmp_path: Path) -> None:
        """on_add_stat never raises."""
        self._check(tmp_path, ("MLP607",), steps=_steps_for("MLP607")[-1:])

    def test_repeated_flushes(self, tmp_path: Path) -> None:
        """write_stats tolerates flushing a category again with nothing new."""
        self._check(tmp_path, ("MLP608",))

    def test_threaded_calls(self, tmp_path: Path) -> None:
        """Concurrent trainer threads neither crash nor deadlock the writer."""
        self._check(tmp_path, ("MLP609",))

    def test_latency_budget(self, tmp_path: Path) -> None:
        """Each write_stats call returns within latency_budget_s."""
        self._check(tmp_path, ("MLP610",), steps=STEPS[:-1])

    def test_output_under_write_path(self, tmp_path: Path) -> None:
        """Files are written only under checkpoint_settings.write_path."""
        self._check(tmp_path, ("MLP611",), steps=STEPS)
