"""Steps 4-6 from the parent's side: run ``_runner.py`` and survive whatever it does.

The child leads its own process group, writes JSON lines to a pipe and has its stdout
and stderr redirected to files. Each phase it announces restarts the wall-clock
timeout; when a phase overruns, or the child floods stdout past the hard cap, the whole
group is killed. A child that dies mid-phase is reported against that phase.
"""

from __future__ import annotations

import dataclasses
import json
import os
import selectors
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable, Optional

from .._errors import ToolMissing
from ._catalog import finding
from ._model import Finding, Location, StepResult
from ._proc import kill_group
from ._steps import CHILD_STEPS

RUNNER = Path(__file__).with_name("_runner.py")

#: stdout beyond this is a flood (MLP509).
STDOUT_LIMIT = 64 * 1024
#: Kill a child whose stdout grows past this, to protect the disk.
STDOUT_HARD_CAP = 32 * 1024 * 1024
#: Extra time allowed for interpreter start-up before the first phase.
STARTUP_ALLOWANCE_S = 30.0

#: ``on_step(kind, step, status, elapsed_s, findings_of_the_step)``
StepCallback = Callable[[str, str, str, float, list[Finding]], None]

_TIMEOUT_IDS = {"load": "MLP405", "register": "MLP506", "run": "MLP613"}
_DEATH_IDS = {"load": "MLP406", "register": "MLP507", "run": "MLP613"}
_VERBS = {"load": "importing", "register": "registering", "run": "the contract scenario for"}


@dataclasses.dataclass
class ChildResult:
    """Findings and step results of the child steps."""

    findings: list[Finding]
    steps: dict[str, StepResult]
    writers: list[dict[str, Any]] = dataclasses.field(default_factory=list)


class _Watch:
    """State of one child run while events arrive."""

    def __init__(
        self, timeout_s: float, on_step: StepCallback, locations: Mapping[str, Location]
    ) -> None:
        self.timeout_s = timeout_s
        self.locations = locations
        self.on_step = on_step
        self.findings: list[Finding] = []
        self.steps: dict[str, StepResult] = {}
        self.started: dict[str, float] = {}
        self.phase: Optional[tuple[str, str]] = None
        self.deadline = time.monotonic() + timeout_s + STARTUP_ALLOWANCE_S
        self.done = False
        self.stop = False
        self.flooded_in: Optional[str] = None
        self.writers: list[dict[str, Any]] = []

    def handle(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind == "phase":
            self.phase = (str(event["step"]), str(event["entry_point"]))
            self.deadline = time.monotonic() + self.timeout_s
        elif kind == "step":
            self._step(str(event["step"]), str(event["status"]), float(event.get("elapsed_s", 0)))
        elif kind == "finding":
            self.findings.append(
                finding(
                    str(event["check_id"]),
                    str(event["message"]),
                    fix=event.get("fix") or None,
                    detail=event.get("detail") or None,
                    step=str(event["step"]),
                    location=self.locations.get(str(event.get("entry_point"))),
                )
            )
        elif kind == "writers":
            self.writers.extend(w for w in event.get("writers", []) if isinstance(w, dict))
        elif kind == "done":
            self.done = True

    def _step(self, step: str, status: str, elapsed: float) -> None:
        if status == "started":
            self.started[step] = time.monotonic()
            self.on_step("start", step, status, 0.0, [])
            return
        if status == "passed" and self.flooded_in == step:
            status, self.stop = "failed", True
        self.steps[step] = StepResult(step, status, round(elapsed, 3))
        if status != "skipped":
            self.on_step("end", step, status, elapsed, self.of_step(step))

    def of_step(self, step: str) -> list[Finding]:
        """The findings recorded for ``step`` so far."""
        return [f for f in self.findings if f.step == step]

    def flood(self, size: int) -> None:
        if self.flooded_in is not None:
            return
        step = self.phase[0] if self.phase else "load"
        self.flooded_in = step
        where = f" ({_VERBS[step]} entry point {self.phase[1]!r})" if self.phase else ""
        self.findings.append(
            finding(
                "MLP509",
                f"the plugin wrote more than {STDOUT_LIMIT // 1024} KiB to stdout{where}; "
                "in mlagents-learn that floods the console and the run's log",
                step=step,
                detail=f"{size} bytes of stdout before verify stopped looking",
            )
        )

    def interrupted(self, *, timed_out: bool, returncode: Optional[int], tail: str) -> None:
        """Record a timeout or an unexpected death in the current phase."""
        if self.phase is None and not timed_out:
            return  # the runner itself failed to start: run_child raises
        step, entry_point = self.phase or ("load", "?")
        elapsed = time.monotonic() - self.started.get(step, time.monotonic())
        verb = _VERBS[step]
        if timed_out:
            self.findings.append(
                finding(
                    _TIMEOUT_IDS[step],
                    f"entry point {entry_point!r}: {verb} it did not finish "
                    f"within {self.timeout_s:g} s",
                    step=step,
                    detail=tail or None,
                    location=self.locations.get(entry_point),
                )
            )
        else:
            how = (
                f"killed by signal {-returncode}"
                if returncode is not None and returncode < 0
                else f"exit status {returncode}"
            )
            self.findings.append(
                finding(
                    _DEATH_IDS[step],
                    f"entry point {entry_point!r}: {verb} it ended the process ({how})",
                    step=step,
                    detail=tail or None,
                    location=self.locations.get(entry_point),
                )
            )
        self.steps[step] = StepResult(step, "failed", round(elapsed, 3))
        self.on_step("end", step, "failed", elapsed, self.of_step(step))


def _tail(path: Path, limit: int = 4000) -> str:
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - limit))
            return handle.read().decode("utf-8", "replace").strip()
    except OSError:
        return ""


