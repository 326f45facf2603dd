"""What a generated project records about itself, and rendering that record again.

``update``, ``check`` and ``add`` all start from the ``[tool.mlplugin]`` table of a
project's ``pyproject.toml``: the answers it was made from, the template version that made
it (see :mod:`scaffold._template_versions`) and the plugins added later with ``mlplugin
add`` (``[[tool.mlplugin.plugins]]``). :func:`render_project` turns such a table into the
files mlplugin would have written for it at a given template version, added plugins
included, so that the three sides of ``update``'s merge are built the same way.

Failures: a directory without ``pyproject.toml`` or without ``[tool.mlplugin]`` raises
:class:`~scaffold.NotAProject`; a ``pyproject.toml`` that is not TOML raises
:class:`~scaffold.NotAProject` too (with the line); recorded answers that are no longer
valid raise :class:`~scaffold.InvalidOption`, an unknown template version
:class:`~scaffold.UnknownTemplateVersion`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Optional

from reference_core._toml import TomlError, load_toml
from scaffold._errors import InvalidOption, NotAProject

__all__ = ["ProjectRecord", "read_files", "read_record", "render_project"]

_ADOPT_HINT = "Run `mlplugin adopt` to link a plugin that mlplugin did not generate."


@dataclass(frozen=True)
class ProjectRecord:
    """A project directory and its ``[tool.mlplugin]`` table, read once."""

    path: Path
    table: Mapping[str, Any]
    template_version: int
    template: str = "stats-writer"

    @property
    def packaging(self) -> str:
        """Where the entry points are declared: ``pyproject`` or ``setup-py``."""
        return str(self.table.get("packaging", "pyproject"))


def read_record(project: Path) -> ProjectRecord:
    """Read the ``[tool.mlplugin]`` table of the project at ``project``."""
    from scaffold._template_versions import recorded_template, recorded_template_version

    project = Path(project)
    pyproject = project / "pyproject.toml"
    if not project.is_dir():
        raise NotAProject(path=project, reason="is not a directory")
    if not pyproject.is_file():
        raise NotAProject(path=project, reason="has no pyproject.toml", hint=_ADOPT_HINT)
    try:
        data = load_toml(pyproject)
    except TomlError as error:
        where = f" (line {error.line})" if error.line else ""
        raise NotAProject(
            path=pyproject, reason=f"is not valid TOML{where}: {error.message}"
        ) from error
    table = data.get("tool", {}).get("mlplugin")
    if not isinstance(table, dict):
        raise NotAProject(
            path=project, reason="records no [tool.mlplugin] answers", hint=_ADOPT_HINT
        )
    return ProjectRecord(
        path=project,
        table=table,
        template_version=recorded_template_version(table),
        template=recorded_template(table),
    )


def read_files(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` as ``{relative POSIX path: bytes}`` (symlinks not followed)."""
    files: dict[str, bytes] = {}
    for directory, _dirs, names in os.walk(root):
        for name in names:
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def _render_today(table: Mapping[str, Any], into: Path) -> Path:
    """Render the recorded answers with the live template (validated like ``new``)."""
    from scaffold._answers import ANSWER_KEYS
    from scaffold._generate import _render, make_spec
    from scaffold._names import derive_names

    answers = {k: v for k, v in table.items() if k in ANSWER_KEYS and k != "plugin_name"}
    name = str(table.get("plugin_name", ""))
    if not derive_names(name).module.isidentifier():
        raise InvalidOption(problems=[f"the recorded plugin_name {name!r} gives no module name"])
    # The answers are checked like new's; the name is not checked again for shadowing:
    # the project's own package is installed wherever the project is developed.
    kind = str(table.get("template", "stats-writer"))
    placeholder = "recorded-trainer" if kind == "trainer" else "recorded-writer"
    spec = replace(make_spec(placeholder, kind=kind, **answers), names=derive_names(name))
    return _render(spec, into)


def render_project(table: Mapping[str, Any], version: Optional[int], into: Path) -> Path:
    """Render ``table``'s answers with template ``version`` below ``into``; return the project.

    ``None`` means today: the live template, exactly as ``mlplugin new`` renders it now
    (with today's mlplugin version and wheel). A recorded version renders its frozen
    snapshot, as the project was made. Every plugin recorded under ``plugins`` is then
    added the way ``mlplugin add`` adds it.
    """
    from scaffold._add import apply_added_plugin
    from scaffold._template_versions import (
        current_template_version,
        known_template_versions,
        recorded_template,
        render_version,
    )

    template = recorded_template(table)
    if version is None or (
        version == current_template_version(template)
        and version not in known_template_versions(template)
    ):
        project = _render_today(table, into)
    else:
        project = render_version(version, table, into)
    for entry in table.get("plugins", []):
        apply_added_plugin(project, entry, version)
    return project
