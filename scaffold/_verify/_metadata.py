"""Collect what a project declares: entry points, dependencies, ignores.

Reads ``pyproject.toml`` (PEP 621 ``[project.entry-points]``, Poetry's
``[tool.poetry.plugins]``), ``setup.cfg`` (``[options.entry_points]``) and ``setup.py``
(statically, see :mod:`._setup_py`). Nothing is imported from or executed in the project.
"""

from __future__ import annotations

import configparser
import dataclasses
import re
from pathlib import Path
from typing import Any, Optional

from ._catalog import finding
from ._model import Finding, Location
from ._setup_py import read_setup_py
from ._toml import TomlError, find_line, parse_toml


@dataclasses.dataclass(frozen=True)
class Declaration:
    """One ``name = value`` line in an entry-point group of the project."""

    group: str
    name: str
    value: str
    location: Location


@dataclasses.dataclass(frozen=True)
class Requirement:
    """A runtime dependency as written, with where it was written."""

    text: str
    location: Location


@dataclasses.dataclass
class ProjectInfo:
    """Everything the static step learnt from the project's packaging files."""

    root: Path
    sources: list[str] = dataclasses.field(default_factory=list)
    name: Optional[str] = None
    requires_python: Optional[str] = None
    declarations: list[Declaration] = dataclasses.field(default_factory=list)
    requirements: list[Requirement] = dataclasses.field(default_factory=list)
    findings: list[Finding] = dataclasses.field(default_factory=list)
    package_dirs: list[Path] = dataclasses.field(default_factory=list)
    verify_config: dict[str, Any] = dataclasses.field(default_factory=dict)
    pyproject_path: Optional[Path] = None
    unreadable: bool = False


_ASSIGNMENT = re.compile(r"^\s*([^=\s][^=]*?)\s*=\s*(.*?)\s*$")


def split_entry(line: str) -> tuple[str, str]:
    """Split ``name = value`` (the value may be empty when there is no ``=``)."""
    match = _ASSIGNMENT.match(line)
    if not match:
        return line.strip(), ""
    return match.group(1).strip(), match.group(2).strip()


def read_project(root: Path) -> ProjectInfo:
    """Read every packaging file under ``root``; problems become findings."""
    info = ProjectInfo(root=root)
    pyproject = root / "pyproject.toml"
    project_table: Optional[dict[str, Any]] = None
    if pyproject.is_file():
        info.sources.append("pyproject.toml")
        info.pyproject_path = pyproject
        project_table = _read_pyproject(info, pyproject)
    dynamic = set(project_table.get("dynamic", ())) if project_table else set()
    from_pep621 = project_table is not None
    legacy = not from_pep621 or "entry-points" in dynamic
    legacy_deps = not from_pep621 or "dependencies" in dynamic
    if (root / "setup.cfg").is_file():
        info.sources.append("setup.cfg")
        _read_setup_cfg(info, root / "setup.cfg", entry_points=legacy, deps=legacy_deps)
    if (root / "setup.py").is_file():
        info.sources.append("setup.py")
        _read_setup_py(info, root / "setup.py", entry_points=legacy, deps=legacy_deps)
    return info


def _rel(info: ProjectInfo, path: Path) -> str:
    try:
        return str(path.relative_to(info.root))
    except ValueError:
        return str(path)


def _read_pyproject(info: ProjectInfo, path: Path) -> Optional[dict[str, Any]]:
    text = path.read_text(encoding="utf-8", errors="replace")
    rel = _rel(info, path)
    try:
        data = parse_toml(text)
    except TomlError as exc:
        info.findings.append(
            finding(
                "MLP100",
                f"pyproject.toml is not valid TOML: {exc.message}",
                location=Location(rel, exc.line),
                fix="Fix the TOML syntax (a key written twice in one table is an error too).",
            )
        )
        return None
    tool = data.get("tool", {})
    mlplugin = tool.get("mlplugin", {}) if isinstance(tool, dict) else {}
    verify_config = mlplugin.get("verify", {}) if isinstance(mlplugin, dict) else {}
    if isinstance(verify_config, dict):
        info.verify_config = verify_config
    project = data.get("project")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    if isinstance(poetry, dict):
        info.name = info.name or _str(poetry.get("name"))
        _add_groups(info, text, rel, poetry.get("plugins"), "tool.poetry.plugins")
    if not isinstance(project, dict):
        return None
    info.name = _str(project.get("name")) or info.name
    info.requires_python = _str(project.get("requires-python"))
    _add_groups(info, text, rel, project.get("entry-points"), "project.entry-points")
    for requirement in project.get("dependencies", ()) or ():
        if isinstance(requirement, str):
            line = find_line(text, requirement)
            info.requirements.append(Requirement(requirement, Location(rel, line)))
    return project


