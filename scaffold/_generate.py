"""``mlplugin new``: render the stats-writer template into a new project, atomically.

The template is rendered into a hidden temporary directory beside the destination,
checked, and only then moved into place, so a failure at any point leaves nothing behind
and an existing directory is only replaced with ``force=True``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Optional

from scaffold._errors import (
    GeneratedProjectFailedChecks,
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
    "copyright_year": None,  # this year, when the project is made
}


def _mlplugin_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mlplugin")
    except PackageNotFoundError:  # running from a source checkout
        return "0.1.0"


def _this_year() -> str:
    return str(datetime.now(timezone.utc).year)


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
    copyright_year: str = field(default_factory=_this_year)

    @property
    def normalised(self) -> Optional[str]:
        """A one-line note when the typed name is not the project name, else ``None``."""
        if self.names.raw == self.names.project:
            return None
        return (
            f"{self.names.raw!r} is written {self.names.project!r} as a project name "
            f"and {self.names.module!r} as an import package"
        )

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
            "copyright_year": self.copyright_year,
        }

    def context(self) -> dict[str, Any]:
        """The cookiecutter context, with every derived name filled in from :attr:`names`."""
        from scaffold._render import template_context

        answers = {**self.answers(), "mlplugin_version": _mlplugin_version()}
        return template_context(answers, self.names)


@dataclass(frozen=True)
class Generated:
    """The result of :func:`generate` or :func:`plan`: the project directory and its files."""

    path: Path
    files: tuple[str, ...]
    replaced: bool = False
    dry_run: bool = False
    spec: Optional[PluginSpec] = field(default=None, compare=False)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _python_versions(value: Any, problems: list[str]) -> tuple[str, ...]:
    """The requested Pythons, without duplicates and sorted (the lowest sets requires-python)."""
    versions = value
    if isinstance(versions, str):
        versions = versions.replace(",", " ").split()
    versions = tuple(str(v) for v in versions)
    unknown = [v for v in versions if v not in PYTHON_VERSIONS]
    if unknown or not versions:
        problems.append(
            f"python versions must be among {', '.join(PYTHON_VERSIONS)}"
            + (f" (got {', '.join(unknown)})" if unknown else " (got none)")
        )
        return ()
    return tuple(sorted(set(versions), key=_version_key))


def make_spec(name: str, **answers: Any) -> PluginSpec:
    """Validate a plugin name and answers together and build a :class:`PluginSpec`.

    Every problem is collected first; a bad name alone raises
    :class:`~scaffold.InvalidPluginName`, anything else :class:`~scaffold.InvalidOption`.
    ``None`` values take the defaults. Free text is checked for what the generated files
    and the build backend can hold (see :mod:`scaffold._answers`).
    """
    from scaffold._answers import email_problems, license_problems, text_problems

    values = {**_DEFAULTS, **{k: v for k, v in answers.items() if v is not None}}
    problems: list[str] = [f"unknown option {k!r}" for k in sorted(set(values) - set(_DEFAULTS))]
    if values["packaging"] not in PACKAGING_STYLES:
        problems.append(
            f"packaging {values['packaging']!r} is not one of {', '.join(PACKAGING_STYLES)}"
        )
    if values["license"] not in LICENSES:
        problems.append(f"license {values['license']!r} is not one of {', '.join(LICENSES)}")
    versions = _python_versions(values["python_versions"], problems)
    year = str(values["copyright_year"] or _this_year())
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        problems.append(f"copyright_year {year!r} must be a four-digit year")
    bad_text = {key: text_problems(key, values[key]) for key in ("description", "author", "email")}
    problems += [problem for found in bad_text.values() for problem in found]
    if not bad_text["email"]:
        author = "" if bad_text["author"] else values["author"]
        problems += email_problems(values["email"], author)
    if values["license"] in LICENSES:
        problems += license_problems(values["license"])
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
        copyright_year=year,
    )


def _render(spec: PluginSpec, into: Path) -> Path:
    """Render the template below ``into`` and return the project directory."""
    from jinja2 import TemplateError as JinjaError

    from scaffold._render import render_template
    from scaffold._wheelhouse import pack_running_mlplugin

    try:
        path = render_template(template_dir(), spec.context(), into)
        pack_running_mlplugin(path / "wheelhouse")
    except (JinjaError, OSError, ValueError) as error:
        raise TemplateError(template=TEMPLATE_NAME, detail=str(error)) from error
    problem = check_toml(path / "pyproject.toml")
    if problem:
        raise TemplateError(template=TEMPLATE_NAME, detail=problem)
    return path


def _files(root: Path) -> tuple[str, ...]:
    return tuple(sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()))


def plan(spec: PluginSpec, output_dir: Path, *, check: bool = True) -> Generated:
    """Render to a scratch directory and report what :func:`generate` would write.

    It renders and checks exactly as :func:`generate` does (``check`` likewise), so a dry
    run fails wherever the real run would; it only stops short of moving the result in.
    """
    with tempfile.TemporaryDirectory(prefix="mlplugin-plan-") as scratch:
        project = _render(spec, Path(scratch))
        if check:
            _check(project)
        files = _files(project)
    dest = Path(output_dir) / spec.names.project
    return Generated(path=dest, files=files, replaced=dest.exists(), dry_run=True, spec=spec)


def _check(project: Path) -> None:
    """Check the rendered project the way the host will meet it, before it is moved in place.

    verify's static step reads the packaging files; then the entry points are loaded and
    registered through reference_core's strict discovery, in this process (the code is
    our own template, and a second interpreter would double ``mlplugin new``'s time).
    """
    from scaffold._verify._static import check_project

    static = check_project(project)
    problems = [
        f"{f.check_id} {f.message}" for f in static.findings if f.severity in ("error", "warning")
    ]
    if not problems:
        problems = _load_and_register(project, static)
    if problems:
        raise GeneratedProjectFailedChecks(project=project.name, findings=problems)


def _load_and_register(project: Path, static: Any) -> list[str]:
    """Load and register the declared entry points from the source tree; return problems."""
    from importlib.metadata import EntryPoint

    from reference_core import (
        PluginLoadError,
        RunOptions,
        discover_stats_writers,
        host_shim,
    )
    from scaffold._verify._source import source_roots

    roots = [str(p.resolve()) for p in source_roots(project, static.info.package_dirs)]
    entry_points = [EntryPoint(d.name, d.value, d.group) for d in static.declarations]
    saved_path, saved_modules = list(sys.path), set(sys.modules)
    saved_bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    sys.path[:0] = roots
    try:
        with host_shim(), tempfile.TemporaryDirectory(prefix="mlplugin-check-") as results:
            run_options = RunOptions.from_dict({"checkpoint_settings": {"results_dir": results}})
            discovery = discover_stats_writers(
                run_options, strict=True, include_defaults=False, entry_points=entry_points
            )
    except PluginLoadError as error:
        return [f"{error.stage} step of entry point {error.entry_point!r}: {error}"]
    finally:
        sys.path[:] = saved_path
        sys.dont_write_bytecode = saved_bytecode
        for name in set(sys.modules) - saved_modules:
            origin = os.path.realpath(getattr(sys.modules[name], "__file__", None) or "/")
            if any(origin.startswith(root + os.sep) for root in roots):
                del sys.modules[name]
    if not discovery.writers:
        return ["the registration function returned no writers"]
    return []


def generate(
    spec: PluginSpec, output_dir: Path, *, force: bool = False, check: bool = True
) -> Generated:
    """Write the plugin project to ``output_dir/<project name>``.

    Raises :class:`~scaffold.TargetExists` when that path exists and ``force`` is false.
    With ``check`` (the default), verify's static, load and register steps run on the
    rendered project before it is moved into place. The project appears complete and
    checked, or not at all.
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
    return Generated(path=dest, files=files, replaced=replaced, spec=spec)


def answers_from(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """Pick the generation answers out of a ``[tool.mlplugin]`` table or answers file."""
    return {k: v for k, v in mapping.items() if k not in {"template", "mlplugin_version"}}
