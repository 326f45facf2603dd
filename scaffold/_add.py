"""``mlplugin add writer NAME``: a second stats writer in an existing stats-writer project.

A writer added to a project is three things: ``src/<package>/<module>.py`` (the class and
its registration function, from the template's ``added-writer/`` folder, so each frozen
template version keeps the added writer it made), ``tests/test_<module>.py``
(the contract suite and host discovery for its own entry point), and the entry point —
in ``pyproject.toml``, edited with tomlkit so comments and layout stay, or in
``setup.py`` (see :mod:`scaffold._setup_py_edit`). ``[tool.mlplugin]`` records it as one
``[[tool.mlplugin.plugins]]`` entry, so ``update`` renders it again on every side of its
merge (:func:`apply_added_plugin`).

:func:`added_writer_files` computes every file's new content without writing;
:func:`add_writer` writes them through :mod:`scaffold._overlay` (all or nothing).

Failures: a bad or clashing NAME raises :class:`~scaffold.InvalidPluginName` with every
problem; a ``setup.py`` whose ``entry_points`` is not a literal dict of lists raises
:class:`~scaffold.CannotEditSetupPy` with the exact line to add; see also
:mod:`scaffold._lifecycle`.
"""

from __future__ import annotations

import keyword
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Optional

from reference_core._kinds import ML_AGENTS_STATS_WRITER as GROUP
from scaffold._errors import InvalidOption, InvalidPluginName, NotAProject
from scaffold._lifecycle import read_record
from scaffold._names import derive_names

__all__ = ["AddedWriter", "add_writer", "added_writer_files", "apply_added_plugin"]

REGISTRATION = "get_stats_writers"
#: Folder of the stats-writer template holding the added writer's module and tests.
FRAGMENTS = "added-writer"
#: ``add writer --preset``: the fragments of each preset an added writer can use. The
#: network presets need their delivery and settings modules: ``new --preset`` makes those.
ADD_PRESETS = {
    "jsonl": ("writer.py.jinja", "test.py.jinja"),
    "csv": ("writer-csv.py.jinja", "test-csv.py.jinja"),
}


@dataclass(frozen=True)
class AddedWriter:
    """What :func:`add_writer` wrote (or would write), as relative POSIX paths."""

    project: Path
    entry_point: str
    value: str
    class_name: str
    files: tuple[str, ...]
    dry_run: bool = True
    backup: Optional[Path] = None


def _writer_names(name: str, package: str) -> dict[str, str]:
    names = derive_names(name)
    return {
        "name": name,
        "package": package,
        "module": names.module,
        "entry_point": names.module,
        "class_name": names.class_name,
        "title": names.title,
        "registration": REGISTRATION,
        "file_name": f"{package}_{names.module}.jsonl",
        "folder": f"{package}_{names.module}",
    }


def _name_problems(name: str, variables: Mapping[str, str], project: Path) -> list[str]:
    module, package = variables["module"], variables["package"]
    if not name.strip():
        return ["the name is empty; give a short name such as 'csv-export'"]
    if not module.isidentifier() or not module.isascii():
        return [f"it gives the module name {module!r}, which is not a Python identifier"]
    problems = []
    if keyword.iskeyword(module):
        problems.append(f"{module!r} is a Python keyword and cannot be imported")
    if module in {"writer", package} or module.startswith("_"):
        problems.append(f"the module {module!r} is the project's own; choose another name")
    taken = (f"src/{package}/{module}.py", f"src/{package}/{module}", f"tests/test_{module}.py")
    problems += [f"{path} already exists" for path in taken if (project / path).exists()]
    return problems


def fragments(version: Optional[int] = None) -> Path:
    """The added-writer templates of template ``version`` (``None``: today's).

    They live in the template directory, so every frozen version keeps its own; version 1
    predates them and never had an added writer, so it falls back to today's.
    """
    from scaffold._template_versions import template_source

    return template_source("stats-writer", version) / FRAGMENTS


def _render(source_dir: Path, template: str, variables: Mapping[str, str]) -> bytes:
    from jinja2 import Environment, StrictUndefined

    source = (source_dir / template).read_text(encoding="utf-8")
    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True)  # noqa: S701
    return env.from_string(source).render(**variables).encode("utf-8")


def _edited_pyproject(
    text: str, entry: Mapping[str, str], value: str, declare: bool, preset: str
) -> str:
    """pyproject.toml with the entry point (when ``declare``) and the record, via tomlkit."""
    import tomlkit

    document = tomlkit.parse(text)
    if declare:
        project = document.setdefault("project", tomlkit.table())
        points = project.setdefault("entry-points", tomlkit.table(is_super_table=True))
        group = points.setdefault(GROUP, tomlkit.table())
        group[entry["entry_point"]] = value
    record_entry = {"kind": "writer", "name": entry["name"]}
    if preset != "jsonl":  # recorded only when chosen: older records mean jsonl
        record_entry["preset"] = preset
    record_plugin(document, record_entry)
    return tomlkit.dumps(document)


