"""Every released version of the template, frozen, so an old project can be re-rendered offline.

A generated project records ``template_version`` under ``[tool.mlplugin]``. To tell what a
project's author changed, ``mlplugin update`` must render the project's recorded answers with
*that* version exactly as it rendered then. So each version is kept whole in
``templates/versions/<template>-v<N>/``: the cookiecutter template **and** the code that
rendered it (name rules, filters, context), with a ``snapshot.py`` whose
``render(answers, into, year)`` is the one entry point. A snapshot imports nothing from
mlplugin, so later changes to :mod:`scaffold` cannot change what an old version renders.

Projects that record only ``mlplugin_version`` were made by version 1 (before versions were
recorded). ``tests/scaffold/test_template_versions.py`` proves that version 1 renders
byte-identically to what ``mlplugin new`` wrote then, and that the live template renders
exactly like the snapshot of :data:`TEMPLATE_VERSION`: change the template, and that test
asks for a new version (``scripts/freeze-template.py``).

Failures: an unknown version raises :class:`~scaffold.UnknownTemplateVersion`; recorded
answers that lack a value raise :class:`~scaffold.InvalidOption`; a snapshot that cannot
render raises :class:`~scaffold.TemplateError`.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any, Optional

from scaffold._errors import InvalidOption, TemplateError, UnknownTemplateVersion
from scaffold._render import TEMPLATE_VERSION
from scaffold._templates import TEMPLATE_NAME, templates_root

__all__ = [
    "TEMPLATE_VERSION",
    "known_template_versions",
    "recorded_template_version",
    "render_version",
    "snapshot_dir",
]


def snapshot_dir(version: int, template: str = TEMPLATE_NAME) -> Path:
    """The frozen snapshot directory of ``template`` version ``version``."""
    return templates_root() / "versions" / f"{template}-v{version}"


def known_template_versions(template: str = TEMPLATE_NAME) -> tuple[int, ...]:
    """Every version of ``template`` this mlplugin can render, oldest first."""
    root = templates_root() / "versions"
    prefix = f"{template}-v"
    found = [
        int(p.name[len(prefix) :])
        for p in root.glob(f"{prefix}*")
        if p.name[len(prefix) :].isdigit() and (p / "snapshot.py").is_file()
    ]
    return tuple(sorted(found))


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


def _load_snapshot(version: int) -> ModuleType:
    known = known_template_versions()
    if version not in known:
        raise UnknownTemplateVersion(version=version, known=known)
    path = snapshot_dir(version) / "snapshot.py"
    spec = importlib.util.spec_from_file_location(f"_mlplugin_template_v{version}", path)
    if spec is None or spec.loader is None:  # pragma: no cover - a file we just found
        raise UnknownTemplateVersion(version=version, known=known)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def render_version(
    version: int, answers: Mapping[str, Any], into: Path, *, year: Optional[str] = None
) -> Path:
    """Render the recorded ``answers`` with template ``version`` below ``into``.

    ``answers`` is a ``[tool.mlplugin]`` table (or the same keys from an answers file).
    The copyright year is ``year``, else the recorded ``copyright_year``, else this year.
    Returns the rendered project directory. The answers are rendered as recorded, not
    validated again: they are what the project was made from.
    """
    from jinja2 import TemplateError as JinjaError

    snapshot = _load_snapshot(version)
    chosen = year or answers.get("copyright_year") or str(datetime.now(timezone.utc).year)
    try:
        return Path(snapshot.render(dict(answers), Path(into), str(chosen)))
    except KeyError as error:
        raise InvalidOption(
            problems=[f"the recorded answers lack {error.args[0]!r}, which version {version} needs"]
        ) from error
    except (JinjaError, OSError, ValueError) as error:
        raise TemplateError(template=f"{TEMPLATE_NAME} v{version}", detail=str(error)) from error
