"""``mlplugin adopt``: link a hand-written plugin to the template without touching its code.

The answers are inferred from the project's packaging metadata (name, description, first
author, license, Python classifiers; defaults where it says nothing) and recorded under
``[tool.mlplugin]`` with today's template version, so that ``check`` and ``update`` work
from then on. What the project lacks is added, file by file and only where no file of that
name exists: ``tests/test_mlplugin_contract.py`` (the contract suite for every declared
``mlagents.stats_writer`` entry point), the template's ``tox.ini``, CI workflow,
pre-commit configuration and ``wheelhouse/`` (the mlplugin wheel they install). The
plugin's own modules, packaging declarations and tests are never changed;
``pyproject.toml`` gains only the ``[tool.mlplugin]`` table (or is created holding just
that table).

Failures: a directory that already records ``[tool.mlplugin]`` or declares no stats-writer
entry point raises :class:`~scaffold.NotAProject`; unsafe writes raise
:class:`~scaffold.ProjectRefused`; failed writes :class:`~scaffold.WriteFailed`, undone.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from reference_core._kinds import ML_AGENTS_STATS_WRITER as GROUP
from reference_core._kinds import ML_AGENTS_TRAINER_TYPE as TRAINER_GROUP
from scaffold._errors import NotAProject
from scaffold._lifecycle import read_files

__all__ = ["Adopted", "adopt"]

#: Template files adopt adds when the project has no file of that name.
FROM_TEMPLATE = (
    "tox.ini",
    ".github/workflows/ci.yml",
    ".pre-commit-config.yaml",
)
CONTRACT_TESTS = "tests/test_mlplugin_contract.py"
#: The mlplugin wheel the template's tox.ini and CI install from (see scaffold._wheelhouse).
WHEELHOUSE = "wheelhouse/"


@dataclass(frozen=True)
class Adopted:
    """What :func:`adopt` wrote (or would write) into ``project``."""

    project: Path
    answers: Mapping[str, Any]
    template_version: int
    entry_points: tuple[str, ...]
    files: tuple[str, ...]
    dry_run: bool = True
    backup: Optional[Path] = field(default=None)


def _packaging(
    project: Path,
) -> tuple[Optional[str], list[tuple[str, str]], dict[str, Any], set[str]]:
    """The distribution name, the stats-writer entry points, ``[project]`` and every group."""
    from reference_core._packaging import read_packaging
    from reference_core._toml import load_toml

    info = read_packaging(project)
    points = [(d.name, d.value) for d in info.declarations if d.group == GROUP]
    pyproject = project / "pyproject.toml"
    table = load_toml(pyproject).get("project", {}) if pyproject.is_file() else {}
    groups = {d.group for d in info.declarations}
    return info.name, points, table if isinstance(table, dict) else {}, groups


def _one_line(value: Any, default: str) -> str:
    text = value if isinstance(value, str) else default
    return " ".join(text.split()) or default


def _answers(name: str, table: Mapping[str, Any], in_pyproject: bool) -> dict[str, Any]:
    from scaffold._generate import _DEFAULTS, LICENSES, PYTHON_VERSIONS, _mlplugin_version
    from scaffold._render import TEMPLATE_VERSION

    authors = table.get("authors") or [{}]
    first = authors[0] if isinstance(authors, list) and isinstance(authors[0], dict) else {}
    license_ = table.get("license")
    license_ = license_.get("text") if isinstance(license_, dict) else license_
    prefix = "Programming Language :: Python :: "
    listed = [c[len(prefix) :] for c in table.get("classifiers", []) if str(c).startswith(prefix)]
    versions = [v for v in PYTHON_VERSIONS if v in listed] or list(PYTHON_VERSIONS)
    return {
        "template": "stats-writer",
        "template_version": TEMPLATE_VERSION,
        "mlplugin_version": _mlplugin_version(),
        "plugin_name": name,
        "packaging": "pyproject" if in_pyproject else "setup-py",
        "description": _one_line(table.get("description"), _DEFAULTS["description"]),
        "author": _one_line(first.get("name"), _DEFAULTS["author"]),
        "email": _one_line(first.get("email"), _DEFAULTS["email"]),
        "license": license_ if license_ in LICENSES else "MIT",
        "python_versions": " ".join(versions),
        "adopted": True,
    }


def _contract_tests(points: list[tuple[str, str]]) -> bytes:
    from jinja2 import Environment, StrictUndefined

    from scaffold._names import derive_names
    from scaffold._templates import templates_root

    source = (templates_root() / "adopt" / f"{Path(CONTRACT_TESTS).name}.jinja").read_text(
        encoding="utf-8"
    )
    contracts: list[tuple[str, str]] = []
    for name, _value in points:
        class_name = derive_names(name).class_name
        taken = sum(1 for _, c in contracts if c.rstrip("0123456789") == class_name)
        contracts.append((name, f"{class_name}{taken + 1}" if taken else class_name))
    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True)  # noqa: S701
    return env.from_string(source).render(contracts=contracts).encode("utf-8")


def _with_record(pyproject: Path, answers: Mapping[str, Any]) -> bytes:
    import tomlkit

    text = pyproject.read_text(encoding="utf-8") if pyproject.is_file() else ""
    document = tomlkit.parse(text)
    tool = document.setdefault("tool", tomlkit.table(is_super_table=True))
    record = tomlkit.table()
    record.comment("linked by mlplugin adopt; kept for later updates")
    record.update(answers)
    tool["mlplugin"] = record
    return tomlkit.dumps(document).encode("utf-8")


def adoption_files(project: Path) -> tuple[dict[str, Any], list[str], dict[str, bytes]]:
    """The answers, the entry-point names and every file adopt adds or changes."""
    from scaffold._lifecycle import render_project

    project = Path(project)
    if not project.is_dir():
        raise NotAProject(path=project, reason="is not a directory")
    name, points, table, groups = _packaging(project)
    tool = table  # [project] of pyproject.toml, or empty
    if (project / "pyproject.toml").is_file():
        from reference_core._toml import load_toml

        if "mlplugin" in load_toml(project / "pyproject.toml").get("tool", {}):
            raise NotAProject(
                path=project,
                reason="already records [tool.mlplugin]",
                hint="Run `mlplugin check` or `mlplugin update` instead.",
            )
    if name and not points and TRAINER_GROUP in groups:
        raise NotAProject(
            path=project,
            reason=f"declares a trainer plugin ({TRAINER_GROUP!r}); adopt links stats-writer "
            "projects only",
            hint="`mlplugin verify` checks trainer plugins as they are; `mlplugin new NAME "
            "--kind trainer` shows today's trainer template to compare with.",
        )
    if not name or not points:
        missing = "project name" if not name else f"entry point in {GROUP!r}"
        raise NotAProject(path=project, reason=f"its packaging files declare no {missing}")
    in_pyproject = isinstance(tool.get("entry-points"), dict)
    answers = _answers(name, tool, in_pyproject)
    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="mlplugin-adopt-") as scratch:
        rendered = read_files(render_project(answers, None, Path(scratch)))
    for relative, data in rendered.items():
        wanted = relative in FROM_TEMPLATE or relative.startswith(WHEELHOUSE)
        if wanted and not (project / relative).exists():
            files[relative] = data
    if not (project / CONTRACT_TESTS).exists():
        files[CONTRACT_TESTS] = _contract_tests(points)
    files["pyproject.toml"] = _with_record(project / "pyproject.toml", answers)
    return answers, [n for n, _ in points], files


def adopt(project: Path, *, dry_run: bool = False, allow_dirty: bool = False) -> Adopted:
    """Record answers for the hand-written plugin at ``project`` and add what it lacks."""
    from scaffold._overlay import write_into
    from scaffold._render import TEMPLATE_VERSION

    answers, points, files = adoption_files(project)
    result = Adopted(Path(project), answers, TEMPLATE_VERSION, tuple(points), tuple(sorted(files)))
    if dry_run:
        return result
    written = write_into(Path(project), files, command="adopt", allow_dirty=allow_dirty)
    return Adopted(
        result.project,
        answers,
        TEMPLATE_VERSION,
        result.entry_points,
        result.files,
        dry_run=False,
        backup=written.backup,
    )
