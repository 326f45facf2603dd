"""Step 2, build: an isolated wheel build, then what the wheel declares and contains.

The project is copied to a temporary directory first (without VCS data, virtual
environments and old build output), so that building leaves nothing behind in the
user's tree and stale ``build/`` or ``*.egg-info`` directories cannot leak into the
wheel. Projects whose version comes from VCS tags (setuptools-scm, hatch-vcs) are built
in place, because they need their ``.git``.

Before building, :class:`._derive.Attempt` checks whether the wheel can be derived from
the previous build of the same project (only module files changed, nothing dynamic in
the build, the backend resolving to the same version); ``BuildResult.how`` says which
path was taken and why.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Optional

from reference_core._declared import Declaration
from reference_core._kinds import HOST_GROUPS

from .. import _process
from .._errors import BackendUnavailable, ToolMissing
from ._catalog import finding
from ._derive import Attempt
from ._model import Finding, Location
from ._static import parse_value
from ._wheel import WheelInfo, entry_points_lines, read_wheel

#: Never give a build less than this, whatever the per-phase timeout.
MIN_BUILD_TIMEOUT_S = 300.0

_COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".hg",
    ".svn",
    ".tox",
    ".nox",
    ".venv",
    "venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    "*.pyc",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "node_modules",
)
_VCS_VERSIONING = re.compile(r"setuptools[-_]scm|hatch[-_]vcs|versioningit|dunamai", re.I)


@dataclasses.dataclass(frozen=True)
class BuildResult:
    """The wheel (when the build worked) and the build step's findings."""

    wheel: Optional[WheelInfo]
    findings: tuple[Finding, ...]
    log: str = ""
    how: str = ""


def build_command(project: Path, out_dir: Path, python: str) -> tuple[list[str], dict[str, str]]:
    """The command that builds ``project`` into ``out_dir``, and its environment."""
    env = dict(os.environ)
    uv = _process.uv_binary()
    if uv:
        env.update(UV_PYTHON_DOWNLOADS="never", UV_NO_PROGRESS="1")
        return [
            uv,
            "build",
            "--wheel",
            "--out-dir",
            str(out_dir),
            "--python",
            python,
            str(project),
        ], env
    try:
        import build  # noqa: F401
    except ImportError as exc:  # pragma: no cover - build is a dependency of mlplugin
        raise ToolMissing(
            tool="uv or the 'build' package", fix="pip install build (or install uv)"
        ) from exc
    return [sys.executable, "-m", "build", "--wheel", "--outdir", str(out_dir), str(project)], env


def _stage(project: Path, workdir: Path) -> Path:
    pyproject = project / "pyproject.toml"
    if pyproject.is_file() and _VCS_VERSIONING.search(pyproject.read_text(errors="replace")):
        return project
    staged = workdir / "src" / project.name
    shutil.copytree(project, staged, ignore=_COPY_IGNORE, symlinks=True)
    return staged


def build_wheel(
    project: Path,
    workdir: Path,
    *,
    python: str,
    timeout_s: float,
    cache: Optional[Path] = None,
    while_confirming: Optional[Callable[[WheelInfo], None]] = None,
) -> BuildResult:
    """Build ``project``'s wheel into ``workdir``; a failed build is a finding.

    With ``cache`` (where previous builds are recorded) the wheel is derived from the
    previous build when that gives the same wheel a real build would; while the build
    requirements are re-resolved to confirm that, ``while_confirming`` gets the derived
    wheel (to prepare its install; the wheel may still be refused). Raises
    :class:`BackendUnavailable` when the build backend cannot be downloaded.
    """
    out_dir = workdir / "wheel"
    out_dir.mkdir(parents=True, exist_ok=True)
    source = _stage(project, workdir)
    attempt = Attempt(
        project, source, python=python, workdir=workdir, cache=cache, ignore=_COPY_IGNORE
    )
    try:
        derived = attempt.derive(out_dir)
        if derived is not None:
            info = read_wheel(derived[0])
            if while_confirming is not None:
                while_confirming(info)
            if attempt.confirm(derived[0]):
                return BuildResult(info, (), "", how=derived[1])
        completed = _real_build(source, out_dir, python, workdir, timeout_s)
        wheels = sorted(out_dir.glob("*.whl"))
        if completed.ok and wheels:
            how = attempt.finish(wheels[0])
            return BuildResult(read_wheel(wheels[0]), (), completed.output, how=how)
    finally:  # a resolution still running (a failed build, Ctrl-C) is stopped
        attempt.cancel()
    return _failed(project, completed)


