"""GitHub annotations from verify's JSON report: places, levels, escaping, bad reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import pytest

from scaffold import Finding, Location, Report, StepResult
from scaffold._ci_annotations import Annotation, annotate, main, read_report
from scaffold._errors import FileProblem

#: A project with the src layout, a second package with a module of the same name, tests.
PROJECT_FILES = (
    "pyproject.toml",
    "src/demo_writer/__init__.py",
    "src/demo_writer/writer.py",
    "src/demo_writer/sinks.py",
    "src/other/sinks.py",
    "tests/test_writer.py",
    ".tox/py311/lib/python3.11/site-packages/demo_writer/writer.py",
)
VENV = "/root/.cache/mlplugin/venvs/0123/lib/python3.11/site-packages"
TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "/opt/mlplugin/scaffold/_verify/_runner.py", line 330, in register\n'
    "    result = func(run_options)\n"
    f'  File "{VENV}/demo_writer/__init__.py", line 22, in get_writers\n'
    "    return [DemoWriter(path)]\n"
    f'  File "{VENV}/demo_writer/writer.py", line 41, in __init__\n'
    '    raise RuntimeError("no backend")\n'
    "RuntimeError: no backend\n"
)
DECLARED = Location("pyproject.toml", 33)


def _finding(**overrides: Any) -> Finding:
    fields: dict[str, Any] = {
        "check_id": "MLP603",
        "severity": "error",
        "step": "run",
        "title": "write_stats handles every category",
        "message": "entry point 'demo': DemoWriter.write_stats raised KeyError('x')",
        "fix": "Handle every category.",
        "location": DECLARED,
    }
    return Finding(**{**fields, **overrides})


PLACES = [
    pytest.param(
        _finding(step="register", detail=TRACEBACK),
        ("p/src/demo_writer/writer.py", 41),
        id="traceback-innermost-venv-frame-to-src",
    ),
    pytest.param(
        _finding(detail=TRACEBACK.replace("demo_writer/writer.py", "demo_writer/gone.py")),
        ("p/src/demo_writer/__init__.py", 22),
        id="traceback-skips-frames-with-no-project-file",
    ),
    pytest.param(
        _finding(message="DemoWriter.write_stats raised KeyError('x') at writer.py:80 for ..."),
        ("p/src/demo_writer/writer.py", 80),
        id="contract-message-raise-site",
    ),
    pytest.param(
        _finding(message="DemoWriter.write_stats raised KeyError('x') at sinks.py:9 for ..."),
        ("p/pyproject.toml", 33),
        id="ambiguous-name-falls-back-to-declaration",
    ),
    pytest.param(_finding(), ("p/pyproject.toml", 33), id="no-origin-declared-location"),
    pytest.param(
        _finding(step="static", location=Location("pyproject.toml")),
        ("p/pyproject.toml", None),
        id="file-without-line",
    ),
    pytest.param(
        _finding(step="build", location=Location("demo-0.1-py3-none-any.whl:entry_points.txt")),
        (None, None),
        id="wheel-member-has-no-file",
    ),
    pytest.param(
        _finding(location=Location("/etc/passwd", 1)), (None, None), id="outside-the-workspace"
    ),
    pytest.param(_finding(location=None), (None, None), id="no-location"),
]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A repository root holding the verified project in ``p/``."""
    for name in PROJECT_FILES:
        path = tmp_path / "p" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# file\n", encoding="utf-8")
    (tmp_path / "p/.tox/py311/pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    return tmp_path


def _report(*findings: Finding, strict: bool = False) -> Report:
    return Report(
        target="p",
        target_kind="project",
        findings=findings,
        steps=(StepResult("static", "passed", 0.01), StepResult("run", "failed", 1.5)),
        strict=strict,
    )


@pytest.mark.parametrize(("finding", "expected"), PLACES)
def test_findings_land_on_the_projects_own_lines(
    workspace: Path, finding: Finding, expected: tuple[Optional[str], Optional[int]]
) -> None:
    """Throwaway-environment paths map back to the project; otherwise the declaration."""
    (annotation,) = annotate(_report(finding), workspace / "p", workspace)
    assert (annotation.file, annotation.line) == expected


LEVELS = [
    pytest.param("error", False, False, "error", id="error"),
    pytest.param("warning", False, False, "warning", id="warning"),
    pytest.param("warning", True, False, "error", id="warning-under-strict"),
    pytest.param("info", False, False, "notice", id="info"),
    pytest.param("error", False, True, None, id="ignored-error-is-silent"),
]


@pytest.mark.parametrize(("severity", "strict", "ignored", "level"), LEVELS)
def test_level_follows_whether_the_finding_fails_the_run(
    workspace: Path, severity: str, strict: bool, ignored: bool, level: Optional[str]
) -> None:
    """Failing findings are errors, others warnings or notices; ignored ones are dropped."""
    finding = _finding(
        severity=severity, ignored=ignored, ignore_reason="known" if ignored else None
    )
    found = annotate(_report(finding, strict=strict), workspace / "p", workspace)
    assert [a.level for a in found] == ([] if level is None else [level])


COMMANDS = [
    pytest.param(
        Annotation("error", "MLP1: a, b", "line one\nline 100%", "src/a,b.py", 3),
        "::error file=src/a%2Cb.py,line=3,title=MLP1%3A a%2C b::line one%0Aline 100%25",
        id="escaped",
    ),
    pytest.param(
        Annotation("warning", "MLP2: t", "m", "pyproject.toml"),
        "::warning file=pyproject.toml,title=MLP2%3A t::m",
        id="file-only",
    ),
    pytest.param(Annotation("notice", "t", "m"), "::notice title=t::m", id="no-file"),
]


@pytest.mark.parametrize(("annotation", "command"), COMMANDS)
def test_workflow_command_syntax(annotation: Annotation, command: str) -> None:
    """Properties and data are escaped the way GitHub's workflow commands require."""
    assert annotation.command() == command


def test_message_carries_fix_and_declaration(workspace: Path) -> None:
    """The annotation text ends with the fix and, when moved, where the plugin is declared."""
    finding = _finding(message="x raised at writer.py:80 for 3DBall")
    (annotation,) = annotate(_report(finding), workspace / "p", workspace)
    assert annotation.message == (
        "x raised at writer.py:80 for 3DBall\nFix: Handle every category.\n"
        "Declared at pyproject.toml:33."
    )
    assert annotation.title == "MLP603: write_stats handles every category"


def test_report_survives_the_json_round_trip(tmp_path: Path) -> None:
    """read_report rebuilds exactly the Report that verify rendered as JSON."""
    report = _report(
        _finding(detail=TRACEBACK),
        _finding(
            check_id="MLP999",
            severity="warning",
            location=None,
            ignored=True,
            ignore_reason="flaky",
        ),
    )
    path = tmp_path / "r.json"
    path.write_text(report.to_json(), encoding="utf-8")
    assert read_report(path) == report


BAD_REPORTS = [
    pytest.param(None, "No such file", id="missing"),
    pytest.param("{not json", "not JSON", id="not-json"),
    pytest.param('{"schema_version": 2}', "schema_version 2", id="future-schema"),
    pytest.param('{"schema_version": 1, "findings": [{}]}', "not a verify JSON report", id="shape"),
]


@pytest.mark.parametrize(("text", "reason"), BAD_REPORTS)
def test_unreadable_report_is_a_file_problem(
    tmp_path: Path, text: Optional[str], reason: str
) -> None:
    """A report that cannot be read raises FileProblem naming the file and why."""
    path = tmp_path / "r.json"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(FileProblem, match=reason) as caught:
        read_report(path)
    assert caught.value.path == str(path)


def test_main_prints_annotations_writes_junit_and_exits_like_verify(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The module's entry point: annotations on stdout, verify's JUnit, verify's exit code."""
    report = _report(_finding(step="register", detail=TRACEBACK))
    (workspace / "r.json").write_text(report.to_json(), encoding="utf-8")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(workspace))
    code = main(
        [
            str(workspace / "r.json"),
            "--project",
            str(workspace / "p"),
            "--junit",
            str(workspace / "v.xml"),
        ]
    )
    assert code == 1
    assert capsys.readouterr().out.startswith(
        "::error file=p/src/demo_writer/writer.py,line=41,title=MLP603"
    )
    assert (workspace / "v.xml").read_text(encoding="utf-8") == report.to_junit()


def test_main_reports_an_unreadable_report_as_an_annotation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No report: one error annotation and exit code 3, no traceback."""
    assert main([str(tmp_path / "missing.json")]) == 3
    assert capsys.readouterr().out.startswith("::error title=mlplugin verify::")