def record_plugin(document: Any, entry: Mapping[str, str]) -> None:
    """Append ``entry`` to ``[[tool.mlplugin.plugins]]`` of a tomlkit ``document``."""
    import tomlkit

    record = document["tool"]["mlplugin"]
    record.setdefault("plugins", tomlkit.aot()).append(dict(entry))


def _preset_fragments(preset: str, version: Optional[int]) -> tuple[str, str]:
    if preset not in ADD_PRESETS:
        problem = (
            f"add writer --preset {preset!r}: an added writer can be "
            f"{' or '.join(ADD_PRESETS)}; for mlflow or wandb generate a project with "
            f"mlplugin new --preset {preset}"
        )
        raise InvalidOption(problems=[problem])
    writer, test = ADD_PRESETS[preset]
    if not (fragments(version) / writer).is_file():  # a version from before csv fragments
        raise InvalidOption(problems=[f"template version {version} has no {preset} writer"])
    return writer, test


def added_writer_files(
    project: Path,
    name: str,
    table: Mapping[str, Any],
    version: Optional[int] = None,
    preset: str = "jsonl",
) -> dict[str, bytes]:
    """Every file ``add writer NAME`` writes into ``project`` (as template ``version`` would)."""
    from scaffold._setup_py_edit import declared_in_setup_py, edited_setup_py

    package = derive_names(str(table.get("plugin_name", ""))).module
    if not (project / "src" / package / "__init__.py").is_file():
        raise NotAProject(
            path=project, reason=f"has no package at src/{package}/ to add a writer to"
        )
    variables = _writer_names(name, package)
    problems = _name_problems(name, variables, project)
    if any(p.get("name") == name for p in table.get("plugins", [])):
        problems.append(f"[tool.mlplugin] already records a plugin named {name!r}")
    if problems:
        raise InvalidPluginName(name=name, problems=problems, suggestion=None)
    writer_fragment, test_fragment = _preset_fragments(preset, version)
    module = variables["module"]
    value = f"{package}.{module}:{REGISTRATION}"
    files = {
        f"src/{package}/{module}.py": _render(fragments(version), writer_fragment, variables),
        f"tests/test_{module}.py": _render(
            fragments(version),
            test_fragment,
            {**variables, "distribution": derive_names(str(table["plugin_name"])).project},
        ),
    }
    setup_py = project / "setup.py"
    in_setup_py = table.get("packaging") == "setup-py"
    if in_setup_py:
        text = setup_py.read_text(encoding="utf-8")
        if not declared_in_setup_py(text, f"{module} = {value}", GROUP):
            files["setup.py"] = edited_setup_py(setup_py, text, f"{module} = {value}", GROUP)
    pyproject = (project / "pyproject.toml").read_text(encoding="utf-8")
    files["pyproject.toml"] = _edited_pyproject(
        pyproject, variables, value, declare=not in_setup_py, preset=preset
    ).encode("utf-8")
    return files


def apply_added_plugin(
    project: Path, entry: Mapping[str, Any], version: Optional[int] = None
) -> None:
    """Add the recorded plugin ``entry`` to a freshly rendered ``project``, in place.

    ``version`` is the template version the project was rendered with (``None``: today's).
    """
    table = read_record(project).table
    if entry.get("kind", "writer") == "trainer":
        from scaffold._add_trainer import added_trainer_files

        files = added_trainer_files(project, str(entry["name"]), table, version)
    else:
        preset = str(entry.get("preset", "jsonl"))
        files = added_writer_files(project, str(entry["name"]), table, version, preset)
    for relative, data in files.items():
        target = project / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def add_writer(
    project: Path,
    name: str,
    *,
    dry_run: bool = False,
    allow_dirty: bool = False,
    preset: str = "jsonl",
) -> AddedWriter:
    """Add a stats writer called ``name`` to ``project``; with ``dry_run`` write nothing.

    ``preset`` is ``jsonl`` (the default) or ``csv`` (see :data:`ADD_PRESETS`).
    """
    from scaffold._overlay import write_into

    record = read_record(project)
    if record.template != "stats-writer":
        raise NotAProject(
            path=record.path,
            reason=f"is a {record.template} project; `add writer` adds stats writers to "
            "stats-writer projects only (a writer's tests run mlplugin's contract suite, "
            "which a trainer project does not install)",
            hint="Make the writer its own project with `mlplugin new NAME`; a trainer "
            "project adds trainers with `mlplugin add trainer NAME`.",
        )
    files = added_writer_files(record.path, name, record.table, preset=preset)
    package = derive_names(str(record.table["plugin_name"])).module
    module = derive_names(name).module
    result = AddedWriter(
        project=record.path,
        entry_point=module,
        value=f"{package}.{module}:{REGISTRATION}",
        class_name=derive_names(name).class_name,
        files=tuple(sorted(files)),
    )
    if dry_run:
        return result
    written = write_into(record.path, files, command="add", allow_dirty=allow_dirty)
    return replace(result, dry_run=False, backup=written.backup)