def _real_build(
    source: Path, out_dir: Path, python: str, workdir: Path, timeout_s: float
) -> _process.Completed:
    args, env = build_command(source, out_dir, python)
    # the backend's own temporary build environments land in the workdir too, so an
    # interrupted build leaves nothing in the system's temporary directory
    env = _process.tool_env(workdir / "tmp", env)
    timeout = max(timeout_s, MIN_BUILD_TIMEOUT_S)
    return _process.run(args, timeout_s=timeout, cwd=source, env=env)


def _failed(project: Path, completed: _process.Completed) -> BuildResult:
    tail = completed.tail()
    if completed.returncode is None:
        message = f"the wheel build did not finish within {completed.elapsed_s:.0f} s"
    else:
        if _process.network_trouble(completed.output):
            raise BackendUnavailable(stage="isolated wheel build", log_tail=tail)
        message = _summarise_failure(completed.output)
    fix = None
    if "No module named 'mlagents" in completed.output:
        fix = (
            "setup.py imports mlagents, which is not installed in the isolated build "
            "environment (MLP104): spell the group out as 'mlagents.stats_writer'."
        )
    return BuildResult(
        None,
        (finding("MLP201", message, fix=fix, detail=tail, location=Location(str(project))),),
        completed.output,
    )


def _summarise_failure(log: str) -> str:
    interesting = re.compile(r"^(?:error|\w*Error|\w*Exception)\b.*", re.MULTILINE)
    lines = [m.group(0).strip() for m in interesting.finditer(log)]
    if lines:
        cause = lines[-1]
        return f"the isolated wheel build failed: {cause[:200]}"
    return "the isolated wheel build failed (see the build log)"


def check_wheel(
    wheel: WheelInfo,
    declarations: Sequence[Declaration],
    *,
    compare: bool,
    step: str = "build",
) -> list[Finding]:
    """MLP202 (the wheel declares something else) and MLP203 (a module is missing)."""
    findings: list[Finding] = []
    where = Location(wheel.path.name)
    shipped = [pair for group in HOST_GROUPS for pair in wheel.entry_points.get(group, [])]
    for group in HOST_GROUPS if compare else ():
        mine = [d for d in declarations if d.group == group]
        source = entry_points_lines([(d.name, d.value) for d in mine])
        built = entry_points_lines(wheel.entry_points.get(group, []))
        if source != built:
            missing = sorted(set(source) - set(built))
            extra = sorted(set(built) - set(source))
            parts = []
            if missing:
                parts.append(f"missing from the wheel: {'; '.join(missing)}")
            if extra:
                parts.append(f"only in the wheel: {'; '.join(extra)}")
            findings.append(
                finding(
                    "MLP202",
                    f"the wheel's entry_points.txt does not match the source ({', '.join(parts)})",
                    location=mine[0].location if mine else where,
                    detail="source:\n  "
                    + "\n  ".join(source)
                    + "\nwheel:\n  "
                    + "\n  ".join(built),
                )
            )
    for name, value in shipped:
        spec, _ = parse_value(value)
        if spec is not None and not wheel.has_module(spec.module):
            tops = ", ".join(sorted(wheel.top_level)) or "no Python modules at all"
            findings.append(
                finding(
                    "MLP203",
                    f"entry point {name!r} needs module {spec.module!r}, which is not in "
                    f"{wheel.path.name} (it ships: {tops})",
                    location=where,
                    step=step,
                )
            )
    return findings
