"""``mlplugin new``: render the stats-writer template into a new project, atomically.

The template is rendered into a hidden temporary directory beside the destination,
checked, and only then moved into place, so a failure at any point leaves nothing behind
and an existing directory is only replaced with ``force=True``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Optional

from scaffold._errors import (
    InvalidOption,
    InvalidPluginName,
    TargetExists,
    TemplateError,
    WriteFailed,
)
from scaffold._names import PluginNames, derive_names, name_problems, suggest_name
from scaffold._templates import template_dir

__all__ = [
    "KINDS",
    "LICENSES",
    "PACKAGING_STYLES",
    "PRESETS",
    "PYTHON_VERSIONS",
    "Generated",
    "PluginSpec",
    "generate",
    "make_spec",
    "plan",
]

#: ``--kind``: the template each plugin kind is generated from.
KINDS = ("stats-writer", "trainer")
PACKAGING_STYLES = ("pyproject", "setup-py")
LICENSES = ("MIT", "Apache-2.0", "BSD-3-Clause")
PYTHON_VERSIONS = ("3.9", "3.10", "3.11", "3.12", "3.13")
#: ``--preset``: where the stats writer sends the summaries (see docs/how-to/presets).
PRESETS = ("jsonl", "csv", "mlflow", "wandb")
#: The description a preset's project gets when none is given.
PRESET_DESCRIPTIONS = {
    "jsonl": "An ML-Agents stats writer that records every training summary as JSON Lines.",
    "csv": "An ML-Agents stats writer that records every training summary as CSV files.",
    "mlflow": "An ML-Agents stats writer that logs every training run to MLflow.",
    "wandb": "An ML-Agents stats writer that logs every training run to Weights & Biases.",
}

_DEFAULTS: dict[str, Any] = {
    "packaging": "pyproject",
    "preset": "jsonl",
    "description": PRESET_DESCRIPTIONS["jsonl"],
    "author": "Your Name",
    "email": "you@example.com",
    "license": "MIT",
    "python_versions": PYTHON_VERSIONS,
    "copyright_year": None,  # this year, when the project is made
}


def _mlplugin_version() -> str:
    """The running mlplugin's version (one place: ``reference_core/_version.py``)."""
    from reference_core._version import __version__

    return __version__


def _this_year() -> str:
    return str(datetime.now(timezone.utc).year)


@dataclass(frozen=True)
class PluginSpec:
    """Everything ``mlplugin new`` needs to know; build one with :func:`make_spec`."""

    names: PluginNames
    kind: str = "stats-writer"
    packaging: str = "pyproject"
    preset: str = "jsonl"
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
        """The answers as recorded under ``[tool.mlplugin]`` of the generated project.

        ``preset`` is a stats writer's answer: a trainer project has none.
        """
        answers = {
            "plugin_name": self.names.raw,
            "packaging": self.packaging,
            "preset": self.preset,
            "description": self.description,
            "author": self.author,
            "email": self.email,
            "license": self.license,
            "python_versions": " ".join(self.python_versions),
            "copyright_year": self.copyright_year,
        }
        if self.kind == "trainer":
            del answers["preset"]
        return answers

    def context(self) -> dict[str, Any]:
        """The cookiecutter context, with every derived name filled in from :attr:`names`."""
        if self.kind == "trainer":
            from scaffold._trainer_context import trainer_context

            return trainer_context(self.names, self.answers())
        from scaffold._render import template_context

        answers = {**self.answers(), "mlplugin_version": _mlplugin_version()}
        return template_context(answers, self.names)


@dataclass(frozen=True)
class Generated:
    """The result of :func:`generate` or :func:`plan`: the project directory and its files.

    ``files`` is every file of the template. When the directory existed (``--force``),
    ``overwritten`` and ``unchanged`` say which of them were already there, and
    ``backup`` is the folder holding copies of the overwritten ones.
    """

    path: Path
    files: tuple[str, ...]
    existed: bool = False
    dry_run: bool = False
    overwritten: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    backup: Optional[Path] = None

    @property
    def added(self) -> tuple[str, ...]:
        """The files that did not exist before."""
        kept = {*self.overwritten, *self.unchanged}
        return tuple(f for f in self.files if f not in kept)


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


