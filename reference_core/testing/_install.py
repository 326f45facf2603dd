"""Is the plugin under test installed, current and loadable? One sentence with the fix.

The host finds a plugin through the *installed* metadata (``entry_points.txt``), which
pip writes at install time from ``pyproject.toml`` / ``setup.py``. Two mistakes follow,
and both used to surface as a dozen chained tracebacks from the contract suite:

* the registration function was renamed (or moved) and the entry point still names
  the old one: :func:`explain_failure` says what the host could not do, suggests the
  near name and says where to change it;
* the packaging file was fixed but the project not reinstalled: :func:`stale_entry_points`
  compares what the project declares with what is installed.

The project's declarations come from :func:`reference_core._packaging.read_packaging`,
the one packaging reader (``mlplugin verify`` and ``doctor`` use it too), so all of them
agree on what a project declares: PEP 621, ``setup.cfg``, a static ``setup.py`` and
Poetry's plugins table, as the declared build backend would build them. Nothing is run.
A declaration that cannot be read statically gives ``None``: no staleness verdict rather
than a wrong one.
"""

from __future__ import annotations

import dataclasses
import sys
from importlib import metadata
from pathlib import Path

from reference_core import PluginLoadError
from reference_core._near import did_you_mean
from reference_core._packaging import read_packaging

#: How the fix is phrased: every packaging change needs this to reach the host.
REINSTALL = 'pip install -e ".[test]"'


#: Reader problems after which the declarations are unknown (or not what pip installed).
_NO_VERDICT = frozenset(
    {"unreadable", "invalid-toml", "invalid-setup-cfg", "setup-py-syntax", "computed-entry-points"}
)


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


def read_project(root: Path) -> Project | None:
    """The declarations of the project at ``root``; ``None`` when none can be read."""
    info = read_packaging(root)
    if not info.sources or info.unreadable or any(p.code in _NO_VERDICT for p in info.problems):
        return None
    groups: dict[str, dict[str, str]] = {}
    for declaration in info.declarations:
        groups.setdefault(declaration.group, {})[declaration.name] = declaration.value.strip()
    where = info.declarations[0].location.path if info.declarations else info.sources[0]
    return Project(root, where, info.name, groups)


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


def explain_failure(error: PluginLoadError, packaging_file: str = "pyproject.toml") -> str:
    """One sentence saying why the host could not use the entry point, and the fix."""
    cause, value = error.cause, error.value or "?"
    head = f"The host could not use entry point {error.entry_point!r} = {value!r}"
    module, _, attr = value.partition(":")
    module, attr = module.strip(), attr.split("[")[0].strip()
    where = f"the [{error.group}] entry point in {packaging_file}"
    if error.stage == "load" and isinstance(cause, AttributeError) and module in sys.modules:
        missing = attr.split(".")[-1]
        public = [name for name in dir(sys.modules[module]) if not name.startswith("_")]
        best = did_you_mean(missing, public, cutoff=0.5)
        hint = f" (did you mean {best!r}?)" if best else ""
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
