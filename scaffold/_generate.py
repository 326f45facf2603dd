"""``mlplugin new``: render the stats-writer template into a new project, atomically.

The template is rendered into a hidden temporary directory beside the destination,
checked, and only then moved into place, so a failure at any point leaves nothing behind
and an existing directory is only replaced with ``force=True``.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scaffold._errors import (
    InvalidOption,
    InvalidPluginName,
    TargetExists,
    TemplateError,
)
from scaffold._names import PluginNames, derive_names, name_problems, suggest_name
from scaffold._templates import TEMPLATE_NAME, template_dir
from scaffold._toml import check_toml

__all__ = [
    "LICENSES",
    "PACKAGING_STYLES",
    "PYTHON_VERSIONS",
    "Generated",
    "PluginSpec",
    "generate",
    "make_spec",
    "plan",
]

PACKAGING_STYLES = ("pyproject", "setup-py")
LICENSES = ("MIT", "Apache-2.0", "BSD-3-Clause")
PYTHON_VERSIONS = ("3.9", "3.10", "3.11", "3.12", "3.13")

_DEFAULTS: dict[str, Any] = {
    "packaging": "pyproject",
    "description": "An ML-Agents stats writer that records every training summary as JSON Lines.",
    "author": "Your Name",
    "email": "you@example.com",
    "license": "MIT",
    "python_versions": PYTHON_VERSIONS,
}


def _mlplugin_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mlplugin")
    except PackageNotFoundError:  # running from a source checkout
        return "0.1.0"


@dataclass(frozen=True)
class PluginSpec:
    """Everything ``mlplugin new`` needs to know; build one with :func:`make_spec`."""

    names: PluginNames
    packaging: str = "pyproject"
    description: str = _DEFAULTS["description"]
    author: str = _DEFAULTS["author"]
    email: str = _DEFAULTS["email"]
    license: str = "MIT"
    python_versions: tuple[str, ...] = PYTHON_VERSIONS

    def answers(self) -> dict[str, Any]:
        """The answers as recorded under ``[tool.mlplugin]`` of the generated project."""
        return {
            "plugin_name": self.names.raw,
            "packaging": self.packaging,
            "description": self.description,
            "author": self.author,
            "email": self.email,
            "license": self.license,
            "python_versions": " ".join(self.python_versions),
        }

    def context(self) -> dict[str, Any]:
        """The cookiecutter context, with every derived name filled in from :attr:`names`."""
        return {
            **self.answers(),
            "project_name": self.names.project,
            "module_name": self.names.module,
            "entry_point_name": self.names.entry_point,
            "class_name": self.names.class_name,
            "title": self.names.title,
            "registration_function": self.names.registration,
            "mlplugin_version": _mlplugin_version(),
            "__year": str(datetime.now(timezone.utc).year),
        }


@dataclass(frozen=True)
class Generated:
    """The result of :func:`generate` or :func:`plan`: the project directory and its files."""

    path: Path
    files: tuple[str, ...]
    replaced: bool = False
    dry_run: bool = False


def _text_problems(key: str, value: Any) -> list[str]:
    if not isinstance(value, str):
        return [f"{key} must be text, not {type(value).__name__}"]
    if any(ord(c) < 0x20 for c in value):
        return [f"{key} must be a single line without control characters"]
    return []


def make_spec(name: str, **answers: Any) -> PluginSpec:
    """Validate a plugin name and answers together and build a :class:`PluginSpec`.

    Every problem is collected first; a bad name alone raises
    :class:`~scaffold.InvalidPluginName`, anything else :class:`~scaffold.InvalidOption`.
    ``None`` values take the defaults.
    """
    values = {**_DEFAULTS, **{k: v for k, v in answers.items() if v is not None}}
    problems: list[str] = [f"unknown option {k!r}" for k in sorted(set(values) - set(_DEFAULTS))]
    if values["packaging"] not in PACKAGING_STYLES:
        problems.append(
            f"packaging {values['packaging']!r} is not one of {', '.join(PACKAGING_STYLES)}"
        )
    if values["license"] not in LICENSES:
        problems.append(f"license {values['license']!r} is not one of {', '.join(LICENSES)}")
    versions = values["python_versions"]
    if isinstance(versions, str):
        versions = tuple(versions.replace(",", " ").split())
    versions = tuple(versions)
    unknown = [v for v in versions if v not in PYTHON_VERSIONS]
    if unknown or not versions:
        problems.append(
            f"python versions must be among {', '.join(PYTHON_VERSIONS)}"
            + (f" (got {', '.join(map(str, unknown))})" if unknown else " (got none)")
        )
    for key in ("description", "author", "email"):
        problems += _text_problems(key, values[key])
    bad_name = name_problems(name)
    if bad_name and not problems:
        raise InvalidPluginName(name=name, problems=bad_name, suggestion=suggest_name(name))
    if bad_name or problems:
        problems = [f"plugin name {name!r}: {p}" for p in bad_name] + problems
        raise InvalidOption(problems=problems, suggestion=suggest_name(name) if bad_name else None)
    return PluginSpec(
        names=derive_names(name),
        packaging=values["packaging"],
        description=values["description"],
        author=values["author"],
        email=values["email"],
        license=values["license"],
        python_versions=versions,
    )


def _render(spec: PluginSpec, into: Path) -> Path:
    """Render the template below ``into`` and return the project directory."""
    from jinja2 import TemplateError as JinjaError

    from scaffold._render import render_template

    try:
        path = render_template(template_dir(), spec.context(), into)
    except (JinjaError, OSError, ValueError) as error:
        raise TemplateError(template=TEMPLATE_NAME, detail=str(error)) from error
    problem = check_toml(path / "pyproject.toml")
    if problem:
        raise TemplateError(template=TEMPLATE_NAME, detail=problem)
    return path


def _files(root: Path) -> tuple[str, ...]:
    return tuple(sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()))


def plan(spec: PluginSpec, output_dir: Path) -> Generated:
    """Render to a scratch directory and report what :func:`generate` would write."""
    with tempfile.TemporaryDirectory(prefix="mlplugin-plan-") as scratch:
        files = _files(_render(spec, Path(scratch)))
    dest = Path(output_dir) / spec.names.project
    return Generated(path=dest, files=files, replaced=dest.exists(), dry_run=True)


def _check(project: Path) -> None:
    """Read, load and register the rendered project like the host (:mod:`._new_check`)."""
    from scaffold._new_check import check_generated

    check_generated(project)


def generate(
    spec: PluginSpec, output_dir: Path, *, force: bool = False, check: bool = True
) -> Generated:
    """Write the plugin project to ``output_dir/<project name>``.

    Raises :class:`~scaffold.TargetExists` when that path exists and ``force`` is false.
    With ``check`` (the default), the rendered project's packaging is read and its entry
    points loaded and registered like the host does, before it is moved into place. The
    project appears complete and checked, or not at all.
    """
    output_dir = Path(output_dir)
    dest = output_dir / spec.names.project
    if (dest.exists() or dest.is_symlink()) and not force:
        raise TargetExists(path=dest)
    created = [p for p in (output_dir, *output_dir.parents) if not p.exists()]
    output_dir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".mlplugin-", dir=output_dir))
    try:
        project = _render(spec, scratch)
        if check:
            _check(project)
        files = _files(project)
        replaced = dest.exists() or dest.is_symlink()
        if replaced:
            old = scratch / ".previous"
            dest.replace(old)
        project.replace(dest)
    except BaseException:
        if scratch.exists() and (scratch / ".previous").exists() and not dest.exists():
            (scratch / ".previous").replace(dest)
        shutil.rmtree(scratch, ignore_errors=True)
        for directory in created:
            with contextlib.suppress(OSError):
                directory.rmdir()
        raise
    shutil.rmtree(scratch, ignore_errors=True)
    return Generated(path=dest, files=files, replaced=replaced)
