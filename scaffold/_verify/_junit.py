"""A verify report as JUnit XML, for CI systems that show test results.

Rendered from :meth:`Report.to_dict() <scaffold.Report.to_dict>` -- the same data as
the JSON report -- so this module needs nothing from the report's classes. One test case
per step, one failure per finding that fails the run.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

# XML 1.0 cannot carry most control characters; plugin output may contain them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _blocks(finding: Mapping[str, Any], strict: bool) -> bool:
    if finding["ignored"]:
        return False
    return finding["severity"] == "error" or (strict and finding["severity"] == "warning")


def _where(finding: Mapping[str, Any]) -> str:
    location = finding["location"]
    if not location:
        return ""
    line = location.get("line")
    return f" at {location['path']}" + (f":{line}" if line is not None else "")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\N{REPLACEMENT CHARACTER}", text)


def junit_xml(report: Mapping[str, Any]) -> str:
    """A report dict as JUnit XML: a test case per step, a failure per blocking finding.

    Warnings that do not fail the run and info findings go to ``system-out``; skipped
    steps are ``<skipped/>`` test cases; ignored findings are listed as ignored.
    """
    strict = bool(report["strict"])
    suite = ET.Element("testsuite", {"name": f"mlplugin verify {_clean(report['target'])}"})
    failures = skipped = 0
    total_time = 0.0
    for step in report["steps"]:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": "mlplugin.verify",
                "name": step["name"],
                "time": f"{step['elapsed_s']:.3f}",
            },
        )
        total_time += step["elapsed_s"]
        notes: list[str] = []
        for item in (f for f in report["findings"] if f["step"] == step["name"]):
            head = f"{item['check_id']} {item['severity']}{_where(item)}: {item['message']}"
            text = f"{head}\nFix: {item['fix']}"
            if _blocks(item, strict):
                failure = ET.SubElement(
                    case,
                    "failure",
                    {
                        "type": item["check_id"],
                        "message": _clean(f"{item['check_id']}: {item['message']}"),
                    },
                )
                detail = item["detail"]
                failure.text = _clean(text + (f"\n\n{detail}" if detail else ""))
                failures += 1
            else:
                state = f"ignored ({item['ignore_reason']})" if item["ignored"] else "not failing"
                notes.append(f"[{state}] {text}")
        if step["status"] == "skipped":
            ET.SubElement(
                case, "skipped", {"message": "an earlier step failed or the step was not selected"}
            )
            skipped += 1
        if notes:
            ET.SubElement(case, "system-out").text = _clean("\n".join(notes))
    suite.set("tests", str(len(report["steps"])))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    suite.set("time", f"{total_time:.3f}")
    suites = ET.Element("testsuites")
    suites.append(suite)
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
