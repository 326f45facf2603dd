"""The three kinds of verify target -- a project, a wheel, an installed distribution.

Each walks the chain from its own first step: a project is read (static), built and
installed; a wheel is read from its metadata and installed; an installed distribution
is read from its metadata and loaded where it is. All three then hand the loader's
child steps (load, register, run) to :mod:`._child`. What the host-support verdict
needs comes back as :class:`Facts`. A wheel that cannot be read, or an installed
distribution that does not exist, raises :class:`~scaffold.VerifyUsageError`.
"""

from __future__ import annotations

import dataclasses
import sys
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, Optional, Union, cast

from reference_core._declared import Declaration, Requirement
from reference_core._events import LoaderConfig
from reference_core._near import suggestion

from .._cache import cache_enabled, cache_root
from .._errors import VerifyUsageError
from .._loader_child import LoaderProcess
from .._source_tree import source_roots
from ._ahead import Ahead
from ._build import build_wheel, check_wheel
from ._catalog import CHECK_CATALOG
from ._chain import Chain
from ._child import run_child_steps
from ._config import read_ignores
from ._core import core_copy, core_source, interpreter_version
from ._install import Preparation, install_wheel
from ._model import Finding, Location
from ._requirements import is_extra_only, requirement_name
from ._static import (
    StaticResult,
    check_declared,
    check_project,
    declared_kinds,
    group_findings,
    override_findings,
)
from ._steps import CHILD_STEPS
from ._wheel import WheelInfo, read_wheel


@dataclasses.dataclass(frozen=True)
class Walk:
    """One verify run: its chain, private work directory, interpreter and phase timeout."""

    chain: Chain
    workdir: Path
    python: str
    timeout_s: float
    host_site: tuple[str, ...] = ()


def walk_target(
    run: Walk, target: Union[Path, str, None], installed: Optional[str]
) -> tuple[str, Optional[Facts]]:
    """Run the chain for the kind of target given; (target kind, facts)."""
    if installed is not None:
        return "installed", _verify_installed(run, installed)
    path = Path(target if target is not None else ".")
    if path.is_file() and path.suffix == ".whl":
        return "wheel", _verify_wheel(run, path)
    return "project", _verify_project(run, path)


@dataclasses.dataclass(frozen=True)
class Facts:
    """What the host-support verdict needs from a run that got through register."""

    requires_python: Optional[str]
    writers: tuple[dict[str, Any], ...]
    groups: tuple[str, ...]


def _verify_project(run: Walk, root: Path) -> Optional[Facts]:
    chain = run.chain
    static = check_project(root.resolve())
    if static.info.pyproject_path is not None:
        chain.ignores = read_ignores(
            static.info.verify_config, path=str(static.info.pyproject_path), known=CHECK_CATALOG
        )
    if chain.begin("static"):
        chain.end("static", list(static.findings))
    if not chain.wants("build"):
        return _load_from_source(run, root.resolve(), static)
    if not chain.begin("build"):
        return None
    preparation = Preparation()
    ahead = Ahead(chain)

    def install_and_run(on: Walk, wheel: WheelInfo) -> Optional[Facts]:
        return _install_and_run(
            on,
            wheel,
            requires_python=static.info.requires_python or wheel.requires_python,
            declarations=static.declarations,
            verify_config=static.info.verify_config,
        )

    def run_ahead(shadow: Chain, wheel: WheelInfo) -> Optional[Facts]:
        return install_and_run(
            dataclasses.replace(run, chain=shadow, workdir=run.workdir / "ahead"), wheel
        )

    def while_confirming(wheel: WheelInfo) -> None:
        preparation.join()  # the reference core's copy first
        ahead.start(wheel, run_ahead)

    try:
        built = build_wheel(
            root.resolve(),
            run.workdir,
            python=run.python,
            timeout_s=run.timeout_s,
            cache=_cache(),
            while_confirming=while_confirming,
        )
        findings = list(built.findings)
        if built.wheel is not None:
            findings += _wheel_findings(built.wheel, static)
        chain.end("build", findings, detail=built.how)
        if built.wheel is None:
            return None
        if ahead.wheel is built.wheel and not chain.stopped:
            return cast(Optional[Facts], ahead.take(chain))
    finally:  # also on Ctrl-C: a run ahead is cancelled and waited for
        ahead.discard()
        preparation.join()
    return install_and_run(run, built.wheel)


def _wheel_findings(wheel: WheelInfo, static: StaticResult) -> list[Finding]:
    """The build step's checks of the wheel against what the source declares."""
    findings = []
    unreadable = static.info.unreadable
    if unreadable:
        findings += group_findings(
            _wheel_declarations(wheel), wheel.path.name, unreadable=False, step="build"
        )
    return findings + check_wheel(wheel, static.declarations, compare=not unreadable)


def _load_from_source(run: Walk, root: Path, static: StaticResult) -> Optional[Facts]:
    """Load (and register, run) straight from the source tree, without build or install.

    The current interpreter imports the entry points with the project's source roots in
    front of ``sys.path``.
    """
    config = LoaderConfig(
        group="",
        results_dir="",
        distribution=root.name,
        source_roots=tuple(str(p) for p in source_roots(root, static.info.package_dirs)),
    )
    python = run.python if run.host_site else sys.executable
    here = LoaderProcess(python, core_source().parent, isolated=True)
    writers = _run_kinds(run, here, config, static.declarations, static.info.verify_config)
    if writers is None:
        return None
    return Facts(static.info.requires_python, writers, ())