def run_child(
    python: str,
    config: dict[str, Any],
    *,
    workdir: Path,
    timeout_s: float,
    isolated: bool,
    on_step: StepCallback,
    locations: Optional[Mapping[str, Location]] = None,
) -> ChildResult:
    """Run the runner with ``python`` and turn what happens into findings."""
    # The run's results go two levels below the private workdir: the contract watches the
    # results directory's parent for stray output, and that parent must be ours alone.
    run_root = workdir / "run"
    run_root.mkdir(exist_ok=True)
    read_fd, write_fd = os.pipe()
    config = {
        **config,
        "results_dir": str(run_root / "results"),
        "events_fd": write_fd,
        "thread_timeout_s": max(0.5, min(10.0, timeout_s / 3)),
    }
    config_path = workdir / "runner.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    stdout_path, stderr_path = workdir / "child.stdout", workdir / "child.stderr"
    cwd = workdir / "cwd"
    cwd.mkdir(exist_ok=True)
    # Temporary files of the child (the contract's scratch directories, the plugin's own)
    # live in the workdir too, so a child killed on a timeout leaves nothing in /tmp.
    scratch = workdir / "tmp"
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(scratch)}
    args = [python, *(["-I"] if isolated else []), str(RUNNER), str(config_path)]
    watch = _Watch(timeout_s, on_step, locations or {})
    with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
        try:
            process = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                pass_fds=(write_fd,),
                start_new_session=True,
                cwd=cwd,
                env=env,
            )
        except OSError as exc:
            os.close(read_fd)
            raise ToolMissing(
                tool=f"the interpreter {python}",
                fix="Check the --python path or recreate the environment.",
            ) from exc
        finally:
            os.close(write_fd)
        try:
            _watch(process, read_fd, watch, stdout_path, stderr_path)
        finally:
            kill_group(process)
            process.wait()
            os.close(read_fd)
    if not watch.steps and not watch.findings:
        raise ToolMissing(
            tool="a working verify runner in the throwaway environment",
            fix="Report this as a bug in mlplugin, with this output:\n" + _tail(stderr_path),
        )
    for step in CHILD_STEPS:
        watch.steps.setdefault(step, StepResult(step, "skipped"))
    return ChildResult(watch.findings, watch.steps, watch.writers)


def _watch(
    process: subprocess.Popen[bytes],
    read_fd: int,
    watch: _Watch,
    stdout_path: Path,
    stderr_path: Path,
) -> None:
    selector = selectors.DefaultSelector()
    selector.register(read_fd, selectors.EVENT_READ)
    buffer = b""
    eof = False
    while True:
        remaining = watch.deadline - time.monotonic()
        if remaining <= 0:
            watch.interrupted(timed_out=True, returncode=None, tail=_tail(stderr_path))
            return
        chunk = b""
        if not eof and selector.select(timeout=min(remaining, 0.25)):
            chunk = os.read(read_fd, 65536)
            eof = not chunk
        elif eof:
            time.sleep(0.02)
        # stdout is checked before the events are handled: whatever the child printed
        # before it announced the end of a phase is already in the file.
        size = stdout_path.stat().st_size
        if size > STDOUT_LIMIT:
            watch.flood(size)
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            try:
                watch.handle(json.loads(line))
            except (ValueError, KeyError, TypeError):  # noqa: PERF203 - keep the other lines
                continue  # not ours: the plugin wrote to the descriptor
        if watch.done or watch.stop or size > STDOUT_HARD_CAP:
            return
        if eof and process.poll() is not None:
            watch.interrupted(
                timed_out=False,
                returncode=process.returncode,
                tail=_tail(stderr_path) or _tail(stdout_path),
            )
            return
