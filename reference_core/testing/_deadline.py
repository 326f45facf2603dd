"""Run registration and the contract scenario on a worker thread with a deadline (MLP613).

``mlplugin verify`` runs the scenario in a child process that it kills when a phase
overruns. A pytest session cannot kill itself, and ``signal.alarm`` exists only on POSIX
and only in the main thread, so the contract class uses the one mechanism that works on
Linux, macOS and Windows alike: the work runs on a daemon thread and the test waits for
it at most ``timeout_s``.

Registration and every sequential step run on that *one* thread, so a writer tied to
the thread that created it (an sqlite3 connection, say) behaves as in the trainer, where
registration and the sequential calls share the main thread.

How it fails: a thread that overruns is abandoned, not stopped (Python cannot stop a
thread). It keeps only the private reporter lock of its run; the waiting thread restores
the working directory, ``StatsReporter`` and the warning filters, and raises
:class:`ScenarioOverran` naming the call that never returned. Should the plugin call
return later, the abandoned thread stops before its next call and leaves the process
state alone (see :func:`._sandbox.abandon`). An exception raised on
the worker thread (pytest's own outcomes included) is re-raised in the waiting thread.
"""

from __future__ import annotations

import threading
from typing import Callable, Generic, TypeVar

from ._harness import Progress
from ._sandbox import abandon, restored_process_state

T = TypeVar("T")


class ScenarioOverran(Exception):
    """The work did not finish within ``timeout_s``; ``doing`` is the call it was in."""

    def __init__(self, *, doing: str, timeout_s: float) -> None:
        self.doing = doing
        self.timeout_s = timeout_s
        super().__init__(f"{doing} did not return within {timeout_s:g} s")


class _Worker(threading.Thread, Generic[T]):
    def __init__(self, work: Callable[[], T]) -> None:
        super().__init__(name="contract-scenario", daemon=True)
        self.work = work
        self.result: T | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.work()
        except BaseException as error:  # re-raised by the waiting thread
            self.error = error


def call_with_deadline(work: Callable[[], T], *, timeout_s: float, progress: Progress) -> T:
    """``work()``, run on a worker thread; :class:`ScenarioOverran` after ``timeout_s``.

    ``work`` should keep ``progress.doing`` up to date; it names the stuck call.
    """
    worker = _Worker(work)
    with restored_process_state():
        worker.start()
        worker.join(timeout_s)
    if worker.is_alive():
        abandon(worker)
        raise ScenarioOverran(doing=progress.doing, timeout_s=timeout_s)
    if worker.error is not None:
        raise worker.error
    return worker.result  # type: ignore[return-value]  # set when no error was raised
