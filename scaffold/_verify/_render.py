"""Machine-readable renderings of a :class:`Report`: JSON and JUnit XML.

The JSON layout is described by ``docs/reference/verify-report.schema.json``; bump
:data:`SCHEMA_VERSION` whenever a field changes meaning or disappears.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from ._model import Finding, Report

SCHEMA_VERSION = 1

# XML 1.0 cannot carry most control characters; plugin output may contain them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mlplugin")
    except PackageNotFoundError:
        return "0+unknown"


def finding_dict(finding: Finding) -> dict[str, Any]:
    """One finding as a JSON-ready dict."""
    location: Optional[dict[str, Any]] = None
    if finding.location is not None:
        location = {"path": finding.location.path, "line": finding.location.line}
    return {
        "check_id": finding.check_id,
        "severity": finding.severity,
        "step": finding.step,
        "title": finding.title,
        "message": finding.message,
        "fix": finding.fix,
        "location": location,
        "detail": finding.detail,
        "ignored": finding.ignored,
        "ignore_reason": finding.ignore_reason,
    }


def report_dict(report: Report) -> dict[str, Any]:
    """The whole report as a JSON-ready dict."""
    counts = report.counts()
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "mlplugin", "version": _version()},
        "target": report.target,
        "target_kind": report.target_kind,
        "strict": report.strict,
        "ok": report.ok,
        "exit_code": report.exit_code,
        "summary": {**counts, "ignored": sum(1 for f in report.findings if f.ignored)},
        "steps": [
            {"name": s.name, "status": s.status, "elapsed_s": s.elapsed_s} for s in report.steps
        ],
        "findings": [finding_dict(f) for f in report.findings],
        "host_support": [
            {"release": h.release, "supported": h.supported, "reason": h.reason}
            for h in report.host_support
        ],
    }


def report_to_json(report: Report) -> str:
    """``report`` as indented JSON text."""
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"


def _clean(text: str) -> str:
    return _NOT_XML.sub("\N{REPLACEMENT CHARACTER}", text)


def report_to_junit(report: Report) -> str:
    """``report`` as JUnit XML: a test case per step, a failure per blocking finding.

    Warnings that do not fail the run and info findings go to ``system-out``; skipped
    steps are ``<skipped/>`` test cases; ignored findings are listed as ignored.
    """
    suite = ET.Element("testsuite", {"name": f"mlplugin verify {_clean(report.target)}"})
    failures = skipped = 0
    total_time = 0.0
    for step in report.steps:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": "mlplugin.verify",
                "name": step.name,
                "time": f"{step.elapsed_s:.3f}",
            },
        )
        total_time += step.elapsed_s
        notes: list[str] = []
        for item in (f for f in report.findings if f.step == step.name):
            where = f" at {item.location}" if item.location else ""
            text = f"{item.check_id} {item.severity}{where}: {item.message}\nFix: {item.fix}"
            if item.blocks(strict=report.strict):
                failure = ET.SubElement(
                    case,
                    "failure",
                    {
                        "type": item.check_id,
                        "message": _clean(f"{item.check_id}: {item.message}"),
                    },
                )
                failure.text = _clean(text + (f"\n\n{item.detail}" if item.detail else ""))
                failures += 1
            else:
                state = f"ignored ({item.ignore_reason})" if item.ignored else "not failing"
                notes.append(f"[{state}] {text}")
        if step.status == "skipped":
            ET.SubElement(
                case, "skipped", {"message": "an earlier step failed or the step was not selected"}
            )
            skipped += 1
        if notes:
            ET.SubElement(case, "system-out").text = _clean("\n".join(notes))
    suite.set("tests", str(len(report.steps)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    suite.set("time", f"{total_time:.3f}")
    suites = ET.Element("testsuites")
    suites.append(suite)
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