def make_spec(name: str, *, kind: str = "stats-writer", **answers: Any) -> PluginSpec:
    """Validate a plugin name and answers together and build a :class:`PluginSpec`.

    Every problem is collected first; a bad name alone raises
    :class:`~scaffold.InvalidPluginName`, anything else :class:`~scaffold.InvalidOption`.
    ``None`` values take the defaults. Free text is checked for what the generated files
    and the build backend can hold (see :mod:`scaffold._answers`). ``kind`` is
    ``"stats-writer"`` (the default) or ``"trainer"``, whose defaults, Pythons and name
    rules come from :mod:`scaffold._trainer_context`.
    """
    from scaffold._answers import email_problems, text_problems

    defaults = dict(_DEFAULTS)
    if kind == "trainer":
        from scaffold._trainer_context import TRAINER_DEFAULTS

        defaults.update(TRAINER_DEFAULTS)
    given = {k: v for k, v in answers.items() if v is not None}
    if given.get("preset") in PRESET_DESCRIPTIONS and "description" not in given:
        defaults["description"] = PRESET_DESCRIPTIONS[given["preset"]]
    values = {**defaults, **given}
    problems: list[str] = [f"unknown option {k!r}" for k in sorted(set(values) - set(_DEFAULTS))]
    if kind not in KINDS:
        problems.append(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if values["packaging"] not in PACKAGING_STYLES:
        problems.append(
            f"packaging {values['packaging']!r} is not one of {', '.join(PACKAGING_STYLES)}"
        )
    problems += _preset_problems(values["preset"], kind)
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
    # every offered licence is an SPDX expression spelled as SPDX spells it, checked once by
    # tests/scaffold/test_generate.py with license_problems, not on every run
    bad_name = name_problems(name)
    if kind == "trainer" and not bad_name and not problems:
        problems += _trainer_problems(name, values, versions)
    if bad_name and not problems:
        raise InvalidPluginName(name=name, problems=bad_name, suggestion=suggest_name(name))
    if bad_name or problems:
        problems = [f"plugin name {name!r}: {p}" for p in bad_name] + problems
        raise InvalidOption(problems=problems, suggestion=suggest_name(name) if bad_name else None)
    return PluginSpec(
        names=derive_names(name),
        kind=kind,
        packaging=values["packaging"],
        preset=values["preset"],
        description=values["description"],
        author=values["author"],
        email=values["email"],
        license=values["license"],
        python_versions=versions,
        copyright_year=year,
    )


def _preset_problems(preset: str, kind: str) -> list[str]:
    if preset not in PRESETS:
        from reference_core._near import did_you_mean

        near = did_you_mean(preset, PRESETS)
        hint = f" (did you mean {near!r}?)" if near else ""
        return [f"preset {preset!r} is not one of {', '.join(PRESETS)}{hint}"]
    if kind == "trainer" and preset != "jsonl":
        return ["--preset is for stats writers; a trainer plugin has none"]
    return []


def _trainer_problems(name: str, values: dict[str, Any], versions: tuple[str, ...]) -> list[str]:
    """What the trainer template refuses on top of the common rules (its Pythons, names)."""
    from scaffold._trainer_context import trainer_context

    answers = {key: values[key] for key in ("packaging", "description", "author", "email")}
    answers.update(license=values["license"], python_versions=" ".join(versions))
    try:
        trainer_context(derive_names(name), answers)
    except InvalidOption as error:
        return list(error.problems)
    return []


def _render(spec: PluginSpec, into: Path) -> Path:
    """Render the template below ``into`` and return the project directory."""
    from jinja2 import TemplateError as JinjaError

    from scaffold._compiled import compiled_for
    from scaffold._render import render_template
    from scaffold._wheelhouse import pack_running_mlplugin

    template = template_dir(spec.kind)
    try:
        compiled = compiled_for(template)
        path = render_template(template, spec.context(), into, compiled=compiled)
        compiled.save()
        if spec.kind == "stats-writer":  # its tests need mlplugin; the trainer's need the host
            pack_running_mlplugin(path / "wheelhouse")
    except OSError as error:
        if _within(error.filename, template):  # mlplugin's own files: a broken install
            raise TemplateError(template=spec.kind, detail=str(error)) from error
        raise _write_failed(error, into.parent) from error  # the disk we write to
    except (JinjaError, ValueError) as error:
        raise TemplateError(template=spec.kind, detail=str(error)) from error
    from reference_core._toml import check_toml

    problem = check_toml(path / "pyproject.toml")
    if problem:
        raise TemplateError(template=spec.kind, detail=problem)
    return path


def _files(root: Path) -> tuple[str, ...]:
    return tuple(sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()))


