"""GitHub annotations from a verify report: the second half of mlplugin's Action.

The composite Action (``action.yml`` at the repository root) runs ``mlplugin verify
--format json`` once, then ``python -m scaffold._ci_annotations REPORT --project DIR
--junit FILE``. This module prints one GitHub workflow command (``::error file=…,line=…::``)
per finding, so each one shows on the right line of the pull request, writes the JUnit
XML of the same report (rendered by verify's own renderer, identical to ``--format
junit``) and exits with verify's exit code.

Findings of the load, register and run steps happen inside verify's throwaway
environment: their tracebacks name files under its ``site-packages``, and the contract
scenario names the raising line as ``at writer.py:80``. Both are mapped back to the file
of the same name in the project's own tree; when no single project file matches, the
annotation falls back to the finding's declared location (the entry point in
``pyproject.toml``). A report that cannot be read raises :class:`FileProblem` (exit 3).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Optional

from ._errors import FileProblem
from ._verify import Finding, HostSupport, Location, Report, StepResult

#: A frame line of a Python traceback: ``File "/x/site-packages/pkg/mod.py", line 12``.
_FRAME = re.compile(r'^\s*File "(?P<path>[^"]+)", line (?P<line>\d+)', re.MULTILINE)
#: Where the contract scenario says the plugin raised: ``... at writer.py:80 ...``.
_RAISED_AT = re.compile(r"\bat (?P<name>[\w.-]+\.py):(?P<line>\d+)\b")
#: Directories never searched for a project's own files.
_SKIP_DIRS = frozenset({"__pycache__", "build", "dist", "node_modules", "site-packages"})
_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


@dataclasses.dataclass(frozen=True)
class Annotation:
    """One GitHub annotation: a level, a title, a message and maybe a place."""

    level: str
    title: str
    message: str
    file: Optional[str] = None
    line: Optional[int] = None

    def command(self) -> str:
        """The ``::level file=…,line=…,title=…::message`` workflow command."""
        props = []
        if self.file is not None:
            props.append(f"file={_escape_property(self.file)}")
            if self.line is not None:
                props.append(f"line={self.line}")
        props.append(f"title={_escape_property(self.title)}")
        return f"::{self.level} {','.join(props)}::{_escape_data(self.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def read_report(path: Path) -> Report:
    """The :class:`Report` that ``mlplugin verify --format json`` wrote to ``path``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise FileProblem(path=str(path), reason=error.strerror or str(error)) from error
    except ValueError as error:
        raise FileProblem(path=str(path), reason=f"not JSON ({error})") from error
    try:
        return _report(data)
    except (KeyError, TypeError, ValueError) as error:
        raise FileProblem(
            path=str(path), reason=f"not a verify JSON report (schema version 1): {error!r}"
        ) from error


def _report(data: dict[str, Any]) -> Report:
    if data["schema_version"] != 1:
        raise ValueError(f"schema_version {data['schema_version']!r}")
    findings = []
    for item in data["findings"]:
        where = item["location"]
        fields = {**item, "location": Location(where["path"], where["line"]) if where else None}
        findings.append(Finding(**fields))
    return Report(
        target=data["target"],
        target_kind=data["target_kind"],
        findings=tuple(findings),
        steps=tuple(StepResult(s["name"], s["status"], s["elapsed_s"]) for s in data["steps"]),
        strict=data["strict"],
        host_support=tuple(HostSupport(**h) for h in data["host_support"]),
    )


def annotate(report: Report, project: Path, workspace: Path) -> tuple[Annotation, ...]:
    """One annotation per finding that is not ignored, placed in the project's files.

    ``project`` is the directory verify checked, ``workspace`` the repository root that
    GitHub resolves annotation paths against.
    """
    files = _ProjectFiles(project)
    result = []
    for finding in report.active_findings:
        declared = _declared_file(finding.location, project)
        place = files.origin(finding) or declared
        message = finding.message
        if finding.fix:
            message += f"\nFix: {finding.fix}"
        if finding.location is not None and place != declared:
            message += f"\nDeclared at {finding.location}."
        level = "error" if finding.blocks(strict=report.strict) else _LEVELS[finding.severity]
        title = f"{finding.check_id}: {finding.title}"
        file = _relative(place[0], workspace) if place is not None else None
        line = place[1] if place is not None and file is not None else None
        result.append(Annotation(level, title, message, file, line))
    return tuple(result)


def _declared_file(
    location: Optional[Location], project: Path
) -> Optional[tuple[Path, Optional[int]]]:
    if location is None:
        return None
    path = Path(location.path)
    path = path if path.is_absolute() else project / path
    return (path, location.line) if path.is_file() else None


def _relative(path: Path, workspace: Path) -> Optional[str]:
    try:
        return path.resolve().relative_to(workspace.resolve()).as_posix()
    except ValueError:
        return None


class _ProjectFiles:
    """The project's own ``.py`` files, found by the names verify's messages use."""

    def __init__(self, project: Path) -> None:
        self.project = project.resolve()
        self._files: Optional[list[Path]] = None

    def all(self) -> list[Path]:
        if self._files is None:
            self._files = sorted(self._walk())
        return self._files

    def _walk(self) -> Iterator[Path]:
        for here, dirs, names in os.walk(self.project):
            dirs[:] = [
                d
                for d in dirs
                if not d.startswith(".")
                and d not in _SKIP_DIRS
                and not d.endswith(".egg-info")
                and not (Path(here) / d / "pyvenv.cfg").exists()
            ]
            yield from (Path(here) / n for n in names if n.endswith(".py"))

    def origin(self, finding: Finding) -> Optional[tuple[Path, Optional[int]]]:
        """The project file and line where the plugin failed, from the finding's text."""
        for match in reversed(list(_FRAME.finditer(finding.detail or ""))):
            found = self._match(Path(match["path"]))
            if found is not None:
                return found, int(match["line"])
        raised = _RAISED_AT.search(finding.message)
        if raised is not None:
            found = self._unique(lambda p: p.name == raised["name"])
            if found is not None:
                return found, int(raised["line"])
        return None

    def _match(self, path: Path) -> Optional[Path]:
        """``path`` itself when it is in the project, else the project's copy of it."""
        if path.is_absolute() and self.project in path.resolve().parents:
            return path.resolve() if path.is_file() else None
        parts = path.parts
        if "site-packages" not in parts:
            return None
        tail = parts[len(parts) - parts[::-1].index("site-packages") :]
        return self._unique(lambda p: p.parts[-len(tail) :] == tail)

    def _unique(self, wanted: Callable[[Path], bool]) -> Optional[Path]:
        matches = [p for p in self.all() if wanted(p)]
        return matches[0] if len(matches) == 1 else None


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise FileProblem(path=str(path), reason=error.strerror or str(error)) from error


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Print the annotations for a verify JSON report; return verify's exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m scaffold._ci_annotations",
        description="Turn an `mlplugin verify --format json` report into GitHub annotations.",
    )
    parser.add_argument("report", type=Path, help="the JSON report verify wrote")
    parser.add_argument("--project", type=Path, default=Path(), help="the directory verified")
    parser.add_argument("--junit", type=Path, default=None, help="also write JUnit XML here")
    args = parser.parse_args(argv)
    from .cli import exit_code_for

    try:
        report = read_report(args.report)
        if args.junit is not None:
            _write(args.junit, report.to_junit())
    except FileProblem as error:
        print(f"::error title=mlplugin verify::{_escape_data(str(error))}")
        return exit_code_for(error)
    workspace = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd())
    for annotation in annotate(report, args.project, workspace):
        print(annotation.command())
    return report.exit_code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
