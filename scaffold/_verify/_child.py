"""Steps 4-6 from verify's side: the loader's events become findings in the chain.

:func:`run_child_steps` runs the loader in a child (:mod:`scaffold._loader_child`) and
feeds the :class:`~._chain.Chain` as events arrive: a ``StepChanged`` begins or ends a
step, a ``Problem`` becomes a finding with the entry point's location, a
``Registered`` keeps the facts the host-support verdict needs. A phase that overruns or
a child that dies mid-phase is reported against that phase; stdout past
:data:`STDOUT_LIMIT` is a flood (MLP509) and fails the step it happened in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional

from reference_core._events import (
    Event,
    LoaderConfig,
    PhaseStarted,
    Problem,
    Registered,
    StepChanged,
)

from .._errors import ToolMissing
from .._loader_child import ChildEnd, LoaderProcess, run_loader
from ._catalog import finding
from ._chain import Chain
from ._model import Finding, Location

#: stdout beyond this is a flood (MLP509).
STDOUT_LIMIT = 64 * 1024

_TIMEOUT_IDS = {"load": "MLP405", "register": "MLP506", "run": "MLP613"}
_DEATH_IDS = {"load": "MLP406", "register": "MLP507", "run": "MLP613"}
_VERBS = {"load": "importing", "register": "registering", "run": "the contract scenario for"}


class _Watch:
    """Verify's reading of one child run."""

    def __init__(self, chain: Chain, locations: Mapping[str, Location]) -> None:
        self.chain = chain
        self.locations = locations
        self.pending: list[Finding] = []
        self.phase: Optional[PhaseStarted] = None
        self.flooded_in: Optional[str] = None
        self.facts: list[dict[str, Any]] = []
        self._stop = False
        self.heard = False

    @property
    def stop(self) -> bool:
        """Whether to kill the child now: a flood, or the chain was cancelled."""
        return self._stop or self.chain.cancelled

    @stop.setter
    def stop(self, value: bool) -> None:
        self._stop = value

    def handle(self, event: Event) -> None:
        self.heard = True
        if isinstance(event, PhaseStarted):
            self.phase = event
        elif isinstance(event, StepChanged):
            self._step(event)
        elif isinstance(event, Problem):
            self.pending.append(
                finding(
                    event.check_id,
                    event.message,
                    fix=event.fix or None,
                    detail=event.detail or None,
                    step=event.step,
                    location=self.locations.get(event.entry_point),
                )
            )
        elif isinstance(event, Registered):
            self.facts.extend(event.facts)

    def _step(self, event: StepChanged) -> None:
        if event.status == "started":
            self.chain.begin(event.step)
        elif event.status != "skipped":
            status = event.status
            if status == "passed" and self.flooded_in == event.step:
                status, self.stop = "failed", True
            self._end(event.step, status, event.elapsed_s)

    def _end(self, step: str, status: str, elapsed_s: Optional[float] = None) -> None:
        mine = [f for f in self.pending if f.step == step]
        self.pending = [f for f in self.pending if f.step != step]
        self.chain.end(step, mine, status=status, elapsed_s=elapsed_s)

    def output(self, stdout_bytes: int) -> None:
        if stdout_bytes <= STDOUT_LIMIT or self.flooded_in is not None:
            return
        step = self.phase.step if self.phase else "load"
        self.flooded_in = step
        where = f" ({_VERBS[step]} entry point {self.phase.entry_point!r})" if self.phase else ""
        self.pending.append(
            finding(
                "MLP509",
                f"the plugin wrote more than {STDOUT_LIMIT // 1024} KiB to stdout{where}; "
                "in mlagents-learn that floods the console and the run's log",
                step=step,
                detail=f"{stdout_bytes} bytes of stdout before verify stopped looking",
            )
        )

    def interrupted(self, end: ChildEnd, timeout_s: float) -> None:
        """Record a timeout or an unexpected death in the phase it happened in."""
        if end.finished or (not end.timed_out and end.returncode is None):
            return  # finished, or stopped on purpose (a flood)
        if end.phase is None and not end.timed_out:
            return  # the loader itself failed to start: the caller raises
        step, entry_point = (end.phase.step, end.phase.entry_point) if end.phase else ("load", "?")
        verb = _VERBS[step]
        if end.timed_out:
            check_id = _TIMEOUT_IDS[step]
            message = (
                f"entry point {entry_point!r}: {verb} it did not finish within {timeout_s:g} s"
            )
        else:
            code = end.returncode
            how = (
                f"killed by signal {-code}"
                if code is not None and code < 0
                else f"exit status {code}"
            )
            check_id = _DEATH_IDS[step]
            message = f"entry point {entry_point!r}: {verb} it ended the process ({how})"
        location = self.locations.get(entry_point)
        self.pending.append(
            finding(check_id, message, step=step, detail=end.tail or None, location=location)
        )
        self._end(step, "failed")


def run_child_steps(
    chain: Chain,
    process: LoaderProcess,
    config: LoaderConfig,
    *,
    workdir: Path,
    timeout_s: float,
    locations: Mapping[str, Location],
) -> list[dict[str, Any]]:
    """Run the selected child steps; return the registered objects' release facts."""
    watch = _Watch(chain, locations)
    # The run's results go two levels below the private workdir: the contract watches the
    # results directory's parent for stray output, and that parent must be ours alone.
    (workdir / "run").mkdir(parents=True, exist_ok=True)
    config = dataclasses.replace(
        config,
        results_dir=str(workdir / "run" / "results"),
        thread_timeout_s=max(0.5, min(10.0, timeout_s / 3)),
    )
    end = run_loader(process, config, workdir=workdir, timeout_s=timeout_s, watcher=watch)
    watch.interrupted(end, timeout_s)
    if not watch.heard and not watch.pending:
        raise ToolMissing(
            tool="a working verify runner in the throwaway environment",
            fix="Report this as a bug in mlplugin, with this output:\n" + end.tail,
        )
    if watch.pending:  # found after the child's last step event (a flood at exit)
        chain.note(watch.pending)
    return watch.facts
