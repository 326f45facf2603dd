"""The report: ok/exit code rules, JSON that validates against the schema, JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from scaffold._verify import (
    CHECK_CATALOG,
    Finding,
    HostSupport,
    Location,
    Report,
    StepResult,
    verify,
)
from scaffold._verify._steps import STEPS

from .conftest import Writer, pyproject, src_package

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[2] / "docs" / "reference" / "verify-report.schema.json"
    ).read_text(encoding="utf-8")
)


def make_finding(check_id: str, severity: str, **extra: object) -> Finding:
    """A finding with the catalogue's step."""
    return Finding(
        check_id=check_id,
        severity=severity,
        step=CHECK_CATALOG[check_id].step,
        title="t",
        message="m",
        fix="f",
        **extra,
    )  # type: ignore[arg-type]


def make_report(*findings: Finding, strict: bool = False) -> Report:
    """A report whose steps all passed, carrying ``findings``."""
    return Report(
        target="demo",
        target_kind="project",
        findings=findings,
        steps=tuple(StepResult(s, "passed", 0.5) for s in STEPS),
        strict=strict,
        host_support=(HostSupport("0.24", False, "on_add_stat"), HostSupport("1.1", True, "")),
    )


VERDICTS = [
    pytest.param((), False, 0, id="clean"),
    pytest.param((("MLP302", "info"),), True, 0, id="info-under-strict"),
    pytest.param((("MLP108", "warning"),), False, 0, id="warning"),
    pytest.param((("MLP108", "warning"),), True, 1, id="warning-under-strict"),
    pytest.param((("MLP401", "error"),), False, 1, id="error"),
]


@pytest.mark.parametrize(("found", "strict", "exit_code"), VERDICTS)
def test_exit_code_follows_severity_and_strict(
    found: tuple[tuple[str, str], ...], strict: bool, exit_code: int
) -> None:
    """Errors fail, warnings fail only under strict, info never."""
    report = make_report(*(make_finding(c, s) for c, s in found), strict=strict)
    assert (report.exit_code, report.ok) == (exit_code, exit_code == 0)


def test_ignored_error_does_not_fail() -> None:
    """An ignored finding never fails the run."""
    report = make_report(make_finding("MLP401", "error", ignored=True, ignore_reason="r"))
    assert report.exit_code == 0


def test_finding_rejects_unknown_severity_and_step() -> None:
    """Findings only carry documented severities and steps."""
    with pytest.raises(ValueError, match="severity"):
        Finding("MLP100", "fatal", "static", "t", "m", "f")
    with pytest.raises(ValueError, match="step"):
        Finding("MLP100", "error", "lint", "t", "m", "f")


def test_synthetic_report_json_validates_against_the_schema() -> None:
    """Every field a report can have (locations, detail, ignores) fits the schema."""
    report = make_report(
        make_finding(
            "MLP108",
            "warning",
            location=Location("pyproject.toml", 12),
            ignored=True,
            ignore_reason="needed",
        ),
        make_finding("MLP401", "error", location=Location("x.whl"), detail="Traceback ..."),
    )
    document = json.loads(report.to_json())
    jsonschema.validate(document, SCHEMA)
    assert document["summary"] == {"error": 1, "warning": 0, "info": 0, "ignored": 1}


def test_real_report_json_validates_against_the_schema(project: Writer) -> None:
    """A report from a real (static-only) run is schema-valid."""
    table = '[project.entry-points."mlagents.stat_writer"]\ndemo = "demo_writer:get_writers"\n'
    root = project({"pyproject.toml": pyproject(table), **src_package()})
    document = json.loads(verify(root).to_json())
    jsonschema.validate(document, SCHEMA)
    assert [f["check_id"] for f in document["findings"]] == ["MLP102"]
    assert document["exit_code"] == 1


def test_schema_is_valid_draft_2020_12() -> None:
    """The schema file itself is a valid draft 2020-12 schema."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_junit_has_one_testcase_per_step_and_a_failure_per_finding() -> None:
    """JUnit XML parses; failures count blocking findings, skipped steps are skipped."""
    report = Report(
        target="demo",
        target_kind="project",
        findings=(
            make_finding("MLP401", "error", detail="Traceback \x00 (most recent)"),
            make_finding("MLP302", "info"),
        ),
        steps=(
            StepResult("static", "passed"),
            StepResult("build", "passed"),
            StepResult("install", "passed"),
            StepResult("load", "failed", 0.2),
            StepResult("register", "skipped"),
            StepResult("run", "skipped"),
        ),
    )
    root = ET.fromstring(report.to_junit().encode("utf-8"))  # noqa: S314 - our own output
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == list(STEPS)
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("6", "1", "2")
    load = cases[3].find("failure")
    assert load is not None
    assert load.get("type") == "MLP401"
    install_out = cases[2].find("system-out")
    assert install_out is not None
    assert "MLP302" in (install_out.text or "")
