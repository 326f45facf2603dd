"""Bookkeeping for the verify chain: progress events, ignores and stopping on errors."""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Mapping
from typing import Callable, Optional

from ._config import Ignore, apply_ignores
from ._model import Finding, StepEvent, StepResult
from ._steps import STEPS

logger = logging.getLogger("scaffold.verify")

ProgressCallback = Callable[[StepEvent], None]


class Chain:
    """Runs steps in order, records their results and stops after an error."""

    def __init__(self, progress: Optional[ProgressCallback], selected: Collection[str]) -> None:
        self.progress = progress
        self.selected = frozenset(selected)
        self.ignores: Mapping[str, Ignore] = {}
        self.findings: list[Finding] = []
        self.results: dict[str, StepResult] = {}
        self.stopped = False
        #: set to stop a chain running ahead (see :mod:`._ahead`): its child is killed
        self.cancelled = False
        self._started: dict[str, float] = {}

    def wants(self, step: str) -> bool:
        """True when ``step`` is selected and no earlier step failed."""
        return not self.stopped and step in self.selected

    def begin(self, step: str) -> bool:
        """Announce ``step`` if it is to run; False means skip it."""
        if not self.wants(step):
            return False
        self._started[step] = time.monotonic()
        logger.info("verify: %s ...", step)
        self._emit(StepEvent("start", step))
        return True

    def end(
        self,
        step: str,
        findings: list[Finding],
        *,
        status: Optional[str] = None,
        elapsed_s: Optional[float] = None,
        detail: str = "",
    ) -> None:
        """Record ``step``'s findings and result; an unignored error stops the chain.

        ``detail`` says which path the step took (a derived wheel, a reused venv).
        """
        marked = apply_ignores(findings, self.ignores)
        self.findings.extend(marked)
        failed = any(f.severity == "error" and not f.ignored for f in marked)
        if status is None or (status == "passed" and failed):
            status = "failed" if failed else "passed"
        if elapsed_s is None:
            elapsed_s = time.monotonic() - self._started.get(step, time.monotonic())
        result = StepResult(step, status, round(elapsed_s, 3), detail)
        self.results[step] = result
        logger.info("verify: %s %s in %.2f s (%d findings)", step, status, elapsed_s, len(marked))
        self._emit(StepEvent("end", step, status, result.elapsed_s, tuple(marked), detail))
        if status == "failed":
            self.stopped = True

    def note(self, findings: list[Finding]) -> None:
        """Add findings that belong to no running step (the host-support verdict)."""
        self.findings.extend(apply_ignores(findings, self.ignores))

    def steps(self) -> tuple[StepResult, ...]:
        """One result per step of the chain; those never run are ``skipped``."""
        return tuple(self.results.get(s, StepResult(s, "skipped")) for s in STEPS)

    def absorb(self, other: Chain, events: list[StepEvent]) -> None:
        """Take over the steps ``other`` ran (ahead of time), replaying its ``events``."""
        self.findings.extend(other.findings)
        self.results.update(other.results)
        self.stopped = self.stopped or other.stopped
        for event in events:
            self._emit(event)

    def _emit(self, event: StepEvent) -> None:
        if self.progress is not None:
            self.progress(event)
