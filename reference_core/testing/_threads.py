"""MLP609: several trainer threads using the reporter at once.

With ``threaded: true`` every trainer records and flushes its stats from its own
thread. ``StatsReporter`` holds its lock around every writer call, so calls never
overlap, but they arrive from different threads. The step first makes the same calls
once from the current thread; only a writer that copes with that is then driven
concurrently, so the step reports concurrency problems and nothing else.

A thread that does not finish within the session's ``thread_timeout_s`` is reported as
a deadlock and left behind (it is a daemon thread holding only the run's private
reporter lock, see :mod:`._sandbox`).
"""

from __future__ import annotations

import threading
import time

from reference_core import StatsAggregationMethod, StatsReporter

from ._harness import Driver, describe_error
from ._sandbox import check_abandoned

ITERATIONS = 3
_UNCAUGHT = "the trainer does not catch this and training stops."


def _trainer_loop(category: str, first_step: int, progress: list[str]) -> int:
    """What one trainer thread does for a few summary periods; returns write_stats calls."""
    reporter = StatsReporter(category)
    for period in range(ITERATIONS):
        step = first_step + period * 1000
        progress[0] = "on_add_stat"
        reporter.add_stat(
            "Environment/Cumulative Reward", float(period), StatsAggregationMethod.HISTOGRAM
        )
        reporter.add_stat("Policy/Entropy", 1.0 / (period + 1))
        reporter.set_stat("Step", float(step))
        progress[0] = "write_stats"
        reporter.write_stats(step)
    return ITERATIONS


class _Worker(threading.Thread):
    def __init__(self, number: int, barrier: threading.Barrier) -> None:
        super().__init__(name=f"contract-trainer-{number}", daemon=True)
        self.number = number
        self.barrier = barrier
        self.progress = ["start"]
        self.calls = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.barrier.wait()
            self.calls = _trainer_loop(f"Trainer{self.number}", 1000, self.progress)
        except BaseException as error:
            self.error = error


def step_threaded_calls(d: Driver) -> None:
    """MLP609: ``threads`` trainer threads record and flush concurrently."""
    session, subject = d.session, d.subject
    check_abandoned()
    session.progress.doing = f"{subject.label} driven by one trainer before the threaded run"
    try:
        session.calls += _trainer_loop("Trainer Warmup", 1000, ["start"])
    except BaseException:
        return
    count = max(2, session.threads)
    barrier = threading.Barrier(count, timeout=session.thread_timeout_s)
    workers = [_Worker(n, barrier) for n in range(1, count + 1)]
    for worker in workers:
        worker.start()
    session.progress.doing = f"{subject.label} driven by {count} trainer threads"
    deadline = time.monotonic() + session.thread_timeout_s
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
    session.calls += sum(w.calls for w in workers if not w.is_alive())
    stuck = [w for w in workers if w.is_alive()]
    if stuck:
        session.record(
            subject,
            "MLP609",
            f"{subject.label} did not return within {session.thread_timeout_s:g} s when "
            f"{count} trainer threads used it concurrently ({len(stuck)} thread(s) stuck in "
            f"{stuck[0].progress[0]}); the trainer would hang. StatsReporter.lock is held "
            "during every writer call, so a writer that waits for another thread which "
            "records stats deadlocks.",
        )
        return
    failed = [w for w in workers if w.error is not None]
    if failed:
        worker = failed[0]
        assert worker.error is not None  # noqa: S101 - narrowing for the type checker
        session.record(
            subject,
            "MLP609",
            f"{subject.label}.{worker.progress[0]} raised "
            f"{describe_error(worker.error, subject.writer)} when called from trainer thread "
            f"{worker.number} of {count}, although the same calls worked from one thread "
            f"(calls hold StatsReporter.lock but come from different threads); {_UNCAUGHT}",
        )
