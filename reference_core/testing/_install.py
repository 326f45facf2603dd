"""Is the plugin under test installed, current and loadable? One sentence with the fix.

The host finds a plugin through the *installed* metadata (``entry_points.txt``), which
pip writes at install time from ``pyproject.toml`` / ``setup.py``. Two mistakes follow,
and both used to surface as a dozen chained tracebacks from the contract suite:

* the registration function was renamed (or moved) and the entry point still names
  the old one: :func:`explain_failure` says what the host could not do, suggests the
  near name and says where to change it;
* the packaging file was fixed but the project not reinstalled: :func:`stale_entry_points`
  compares what the project declares with what is installed.

The project's declarations are read without running anything: ``[project.entry-points]``
in ``pyproject.toml`` (with :mod:`tomllib`, or ``tomli`` / ``tomlkit`` on Python < 3.11
when one is installed -- mlplugin itself brings tomlkit there), else a literal
``entry_points=`` in ``setup.py`` (parsed with :mod:`ast`). A declaration that cannot be
read statically gives ``None``: no staleness verdict rather than a wrong one.
"""

from __future__ import annotations

import ast
import dataclasses
import difflib
import importlib
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from reference_core import PluginLoadError

#: How the fix is phrased: every packaging change needs this to reach the host.
REINSTALL = 'pip install -e ".[test]"'


@dataclasses.dataclass(frozen=True)
class Project:
    """What a project directory declares: its distribution name and entry points."""

    root: Path
    packaging_file: str
    distribution: str | None
    entry_points: dict[str, dict[str, str]]  # group -> name -> value

    def group(self, group: str) -> dict[str, str]:
        """The ``name -> value`` entry points of ``group``."""
        return self.entry_points.get(group, {})


def _load_toml(path: Path) -> dict[str, Any] | None:
    """The parsed file, or ``None`` when no TOML reader is installed (Python < 3.11)."""
    text = path.read_text(encoding="utf-8")
    for module in ("tomllib", "tomli", "tomlkit"):
        try:
            reader: Any = importlib.import_module(module)
        except ImportError:
            continue
        if module == "tomlkit":
            return dict(reader.parse(text).unwrap())
        return dict(reader.loads(text))
    return None


def _from_pyproject(root: Path) -> Project | None:
    data = _load_toml(root / "pyproject.toml")
    project = data.get("project") if data else None
    if not isinstance(project, dict) or "entry-points" in project.get("dynamic", []):
        return None
    groups = {
        str(group): {str(k): str(v).strip() for k, v in table.items()}
        for group, table in dict(project.get("entry-points", {})).items()
        if isinstance(table, dict)
    }
    name = project.get("name")
    return Project(root, "pyproject.toml", str(name) if name else None, groups)


def _setup_keywords(root: Path) -> dict[str, Any]:
    tree = ast.parse((root / "setup.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        func = getattr(node, "func", None)
        called = getattr(func, "id", None) or getattr(func, "attr", None)
        if isinstance(node, ast.Call) and called == "setup":
            found = {}
            for keyword in node.keywords:
                if keyword.arg in {"name", "entry_points"}:
                    found[keyword.arg] = ast.literal_eval(keyword.value)
            return found
    return {}


def _from_setup_py(root: Path) -> Project | None:
    keywords = _setup_keywords(root)
    groups: dict[str, dict[str, str]] = {}
    for group, lines in dict(keywords.get("entry_points", {})).items():
        entries = groups.setdefault(str(group), {})
        for line in [lines] if isinstance(lines, str) else lines:
            key, sep, value = str(line).partition("=")
            if sep:
                entries[key.strip()] = value.strip()
    name = keywords.get("name")
    return Project(root, "setup.py", name if isinstance(name, str) else None, groups)


def read_project(root: Path) -> Project | None:
    """The declarations of the project at ``root``; ``None`` when none can be read."""
    try:
        if (root / "pyproject.toml").is_file():
            found = _from_pyproject(root)
            if found is not None and (found.entry_points or not (root / "setup.py").is_file()):
                return found
        if (root / "setup.py").is_file():
            return _from_setup_py(root)
    except (OSError, SyntaxError, ValueError, TypeError, AttributeError):
        return None  # computed or malformed declarations: no verdict
    return None


def _installed(distribution: str, group: str) -> dict[str, str] | None:
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return None
    return {ep.name: ep.value.strip() for ep in dist.entry_points if ep.group == group}


def stale_entry_points(project: Project, group: str) -> str | None:
    """A sentence when the installed entry points of ``group`` differ from the project's."""
    if project.distribution is None:
        return None
    declared = project.group(group)
    installed = _installed(project.distribution, group)
    if installed is None:
        return (
            f"{project.distribution} is not installed in this environment ({sys.executable}), "
            f"so the host cannot find its entry points. Fix: run `{REINSTALL}` in {project.root}."
        )
    if installed == declared:
        return None

    def shown(entries: dict[str, str]) -> str:
        return ", ".join(f"{k} = {v}" for k, v in sorted(entries.items())) or "nothing"

    return (
        f"The installed metadata of {project.distribution} is stale: {project.packaging_file} "
        f"declares [{group}] {shown(declared)}, but the installed entry points are "
        f"{shown(installed)}. The host reads the installed metadata, which pip writes at "
        f"install time. Fix: run `{REINSTALL}` again in {project.root}."
    )


def _near(name: str, options: list[str]) -> str:
    public = [o for o in options if not o.startswith("_")]
    close = difflib.get_close_matches(name, public, n=1, cutoff=0.5)
    return f" (did you mean {close[0]!r}?)" if close else ""


def explain_failure(error: PluginLoadError, packaging_file: str = "pyproject.toml") -> str:
    """One sentence saying why the host could not use the entry point, and the fix."""
    cause, value = error.cause, error.value or "?"
    head = f"The host could not use entry point {error.entry_point!r} = {value!r}"
    module, _, attr = value.partition(":")
    module, attr = module.strip(), attr.split("[")[0].strip()
    where = f"the [{error.group}] entry point in {packaging_file}"
    if error.stage == "load" and isinstance(cause, AttributeError) and module in sys.modules:
        missing = attr.split(".")[-1]
        hint = _near(missing, dir(sys.modules[module]))
        return (
            f"{head}: module {module!r} has no attribute {missing!r}{hint}. Fix: make {where} "
            f"name the registration function, then run `{REINSTALL}`."
        )
    if error.stage == "load" and isinstance(cause, ModuleNotFoundError) and cause.name == module:
        return (
            f"{head}: there is no module {module!r}. Fix: correct the module in {where} "
            f"(or the package layout), then run `{REINSTALL}`."
        )
    what = f"{type(cause).__name__}: {cause}" if cause is not None else "it failed"
    doing = {
        "load": "importing it raised",
        "call": "calling the registration function with one RunOptions raised",
        "len": "the host takes len() of what the registration function returns, and got",
        "element": "the registration function returned something that is not a StatsWriter:",
    }.get(error.stage, f"stage {error.stage!r} raised")
    return f"{head}: {doing} {what}. The host would log this and train without the plugin."
