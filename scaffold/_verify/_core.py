"""Make ``reference_core`` (and nothing else of mlplugin) importable elsewhere.

:func:`core_copy` copies the installed package into a content-addressed directory; a
``.pth`` file pointing at that directory exposes it to a throwaway environment. The copy
is byte-compiled for the running interpreter as pip compiles what it installs: verify's
children run with ``PYTHONDONTWRITEBYTECODE``, so an uncompiled copy would be compiled
again by every child on every run.
:func:`interpreter_version` asks an interpreter who it is.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import py_compile
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .._errors import ToolMissing

_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo")


def core_source() -> Path:
    """The directory of the ``reference_core`` package verify runs with."""
    import reference_core

    return Path(reference_core.__file__).resolve().parent


def _files(package: Path) -> list[Path]:
    return sorted(
        p
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    )


def core_hash(package: Path) -> str:
    """A digest of every file of the package (paths and contents)."""
    digest = hashlib.sha256()
    for path in _files(package):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


_HASHES: dict[Path, str] = {}


def core_copy(cache: Path) -> Path:
    """A directory containing a private copy of ``reference_core`` (created once).

    The package is hashed once per process (it does not change while mlplugin runs).
    """
    package = core_source()
    digest = _HASHES.get(package)
    if digest is None:
        digest = _HASHES[package] = core_hash(package)
    target = cache / "core" / digest
    if (target / "reference_core" / "__init__.py").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
    shutil.copytree(package, staging / "reference_core", ignore=_IGNORE)
    for source in sorted((staging / "reference_core").rglob("*.py")):
        with contextlib.suppress(py_compile.PyCompileError, OSError):
            # unchecked-hash pycs: valid whatever the copy's timestamps, and the
            # content-addressed directory never changes
            py_compile.compile(
                str(source),
                doraise=True,
                invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
            )
    try:
        staging.rename(target)
    except OSError:  # a concurrent verify created it first
        shutil.rmtree(staging, ignore_errors=True)
    return target


def interpreter_version(python: str) -> str:
    """``sys.version`` of ``python`` (the running one is answered without a subprocess)."""
    if python == sys.executable:
        return sys.version
    try:
        completed = subprocess.run(
            [python, "-I", "-c", "import sys; print(sys.version_info >= (3, 9), sys.version)"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ToolMissing(
            tool=f"the interpreter {python}", fix="Pass --python the path of a working Python 3.9+."
        ) from exc
    supported, _, version = completed.stdout.strip().partition(" ")
    if completed.returncode != 0 or supported != "True":
        raise ToolMissing(
            tool=f"Python 3.9 or newer at {python}",
            fix="Pass --python the path of a working Python 3.9+.",
        )
    return version


_HOST_PROBE = (
    "import importlib.util, json, sysconfig; paths = sysconfig.get_paths(); "
    "print(json.dumps([importlib.util.find_spec('mlagents') is not None, "
    "sorted({paths['purelib'], paths['platlib']})]))"
)


def host_site_packages(python: str) -> tuple[str, ...]:
    """The site-packages directories of the host environment whose interpreter is ``python``.

    Raises :class:`ToolMissing` when ``python`` does not run or has no ``mlagents``.
    """
    fix = "Pass --host the interpreter of an environment with mlagents installed."
    try:
        completed = subprocess.run(
            [python, "-c", _HOST_PROBE],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        has_mlagents, paths = json.loads(completed.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.TimeoutExpired, ValueError, IndexError) as exc:
        raise ToolMissing(tool=f"the host interpreter {python}", fix=fix) from exc
    if not has_mlagents:
        raise ToolMissing(tool=f"mlagents in the environment of {python}", fix=fix)
    return tuple(str(p) for p in paths)
