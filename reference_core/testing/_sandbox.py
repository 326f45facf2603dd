"""Isolation for a contract run: reporter state, working directory and output files.

The ML-Agents ``StatsReporter`` keeps its writers, recorded stats and lock on the class,
so a contract run swaps in fresh, empty objects and puts the originals back afterwards,
untouched. Even a writer thread that never returns can then only hold the run's private
lock, not the one the rest of the process uses.

The run also executes in a fresh temporary working directory, and the files under that
directory, the results directory and the results directory's parent are compared before
and after, so that output written outside the run's write path can be reported.
:func:`restored_process_state` undoes all of this from another thread when a run is
abandoned half-way (MLP613).
"""

from __future__ import annotations

import contextlib
import copy
import os
import shutil
import sys
import tempfile
import threading
import warnings
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reference_core import RunOptions, StatsReporter, reset_stats_reporter

_REPORTER_STATE = ("writers", "stats_dict", "stats_aggregation", "lock")

#: Stop walking a directory tree after this many entries, so that a results directory
#: that already holds many runs cannot make the check slow.
MAX_WATCHED_ENTRIES = 20_000

#: Threads whose run was given up (see :func:`abandon`). Thread objects, not idents:
#: the ident of a finished thread is reused by later threads.
_ABANDONED: weakref.WeakSet[threading.Thread] = weakref.WeakSet()


class Abandoned(BaseException):
    """Raised in an abandoned scenario thread before its next call into the plugin.

    A ``BaseException``, so that no ``except Exception`` on the way catches it.
    """


def abandon(thread: threading.Thread) -> None:
    """Give up ``thread``'s run: it must no longer touch process-wide state.

    If the plugin call it is stuck in ever returns, :func:`check_abandoned` stops it
    before the next call, and the clean-up of :func:`isolated_reporter`,
    :func:`temporary_cwd` and :func:`unless_abandoned` is skipped: the waiting thread
    already restored that state, and may have changed it since.
    """
    _ABANDONED.add(thread)


def _abandoned() -> bool:
    return threading.current_thread() in _ABANDONED


def check_abandoned() -> None:
    """Raise :class:`Abandoned` in a thread whose run was given up."""
    if _abandoned():
        raise Abandoned


@contextlib.contextmanager
def unless_abandoned(manager: contextlib.AbstractContextManager[Any]) -> Iterator[Any]:
    """Enter ``manager``; exit it only if this thread's run was not given up meanwhile."""
    value = manager.__enter__()
    try:
        yield value
    except BaseException:
        if not _abandoned() and not manager.__exit__(*sys.exc_info()):
            raise
        if _abandoned():
            raise
    else:
        if not _abandoned():
            manager.__exit__(None, None, None)


def _emptied(value: Any) -> Any:
    """A fresh, empty object of the same kind as ``value`` (a defaultdict stays one)."""
    if isinstance(value, list):
        return []
    fresh = copy.copy(value)
    fresh.clear()
    return fresh


@contextlib.contextmanager
def isolated_reporter() -> Iterator[type[StatsReporter]]:
    """Give ``StatsReporter`` clean class state for the block, then restore the original."""
    check_abandoned()
    saved = {name: getattr(StatsReporter, name) for name in _REPORTER_STATE}
    for name in ("writers", "stats_dict", "stats_aggregation"):
        setattr(StatsReporter, name, _emptied(saved[name]))
    StatsReporter.lock = threading.RLock()
    reset_stats_reporter()
    try:
        yield StatsReporter
    finally:
        # No reset here: a stuck writer thread may still hold the private lock. The
        # private objects are simply dropped.
        if not _abandoned():
            for name, value in saved.items():
                setattr(StatsReporter, name, value)


@contextlib.contextmanager
def restored_process_state() -> Iterator[None]:
    """Put the working directory, ``StatsReporter`` and warnings back as they were.

    For the thread that *waits* for a scenario: when the scenario's own thread is stuck
    inside :func:`isolated_reporter` and :func:`temporary_cwd`, their clean-up never
    runs, so the waiting thread restores the process-wide state itself.
    """
    cwd = Path.cwd()
    saved = {name: getattr(StatsReporter, name) for name in _REPORTER_STATE}
    try:
        with warnings.catch_warnings():  # restores the filters a stuck run changed
            yield
    finally:
        os.chdir(cwd)
        for name, value in saved.items():
            setattr(StatsReporter, name, value)


@contextlib.contextmanager
def temporary_cwd() -> Iterator[Path]:
    """Run the block in a fresh empty working directory; restore and delete it after."""
    check_abandoned()
    previous = Path.cwd()
    scratch = Path(tempfile.mkdtemp(prefix="mlplugin-contract-")).resolve()
    os.chdir(scratch)
    try:
        yield scratch
    finally:
        if not _abandoned():
            os.chdir(previous)
        shutil.rmtree(scratch, ignore_errors=True)


def _walk(root: Path, *, recursive: bool, skip: Path) -> set[Path]:
    """Paths of the files and directories under ``root``, without entering ``skip``."""
    found: set[Path] = set()
    pending = [root]
    while pending and len(found) < MAX_WATCHED_ENTRIES:
        current = pending.pop()
        try:
            entries = list(current.iterdir())
        except OSError:
            continue
        for entry in entries:
            found.add(entry)
            if recursive and entry != skip and entry.is_dir() and not entry.is_symlink():
                pending.append(entry)
    return found


class OutputWatch:
    """Files that appear outside the write path while the watch is open.

    Construct it inside the run's working directory: relative results directories are
    resolved against it, as the trainer resolves them against its own.
    """

    def __init__(self, run_options: RunOptions) -> None:
        settings = run_options.checkpoint_settings
        self.write_path = Path(settings.write_path).resolve()
        results = Path(settings.results_dir).resolve()
        self._cwd = Path.cwd()
        self._roots = {self._cwd: True, results: True, results.parent: False}
        self._before: set[Path] = set()

    def _snapshot(self) -> set[Path]:
        paths: set[Path] = set()
        for root, recursive in self._roots.items():
            paths |= _walk(root, recursive=recursive, skip=self.write_path)
        return paths

    def start(self) -> None:
        """Record what exists now."""
        self._before = self._snapshot()

    def strays(self) -> list[str]:
        """New paths outside the write path, top-most first, as readable strings."""
        new = sorted(self._snapshot() - self._before)
        # Ancestors of the write path (``results/``) appear when a writer creates it.
        outside = [
            p
            for p in new
            if not _is_within(p, self.write_path) and not _is_within(self.write_path, p)
        ]
        # A new directory stands for everything created inside it.
        tops = [p for p in outside if not any(q in p.parents for q in outside)]
        return [self._display(p) for p in tops]

    def _display(self, path: Path) -> str:
        suffix = "/" if path.is_dir() else ""
        if self._cwd in path.parents:
            return f"'{path.relative_to(self._cwd)}{suffix}' in the working directory"
        return f"'{path}{suffix}'"


def _is_within(path: Path, parent: Path) -> bool:
    return path == parent or parent in path.parents
