"""The machinery the scenario steps share: who is under test, what was found, timing.

Every call into plugin code goes through :class:`Driver`, which catches *any*
``BaseException`` (``SystemExit`` and ``KeyboardInterrupt`` included: raised by a
plugin they are bugs too) and turns it into a :class:`ContractViolation` phrased as a
sentence about the writer.
"""

from __future__ import annotations

import inspect
import time
import traceback
from pathlib import Path
from typing import Any

import reference_core
from reference_core import StatsAggregationMethod, StatsPropertyType, StatsReporter, StatsSummary

from ._checks import ContractViolation, violation
from ._sandbox import check_abandoned

_CORE_DIR = Path(reference_core.__file__).resolve().parent
_UNCAUGHT = "the trainer does not catch this and training stops."


class StepAborted(Exception):
    """Raised by :class:`Driver` after recording a violation that ends the step."""


class Subject:
    """One element of the writer list and what the checks learnt about it."""

    def __init__(self, index: int, writer: Any, label: str) -> None:
        self.index = index
        self.writer = writer
        self.label = label
        self.drivable = True


class Progress:
    """What the scenario is doing right now, readable from another thread.

    A watchdog that stops waiting for a stuck scenario (see :mod:`._deadline`) names
    the call that never returned with :attr:`doing`.
    """

    def __init__(self) -> None:
        self.doing = "starting the scenario"


class Session:
    """The findings of one contract run."""

    def __init__(
        self,
        run_options: Any,
        *,
        latency_budget_s: float,
        threads: int,
        thread_timeout_s: float,
        progress: Progress | None = None,
    ) -> None:
        self.run_options = run_options
        self.progress = progress or Progress()
        self.latency_budget_s = latency_budget_s
        self.threads = threads
        self.thread_timeout_s = thread_timeout_s
        self.calls = 0
        self.slowest: dict[int, tuple[float, str]] = {}
        self._found: dict[tuple[str, int], ContractViolation] = {}

    def record(self, subject: Subject | None, check_id: str, message: str, fix: str = "") -> None:
        """Keep the first violation of ``check_id`` for each writer."""
        key = (check_id, -1 if subject is None else subject.index)
        self._found.setdefault(key, violation(check_id, message, fix))

    def timed(self, subject: Subject, seconds: float, where: str) -> None:
        """Count one write_stats call and remember the writer's slowest."""
        self.calls += 1
        if seconds > self.slowest.get(subject.index, (-1.0, ""))[0]:
            self.slowest[subject.index] = (seconds, where)

    def violations(self) -> tuple[ContractViolation, ...]:
        """Everything recorded, ordered by check ID and then by writer."""
        return tuple(self._found[key] for key in sorted(self._found))


def describe_error(error: BaseException, writer: Any) -> str:
    """``ValueError('...') at my_writer.py:12``: the error and where the plugin raised it."""
    text = repr(error)
    if len(text) > 300:
        text = text[:297] + "..."
    frames = traceback.extract_tb(error.__traceback__)
    try:
        own = inspect.getsourcefile(type(writer))
    except TypeError:
        own = None
    chosen = [f for f in frames if own and f.filename == own]
    if not chosen:
        chosen = [f for f in frames if _CORE_DIR not in Path(f.filename).resolve().parents]
    if chosen:
        text += f" at {Path(chosen[-1].filename).name}:{chosen[-1].lineno}"
    return text


def raised_by_call(error: BaseException) -> bool:
    """True for a TypeError raised by the call itself (wrong arity), not inside the writer."""
    if not isinstance(error, TypeError):
        return False
    frames = traceback.extract_tb(error.__traceback__)
    return all(_CORE_DIR in Path(f.filename).resolve().parents for f in frames)


