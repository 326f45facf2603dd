"""Step 3, install: the wheel in a throwaway virtual environment.

The environment gets the wheel (without dependencies), then the wheel's own
requirements minus the ones the host provides, and a ``.pth`` file that makes a private
copy of ``reference_core`` importable. Nothing else of mlplugin's environment is
visible there, so an undeclared dependency really is missing.

With ``host_site`` (``verify --host``) the environment is created from the host's
interpreter and a second ``.pth`` file appends the host environment's site-packages, so
the real ``mlagents`` and torch are importable there without being reinstalled; the
plugin's own dependencies, installed into the environment, still come first.

Environments are cached under :func:`cache_root`, keyed by interpreter, wheel content,
requirements and the reference core, so a second verify of an unchanged plugin skips
this step's work. ``MLPLUGIN_NO_CACHE=1`` turns the cache off. :class:`Preparation`
copies the reference core in a thread while the build step runs; a failure there is
simply met again, and reported, by the install step's own call.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable, Optional

from .. import _process
from .._cache import cache_enabled, cache_root
from .._errors import BackendUnavailable
from ._catalog import finding
from ._core import core_copy
from ._model import Finding, Location
from ._requirements import is_extra_only, is_host_provided, requirement_name
from ._venv_derive import derive_venv, remember
from ._wheel import WheelInfo

_FORMAT = "1"
_READY = ".mlplugin-ready"
_KEEP_VENVS = 8
INSTALL_TIMEOUT_S = 600.0


@dataclasses.dataclass(frozen=True)
class InstallResult:
    """The environment's interpreter (``None`` when installing failed) and findings."""

    python: Optional[str]
    findings: tuple[Finding, ...]
    detail: str = ""