def _verify_wheel(run: Walk, path: Path) -> Optional[Facts]:
    chain = run.chain
    try:
        wheel = read_wheel(path.resolve())
    except (KeyError, OSError, ValueError, zipfile.BadZipFile) as exc:
        problem = f"not a readable wheel: {exc}".rstrip(": ")
        raise VerifyUsageError(target=str(path), problems=[problem]) from exc
    if chain.begin("static"):
        where = wheel.path.name
        requirements = [
            Requirement(r, Location(where)) for r in wheel.requires if not is_extra_only(r)
        ]
        findings = check_declared(_wheel_declarations(wheel), requirements, where)
        findings += check_wheel(wheel, [], compare=False, step="static")
        chain.end("static", findings)
    return _install_and_run(run, wheel, requires_python=wheel.requires_python)


def _wheel_declarations(wheel: WheelInfo) -> list[Declaration]:
    where = Location(f"{wheel.path.name}:entry_points.txt")
    return [
        Declaration(group, name, value, where)
        for group, entries in wheel.entry_points.items()
        for name, value in entries
    ]


def _install_and_run(
    run: Walk,
    wheel: WheelInfo,
    *,
    requires_python: Optional[str],
    declarations: Sequence[Declaration] = (),
    verify_config: Mapping[str, Any] = MappingProxyType({}),
) -> Optional[Facts]:
    if not run.chain.begin("install"):
        return None
    version = interpreter_version(run.python)
    installed = install_wheel(
        wheel,
        python=run.python,
        python_version=version,
        workdir=run.workdir,
        host_site=run.host_site,
    )
    run.chain.end("install", list(installed.findings), detail=installed.detail)
    if installed.python is None:
        return None
    config = LoaderConfig(
        group="", results_dir="", distribution=wheel.name, declared=_declared(wheel.requires)
    )
    venv = LoaderProcess(installed.python, core_copy(cache_root()), isolated=True)
    writers = _run_kinds(
        run, venv, config, declarations or _wheel_declarations(wheel), verify_config
    )
    if writers is None:
        return None
    return Facts(requires_python, writers, tuple(wheel.entry_points))


def _cache() -> Optional[Path]:
    """Where builds and environments are cached; ``None`` with ``MLPLUGIN_NO_CACHE=1``."""
    return cache_root() if cache_enabled() else None


def _declared(requires: Iterable[str]) -> tuple[str, ...]:
    """Canonical names of the runtime requirements, for the child (which parses nothing)."""
    return tuple(n for n in (requirement_name(r) for r in requires if not is_extra_only(r)) if n)


def _verify_installed(run: Walk, name: str) -> Optional[Facts]:
    from importlib import metadata  # only this target reads installed metadata

    chain = run.chain
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError as exc:
        names = [d.metadata["Name"] for d in metadata.distributions() if d.metadata["Name"]]
        raise VerifyUsageError(
            target=name,
            problems=[
                (
                    f"no distribution {name!r} is installed in {sys.executable}"
                    f"{suggestion(name, names)}"
                )
            ],
        ) from exc
    ep_file = next((f for f in dist.files or () if f.name == "entry_points.txt"), None)
    where = Location(str(dist.locate_file(ep_file)) if ep_file else f"{name} metadata")
    declarations = [Declaration(ep.group, ep.name, ep.value, where) for ep in dist.entry_points]
    requires = [r for r in dist.requires or () if not is_extra_only(r)]
    if chain.begin("static"):
        requirements = [Requirement(r, where) for r in requires]
        chain.end("static", check_declared(declarations, requirements, where.path))
    config = LoaderConfig(
        group="", results_dir="", distribution=dist.metadata["Name"], declared=_declared(requires)
    )
    here = LoaderProcess(sys.executable, core_source().parent, isolated=False)
    writers = _run_kinds(run, here, config, declarations, {})
    if writers is None:
        return None
    return Facts(
        dist.metadata["Requires-Python"], writers, tuple(sorted({d.group for d in declarations}))
    )


def _run_kinds(
    run: Walk,
    process: LoaderProcess,
    config: LoaderConfig,
    declared: Sequence[Declaration],
    verify_config: Mapping[str, Any],
) -> Optional[tuple[dict[str, Any], ...]]:
    """The child steps once per plugin kind the declarations use (stats writers first).

    ``None`` when no child step runs. A trainer named like a built-in one warns (MLP706)
    unless ``[tool.mlplugin.verify] overrides`` lists it.
    """
    facts: list[dict[str, Any]] = []
    ran = False
    for kind in declared_kinds(declared):
        mine = [d for d in declared if d.group == kind.group]
        entry_points = tuple((d.name, d.value) for d in mine)
        found = _run_child(
            run,
            process,
            dataclasses.replace(config, group=kind.group, entry_points=entry_points),
            mine,
        )
        if found is None:
            break
        ran = True
        facts += found
        if run.chain.stopped:
            break
    if not ran:
        return None
    run.chain.note(override_findings(facts, verify_config, declared))
    return tuple(f for f in facts if "trainer_type" not in f)


def _run_child(
    run: Walk, process: LoaderProcess, config: LoaderConfig, declared: Iterable[Declaration]
) -> Optional[tuple[dict[str, Any], ...]]:
    """The selected child steps; ``None`` when none runs. Findings point at ``declared``."""
    selected = tuple(s for s in CHILD_STEPS if run.chain.wants(s))
    if not selected or selected[0] != "load":
        return None
    locations = {d.name: d.location for d in declared if d.group == config.group}
    config = dataclasses.replace(config, steps=selected)
    facts = run_child_steps(
        run.chain,
        process,
        config,
        workdir=run.workdir,
        timeout_s=run.timeout_s,
        locations=locations,
    )
    return tuple(facts)
