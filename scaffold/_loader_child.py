"""Run the plugin loader in a child interpreter and survive whatever the plugin does.

Shared by ``verify`` (steps 4-6) and ``list``. The child is ``reference_core/_child.py``
of a given ``reference_core`` directory; it leads its own process group, reports
:mod:`reference_core._events` dataclasses over a pipe and has its stdout and stderr
redirected to files in the caller's private work directory (its ``TMPDIR`` too, so a
killed child leaves nothing in ``/tmp``). Every announced phase restarts the timeout;
an overrun, or stdout past :data:`STDOUT_HARD_CAP`, kills the group. Events go to the
caller's :class:`Watcher` as they arrive; how the child ended comes back as a
:class:`ChildEnd`. Raises :class:`~scaffold.ToolMissing` when the interpreter cannot
be started.
"""

from __future__ import annotations

import collections
import dataclasses
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Optional, Protocol

from reference_core._events import Done, Event, LoaderConfig, PhaseStarted, decode

from ._errors import ToolMissing
from ._process import EventPipe, kill_group, spawn, tail_of, tool_env

#: Kill a child whose stdout grows past this, to protect the disk.
STDOUT_HARD_CAP = 32 * 1024 * 1024
#: Extra time allowed for interpreter start-up before the first phase.
STARTUP_ALLOWANCE_S = 30.0


class Watcher(Protocol):
    """What the caller does with the child's events and output while it runs."""

    stop: bool

    def handle(self, event: Event) -> None:
        """Take one event from the child."""

    def output(self, stdout_bytes: int) -> None:
        """Learn how much the child has written to stdout so far."""


@dataclasses.dataclass(frozen=True)
class LoaderProcess:
    """Which interpreter runs the loader, from which ``reference_core`` directory's parent.

    ``isolated`` runs it with ``-I`` (a throwaway environment, where nothing of the
    caller's environment may leak in).
    """

    python: str
    core: Path
    isolated: bool


@dataclasses.dataclass(frozen=True)
class ChildEnd:
    """How the child ended: finished, timed out in ``phase``, or died with ``returncode``."""

    finished: bool
    timed_out: bool = False
    returncode: Optional[int] = None
    phase: Optional[PhaseStarted] = None
    tail: str = ""


def run_loader(
    process: LoaderProcess,
    config: LoaderConfig,
    *,
    workdir: Path,
    timeout_s: float,
    watcher: Watcher,
) -> ChildEnd:
    """Run the loader as ``process`` says, on ``config``; report to ``watcher``."""
    (end,) = run_loaders(
        process, [config], workdir=workdir, timeout_s=timeout_s, watchers=[watcher]
    )
    return end


def run_loaders(
    process: LoaderProcess,
    configs: Sequence[LoaderConfig],
    *,
    workdir: Path,
    timeout_s: float,
    watchers: Sequence[Watcher],
) -> list[ChildEnd]:
    """Run the loader on each config in turn, in as few children as their plugins allow.

    One child walks the configs one after the other (config ``i`` reports to
    ``watchers[i]``). When a plugin ends that child (``os._exit``, a crash, a hang past
    the timeout, a flood of output), that config's end says so and a new child takes
    the configs left, so one plugin's death is never another's.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    ends: list[ChildEnd] = []
    while len(ends) < len(configs):
        first = len(ends)
        ends += _one_child(
            process,
            configs[first:],
            workdir=workdir / f"child-{first}",
            timeout_s=timeout_s,
            watchers=watchers[first:],
        )
    return ends


def _one_child(
    process: LoaderProcess,
    configs: Sequence[LoaderConfig],
    *,
    workdir: Path,
    timeout_s: float,
    watchers: Sequence[Watcher],
) -> list[ChildEnd]:
    """One child for ``configs``: the ends of those it finished, and of the one it died in."""
    python = process.python
    workdir.mkdir(parents=True, exist_ok=True)
    pipe = EventPipe()
    config_path = workdir / "loader.jsonl"  # one config per line
    config_path.write_text(
        "".join(dataclasses.replace(c, events_fd=pipe.child_fd).to_json() + "\n" for c in configs),
        encoding="utf-8",
    )
    stdout_path, stderr_path = workdir / "child.stdout", workdir / "child.stderr"
    cwd = workdir / "cwd"
    cwd.mkdir(exist_ok=True)
    runner = process.core / "reference_core" / "_child.py"
    args = [python, *(["-I"] if process.isolated else []), str(runner), str(config_path)]
    ends: list[ChildEnd] = []
    with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
        try:
            child = spawn(
                args,
                inherit_fds=(pipe.child_fd,),
                stdout=out,
                stderr=err,
                cwd=cwd,
                env={**tool_env(workdir / "tmp"), "PYTHONDONTWRITEBYTECODE": "1"},
            )
        except OSError as exc:
            pipe.close()
            raise ToolMissing(
                tool=f"the interpreter {python}",
                fix="Check the --python path or recreate the environment.",
            ) from exc
        pipe.child_started()
        stream = _Stream(child, pipe, stdout_path)
        try:
            for watcher in watchers:
                ends.append(stream.follow(watcher, timeout_s))
                if not ends[-1].finished:
                    break
        finally:
            kill_group(child)
            pipe.close()
    if not ends[-1].finished:
        ends[-1] = dataclasses.replace(ends[-1], tail=tail_of(stderr_path) or tail_of(stdout_path))
    return ends


class _Stream:
    """The events of one child, line by line; lines past one config's ``Done`` wait."""

    def __init__(
        self, process: subprocess.Popen[bytes], pipe: EventPipe, stdout_path: Path
    ) -> None:
        self.process, self.pipe, self.stdout_path = process, pipe, stdout_path
        self.lines: collections.deque[bytes] = collections.deque()
        self.partial, self.eof = b"", False

    def follow(self, watcher: Watcher, timeout_s: float) -> ChildEnd:
        """Hand events to ``watcher`` until its config's ``Done``, a timeout or the end."""
        deadline = time.monotonic() + timeout_s + STARTUP_ALLOWANCE_S
        phase: Optional[PhaseStarted] = None
        while True:
            while self.lines:
                try:
                    event = decode(self.lines.popleft())
                except ValueError:  # not ours: the plugin wrote to the pipe
                    continue
                if isinstance(event, PhaseStarted):
                    phase, deadline = event, time.monotonic() + timeout_s
                watcher.handle(event)
                if isinstance(event, Done):
                    return ChildEnd(finished=True, phase=phase)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return ChildEnd(finished=False, timed_out=True, phase=phase)
            if not self.eof:
                data = self.pipe.read(min(remaining, 0.25))
                if data is not None:
                    self.eof = not data
                    *complete, self.partial = (self.partial + data).split(b"\n")
                    self.lines.extend(complete)
            else:
                time.sleep(0.02)
            # stdout is measured before the events are handled: whatever the child printed
            # before it announced the end of a phase is already in the file.
            size = self.stdout_path.stat().st_size
            watcher.output(size)
            if watcher.stop or size > STDOUT_HARD_CAP:
                return ChildEnd(finished=False, phase=phase)
            if self.eof and not self.lines and self.process.poll() is not None:
                return ChildEnd(finished=False, returncode=self.process.returncode, phase=phase)
