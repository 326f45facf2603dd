"""Human-readable rendering of verify: live step lines and the final report text.

Colours and the spinner are used only when the stream is a terminal; otherwise every
line is plain text, written once, with no ANSI codes and no carriage returns.
"""

from __future__ import annotations

import itertools
import threading
import time
from typing import Optional, TextIO

import click

from .._verify._model import Finding, Report, StepEvent

_MARKS = {"passed": ("✓", "green"), "failed": ("✗", "red"), "skipped": ("-", "bright_black")}
_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}
_SPIN = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
_SPINNING_STEPS = ("build", "install")


def _style(text: str, colour: Optional[str], *, color: bool, bold: bool = False) -> str:
    return click.style(text, fg=colour, bold=bold) if color else text


class ProgressPrinter:
    """A ``progress`` callback for :func:`verify` that prints each step as it ends.

    On a terminal a spinner with the elapsed time runs while build and install work.
    ``header`` is written before the first step, so a run that never starts (a usage
    error) prints none.
    """

    def __init__(self, stream: TextIO, *, tty: bool, header: str = "") -> None:
        self.stream = stream
        self.tty = tty
        self.header = header
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None

    def __call__(self, event: StepEvent) -> None:
        if self.header:
            self.stream.write(self.header + "\n")
            self.header = ""
        if event.kind == "start":
            if self.tty and event.step in _SPINNING_STEPS:
                self._spin(event.step)
            return
        self._halt()
        mark, colour = _MARKS.get(event.status or "", ("?", None))
        line = f"  {_style(mark, colour, color=self.tty)} {event.step:<9} {event.elapsed_s:6.2f} s"
        if event.detail:
            line += f"  {_style(event.detail, 'bright_black', color=self.tty)}"
        if self.tty:
            line = "\r\x1b[2K" + line
        self.stream.write(line + "\n")
        self.stream.flush()

    def _spin(self, step: str) -> None:
        self._stop.clear()
        started = time.monotonic()

        def animate() -> None:
            for frame in itertools.cycle(_SPIN):
                if self._stop.wait(0.1):
                    return
                elapsed = time.monotonic() - started
                self.stream.write(f"\r\x1b[2K  {frame} {step:<9} {elapsed:6.1f} s")
                self.stream.flush()

        self._thread = threading.Thread(target=animate, daemon=True)
        self._thread.start()

    def _halt(self) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None

    def close(self) -> None:
        """Stop the spinner (after an exception)."""
        self._halt()


def _finding_lines(finding: Finding, *, color: bool) -> list[str]:
    severity = _style(finding.severity, _SEVERITY_COLOURS[finding.severity], color=color)
    head = f"{_style(finding.check_id, None, color=color, bold=True)} {severity}"
    if finding.ignored:
        head += f" (ignored: {finding.ignore_reason})"
    lines = [f"{head} [{finding.step}] {finding.title}", f"    {finding.message}"]
    if finding.location is not None:
        lines.append(f"    at {finding.location}")
    if finding.fix:
        lines.append(f"    fix: {finding.fix}")
    if finding.detail and finding.severity == "error" and not finding.ignored:
        tail = finding.detail.splitlines()[-6:]
        lines += [f"    | {line}" for line in tail]
    return lines


def render_text(report: Report, *, color: bool, with_steps: bool = False) -> str:
    """The findings, the host-support table (when known) and a one-line summary."""
    lines: list[str] = []
    if with_steps:
        for step in report.steps:
            mark, colour = _MARKS[step.status]
            line = f"  {_style(mark, colour, color=color)} {step.name:<9} {step.elapsed_s:6.2f} s"
            if step.detail:
                line += f"  {_style(step.detail, 'bright_black', color=color)}"
            lines.append(line)
    else:
        skipped = [s.name for s in report.steps if s.status == "skipped"]
        if skipped:
            lines.append(
                f"  {_style('-', 'bright_black', color=color)} skipped: " + ", ".join(skipped)
            )
    for finding in report.findings:
        lines += _finding_lines(finding, color=color)
    if report.host_support:
        supported = [h.release for h in report.host_support if h.supported]
        lines.append("ML-Agents releases: " + (", ".join(supported) or "none"))
        lines += [f"  not {h.release}: {h.reason}" for h in report.host_support if not h.supported]
    counts = report.counts()
    ignored = sum(1 for f in report.findings if f.ignored)
    verdict = (
        _style("OK", "green", color=color, bold=True)
        if report.ok
        else _style("FAILED", "red", color=color, bold=True)
    )
    summary = (
        f"{verdict}: {counts['error']} error(s), {counts['warning']} warning(s), "
        f"{counts['info']} note(s)"
    )
    if ignored:
        summary += f", {ignored} ignored"
    if report.strict:
        summary += " (strict: warnings fail)"
    lines.append(summary)
    return "\n".join(lines)
