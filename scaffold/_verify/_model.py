"""The values :func:`scaffold.verify` returns: findings, step results and the report.

Everything here is a frozen dataclass so that a report can be passed around, compared
in tests and rendered by the CLI without anyone mutating it on the way.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Optional

from reference_core._declared import Location

from ._steps import STEPS

__all__ = [
    "MAX_DETAIL_CHARS",
    "SCHEMA_VERSION",
    "SEVERITIES",
    "STATUSES",
    "Finding",
    "HostSupport",
    "Location",
    "Report",
    "StepEvent",
    "StepResult",
    "truncate_detail",
]

#: Bump whenever a field of the JSON report changes meaning or disappears.
SCHEMA_VERSION = 1

#: The severities a finding can have, most severe first.
SEVERITIES = ("error", "warning", "info")

#: The statuses a step can end in.
STATUSES = ("passed", "failed", "skipped")

#: Longest ``detail`` kept on a finding (captured tracebacks and build logs).
MAX_DETAIL_CHARS = 8000


def truncate_detail(text: Optional[str], limit: int = MAX_DETAIL_CHARS) -> Optional[str]:
    """Keep the last ``limit`` characters of ``text`` (tracebacks end with the cause)."""
    if text is None:
        return None
    text = text.rstrip()
    if not text:
        return None
    if len(text) <= limit:
        return text
    return f"[... {len(text) - limit} characters cut ...]\n" + text[-limit:]


@dataclasses.dataclass(frozen=True)
class Finding:
    """One broken (or noteworthy) link in the host's load path.

    ``message`` is the one-line cause, ``fix`` what to do about it, ``detail`` captured
    output (a traceback, the tail of a build log), already truncated. ``ignored`` is set
    when the project's ``[tool.mlplugin.verify]`` table ignores the check, and
    ``ignore_reason`` carries the reason given there.
    """

    check_id: str
    severity: str
    step: str
    title: str
    message: str
    fix: str
    location: Optional[Location] = None
    detail: Optional[str] = None
    ignored: bool = False
    ignore_reason: Optional[str] = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        if self.step not in STEPS:
            raise ValueError(f"unknown step {self.step!r}")

    def blocks(self, *, strict: bool) -> bool:
        """True when this finding fails the run (errors always, warnings under strict)."""
        if self.ignored:
            return False
        return self.severity == "error" or (strict and self.severity == "warning")


@dataclasses.dataclass(frozen=True)
class StepResult:
    """How one step of the chain ended, how long it took and, for build and install,
    which path it took (``detail``, e.g. "wheel: derived from the previous build ...")."""

    name: str
    status: str
    elapsed_s: float = 0.0
    detail: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown step status {self.status!r}")


@dataclasses.dataclass(frozen=True)
class StepEvent:
    """Progress notice passed to the ``progress`` callback of :func:`verify`.

    ``kind`` is ``"start"`` when a step begins and ``"end"`` when it is over; an end
    event carries the step's ``status``, ``elapsed_s``, the findings it produced and
    the path it took (``detail``).
    """

    kind: str
    step: str
    status: Optional[str] = None
    elapsed_s: float = 0.0
    findings: tuple[Finding, ...] = ()
    detail: str = ""


@dataclasses.dataclass(frozen=True)
class HostSupport:
    """Whether the plugin can work with one ML-Agents release, and why not."""

    release: str
    supported: bool
    reason: str = ""


@dataclasses.dataclass(frozen=True)
class Report:
    """The outcome of one :func:`verify` run.

    ``findings`` holds every finding in the order found, ignored ones included (they
    never fail the run). ``steps`` has one entry per step of the chain, in order.
    """

    target: str
    target_kind: str
    findings: tuple[Finding, ...]
    steps: tuple[StepResult, ...]
    strict: bool = False
    host_support: tuple[HostSupport, ...] = ()

    @property
    def active_findings(self) -> tuple[Finding, ...]:
        """The findings that were not ignored by the project's configuration."""
        return tuple(f for f in self.findings if not f.ignored)

    @property
    def ok(self) -> bool:
        """True when nothing fails the run (errors, or warnings under ``strict``)."""
        return not any(f.blocks(strict=self.strict) for f in self.findings)

    @property
    def exit_code(self) -> int:
        """0 when the run is clean, 1 when findings fail it."""
        return 0 if self.ok else 1

    def counts(self) -> dict[str, int]:
        """Number of active findings per severity."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.active_findings:
            counts[finding.severity] += 1
        return counts

    def step(self, name: str) -> StepResult:
        """The result of step ``name``."""
        for result in self.steps:
            if result.name == name:
                return result
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (``docs/reference/verify-report.schema.json``)."""
        from reference_core import __version__

        counts = self.counts()
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "mlplugin", "version": __version__},
            "target": self.target,
            "target_kind": self.target_kind,
            "strict": self.strict,
            "ok": self.ok,
            "exit_code": self.exit_code,
            "summary": {**counts, "ignored": sum(1 for f in self.findings if f.ignored)},
            "steps": [dataclasses.asdict(s) for s in self.steps],
            "findings": [_finding_dict(f) for f in self.findings],
            "host_support": [dataclasses.asdict(h) for h in self.host_support],
        }

    def to_json(self) -> str:
        """The report as indented JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_junit(self) -> str:
        """The report as JUnit XML: one test case per step, one failure per finding."""
        from ._junit import junit_xml

        return junit_xml(self.to_dict())


def _finding_dict(finding: Finding) -> dict[str, Any]:
    data = dataclasses.asdict(finding)
    # the schema's field order, with the location as a small object or null
    order = ("check_id", "severity", "step", "title", "message", "fix", "location", "detail")
    return {key: data[key] for key in (*order, "ignored", "ignore_reason")}
