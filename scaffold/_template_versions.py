"""Every released version of each template, frozen, so an old project can be re-rendered offline.

A generated project records ``template`` (``stats-writer`` or ``trainer``) and
``template_version`` under ``[tool.mlplugin]``; each template is numbered on its own, from 1
(:data:`~scaffold._render.TEMPLATE_VERSIONS`). To tell what a project's author changed,
``mlplugin update`` must render the project's recorded answers with *that* template and
version exactly as it rendered then. So each version is kept whole in
``templates/versions/<template>-v<N>/``: the cookiecutter template **and** the code that
rendered it (name rules, filters, context), with a ``snapshot.py`` whose
``render(answers, into, year)`` is the one entry point. A snapshot imports nothing from
mlplugin, so later changes to :mod:`scaffold` cannot change what an old version renders.

Stats-writer projects that record only ``mlplugin_version`` (no ``template``, no
``template_version``) were made by stats-writer version 1, before versions were recorded.
``tests/scaffold/test_template_versions.py`` proves that version 1 renders byte-identically
to what ``mlplugin new`` wrote then, and that each live template renders exactly like the
snapshot of its current version: change a template, and that test asks for a new version
(``scripts/freeze-template.py --template NAME``).

Failures: an unknown version raises :class:`~scaffold.UnknownTemplateVersion`; an unknown
template or recorded answers that lack a value raise :class:`~scaffold.InvalidOption`; a
snapshot that cannot render raises :class:`~scaffold.TemplateError`.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any, Optional

from scaffold._errors import InvalidOption, TemplateError, UnknownTemplateVersion
from scaffold._render import TEMPLATE_VERSION, TEMPLATE_VERSIONS
from scaffold._templates import TEMPLATE_NAME, templates_root

__all__ = [
    "TEMPLATE_VERSION",
    "TEMPLATE_VERSIONS",
    "current_template_version",
    "known_template_versions",
    "recorded_template",
    "recorded_template_version",
    "render_version",
    "snapshot_dir",
    "versions_root",
]


def versions_root() -> Path:
    """The directory holding every frozen snapshot (``<templates>/versions``)."""
    return templates_root() / "versions"


def snapshot_dir(version: int, template: str = TEMPLATE_NAME) -> Path:
    """The frozen snapshot directory of ``template`` version ``version``."""
    return versions_root() / f"{template}-v{version}"


def template_source(template: str, version: Optional[int] = None) -> Path:
    """The files of ``template`` at ``version``: its frozen snapshot, else today's template.

    ``None`` means today's; a version without a snapshot directory (never frozen) too.
    """
    from scaffold._templates import template_dir

    if version is not None:
        frozen = snapshot_dir(version, template) / "template"
        if frozen.is_dir():
            return frozen
    return template_dir(template)


def known_template_versions(template: str = TEMPLATE_NAME) -> tuple[int, ...]:
    """Every version of ``template`` this mlplugin can render, oldest first."""
    prefix = f"{template}-v"
    found = [
        int(p.name[len(prefix) :])
        for p in versions_root().glob(f"{prefix}*")
        if p.name[len(prefix) :].isdigit() and (p / "snapshot.py").is_file()
    ]
    return tuple(sorted(found))


def current_template_version(template: str = TEMPLATE_NAME) -> int:
    """The version of ``template`` that ``mlplugin new`` renders today."""
    try:
        return TEMPLATE_VERSIONS[template]
    except KeyError:
        known = ", ".join(TEMPLATE_VERSIONS)
        problem = f"template {template!r} is not one this mlplugin has ({known})"
        raise InvalidOption(problems=[problem]) from None


def recorded_template(table: Mapping[str, Any]) -> str:
    """The template a ``[tool.mlplugin]`` table names (``stats-writer`` when it names none)."""
    template = table.get("template", TEMPLATE_NAME)
    current_template_version(str(template))  # refuses a template this mlplugin lacks
    return str(template)


def recorded_template_version(table: Mapping[str, Any]) -> int:
    """The template version a ``[tool.mlplugin]`` table says its project was made by.

    ``template_version`` when recorded; a table with only ``mlplugin_version`` comes from
    version 1, which predates the key.
    """
    recorded = table.get("template_version")
    if recorded is None:
        if "mlplugin_version" in table:
            return 1
        raise InvalidOption(
            problems=["[tool.mlplugin] records neither template_version nor mlplugin_version"]
        )
    if isinstance(recorded, bool) or not isinstance(recorded, int) or recorded < 1:
        raise InvalidOption(
            problems=[f"template_version must be a positive whole number, not {recorded!r}"]
        )
    return recorded


def _load_snapshot(version: int, template: str) -> ModuleType:
    known = known_template_versions(template)
    if version not in known:
        raise UnknownTemplateVersion(version=version, known=known, template=template)
    path = snapshot_dir(version, template) / "snapshot.py"
    name = f"_mlplugin_{template.replace('-', '_')}_v{version}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a file we just found
        raise UnknownTemplateVersion(version=version, known=known, template=template)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def render_version(
    version: int,
    answers: Mapping[str, Any],
    into: Path,
    *,
    year: Optional[str] = None,
) -> Path:
    """Render the recorded ``answers`` with version ``version`` of their template below ``into``.

    ``answers`` is a ``[tool.mlplugin]`` table (or the same keys from an answers file); its
    ``template`` names the template (``stats-writer`` when absent). The copyright year is
    ``year``, else the recorded ``copyright_year``, else this year. Returns the rendered
    project directory. The answers are rendered as recorded, not validated again: they are
    what the project was made from.
    """
    from jinja2 import TemplateError as JinjaError

    template = recorded_template(answers)
    snapshot = _load_snapshot(version, template)
    chosen = year or answers.get("copyright_year") or str(datetime.now(timezone.utc).year)
    try:
        return Path(snapshot.render(dict(answers), Path(into), str(chosen)))
    except KeyError as error:
        raise InvalidOption(
            problems=[f"the recorded answers lack {error.args[0]!r}, which version {version} needs"]
        ) from error
    except (JinjaError, OSError, ValueError) as error:
        raise TemplateError(template=f"{template} v{version}", detail=str(error)) from error
