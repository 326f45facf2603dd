"""call_with_deadline: the contract class's portable timeout, and what an overrun leaves."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from reference_core.testing._deadline import ScenarioOverran, call_with_deadline
from reference_core.testing._harness import Progress
from reference_core.testing._sandbox import Abandoned, abandon, check_abandoned


def test_the_result_of_work_that_finishes_is_returned() -> None:
    """Work that finishes in time gives its value back to the caller."""
    assert call_with_deadline(lambda: 42, timeout_s=5, progress=Progress()) == 42


def test_an_exception_of_the_work_is_raised_in_the_caller() -> None:
    """An exception on the worker thread reaches the waiting thread unchanged."""

    def work() -> None:
        raise KeyError("boom")

    with pytest.raises(KeyError, match="boom"):
        call_with_deadline(work, timeout_s=5, progress=Progress())


def test_an_overrun_names_the_call_and_restores_the_working_directory(tmp_path: Path) -> None:
    """After timeout_s: ScenarioOverran with progress.doing, the cwd as before, no more calls."""
    release, stopped = threading.Event(), threading.Event()
    progress = Progress()

    def work() -> None:
        os.chdir(tmp_path)
        progress.doing = "Writer.write_stats('Walker', ..., 1)"
        release.wait()
        try:
            check_abandoned()
        except Abandoned:
            stopped.set()
            raise

    before = Path.cwd()
    with pytest.raises(ScenarioOverran, match=r"Writer\.write_stats\('Walker'.*within 0\.2 s"):
        call_with_deadline(work, timeout_s=0.2, progress=progress)
    assert Path.cwd() == before
    release.set()
    assert stopped.wait(5), "the abandoned thread went on after its call returned"


def test_abandoning_a_thread_does_not_abandon_later_threads() -> None:
    """Abandonment belongs to the thread object, not to its (reusable) ident."""
    done = threading.Thread(target=lambda: None)
    done.start()
    done.join()
    abandon(done)
    errors: list[BaseException] = []

    def later() -> None:
        try:
            check_abandoned()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=later) for _ in range(20)]
    for thread in threads:
        thread.start()
        thread.join()
    assert errors == []
