"""Text and JSON renderings of ``list`` and ``doctor`` results, for the CLI.

Plain functions that return strings, so the CLI only echoes them and tests can check
the rendering without click.
"""

from __future__ import annotations

import dataclasses
import json
import textwrap
from collections.abc import Sequence

from .._env._model import SEVERITIES, DoctorFinding, InstalledPlugin, Interpreter

_COLUMNS = ("DISTRIBUTION", "VERSION", "GROUP", "ENTRY POINT", "STATUS", "LOCATION")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else text


def _header(target: Interpreter) -> str:
    return f"Python {target.version_text} at {target.executable}"


def plugins_text(plugins: Sequence[InstalledPlugin], target: Interpreter) -> str:
    """A table of every entry point, then one line of error per plugin that failed."""
    if not plugins:
        return f"{_header(target)}\nNo installed distribution declares an mlagents entry point."
    rows = [
        (
            p.distribution,
            p.version,
            p.group,
            f"{p.name} = {p.value}",
            p.status,
            p.location + (" (editable)" if p.editable else ""),
        )
        for p in plugins
    ]
    widths = [max(len(row[i]) for row in [_COLUMNS, *rows]) for i in range(len(_COLUMNS) - 1)]
    lines = [_header(target)]
    for row in [_COLUMNS, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    notes = [
        f"{p.distribution} {p.name} ({p.group}): {p.status}: {_last_line(p.error or '')}"
        for p in plugins
        if p.status not in {"ok", "not-loaded"}
    ]
    notes += [
        f"{p.distribution} {p.name} ({p.group}): {p.detail}" for p in plugins if p.ok and p.detail
    ]
    notes += [
        f"{p.distribution} {p.name} ({p.group}): replaces the built-in trainer "
        + ", ".join(repr(name) for name in p.overrides)
        for p in plugins
        if p.overrides
    ]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)


def plugins_json(plugins: Sequence[InstalledPlugin], target: Interpreter) -> str:
    """Every field of every entry point, with the interpreter inspected."""
    return json.dumps(
        {
            "python": target.executable,
            "python_version": target.version_text,
            "plugins": [dataclasses.asdict(p) for p in plugins],
        },
        indent=2,
    )


def findings_text(findings: Sequence[DoctorFinding], target: Interpreter) -> str:
    """Each finding with its fix, then a one-line summary."""
    lines = [_header(target)]
    for f in findings:
        message = textwrap.wrap(f.message, 88) or [""]
        lines.append(f"{f.severity:<8} {f.check_id}  {message[0]}")
        lines.extend(f"{'':<17}{line}" for line in message[1:])
        lines.append(f"{'':<17}fix: {f.fix}")
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    if not counts["error"] and not counts["warning"]:
        lines.append(
            "No problems found." + (f" ({counts['info']} note(s))" if counts["info"] else "")
        )
    else:
        lines.append(
            f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} note(s)."
        )
    return "\n".join(lines)


def findings_json(findings: Sequence[DoctorFinding], target: Interpreter) -> str:
    """The findings, the interpreter and whether doctor passes."""
    return json.dumps(
        {
            "python": target.executable,
            "python_version": target.version_text,
            "ok": not any(f.blocks for f in findings),
            "findings": [dataclasses.asdict(f) for f in findings],
        },
        indent=2,
    )
