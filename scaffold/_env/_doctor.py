"""``doctor``: what in an environment keeps the ML-Agents host from seeing plugins.

Every check reads files only (metadata, source packaging files, script shebangs), except
DOC110: trainer names are known only by calling a trainer plugin's registration, which
happens in a child process with a timeout, exactly as ``mlplugin list`` does it (never
in mlplugin's own process). No ``setup.py`` runs. The checks and their IDs are listed in
:data:`~._model.DOCTOR_CHECKS` and documented in ``docs/reference/list-doctor.md``.
"""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Optional

from packaging.version import InvalidVersion, Version

from reference_core._kinds import ML_AGENTS_STATS_WRITER, ML_AGENTS_TRAINER_TYPE
from reference_core._near import near_host_group
from reference_core._packaging import read_packaging

from ._duplicates import duplicates
from ._interpreter import inspect_interpreter
from ._list import list_plugins
from ._metadata import (
    EntryPointRecord,
    InstalledDistribution,
    is_mlagents_group,
    iter_distributions,
    plugin_entries,
)
from ._model import HOST_GROUPS, SEVERITIES, DoctorFinding, Interpreter
from ._scripts import same_environment, shebang_interpreter

#: Top-level import names mlplugin installs; another distribution providing one clashes.
OWN_MODULES = ("scaffold", "reference_core")
LEARN_SCRIPT = "mlagents-learn"
Dists = Sequence[InstalledDistribution]


def _q(path: str) -> str:
    return shlex.quote(path)


#: Packaging problems that leave the source's declarations unknown.
_UNREADABLE = frozenset({"invalid-toml", "invalid-setup-cfg", "setup-py-syntax", "unreadable"})


def _release(text: str) -> tuple[int, ...]:
    """The release numbers of a version string (``()`` when it is not a version)."""
    try:
        return Version(text).release
    except InvalidVersion:
        return ()


def _near_miss(group: str) -> Optional[str]:
    """The host group ``group`` was probably meant to be, if it is a misspelling of one."""
    if group in HOST_GROUPS or not is_mlagents_group(group):
        return None
    return near_host_group(group, HOST_GROUPS)


def _declared_in_source(source_dir: str) -> Optional[set[tuple[str, str, str]]]:
    """What the source tree declares now, or ``None`` when that cannot be known."""
    info = read_packaging(Path(source_dir))
    if (
        not info.sources
        or info.unreadable
        or any(p.code != "conflict" for p in info.problems if p.code != "setup-py-imports-host")
    ):
        return None
    records = (EntryPointRecord(d.group, d.name, d.value) for d in info.declarations)
    return plugin_entries(records)


def _stale_editables(dists: Dists, py: str) -> Iterator[DoctorFinding]:
    """DOC101 and DOC109: editable installs whose metadata no longer matches the source."""
    for dist in dists:
        if not (dist.editable and dist.source_dir):
            continue
        if not Path(dist.source_dir).is_dir():
            yield DoctorFinding(
                "DOC109",
                "warning",
                f"{dist.name} {dist.version} is installed in editable mode from "
                f"{dist.source_dir}, which no longer exists; importing it fails.",
                f"{py} -m pip uninstall -y {dist.name}",
                dist.name,
            )
            continue
        source = _declared_in_source(dist.source_dir)
        if source is None:
            continue
        installed = plugin_entries(dist.entry_points)
        if source == installed:
            continue
        parts = []
        if source - installed:
            shown = ", ".join(f"{g}: {n} = {v}" for g, n, v in sorted(source - installed))
            parts.append(f"the source declares {shown}, which the installed metadata lacks")
        if installed - source:
            shown = ", ".join(f"{g}: {n} = {v}" for g, n, v in sorted(installed - source))
            parts.append(f"the installed metadata still declares {shown}")
        yield DoctorFinding(
            "DOC101",
            "warning",
            f"{dist.name} is installed in editable mode from {dist.source_dir}, but its "
            f"metadata is stale: {'; '.join(parts)}. The host reads the metadata, not the source.",
            f"{py} -m pip install -e {_q(dist.source_dir)}",
            dist.name,
        )


def _near_miss_groups(dists: Dists, py: str) -> Iterator[DoctorFinding]:
    """DOC108: entry points in a misspelt group, which the host never reads."""
    for dist in dists:
        for ep in dist.entry_points:
            meant = _near_miss(ep.group)
            if meant is None:
                continue
            where = dist.source_dir or "its source"
            yield DoctorFinding(
                "DOC108",
                "error",
                f"{dist.name} declares {ep.name} = {ep.value} in group {ep.group!r}; the host "
                f"reads only {meant!r}, so this plugin is never loaded.",
                f"rename the group to {meant!r} in {where}'s packaging file, then reinstall "
                f"({py} -m pip install ...)",
                dist.name,
            )