def _add_groups(info: ProjectInfo, text: str, rel: str, groups: Any, table: str) -> None:
    if not isinstance(groups, dict):
        return
    for group, entries in groups.items():
        if not isinstance(entries, dict):
            continue
        for name, value in entries.items():
            line = find_line(text, str(name), table=f"{table}.{group}", group=str(group))
            info.declarations.append(
                Declaration(str(group), str(name), str(value), Location(rel, line))
            )


def _str(value: Any) -> Optional[str]:
    return value if isinstance(value, str) else None


def _read_setup_cfg(info: ProjectInfo, path: Path, *, entry_points: bool, deps: bool) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    rel = _rel(info, path)
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text, source=rel)
    except configparser.Error as exc:
        info.findings.append(
            finding(
                "MLP100",
                f"setup.cfg cannot be parsed: {exc}".splitlines()[0],
                location=Location(rel),
                fix="Fix the INI syntax of setup.cfg.",
            )
        )
        return
    if parser.has_section("metadata"):
        info.name = info.name or parser.get("metadata", "name", fallback=None)
    if parser.has_section("options"):
        info.requires_python = info.requires_python or parser.get(
            "options", "python_requires", fallback=None
        )
        package_dir = parser.get("options", "package_dir", fallback="")
        for line in package_dir.splitlines():
            key, value = split_entry(line) if "=" in line else ("", line.strip())
            if value and key in ("", '""'):
                info.package_dirs.append(info.root / value)
        if deps:
            for requirement in parser.get("options", "install_requires", fallback="").splitlines():
                if requirement.strip():
                    location = Location(rel, find_line(text, requirement.strip()))
                    info.requirements.append(Requirement(requirement.strip(), location))
    if entry_points and parser.has_section("options.entry_points"):
        for group, block in parser.items("options.entry_points"):
            for raw in block.splitlines():
                if not raw.strip() or raw.strip().startswith(("#", ";")):
                    continue
                name, value = split_entry(raw)
                number = find_line(text, raw.strip(), group=group)
                info.declarations.append(Declaration(group, name, value, Location(rel, number)))


def _read_setup_py(info: ProjectInfo, path: Path, *, entry_points: bool, deps: bool) -> None:
    rel = _rel(info, path)
    try:
        setup = read_setup_py(path.read_text(encoding="utf-8", errors="replace"), rel)
    except SyntaxError as exc:
        info.findings.append(
            finding(
                "MLP105",
                f"setup.py cannot be parsed ({exc.msg}), so its entry points cannot "
                "be read; verify checks them in the built wheel instead",
                location=Location(rel, exc.lineno),
                fix="Fix the syntax error in setup.py.",
            )
        )
        info.unreadable = True
        return
    for line, statement in setup.host_imports:
        info.findings.append(
            finding(
                "MLP104",
                f"setup.py runs `{statement}`, which fails in an isolated build "
                "(ModuleNotFoundError: No module named 'mlagents')",
                location=Location(rel, line),
            )
        )
    info.name = info.name or setup.name
    info.requires_python = info.requires_python or setup.python_requires
    if deps:
        info.requirements.extend(
            Requirement(text, Location(rel, line)) for text, line in setup.install_requires
        )
    if not entry_points:
        return
    if setup.computed:
        info.unreadable = True
        info.findings.append(
            finding(
                "MLP105",
                "setup.py computes entry_points at build time, so they cannot be "
                "read without running it; verify checks them in the built wheel instead",
                location=Location(rel, setup.entry_points_line),
            )
        )
    for group, entries in (setup.entry_points or {}).items():
        for raw, line in entries:
            name, value = split_entry(raw)
            info.declarations.append(Declaration(group, name, value, Location(rel, line)))
