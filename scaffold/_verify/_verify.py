"""``verify()``: walk the host's load path for a project, a wheel or an installed dist."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Optional, Union

from reference_core._packaging import PACKAGING_FILES

from .._errors import VerifyUsageError
from ._catalog import finding
from ._chain import Chain, ProgressCallback
from ._core import host_site_packages, interpreter_version
from ._env_file import applied_environment
from ._host_versions import RELEASES, assess, normalise_release
from ._model import Finding, HostSupport, Report
from ._steps import ALL_STEPS, STEPS
from ._targets import Walk, walk_target


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
    host: Optional[str] = None,
    environment: Optional[Mapping[str, str]] = None,
) -> Report:
    """Walk every step the ML-Agents host takes to load a plugin; report what breaks.

    ``target`` is a project directory or a ``*.whl`` file; ``installed`` names a
    distribution installed in the current environment instead. The chain (static,
    build, install, load, register, run) stops after the first step with an error.
    ``timeout_s`` bounds each phase that runs plugin code. ``steps`` selects steps; a
    project checked without ``"build"`` is loaded straight from its source tree (quick,
    but it cannot see packaging mistakes the wheel would show). ``host`` is the
    interpreter of an environment with the real ``mlagents``: the throwaway environment is
    made from it and layered over its site-packages, so the trainer checks that need the
    host run (without it they are reported as not run, MLP700). Problems in the plugin are
    findings in the returned :class:`Report`; a bad invocation raises
    :class:`VerifyUsageError`, a broken machine an ``EnvironmentProblem``.
    ``environment`` is set for the plugin's code (``verify --env FILE``, see
    :mod:`._env_file`).
    """
    label = installed if installed is not None else str(target if target is not None else ".")
    problems = _option_problems(
        target,
        installed=installed,
        python=python,
        timeout_s=timeout_s,
        steps=steps,
        host_version=host_version,
        host=host,
    )
    if problems:
        raise VerifyUsageError(target=label, problems=problems)
    interpreter = python or host or sys.executable
    if python is not None or host is not None:
        interpreter_version(interpreter)  # a missing or too old one stops us before building
    host_site = host_site_packages(host) if host is not None else ()
    chain = Chain(progress, steps)
    workdir = Path(tempfile.mkdtemp(prefix="mlplugin-verify-"))
    try:
        run = Walk(chain, workdir, interpreter, timeout_s, host_site)
        with applied_environment(environment or {}):
            kind, facts = walk_target(run, target, installed)
    finally:  # on Ctrl-C (and SIGTERM in the CLI) too: nothing of this run stays in /tmp
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


def _option_problems(
    target: Union[Path, str, None],
    *,
    installed: Optional[str],
    python: Optional[str],
    timeout_s: float,
    steps: Collection[str],
    host_version: Optional[str],
    host: Optional[str] = None,
) -> list[str]:
    problems: list[str] = []
    if host is not None and python is not None:
        problems.append("give either --host or --python, not both")
    if host is not None and installed is not None:
        problems.append(
            "--host cannot be combined with --installed (the installed distribution is "
            "checked where it is installed)"
        )
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
    for option, value in (("--python", python), ("--host", host)):
        if value is not None and shutil.which(value) is None and not Path(value).is_file():
            problems.append(f"{option} {value}: no such interpreter")
    return problems


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
