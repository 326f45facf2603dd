"""``verify()``: walk the host's load path for a project, a wheel or an installed dist."""

from __future__ import annotations

import dataclasses
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, Optional, Union

from reference_core._events import LoaderConfig
from reference_core._near import suggestion

from .. import _process
from .._errors import VerifyUsageError
from .._packaging import PACKAGING_FILES, Declaration, requirement
from .._source_tree import source_roots
from ._build import build_wheel, check_wheel
from ._catalog import CHECK_CATALOG, finding
from ._chain import Chain, ProgressCallback
from ._child import run_child_steps
from ._config import read_ignores
from ._core import core_copy, core_source, interpreter_version
from ._host_versions import RELEASES, assess, normalise_release
from ._install import cache_root, install_wheel
from ._model import Finding, HostSupport, Location, Report
from ._requirements import is_extra_only, requirement_name
from ._static import KIND, StaticResult, check_declared, check_project, group_findings
from ._steps import ALL_STEPS, CHILD_STEPS, STEPS
from ._wheel import WheelInfo, read_wheel


def verify(
    target: Union[Path, str, None] = None,
    *,
    installed: Optional[str] = None,
    strict: bool = False,
    timeout_s: float = 60.0,
    python: Optional[str] = None,
    progress: Optional[ProgressCallback] = None,
    steps: Collection[str] = ALL_STEPS,
    host_version: Optional[str] = None,
) -> Report:
    """Walk every step the ML-Agents host takes to load a plugin; report what breaks.

    ``target`` is a project directory or a ``*.whl`` file; ``installed`` names a
    distribution installed in the current environment instead. The chain (static,
    build, install, load, register, run) stops after the first step with an error.
    ``timeout_s`` bounds each phase that runs plugin code. ``steps`` selects steps; a
    project checked without ``"build"`` is loaded straight from its source tree (quick,
    but it cannot see packaging mistakes the wheel would show). Problems in the plugin are
    findings in the returned :class:`Report`; a bad invocation raises
    :class:`VerifyUsageError`, a broken machine an ``EnvironmentProblem``.
    """
    label = installed if installed is not None else str(target if target is not None else ".")
    problems = _option_problems(
        target,
        installed=installed,
        python=python,
        timeout_s=timeout_s,
        steps=steps,
        host_version=host_version,
    )
    if problems:
        raise VerifyUsageError(target=label, problems=problems)
    interpreter = python or sys.executable
    if python is not None:
        interpreter_version(python)  # a missing or too old interpreter stops us before building
    chain = Chain(progress, steps)
    with _process.interruptible():
        workdir = Path(tempfile.mkdtemp(prefix="mlplugin-verify-"))
        try:
            kind, facts = _walk(
                chain,
                target,
                installed,
                workdir=workdir,
                interpreter=interpreter,
                timeout_s=timeout_s,
            )
        finally:  # on Ctrl-C and SIGTERM too: nothing of this run stays in /tmp
            shutil.rmtree(workdir, ignore_errors=True)
    support: tuple[HostSupport, ...] = ()
    if facts is not None and not chain.stopped and chain.results.get("register"):
        support = assess(
            requires_python=facts.requires_python, writers=facts.writers, groups=facts.groups
        )
        chain.note(_support_findings(support, host_version))
    return Report(
        target=label,
        target_kind=kind,
        findings=tuple(chain.findings),
        steps=chain.steps(),
        strict=strict,
        host_support=support,
    )


def _walk(
    chain: Chain,
    target: Union[Path, str, None],
    installed: Optional[str],
    *,
    workdir: Path,
    interpreter: str,
    timeout_s: float,
) -> tuple[str, Optional[_Facts]]:
    """Run the chain for the kind of target given; (target kind, facts)."""
    if installed is not None:
        return "installed", _verify_installed(chain, installed, workdir, timeout_s)
    path = Path(target if target is not None else ".")
    if path.is_file() and path.suffix == ".whl":
        return "wheel", _verify_wheel(chain, path, workdir, interpreter, timeout_s)
    return "project", _verify_project(chain, path, workdir, interpreter, timeout_s)