def plan(
    spec: PluginSpec,
    output_dir: Path,
    *,
    force: bool = False,
    allow_dirty: bool = False,
    check: bool = True,
) -> Generated:
    """Render to a scratch directory and report what :func:`generate` would write.

    It refuses exactly where :func:`generate` would: an existing directory without
    ``force``, and with ``force`` every reason :func:`~scaffold._overlay.plan_overlay`
    finds; with ``check`` it runs the same checks of the rendered project, so a dry run
    fails wherever the real run would. It only stops short of writing.
    """
    dest = Path(output_dir) / spec.names.project
    existed = dest.exists() or dest.is_symlink()
    if existed and not force:
        raise TargetExists(path=dest)
    with tempfile.TemporaryDirectory(prefix="mlplugin-plan-") as scratch:
        project = _render(spec, Path(scratch))
        if check:
            _check(project)
        files = _files(project)
        if not existed:
            return Generated(path=dest, files=files, dry_run=True)
        from scaffold._overlay import plan_overlay  # only over an existing directory

        overlay = plan_overlay(project, dest, allow_dirty=allow_dirty)
    return Generated(
        path=dest,
        files=files,
        existed=True,
        dry_run=True,
        overwritten=overlay.overwritten,
        unchanged=overlay.unchanged,
    )


def _check(project: Path) -> None:
    """Read, load and register the rendered project like the host (:mod:`._new_check`)."""
    from scaffold._new_check import check_generated

    check_generated(project)


def _within(filename: object, root: Path) -> bool:
    """Whether an OSError's ``filename`` lies in ``root`` (a write there, not a template read)."""
    if not isinstance(filename, (str, os.PathLike)):
        return False
    try:
        return Path(filename).resolve().is_relative_to(root.resolve())
    except (OSError, ValueError):
        return False


def _write_failed(error: OSError, fallback: Path) -> WriteFailed:
    return WriteFailed(
        path=Path(error.filename) if error.filename else fallback,
        reason=error.strerror or str(error),
    )


def _make_output_dir(output_dir: Path) -> list[Path]:
    """Create ``output_dir`` and its missing parents; return those created, deepest first."""
    created = [p for p in (output_dir, *output_dir.parents) if not p.exists()]
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError as error:
        path = Path(error.filename or output_dir)
        raise WriteFailed(path=path, reason="a file is in the way, not a directory") from error
    except OSError as error:
        _remove_dirs(created)
        raise _write_failed(error, output_dir) from error
    return created


def _remove_dirs(directories: list[Path]) -> None:
    for directory in directories:
        with contextlib.suppress(OSError):
            directory.rmdir()


def generate(
    spec: PluginSpec,
    output_dir: Path,
    *,
    force: bool = False,
    allow_dirty: bool = False,
    check: bool = True,
) -> Generated:
    """Write the plugin project to ``output_dir/<project name>``.

    A new directory is rendered beside its final place and renamed into it, so it
    appears complete or not at all. An existing directory raises
    :class:`~scaffold.TargetExists` unless ``force``; with ``force`` the template's files
    are written into it and nothing else is touched (see :mod:`scaffold._overlay`:
    overwritten files are copied to ``.mlplugin-backup/`` first, a dirty git work tree
    needs ``allow_dirty``, and a failed write is undone).

    With ``check`` (the default), the rendered project's packaging is read and its entry
    points loaded and registered like the host does, before anything is written. Disk errors raise
    :class:`~scaffold.WriteFailed` after undoing what was written.
    """
    output_dir = Path(output_dir)
    dest = output_dir / spec.names.project
    existed = dest.exists() or dest.is_symlink()
    if existed and not force:
        raise TargetExists(path=dest)
    if existed:  # the overlay machinery (git, backups) only over an existing directory
        from scaffold._overlay import check_target

        check_target(dest)
    created = _make_output_dir(output_dir)
    try:
        scratch = Path(tempfile.mkdtemp(prefix=".mlplugin-", dir=output_dir))
    except OSError as error:
        _remove_dirs(created)
        raise _write_failed(error, output_dir) from error
    try:
        project = _render(spec, scratch)
        if check:
            _check(project)
        files = _files(project)
        if not existed:
            try:
                project.replace(dest)
            except OSError as error:
                raise _write_failed(error, dest) from error
            return Generated(path=dest, files=files)
        from scaffold._overlay import apply_overlay, plan_overlay

        written = apply_overlay(plan_overlay(project, dest, allow_dirty=allow_dirty))
        return Generated(
            path=dest,
            files=files,
            existed=True,
            overwritten=written.overlay.overwritten,
            unchanged=written.overlay.unchanged,
            backup=written.backup,
        )
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        if not existed:
            _remove_dirs(created)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
