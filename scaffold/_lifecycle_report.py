"""Text and JSON for what ``update``, ``check``, ``add`` and ``adopt`` did or would do.

The CLI prints what these functions return; the library never prints. The JSON follows
``docs/reference/lifecycle-report.schema.json`` (one schema for the four commands: a
project, a list of files each with an action, and the conflicts left to resolve).
Nothing here fails on valid reports.
"""

from __future__ import annotations

import json
from typing import Any, Optional, Union

from scaffold._add import AddedWriter
from scaffold._add_trainer import AddedTrainer
from scaffold._adopt import Adopted
from scaffold._update import UpdatePlan

__all__ = ["report_json", "report_text"]

SCHEMA_VERSION = 1
Report = Union[UpdatePlan, AddedWriter, AddedTrainer, Adopted]

_SAY = {
    "add": "new in the template",
    "update": "untouched by you; replaced by the template's",
    "merge": "changed on both sides; merged",
    "conflict": "CONFLICT: changed on both sides; resolve the markers",
    "deleted": "you deleted it; left deleted (the template changed it)",
    "obsolete": "no longer in the template; left in place",
}


def _entries(report: Report) -> list[dict[str, Any]]:
    if isinstance(report, UpdatePlan):
        return [{"path": c.path, "action": c.action, "writes": c.writes} for c in report.changes]
    return [{"path": f, "action": "write", "writes": True} for f in report.files]


def report_json(report: Report, *, command: Optional[str] = None) -> str:
    """The report as JSON (see the schema in the docs); ``command`` names ``check``."""
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "project": str(report.project),
        "dry_run": report.dry_run,
        "files": _entries(report),
        "conflicts": list(report.conflicts) if isinstance(report, UpdatePlan) else [],
        "backup": str(report.backup) if report.backup else None,
    }
    if isinstance(report, UpdatePlan):
        data["command"] = command or "update"
        data["from_version"] = report.from_version
        data["to_version"] = report.to_version
        data["current"] = report.current
    elif isinstance(report, AddedWriter):
        data["command"] = "add"
        data["entry_point"] = {"name": report.entry_point, "value": report.value}
    elif isinstance(report, AddedTrainer):
        data["command"] = "add"
        data["trainer"] = {
            "trainer_type": report.trainer_type,
            "trainer_class": report.trainer_class,
            "settings_class": report.settings_class,
        }
    else:
        data["command"] = "adopt"
        data["answers"] = dict(report.answers)
    return json.dumps(data, indent=2)


def _update_text(plan: UpdatePlan, *, diff: bool) -> str:
    head = f"{plan.project}: template v{plan.from_version} -> v{plan.to_version}"
    if plan.current:
        notes = [f"  {c.path}  ({_SAY[c.action]})" for c in plan.changes]
        return "\n".join([f"{head}: up to date.", *notes])
    verb = "would change" if plan.dry_run else "changed"
    lines = [f"{head}: {len(plan.written)} file(s) {verb}:"]
    lines += [f"  {c.path}  ({_SAY[c.action]})" for c in plan.changes]
    if plan.backup is not None:
        lines.append(f"Copies of the overwritten files: {plan.backup}")
    if plan.conflicts:
        lines.append(
            "Resolve the conflict markers (<<<<<<< ======= >>>>>>>) in: "
            + ", ".join(plan.conflicts)
        )
    elif not plan.dry_run:
        lines.append('Next: pip install -e ".[test]" && pytest')
    if diff:
        lines.append("".join(c.diff() for c in plan.changes).rstrip("\n"))
    return "\n".join(lines)


def report_text(report: Report, *, diff: bool = False) -> str:
    """The report as the lines the CLI prints."""
    if isinstance(report, UpdatePlan):
        return _update_text(report, diff=diff)
    verb = "would write" if report.dry_run else "wrote"
    lines = [f"{report.project}: {verb} {len(report.files)} file(s):"]
    lines += [f"  {f}" for f in report.files]
    if report.backup is not None:
        lines.append(f"Copies of the overwritten files: {report.backup}")
    if isinstance(report, AddedWriter):
        lines.insert(
            0, f"writer {report.class_name}, entry point {report.entry_point} = {report.value}"
        )
    elif isinstance(report, AddedTrainer):
        lines.insert(
            0,
            f"trainer {report.trainer_class} (settings {report.settings_class}), "
            f"trainer_type {report.trainer_type}",
        )
    else:
        lines.insert(
            0, f"linked to template v{report.template_version} as {report.answers['plugin_name']!r}"
        )
    if not report.dry_run:
        lines.append(_next_step(report))
    return "\n".join(lines)


def _next_step(report: object) -> str:
    if isinstance(report, AddedTrainer):  # its tests need the real host, which tox installs
        return "Next: tox -e py311 (installs the real ML-Agents host, then runs the tests)"
    return (
        'Next: pip install -e ".[test]" --find-links wheelhouse && pytest '
        "(entry points change on install)"
    )
