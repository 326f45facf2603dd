"""The contract scenario as a plain function: :func:`run_contract`.

The scenario drives writers the way the ML-Agents trainer does (see
``reference/mlagents-plugin-contract.md`` section 3.5) and reports every way they break
the contract as an ``MLP6xx`` :class:`ContractViolation`. It needs no pytest, so
``mlplugin verify`` runs it too (step 6), in a subprocess with a timeout. That
subprocess is what protects against a writer that hangs in a sequential step; only the
threaded step has its own timeout here.

Each step runs once per writer, with that writer alone on a clean ``StatsReporter``,
and a step that fails does not stop the others. No exception raised by plugin code
escapes: ``SystemExit`` and ``KeyboardInterrupt`` from a writer are violations too.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import warnings
from collections.abc import Collection, Sequence
from typing import Any, Callable, NamedTuple

from reference_core import RunOptions, StatsReporter, StatsWriter
from reference_core._summary import writer_base_classes

from . import _steps
from ._checks import ContractReport
from ._harness import Driver, Progress, Session, StepAborted, Subject
from ._sandbox import OutputWatch, isolated_reporter, temporary_cwd, unless_abandoned
from ._threads import step_threaded_calls

DEFAULT_LATENCY_BUDGET_S = 0.5
DEFAULT_THREAD_TIMEOUT_S = 10.0


class Step(NamedTuple):
    """A driving step and the checks it can report."""

    name: str
    run: Callable[[Driver], None]
    check_ids: frozenset[str]


def _step(run: Callable[[Driver], None], *check_ids: str) -> Step:
    return Step(run.__name__.replace("step_", ""), run, frozenset(check_ids))


#: Every driving step, in the order the scenario runs them.
STEPS: tuple[Step, ...] = (
    _step(_steps.step_properties, "MLP602"),
    _step(_steps.step_every_aggregation, "MLP603", "MLP607"),
    _step(_steps.step_nan_and_inf, "MLP604"),
    _step(_steps.step_empty_summaries, "MLP605"),
    _step(_steps.step_large_steps, "MLP606"),
    _step(_steps.step_on_add_stat, "MLP607"),
    _step(_steps.step_repeated_flushes, "MLP608"),
    _step(step_threaded_calls, "MLP609"),
)
_EVERY_STEP = ("MLP610", "MLP611")


def check_shape(session: Session, writers: Any) -> list[Any]:
    """MLP601 (registration): a sized, non-empty list. Returns the elements to check."""
    what = f"{type(writers).__name__} {writers!r}"[:120]
    if isinstance(writers, (str, bytes)) or not hasattr(writers, "__iter__"):
        single = callable(getattr(writers, "write_stats", None))
        session.record(
            None,
            "MLP601",
            f"The registration result is a single {what} instead of a list; the host "
            "calls len() on it, fails and drops the plugin.",
        )
        return [writers] if single else []
    elements = list(writers)
    if not hasattr(writers, "__len__"):
        session.record(
            None,
            "MLP601",
            f"The registration result is a {type(writers).__name__} without len(); the host "
            "calls len() on it, fails and drops the plugin.",
        )
    elif not elements:
        session.record(
            None,
            "MLP601",
            "The registration result is empty, so the host adds no writer and the "
            "plugin does nothing.",
        )
    return elements


def make_subjects(session: Session, elements: Sequence[Any]) -> list[Subject]:
    """MLP601 (elements) and MLP612 (signature); marks what cannot be driven."""
    names = [type(element).__name__ for element in elements]
    subjects = []
    for index, element in enumerate(elements):
        label = names[index]
        if names.count(label) > 1:
            label += f" #{index + 1}"
        subject = Subject(index, element, label)
        subjects.append(subject)
        _check_type(session, subject)
        if subject.drivable:
            _check_signature(session, subject)
    return subjects


def _check_type(session: Session, subject: Subject) -> None:
    writer, label = subject.writer, subject.label
    methods = ("write_stats", "add_property", "on_add_stat")
    missing = [m for m in methods if not callable(getattr(writer, m, None))]
    abstract = sorted(getattr(type(writer), "__abstractmethods__", ()))
    subject.drivable = not missing and not abstract
    if isinstance(writer, writer_base_classes()) and not abstract:
        return
    if abstract:
        problem = f"still has the abstract method(s) {', '.join(abstract)}"
    elif missing:
        problem = (
            f"is not a StatsWriter (it has no {', '.join(missing)}); the host accepts "
            "it and the first call to it crashes training"
        )
    else:
        problem = (
            "does not subclass StatsWriter; it works only while the host calls no method it lacks"
        )
    shown = repr(writer) if len(repr(writer)) <= 40 else label
    session.record(subject, "MLP601", f"Writer {subject.index + 1} ({shown}) {problem}.")


def _check_signature(session: Session, subject: Subject) -> None:
    method = subject.writer.write_stats
    try:
        signature = inspect.signature(method)
    except (TypeError, ValueError):
        return  # not introspectable; the calls themselves will tell
    try:
        signature.bind("3DBall", {}, 0)
    except TypeError:
        pass
    else:
        return
    subject.drivable = False
    try:
        signature.bind("3DBall", "Policy/Entropy", 1.0, 0)
        shape = "takes the pre-0.24 four arguments (category, key, value, step)"
    except TypeError:
        shape = "cannot be called with (category, values, step)"
    session.record(
        subject,
        "MLP612",
        f"{subject.label}.write_stats{signature} {shape}, but the host calls "
        "write_stats(category, values, step) with three positional arguments, so the "
        "first summary raises TypeError and training stops.",
    )


def execute(
    writers: Any,
    run_options: RunOptions,
    *,
    steps: Sequence[Step] = STEPS,
    only: Collection[str] | None = None,
    latency_budget_s: float = DEFAULT_LATENCY_BUDGET_S,
    threads: int = 4,
    thread_timeout_s: float = DEFAULT_THREAD_TIMEOUT_S,
    progress: Progress | None = None,
) -> ContractReport:
    """Run ``steps`` against ``writers`` and report the violations among ``only``.

    ``progress`` is updated before every call into a writer, for a watchdog thread.
    """
    session = Session(
        run_options,
        latency_budget_s=latency_budget_s,
        threads=threads,
        thread_timeout_s=thread_timeout_s,
        progress=progress,
    )
    with unless_abandoned(warnings.catch_warnings(record=True)), temporary_cwd():
        warnings.simplefilter("always")  # the trainer does not turn warnings into errors
        os.makedirs(run_options.checkpoint_settings.run_logs_dir, exist_ok=True)  # noqa: PTH103
        watch = OutputWatch(run_options)
        watch.start()
        subjects = make_subjects(session, check_shape(session, writers))
        for step in steps:
            for subject in (s for s in subjects if s.drivable):
                with isolated_reporter():
                    StatsReporter.add_writer(subject.writer)
                    with contextlib.suppress(StepAborted):
                        step.run(Driver(session, subject))
        _check_latency(session, subjects)
        _check_output(session, subjects, watch)
    found = session.violations()
    if only is not None:
        found = tuple(v for v in found if v.check_id in only)
    latency = max((s for s, _ in session.slowest.values()), default=0.0)
    return ContractReport(found, session.calls, latency)


def _check_latency(session: Session, subjects: Sequence[Subject]) -> None:
    budget = session.latency_budget_s
    for subject in subjects:
        seconds, where = session.slowest.get(subject.index, (0.0, ""))
        if seconds > budget:
            session.record(
                subject,
                "MLP610",
                f"{subject.label}.write_stats took {seconds * 1000:.0f} ms for {where or 'a call'}"
                f", over the {budget * 1000:.0f} ms budget; it runs in the trainer loop while "
                "holding StatsReporter.lock, so every trainer waits for it.",
            )


def _check_output(session: Session, subjects: Sequence[Subject], watch: OutputWatch) -> None:
    strays = watch.strays()
    if not strays:
        return
    driven = [s for s in subjects if s.drivable]
    who = driven[0].label if len(driven) == 1 else "The writers"
    shown = ", ".join(strays[:3]) + (f" and {len(strays) - 3} more" if len(strays) > 3 else "")
    session.record(
        driven[0] if len(driven) == 1 else None,
        "MLP611",
        f"{who} wrote {shown} outside the run's write path {watch.write_path}; output "
        "there is shared between runs and survives --force.",
    )


def run_contract(
    writers: Sequence[StatsWriter],
    run_options: RunOptions,
    *,
    latency_budget_s: float = DEFAULT_LATENCY_BUDGET_S,
    threads: int = 4,
    thread_timeout_s: float = DEFAULT_THREAD_TIMEOUT_S,
) -> ContractReport:
    """Drive ``writers`` like the ML-Agents trainer and report every contract violation.

    ``writers`` is what the plugin's registration function returned for
    ``run_options``. The run happens in a temporary working directory, on a clean
    ``StatsReporter`` whose previous state is restored afterwards. Output is expected
    under ``run_options.checkpoint_settings.write_path``; a writer that writes nothing
    at all (say, one that sends to a server) is fine. ``threads`` trainer threads (at
    least two) call each writer concurrently; one that has not returned after
    ``thread_timeout_s`` is reported as a deadlock.
    """
    return execute(
        writers,
        run_options,
        latency_budget_s=latency_budget_s,
        threads=threads,
        thread_timeout_s=thread_timeout_s,
    )
