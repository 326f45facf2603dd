"""``mlplugin add trainer NAME``: a second trainer in an existing trainer project.

A trainer added to a project is a subpackage ``src/<package>/<name>/`` holding its own
``settings.py``, ``optimizer.py`` and ``trainer.py`` — the template's own modules rendered
again under the new trainer's names, so the added trainer starts as a working copy of the
first one's algorithm, ready to be changed — plus ``tests/test_<name>.py`` (registration,
YAML settings, construction by the host's ``TrainerFactory`` and a training run) and one
entry in each of the two dictionaries the registration function returns (see
:mod:`scaffold._trainer_registration`). It needs no new entry point: the project's one
``mlagents.trainer_type`` entry point already returns every trainer of the package.
``[tool.mlplugin]`` records it as a ``[[tool.mlplugin.plugins]]`` entry with
``kind = "trainer"``, so ``update`` renders it again on every side of its merge
(:func:`scaffold._add.apply_added_plugin`), from the template version being rendered.

Only trainer projects take a trainer: a stats-writer project has no host in its test
environment, no LineWorld and a Python matrix the host does not run on, so adding one there
is refused (exit 2) with what to do instead; the same holds for ``add writer`` in a trainer
project (see :mod:`scaffold._add`).

Failures: a bad or clashing NAME raises :class:`~scaffold.InvalidPluginName` with every
problem; a registration function mlplugin cannot edit raises
:class:`~scaffold.CannotEditRegistration` with the exact lines to add; see also
:mod:`scaffold._lifecycle`.
"""

from __future__ import annotations

import keyword
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Optional

from scaffold._errors import InvalidPluginName, NotAProject
from scaffold._lifecycle import read_record
from scaffold._names import derive_names

__all__ = ["AddedTrainer", "add_trainer", "added_trainer_files"]

#: Folder of the trainer template holding the added trainer's package marker and tests.
FRAGMENTS = "added-trainer"
#: The template's modules that make one trainer; each added trainer gets its own copy.
TRAINER_MODULES = ("settings.py", "optimizer.py", "trainer.py")
_SOURCES = "{{cookiecutter.project_name}}/src/{{cookiecutter.module_name}}"
#: Modules and test names of the generated project that an added trainer must not take.
_PROJECT_MODULES = frozenset(
    {"settings", "optimizer", "trainer", "line_world", "quick_train", "conftest"}
    | {"contract", "registration", "training"}
)


@dataclass(frozen=True)
class AddedTrainer:
    """What :func:`add_trainer` wrote (or would write), as relative POSIX paths."""

    project: Path
    trainer_type: str
    trainer_class: str
    settings_class: str
    files: tuple[str, ...]
    dry_run: bool = True
    backup: Optional[Path] = None


def trainer_template(version: Optional[int] = None) -> Path:
    """The trainer template of ``version`` (``None``: today's), frozen or live."""
    from scaffold._template_versions import template_source

    return template_source("trainer", version)