def _option_problems(
    target: Union[Path, str, None],
    *,
    installed: Optional[str],
    python: Optional[str],
    timeout_s: float,
    steps: Collection[str],
    host_version: Optional[str],
) -> list[str]:
    problems: list[str] = []
    unknown = sorted(set(steps) - set(STEPS))
    if unknown:
        problems.append(f"unknown steps {', '.join(unknown)} (known: {', '.join(STEPS)})")
    if timeout_s <= 0:
        problems.append(f"the timeout must be positive, got {timeout_s}")
    if host_version is not None and normalise_release(host_version) is None:
        problems.append(f"unknown host version {host_version!r} (known: {', '.join(RELEASES)})")
    if installed is not None:
        if target is not None and str(target) not in ("", "."):
            problems.append("give either a TARGET or --installed, not both")
        if python is not None:
            problems.append(
                "--python cannot be combined with --installed (the installed "
                "distribution is checked with the current interpreter)"
            )
        return problems
    path = Path(target if target is not None else ".")
    if not path.exists():
        problems.append(f"{path} does not exist")
    elif path.is_file() and path.suffix != ".whl":
        problems.append(
            f"{path} is a file; pass the project directory or a *.whl file"
            + (f" (try {path.parent})" if path.name in PACKAGING_FILES else "")
        )
    if python is not None and shutil.which(python) is None and not Path(python).is_file():
        problems.append(f"--python {python}: no such interpreter")
    return problems


@dataclasses.dataclass(frozen=True)
class _Facts:
    """What the host-support verdict needs from a run that got through register."""

    requires_python: Optional[str]
    writers: tuple[dict[str, Any], ...]
    groups: tuple[str, ...]


def _verify_project(
    chain: Chain, root: Path, workdir: Path, python: str, timeout_s: float
) -> Optional[_Facts]:
    static = check_project(root.resolve())
    if static.info.pyproject_path is not None:
        chain.ignores = read_ignores(
            static.info.verify_config, path=str(static.info.pyproject_path), known=CHECK_CATALOG
        )
    if chain.begin("static"):
        chain.end("static", list(static.findings))
    if not chain.wants("build"):
        return _load_from_source(chain, root.resolve(), static, workdir, timeout_s)
    if not chain.begin("build"):
        return None
    built = build_wheel(root.resolve(), workdir, python=python, timeout_s=timeout_s)
    findings = list(built.findings)
    if built.wheel is not None:
        unreadable = static.info.unreadable
        if unreadable:
            findings += group_findings(
                _wheel_declarations(built.wheel),
                built.wheel.path.name,
                unreadable=False,
                step="build",
            )
        findings += check_wheel(built.wheel, static.declarations, compare=not unreadable)
    chain.end("build", findings)
    if built.wheel is None:
        return None
    return _install_and_run(
        chain,
        built.wheel,
        workdir,
        python=python,
        timeout_s=timeout_s,
        requires_python=static.info.requires_python or built.wheel.requires_python,
        declarations=static.declarations,
    )


def _load_from_source(
    chain: Chain, root: Path, static: StaticResult, workdir: Path, timeout_s: float
) -> Optional[_Facts]:
    """Load (and register, run) straight from the source tree, without build or install.

    The current interpreter imports the entry points with the project's source roots in
    front of ``sys.path``.
    """
    config = LoaderConfig(
        group=KIND.group,
        results_dir="",
        distribution=root.name,
        entry_points=tuple((d.name, d.value) for d in static.declarations),
        source_roots=tuple(str(p) for p in source_roots(root, static.info.package_dirs)),
    )
    locations = {d.name: d.location for d in static.declarations}
    writers = _run_child(
        chain,
        sys.executable,
        config,
        core_source().parent,
        workdir=workdir,
        timeout_s=timeout_s,
        isolated=True,
        locations=locations,
    )
    if writers is None:
        return None
    return _Facts(static.info.requires_python, writers, ())


def _verify_wheel(
    chain: Chain, path: Path, workdir: Path, python: str, timeout_s: float
) -> Optional[_Facts]:
    try:
        wheel = read_wheel(path.resolve())
    except (KeyError, OSError, ValueError, zipfile.BadZipFile) as exc:
        problem = f"not a readable wheel: {exc}".rstrip(": ")
        raise VerifyUsageError(target=str(path), problems=[problem]) from exc
    if chain.begin("static"):
        where = wheel.path.name
        requirements = [
            requirement(r, Location(where)) for r in wheel.requires if not is_extra_only(r)
        ]
        findings = check_declared(_wheel_declarations(wheel), requirements, where)
        findings += check_wheel(wheel, [], compare=False, step="static")
        chain.end("static", findings)
    return _install_and_run(
        chain,
        wheel,
        workdir,
        python=python,
        timeout_s=timeout_s,
        requires_python=wheel.requires_python,
    )


