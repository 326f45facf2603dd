"""What a wheel build reads: the staged source tree, its static rules, its backend's pins.

The re-verify shortcut (:mod:`._derive`) may only skip a build when it can tell that a
real build would produce the same wheel as the previous one apart from module files it
copies verbatim. This module gathers the facts for that decision:

* :func:`snapshot` -- every file and directory of the staged tree with a content digest
  and the executable bit;
* :func:`static_obstacle` -- why a build is *dynamic* (runs project code, computes
  metadata, or is configured beyond what we model), or ``None``;
* :class:`Resolver` -- what ``uv pip compile`` resolves ``[build-system] requires`` to
  now, started in the background so that it overlaps the build;
* :func:`build_identity` -- the tool and environment settings a build depends on.

Nothing here raises for an odd project: an unreadable file or an unexpected table is an
obstacle (a reason to build for real), and a failed resolution resolves to ``None``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional

from reference_core._toml import TomlError, load_toml

from .. import _process

#: Build backends whose output for a static project we model (and test, see
#: tests/verify/test_derive_equivalence.py): module files are copied verbatim.
KNOWN_BACKENDS = ("setuptools.build_meta", "hatchling.build")
#: Files that hold build code or build configuration beyond ``pyproject.toml``.
_CODE_FILES = ("setup.py", "setup.cfg", "hatch_build.py")
#: Environment variables that change what a build does (besides the indexes, which
#: the resolver sees too): any difference from the previous build means a real build.
_ENV_PREFIXES = ("SETUPTOOLS_", "HATCH_", "SOURCE_DATE_EPOCH")
RESOLVE_TIMEOUT_S = 120.0


@dataclasses.dataclass(frozen=True)
class FileState:
    """One file of the tree: its content digest and executable bit."""

    digest: str
    executable: bool


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """Files (relative POSIX path -> state) and directories of a source tree."""

    files: Mapping[str, FileState]
    dirs: frozenset[str]
    symlinks: bool = False


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(tree: Path, ignore: Any) -> Snapshot:
    """Walk ``tree`` as the staging copy does (``ignore`` is its ignore callable).

    Every file is read and hashed: a size and modification time can stay the same
    across an edit, a digest cannot.
    """
    files: dict[str, FileState] = {}
    dirs: set[str] = set()
    symlinks = False
    for here, subdirs, names in os.walk(tree):
        ignored = ignore(here, [*subdirs, *names])
        subdirs[:] = sorted(d for d in subdirs if d not in ignored)
        rel_here = Path(here).relative_to(tree).as_posix()
        prefix = "" if rel_here == "." else rel_here + "/"
        for sub in subdirs:
            if (Path(here) / sub).is_symlink():
                symlinks = True
            dirs.add(prefix + sub)
        for name in names:
            if name in ignored:
                continue
            path = Path(here) / name
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                symlinks = True
                continue
            executable = bool(info.st_mode & stat.S_IXUSR)
            files[prefix + name] = FileState(_digest(path), executable)
    return Snapshot(files, frozenset(dirs), symlinks)


def _tables_with_hooks(table: Any, where: str) -> list[str]:
    if not isinstance(table, dict):
        return []
    found = [f"{where}.{key}" for key in table if key == "hooks"]
    for key, value in table.items():
        found += _tables_with_hooks(value, f"{where}.{key}")
    return found


def _table(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _system_obstacle(pyproject: Mapping[str, Any]) -> Optional[str]:
    build_system = _table(pyproject, "build-system")
    if not isinstance(build_system.get("requires"), list):
        return "pyproject.toml declares no [build-system] requires"
    backend = build_system.get("build-backend")
    if backend not in KNOWN_BACKENDS:
        return f"the build backend {backend!r} is not one whose output mlplugin models"
    if "backend-path" in build_system:
        return "the build backend lives in the project (backend-path)"
    project = pyproject.get("project")
    if not isinstance(project, dict):
        return "pyproject.toml has no [project] table"
    if project.get("dynamic"):
        return f"[project] dynamic = {project['dynamic']!r} is computed by the build"
    return None


def static_obstacle(source: Path, pyproject: Mapping[str, Any]) -> Optional[str]:
    """Why building ``source`` is dynamic (must really run), or ``None`` when it is static."""
    found = _system_obstacle(pyproject)
    code = [name for name in _CODE_FILES if (source / name).exists()]
    tool = _table(pyproject, "tool")
    setuptools = _table(tool, "setuptools")
    commands = [
        k for k in ("cmdclass", "ext-modules", "script-files", "data-files") if k in setuptools
    ]
    hooks = _tables_with_hooks(tool.get("hatch"), "tool.hatch")
    if found is None and code:
        found = f"{code[0]} is part of the build"
    if found is None and "uv" in tool:
        found = "[tool.uv] settings take part in the build"
    if found is None and commands:
        found = f"[tool.setuptools] {commands[0]} makes the build more than a file copy"
    if found is None and hooks:
        found = f"[{hooks[0]}] runs build hooks"
    return found


def metadata_inputs(source: Path, pyproject: Mapping[str, Any]) -> frozenset[str]:
    """Files ``[project]`` makes metadata from: the readme and the licence files."""
    project = _table(pyproject, "project")
    named: list[str] = []
    for key in ("readme", "license"):
        value = project.get(key)
        if key == "readme" and isinstance(value, str):
            named.append(value)
        elif isinstance(value, dict) and isinstance(value.get("file"), str):
            named.append(value["file"])
    patterns = project.get("license-files")
    found = {Path(name).as_posix() for name in named}
    for pattern in patterns if isinstance(patterns, list) else ():
        if isinstance(pattern, str):
            found.update(p.relative_to(source).as_posix() for p in source.glob(pattern))
    return frozenset(found)


def read_pyproject(source: Path) -> tuple[Optional[dict[str, Any]], Optional[str]]:
    """``pyproject.toml`` as data, or why it cannot be used."""
    try:
        return load_toml(source / "pyproject.toml"), None
    except FileNotFoundError:
        return None, "the project has no pyproject.toml"
    except (OSError, UnicodeDecodeError, TomlError, ImportError) as exc:
        return None, f"pyproject.toml could not be read ({exc})"


def build_identity(python: str, env: Mapping[str, str]) -> dict[str, Any]:
    """The interpreter, uv binary and build-related environment a build ran with."""
    uv = _process.uv_binary()
    uv_stat = Path(uv or ".").stat()
    return {
        "python": os.path.realpath(python),
        "uv": [os.path.realpath(uv), uv_stat.st_size, uv_stat.st_mtime_ns] if uv else None,
        "env": sorted(
            f"{k}={v}" for k, v in env.items() if k.startswith(_ENV_PREFIXES) and v != ""
        ),
    }


class Resolver:
    """``uv pip compile`` of the build requirements, running in the background.

    :meth:`pins` waits for it and returns the sorted ``name==version`` lines, or ``None``
    when uv is missing or the resolution failed (then nothing is derived or recorded).
    """

    def __init__(self, requires: list[str], python: str, workdir: Path) -> None:
        self._process: Optional[subprocess.Popen[bytes]] = None
        self._pins: Optional[tuple[str, ...]] = None
        self._out = tempfile.TemporaryFile(dir=workdir)  # noqa: SIM115 - closed by pins()/cancel()
        uv = _process.uv_binary()
        if uv is None or not all(isinstance(r, str) for r in requires):
            return
        spec = workdir / "build-requires.txt"
        spec.write_text("".join(f"{r}\n" for r in requires), encoding="utf-8")
        env = _process.tool_env(workdir / "tmp")
        env.update(UV_PYTHON_DOWNLOADS="never", UV_NO_PROGRESS="1")
        args = [uv, "pip", "compile", "--quiet", "--no-header", "--no-annotate"]
        args += ["--python", python, str(spec)]
        try:
            self._process = _process.spawn(
                args, cwd=workdir, env=env, stdout=self._out, stderr=subprocess.DEVNULL
            )
        except OSError:
            self._process = None

    def pins(self) -> Optional[tuple[str, ...]]:
        """The resolved pins (waits for uv the first time), or ``None``."""
        process, self._process = self._process, None
        if process is None:
            self._out.close()
            return self._pins
        try:
            returncode = process.wait(timeout=RESOLVE_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            returncode = None
        finally:
            if process.poll() is None:
                _process.kill_group(process)
        self._out.seek(0)
        text = self._out.read().decode("utf-8", "replace")
        self._out.close()
        if returncode != 0:
            return None
        lines = (ln.split("#")[0].strip() for ln in text.splitlines())
        self._pins = tuple(sorted(ln for ln in lines if "==" in ln))
        return self._pins

    def cancel(self) -> None:
        """Stop the resolution if it still runs (an interrupted or failed verify)."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            _process.kill_group(process)
        self._out.close()