class Driver:
    """Makes trainer-like calls for one step and one writer, recording what breaks."""

    def __init__(self, session: Session, subject: Subject) -> None:
        self.session = session
        self.subject = subject

    @staticmethod
    def reporter(category: str) -> StatsReporter:
        """A reporter for ``category``, as a trainer creates one per behaviour name."""
        return StatsReporter(category)

    def add_stat(
        self,
        reporter: StatsReporter,
        key: str,
        value: float,
        aggregation: StatsAggregationMethod = StatsAggregationMethod.AVERAGE,
    ) -> None:
        """``reporter.add_stat``; an exception there comes from ``on_add_stat``."""
        self._doing(f"on_add_stat for {key!r} of {reporter.category!r}")
        try:
            reporter.add_stat(key, value, aggregation)
        except BaseException as error:
            self._on_add_stat_failed(error, reporter, key, value, aggregation, caller="add_stat")

    def set_stat(self, reporter: StatsReporter, key: str, value: float) -> None:
        """``reporter.set_stat``; an exception there comes from ``on_add_stat``."""
        self._doing(f"on_add_stat for {key!r} of {reporter.category!r}")
        try:
            reporter.set_stat(key, value)
        except BaseException as error:
            self._on_add_stat_failed(
                error, reporter, key, value, StatsAggregationMethod.MOST_RECENT, caller="set_stat"
            )

    def _on_add_stat_failed(
        self,
        error: BaseException,
        reporter: StatsReporter,
        key: str,
        value: float,
        aggregation: StatsAggregationMethod,
        *,
        caller: str,
    ) -> None:
        self.session.record(
            self.subject,
            "MLP607",
            f"{self.subject.label}.on_add_stat raised {describe_error(error, self.subject.writer)}"
            f" when the trainer recorded {key!r} = {value!r} ({aggregation.name}) for "
            f"{reporter.category!r} through StatsReporter.{caller}; {_UNCAUGHT}",
        )

    def add_property(
        self, reporter: StatsReporter, property_type: StatsPropertyType, value: Any, what: str
    ) -> None:
        """``reporter.add_property``; a failure is an MLP602 violation."""
        self._doing(f"add_property({reporter.category!r}, {property_type.name}, ...)")
        try:
            reporter.add_property(property_type, value)
        except BaseException as error:
            self.session.record(
                self.subject,
                "MLP602",
                f"{self.subject.label}.add_property raised "
                f"{describe_error(error, self.subject.writer)} for the {property_type.name} "
                f"property of {reporter.category!r} ({what}); {_UNCAUGHT}",
            )

    def flush(self, reporter: StatsReporter, step: int, check_id: str, situation: str) -> None:
        """``reporter.write_stats(step)``, timed; a failure ends the step."""
        self._timed_call(
            lambda: reporter.write_stats(step), reporter.category, step, check_id, situation
        )

    def write(
        self,
        category: str,
        values: dict[str, StatsSummary],
        step: int,
        check_id: str,
        situation: str,
    ) -> None:
        """Call the writer's ``write_stats`` directly, under the reporter lock."""

        def call() -> None:
            with StatsReporter.lock:
                self.subject.writer.write_stats(category, values, step)

        self._timed_call(call, category, step, check_id, situation)

    def _timed_call(
        self, call: Any, category: str, step: int, check_id: str, situation: str
    ) -> None:
        self._doing(f"write_stats({category!r}, ..., {step})")
        started = time.perf_counter()
        try:
            call()
        except BaseException as error:
            self.session.timed(self.subject, time.perf_counter() - started, "")
            self.write_failed(error, check_id, situation)
            raise StepAborted from None
        self.session.timed(
            self.subject, time.perf_counter() - started, f"category {category!r} at step {step:,}"
        )

    def _doing(self, call: str) -> None:
        check_abandoned()  # the run was given up while a call hung: make no more
        self.session.progress.doing = f"{self.subject.label}.{call}"

    def write_failed(self, error: BaseException, check_id: str, situation: str) -> None:
        """Record an exception that escaped ``write_stats``."""
        label = self.subject.label
        if raised_by_call(error):
            self.session.record(
                self.subject,
                "MLP612",
                f"Calling {label}.write_stats(category, values, step) raised "
                f"{error!r} before entering the method {situation}; {_UNCAUGHT}",
            )
            return
        self.session.record(
            self.subject,
            check_id,
            f"{label}.write_stats raised {describe_error(error, self.subject.writer)} "
            f"{situation}; {_UNCAUGHT}",
        )