def _context(table: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The project's template context with the trainer's names swapped for ``name``'s."""
    from scaffold._generate import _mlplugin_version
    from scaffold._render import trainer_class_prefix, trainer_template_context

    answers = {"mlplugin_version": _mlplugin_version(), "copyright_year": "", **table}
    context = trainer_template_context(answers, derive_names(str(table["plugin_name"])))
    added = derive_names(name)
    prefix = trainer_class_prefix(added)
    return {
        **context,
        "class_prefix": prefix,
        "trainer_class": f"{prefix}Trainer",
        "settings_class": f"{prefix}Settings",
        "optimizer_class": f"{prefix}Optimizer",
        "trainer_type": added.module,
    }


def _name_problems(
    name: str, context: Mapping[str, Any], project: Path, table: Mapping[str, Any]
) -> list[str]:
    from scaffold._render import trainer_class_prefix
    from scaffold._trainer_context import BUILT_IN_TRAINER_TYPES, HOST_CLASS_NAMES

    module, package = context["trainer_type"], context["module_name"]
    if not name.strip():
        return ["the name is empty; give a short name such as 'reinforce'"]
    if not module.isidentifier() or not module.isascii():
        return [f"it gives the module name {module!r}, which is not a Python identifier"]
    problems = []
    if keyword.iskeyword(module):
        problems.append(f"{module!r} is a Python keyword and cannot be imported")
    if module in BUILT_IN_TRAINER_TYPES:
        problems.append(f"the trainer type {module!r} would replace mlagents' built-in trainer")
    if module == package or module in _PROJECT_MODULES or module.startswith("_"):
        problems.append(f"the module {module!r} is the project's own; choose another name")
    classes = [context[f"{kind}_class"] for kind in ("trainer", "settings", "optimizer")]
    problems += [f"the class {c} would shadow the host's" for c in classes if c in HOST_CLASS_NAMES]
    taken = {trainer_class_prefix(derive_names(str(table["plugin_name"])))}
    taken |= {
        trainer_class_prefix(derive_names(str(p["name"])))
        for p in table.get("plugins", [])
        if p.get("kind") == "trainer" and p.get("name") != name
    }
    if context["class_prefix"] in taken:
        problems.append(
            f"its classes ({context['trainer_class']}, {context['settings_class']}) would have "
            "the names of a trainer the project already has"
        )
    paths = (f"src/{package}/{module}", f"src/{package}/{module}.py", f"tests/test_{module}.py")
    problems += [f"{path} already exists" for path in paths if (project / path).exists()]
    return problems


def _edited_pyproject(text: str, name: str) -> str:
    """pyproject.toml with the trainer recorded under ``[[tool.mlplugin.plugins]]`` (tomlkit)."""
    import tomlkit

    from scaffold._add import record_plugin

    document = tomlkit.parse(text)
    record_plugin(document, {"kind": "trainer", "name": name})
    return tomlkit.dumps(document)


def added_trainer_files(
    project: Path,
    name: str,
    table: Mapping[str, Any],
    version: Optional[int] = None,
) -> dict[str, bytes]:
    """Every file ``add trainer NAME`` writes into ``project`` (as template ``version`` would)."""
    from scaffold._render import render_text
    from scaffold._trainer_registration import (
        Registration,
        edited_registration,
        registered_types,
    )

    context = _context(table, name)
    package, module = context["module_name"], context["trainer_type"]
    init = project / "src" / package / "__init__.py"
    if not init.is_file():
        raise NotAProject(
            path=project, reason=f"has no package at src/{package}/ to add a trainer to"
        )
    problems = _name_problems(name, context, project, table)
    if any(p.get("name") == name for p in table.get("plugins", [])):
        problems.append(f"[tool.mlplugin] already records a plugin named {name!r}")
    if problems:
        raise InvalidPluginName(name=name, problems=problems, suggestion=None)
    template = trainer_template(version)

    def render(relative: str) -> bytes:
        text = (template / relative).read_text(encoding="utf-8")
        return render_text(template, text, context).encode("utf-8")

    files = {
        f"src/{package}/{module}/{source}": render(f"{_SOURCES}/{source}")
        for source in TRAINER_MODULES
    }
    files[f"src/{package}/{module}/__init__.py"] = render(f"{FRAGMENTS}/__init__.py.jinja")
    files[f"tests/test_{module}.py"] = render(f"{FRAGMENTS}/test.py.jinja")
    text = init.read_text(encoding="utf-8")
    keys = registered_types(text)
    if keys is None or not all(module in side for side in keys):
        registration = Registration(
            module, context["trainer_class"], context["settings_class"], module
        )
        files[f"src/{package}/__init__.py"] = edited_registration(init, text, registration)
    pyproject = (project / "pyproject.toml").read_text(encoding="utf-8")
    files["pyproject.toml"] = _edited_pyproject(pyproject, name).encode("utf-8")
    return files


def add_trainer(
    project: Path, name: str, *, dry_run: bool = False, allow_dirty: bool = False
) -> AddedTrainer:
    """Add a trainer called ``name`` to the trainer project ``project``.

    With ``dry_run`` nothing is written; the result lists what would be.
    """
    from scaffold._overlay import write_into

    record = read_record(project)
    if record.template != "trainer":
        raise NotAProject(
            path=record.path,
            reason=f"is a {record.template} project; `add trainer` adds trainers to trainer "
            "projects only (a trainer is tested against the real mlagents host, on its "
            "Pythons, which a stats-writer project does not install)",
            hint="Make the trainer its own project with `mlplugin new NAME --kind trainer`.",
        )
    files = added_trainer_files(record.path, name, record.table)
    context = _context(record.table, name)
    result = AddedTrainer(
        project=record.path,
        trainer_type=context["trainer_type"],
        trainer_class=context["trainer_class"],
        settings_class=context["settings_class"],
        files=tuple(sorted(files)),
    )
    if dry_run:
        return result
    written = write_into(record.path, files, command="add", allow_dirty=allow_dirty)
    return replace(result, dry_run=False, backup=written.backup)