def _wheel_declarations(wheel: WheelInfo) -> list[Declaration]:
    where = Location(f"{wheel.path.name}:entry_points.txt")
    return [
        Declaration(group, name, value, where)
        for group, entries in wheel.entry_points.items()
        for name, value in entries
    ]


def _install_and_run(
    chain: Chain,
    wheel: WheelInfo,
    workdir: Path,
    *,
    python: str,
    timeout_s: float,
    requires_python: Optional[str],
    declarations: Sequence[Declaration] = (),
) -> Optional[_Facts]:
    ours = [d for d in declarations or _wheel_declarations(wheel) if d.group == KIND.group]
    if not chain.begin("install"):
        return None
    installed = install_wheel(
        wheel, python=python, python_version=interpreter_version(python), workdir=workdir
    )
    chain.end("install", list(installed.findings))
    if installed.python is None:
        return None
    config = LoaderConfig(
        group=KIND.group,
        results_dir="",
        distribution=wheel.name,
        entry_points=tuple(wheel.entry_points.get(KIND.group, [])),
        declared=_declared(wheel.requires),
    )
    writers = _run_child(
        chain,
        installed.python,
        config,
        core_copy(cache_root()),
        workdir=workdir,
        timeout_s=timeout_s,
        isolated=True,
        locations={d.name: d.location for d in ours},
    )
    if writers is None:
        return None
    return _Facts(requires_python, writers, tuple(wheel.entry_points))


def _declared(requires: Iterable[str]) -> tuple[str, ...]:
    """Canonical names of the runtime requirements, for the child (which parses nothing)."""
    return tuple(n for n in (requirement_name(r) for r in requires if not is_extra_only(r)) if n)


def _verify_installed(chain: Chain, name: str, workdir: Path, timeout_s: float) -> Optional[_Facts]:
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
        requirements = [requirement(r, where) for r in requires]
        chain.end("static", check_declared(declarations, requirements, where.path))
    config = LoaderConfig(
        group=KIND.group,
        results_dir="",
        distribution=dist.metadata["Name"],
        entry_points=tuple((d.name, d.value) for d in declarations if d.group == KIND.group),
        declared=_declared(requires),
    )
    writers = _run_child(
        chain,
        sys.executable,
        config,
        core_source().parent,
        workdir=workdir,
        timeout_s=timeout_s,
        isolated=False,
        locations={d.name: d.location for d in declarations},
    )
    if writers is None:
        return None
    return _Facts(
        dist.metadata["Requires-Python"], writers, tuple(sorted({d.group for d in declarations}))
    )


def _run_child(
    chain: Chain,
    python: str,
    config: LoaderConfig,
    core: Path,
    *,
    workdir: Path,
    timeout_s: float,
    isolated: bool,
    locations: Mapping[str, Location],
) -> Optional[tuple[dict[str, Any], ...]]:
    """The child steps that are selected; ``None`` when none runs."""
    selected = tuple(s for s in CHILD_STEPS if chain.wants(s))
    if not selected or selected[0] != "load":
        return None
    facts = run_child_steps(
        chain,
        python,
        dataclasses.replace(config, steps=selected),
        core=core,
        workdir=workdir,
        timeout_s=timeout_s,
        isolated=isolated,
        locations=locations,
    )
    return tuple(facts)


def _support_findings(
    support: tuple[HostSupport, ...], host_version: Optional[str]
) -> list[Finding]:
    if host_version is not None:
        wanted = normalise_release(host_version)
        verdict = next(s for s in support if s.release == wanted)
        if verdict.supported:
            return []
        return [
            finding("MLP110", f"the plugin does not support mlagents {wanted}: {verdict.reason}")
        ]
    if any(s.supported for s in support):
        return []
    reasons = sorted({s.reason for s in support})
    return [
        finding("MLP110", "the plugin supports no ML-Agents release: " + " | ".join(reasons)[:400])
    ]