def _host(dists: Dists, target: Interpreter) -> Iterator[DoctorFinding]:
    """DOC104, DOC105, DOC106: can the installed mlagents discover plugins at all?"""
    py = target.executable
    host = next((d for d in dists if d.normalized_name == "mlagents"), None)
    if host is None:
        yield DoctorFinding(
            "DOC105",
            "info",
            f"mlagents is not installed for {py} (Python {target.version_text}); mlagents-learn "
            "cannot run plugins from this environment. mlplugin verify and reference_core "
            "test plugins without it.",
            "for the real host use Python 3.10.1-3.10.12: pip install mlagents==1.1.0",
            "mlagents",
        )
        return
    if _release(host.version) < (0, 24):
        yield DoctorFinding(
            "DOC104",
            "error",
            f"mlagents {host.version} predates the plugin system (added in 0.24.0); it never "
            "loads stats-writer plugins.",
            f"{py} -m pip install 'mlagents>=0.24'",
            "mlagents",
        )
        return
    if target.version >= (3, 12, 0):
        yield DoctorFinding(
            "DOC104",
            "error",
            f"mlagents {host.version} discovers plugins through the dict interface of "
            "importlib.metadata.entry_points(), which raises AttributeError on Python "
            f"{target.version_text}: mlagents-learn stops before loading any plugin.",
            "use Python 3.10.1-3.10.12 for mlagents 1.x, e.g. uv venv -p 3.10.12 .venv-host",
            "mlagents",
        )
    has_default = any(
        ep.group == ML_AGENTS_STATS_WRITER and ep.name == "default" for ep in host.entry_points
    )
    if not has_default:
        fix = (
            f"{py} -m pip install -e {_q(host.source_dir)}"
            if host.editable and host.source_dir
            else f"{py} -m pip install --force-reinstall --no-deps mlagents=={host.version}"
        )
        yield DoctorFinding(
            "DOC106",
            "warning",
            f"mlagents {host.version}'s metadata lacks its 'default' entry point in "
            f"{ML_AGENTS_STATS_WRITER!r}; once any plugin registers that group the host creates "
            "no default writers (no TensorBoard, no console summaries).",
            fix,
            "mlagents",
        )


def _learn_script(target: Interpreter, environ: Mapping[str, str]) -> Iterator[DoctorFinding]:
    """DOC103: the mlagents-learn on PATH belongs to another environment."""
    search = environ.get("PATH", "")
    script = shutil.which(LEARN_SCRIPT, path=search)
    if script is None:
        return
    runs = shebang_interpreter(script, search_path=search)
    if runs is None or same_environment(runs, target.executable):
        return
    own = Path(target.scripts, LEARN_SCRIPT) if target.scripts else None
    fix = (
        f"run {own} (or activate its environment)"
        if own is not None and own.is_file()
        else f"{runs} -m pip install <your plugin> (install it where mlagents-learn runs)"
    )
    yield DoctorFinding(
        "DOC103",
        "warning",
        f"{LEARN_SCRIPT} on PATH ({script}) runs {runs}, not {target.executable}: plugins "
        "installed in this environment are invisible to it.",
        fix,
        LEARN_SCRIPT,
    )


def _name_clash(dists: Dists, py: str) -> Iterator[DoctorFinding]:
    """DOC107: another distribution installs a top-level ``scaffold`` or ``reference_core``."""
    for dist in dists:
        clash = sorted(set(dist.top_level) & set(OWN_MODULES))
        if not clash or dist.normalized_name == "mlplugin":
            continue
        yield DoctorFinding(
            "DOC107",
            "warning",
            f"{dist.name} {dist.version} installs a top-level module named "
            f"{' and '.join(repr(c) for c in clash)}, as mlplugin does; whichever comes "
            "first on sys.path wins and the other breaks.",
            f"install mlplugin in its own environment (pipx install ./mlplugin from a clone), or "
            f"{py} -m pip uninstall {dist.name}",
            dist.name,
        )


def _trainer_overrides(target: Interpreter) -> Iterator[DoctorFinding]:
    """DOC110: a trainer plugin registers a name the host uses for a built-in trainer."""
    for plugin in list_plugins(interpreter=target, groups=(ML_AGENTS_TRAINER_TYPE,)):
        for name in plugin.overrides:
            yield DoctorFinding(
                "DOC110",
                "warning",
                f"{plugin.distribution} (entry point {plugin.name!r}) registers a trainer "
                f"named {name!r}: every config with `trainer_type: {name}` now trains with "
                "the plugin's trainer instead of the built-in one",
                "rename the plugin's trainer, or uninstall the plugin if the override is "
                f"not wanted: {target.executable} -m pip uninstall {plugin.distribution}",
                plugin.distribution,
            )


def doctor(
    *,
    python: Optional[str] = None,
    interpreter: Optional[Interpreter] = None,
    environ: Optional[Mapping[str, str]] = None,
    load_trainers: bool = True,
) -> tuple[DoctorFinding, ...]:
    """Diagnose the environment of ``python`` (default: the running interpreter).

    ``interpreter`` replaces the inspection (its ``path`` is the metadata search path)
    and ``environ`` the process environment (``PATH`` is where ``mlagents-learn`` is
    looked up); tests use both. ``load_trainers=False`` skips DOC110, the one check
    that calls plugin code (in child processes). Findings come most severe first.
    """
    target = interpreter or inspect_interpreter(python)
    dists = list(iter_distributions(target.path))
    py = target.executable
    findings = [
        *_stale_editables(dists, py),
        *duplicates(dists, target),
        *_near_miss_groups(dists, py),
        *_host(dists, target),
        *_learn_script(target, os.environ if environ is None else environ),
        *_name_clash(dists, py),
        *(_trainer_overrides(target) if load_trainers else ()),
    ]
    rank = {severity: index for index, severity in enumerate(SEVERITIES)}
    return tuple(sorted(findings, key=lambda f: (rank[f.severity], f.check_id, f.subject)))
