"""``mlplugin new``'s check: the rendered project, met the way the host will meet it.

Before the project is moved into place, its packaging files are read by the one
packaging reader and every declared entry point of each plugin kind is loaded and
registered by the one loader (:func:`reference_core._loader.walk`), in this process:
the code is our own template, and a second interpreter would double ``new``'s time.
Running plugin code in-process touches interpreter state, so :func:`interpreter_state`
puts back what it changes: ``sys.path``, the modules imported from the project,
``sys.dont_write_bytecode``, warning filters and logging handlers.

:func:`check_generated` raises :class:`~scaffold.GeneratedProjectFailedChecks` with one
line per problem; it never writes outside the project.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Optional

from reference_core._packaging import read_packaging

from ._errors import GeneratedProjectFailedChecks
from ._source_tree import source_roots

__all__ = ["check_generated", "interpreter_state"]


def _all_loggers() -> list[logging.Logger]:
    named = [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    return [logging.getLogger(), *named]


@contextlib.contextmanager
def interpreter_state(roots: Sequence[str]) -> Iterator[None]:
    """Put ``roots`` in front of ``sys.path``; afterwards restore what plugin code changed.

    Restored: ``sys.path``, ``sys.dont_write_bytecode`` (set while inside, so no
    ``__pycache__`` lands in the project), the warning filters, every logger's handlers,
    and ``sys.modules`` minus the modules loaded from ``roots`` (they would shadow the
    installed project later). Modules imported from elsewhere (the standard library,
    ``reference_core``) stay cached, as any import would leave them.
    """
    saved_path, saved_modules = list(sys.path), set(sys.modules)
    saved_bytecode = sys.dont_write_bytecode
    saved_handlers = {logger: list(logger.handlers) for logger in _all_loggers()}
    sys.dont_write_bytecode = True
    sys.path[:0] = list(roots)
    try:
        with warnings.catch_warnings():
            yield
    finally:
        sys.path[:] = saved_path
        sys.dont_write_bytecode = saved_bytecode
        for logger in _all_loggers():
            logger.handlers[:] = saved_handlers.get(logger, [])
        prefixes = tuple(os.path.realpath(root) + os.sep for root in roots)
        for name in set(sys.modules) - saved_modules:
            origin = getattr(sys.modules[name], "__file__", None) or ""
            if origin and os.path.realpath(origin).startswith(prefixes):
                del sys.modules[name]


@contextlib.contextmanager
def user_interrupts() -> Iterator[list[int]]:
    """Tell the user's Ctrl-C from a plugin's ``KeyboardInterrupt`` while plugin code runs.

    The loader reports any ``BaseException`` from plugin code as the plugin's failure, as
    the host does; a real SIGINT arriving meanwhile is recorded here (and still raises as
    before), so the caller can re-raise it as the interruption it is.
    """
    seen: list[int] = []
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or not callable(previous):
        yield seen  # SIG_IGN or SIG_DFL: nothing to tell apart
        return

    def noted(signum: int, frame: Optional[FrameType]) -> None:
        seen.append(signum)
        previous(signum, frame)

    signal.signal(signal.SIGINT, noted)
    try:
        yield seen
    finally:
        signal.signal(signal.SIGINT, previous)


def check_generated(project: Path) -> None:
    """Read, load and register the rendered ``project``; raise with every problem found."""
    from reference_core import host_shim
    from reference_core._events import EventList, LoaderConfig
    from reference_core._kinds import HOST_GROUPS, PLUGIN_KINDS
    from reference_core._loader import walk

    info = read_packaging(project)
    problems = [f"{p.location}: {p.message}" for p in info.problems]
    # a group without a kind row yet is declared but not loaded here
    declared = [kind for kind in PLUGIN_KINDS.values() if info.in_group(kind.group)]
    if not any(info.in_group(group) for group in HOST_GROUPS):
        problems.append(f"no entry point in any of {', '.join(HOST_GROUPS)}")
    roots = [str(p.resolve()) for p in source_roots(project, info.package_dirs)]
    channel = EventList()
    if not problems:
        with (
            interpreter_state(roots),
            host_shim(),
            tempfile.TemporaryDirectory(prefix="mlplugin-check-") as results,
            user_interrupts() as interrupted,
        ):
            for kind in declared:
                entries = tuple((d.name, d.value) for d in info.in_group(kind.group))
                config = LoaderConfig(
                    group=kind.group,
                    results_dir=results,
                    entry_points=entries,
                    source_roots=tuple(roots),
                    steps=("load", "register"),
                )
                walk(kind, config, channel)
        if interrupted:  # Ctrl-C during the check: the user's, whatever the loader made of it
            raise KeyboardInterrupt
        # a note (MLP700: a trainer's host checks need the real mlagents) is no failure
        problems += [
            f"{p.check_id} {p.message}" for p in channel.problems() if p.severity != "info"
        ]
    if problems:
        raise GeneratedProjectFailedChecks(project=project.name, findings=problems)