def split_requirements(requires: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Runtime requirements to install, and the host-provided names that are skipped."""
    install: list[str] = []
    skipped: list[str] = []
    for requirement in requires:
        if is_extra_only(requirement):
            continue
        if is_host_provided(requirement):
            skipped.append(requirement_name(requirement) or requirement)
        else:
            install.append(requirement)
    return install, sorted(set(skipped))


def _venv_python(venv: Path) -> Path:
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def _site_packages(venv: Path) -> Path:
    found = sorted(venv.glob("lib/python*/site-packages")) or sorted(venv.glob("Lib/site-packages"))
    if not found:
        raise FileNotFoundError(f"no site-packages in {venv}")
    return found[0]


def _commands(venv: Path, python: str, wheel: Path, requires: list[str]) -> list[list[str]]:
    uv = _process.uv_binary()
    target = str(_venv_python(venv))
    if uv:
        commands = [
            [uv, "venv", "--quiet", "--python", python, str(venv)],
            [uv, "pip", "install", "--quiet", "--python", target, "--no-deps", str(wheel)],
        ]
        if requires:
            commands.append([uv, "pip", "install", "--quiet", "--python", target, *requires])
        return commands
    quiet = ["install", "--quiet", "--disable-pip-version-check"]
    if importlib.util.find_spec("pip") is not None:  # this pip installs into the new venv
        pip = [sys.executable, "-m", "pip", "--python", target, *quiet]
        create = [python, "-m", "venv", "--without-pip", str(venv)]
    else:  # no pip here (a uv-made environment): the new venv brings its own
        pip = [target, "-m", "pip", *quiet]
        create = [python, "-m", "venv", str(venv)]
    commands = [create, [*pip, "--no-deps", str(wheel)]]
    if requires:
        commands.append([*pip, *requires])
    return commands


def _key(  # noqa: PLR0917 - one positional part per cache-key ingredient
    python: str,
    version: str,
    wheel: WheelInfo,
    requires: list[str],
    core: Path,
    host_site: tuple[str, ...],
    *,
    lineage: bool = False,
) -> str:
    """The environment's cache key; with ``lineage``, the key of every version of it.

    Environments of one lineage differ only in the plugin's wheel content, so one can be
    derived from another (:mod:`._venv_derive`).
    """
    digest = hashlib.sha256()
    for part in (
        _FORMAT,
        os.path.realpath(python),
        version,
        f"lineage {wheel.name} {wheel.version}" if lineage else wheel.content_hash,
        "\n".join(sorted(requires)),
        str(core),
        "\n".join(host_site),
    ):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:20]


def _evict(venvs: Path, keep: int) -> None:
    ready = sorted(
        (p for p in venvs.iterdir() if (p / _READY).is_file()),
        key=lambda p: (p / _READY).stat().st_mtime,
    )
    for old in ready[:-keep] if len(ready) > keep else []:
        shutil.rmtree(old, ignore_errors=True)


def install_wheel(
    wheel: WheelInfo,
    *,
    python: str,
    python_version: str,
    workdir: Path,
    host_site: tuple[str, ...] = (),
) -> InstallResult:
    """Create (or reuse) a venv with ``wheel`` installed; failures become MLP301.

    ``host_site`` lists a host environment's site-packages directories to layer under it.
    """
    requires, skipped = split_requirements(wheel.requires)
    notes: list[Finding] = []
    if skipped:
        stand_in = (
            "the host environment's packages are layered under the throwaway environment"
            if host_site
            else "the reference core stands in for mlagents"
        )
        notes.append(
            finding(
                "MLP302",
                f"not installed, provided by the host: {', '.join(skipped)} ({stand_in})",
                location=Location(wheel.path.name),
            )
        )
    core = core_copy(cache_root())
    use_cache = cache_enabled()
    venvs = cache_root() / "venvs" if use_cache else workdir / "venvs"
    venvs.mkdir(parents=True, exist_ok=True)
    final = venvs / _key(python, python_version, wheel, requires, core, host_site)
    lineage = _key(python, python_version, wheel, requires, core, host_site, lineage=True)
    if (final / _READY).is_file():
        os.utime(final / _READY)
        return InstallResult(str(_venv_python(final)), tuple(notes), _reused(final, workdir))
    building = Path(tempfile.mkdtemp(prefix=".tmp-", dir=venvs))
    shutil.rmtree(building)
    env = _process.tool_env(workdir / "tmp")
    try:
        derived = derive_venv(venvs, lineage, wheel, building) if use_cache else None
        commands = [] if derived else _commands(building, python, wheel.path, requires)
        for command in commands:
            completed = _process.run(command, timeout_s=INSTALL_TIMEOUT_S, env=env)
            if not completed.ok:
                if completed.returncode is not None and _process.network_trouble(completed.output):
                    raise BackendUnavailable(stage="dependency install", log_tail=completed.tail())
                return InstallResult(None, (*notes, _failure(command, completed, wheel)))
        site = _site_packages(building)
        if not derived:
            (site / "_mlplugin_reference_core.pth").write_text(f"{core}\n", encoding="utf-8")
        if host_site and not derived:  # after the core's file: the venv, the core, the host
            (site / "_mlplugin_zz_host.pth").write_text(
                "".join(f"{path}\n" for path in host_site), encoding="utf-8"
            )
        (building / _READY).unlink(missing_ok=True)  # linked from the previous environment
        (building / _READY).write_text(
            json.dumps(
                {
                    "wheel": wheel.path.name,
                    "python": python,
                    "created": time.time(),
                    "detail": derived or "environment: created",
                    "workdir": str(workdir),
                }
            ),
            encoding="utf-8",
        )
        with contextlib.suppress(OSError):  # another verify won the race: use its venv
            building.rename(final)
    finally:  # also on Ctrl-C and SIGTERM: no half-built environment stays behind
        shutil.rmtree(building, ignore_errors=True)
    if use_cache:
        remember(venvs, lineage, final, wheel)
        _evict(venvs, _KEEP_VENVS)
    return InstallResult(str(_venv_python(final)), tuple(notes), _reused(final, workdir))


def _reused(venv: Path, workdir: Path) -> str:
    """How a ready environment came about: in this very run (prepared early), or before."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        data = json.loads((venv / _READY).read_text(encoding="utf-8"))
        if data.get("workdir") == str(workdir):
            return str(data.get("detail") or "environment: created")
    return "environment: reused (the same wheel was installed before)"


def _in_background(work: Callable[..., Any], *args: Any, **kwargs: Any) -> threading.Thread:
    def quietly() -> None:
        with contextlib.suppress(Exception):  # met again, and reported, by the real call
            work(*args, **kwargs)

    thread = threading.Thread(target=quietly, name="mlplugin-prepare")
    thread.start()
    return thread


class Preparation:
    """Install work started early, in a thread, while the build step runs.

    Created, it copies (and compiles) the reference core while the wheel builds.
    :meth:`join` before relying on it; the thread is not a daemon, so an interrupted
    verify waits for it and then cleans up.
    """

    def __init__(self) -> None:
        self.thread = _in_background(core_copy, cache_root())

    def join(self) -> None:
        """Wait for the work started."""
        self.thread.join()


def _failure(command: list[str], completed: _process.Completed, wheel: WheelInfo) -> Finding:
    if completed.returncode is None:
        what = f"did not finish within {completed.elapsed_s:.0f} s"
    else:
        lines = [ln.strip() for ln in completed.output.splitlines() if ln.strip()]
        what = (lines[0] if lines else f"exited with status {completed.returncode}")[:200]
    stage = (
        "creating the virtual environment"
        if "venv" in command[1:3]
        else (
            f"installing {wheel.path.name}"
            if "--no-deps" in command
            else "installing the declared dependencies"
        )
    )
    return finding(
        "MLP301",
        f"{stage} failed: {what}",
        detail=completed.tail(),
        location=Location(wheel.path.name),
    )
