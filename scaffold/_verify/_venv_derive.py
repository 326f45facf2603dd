"""The install step's shortcut: a new environment derived from the plugin's previous one.

After an edit the wheel differs from the previous one only in some module files (and
its ``RECORD``). Installing it into a fresh venv gives the previous venv with those files
replaced and their ``RECORD`` lines re-hashed, so that is what :func:`derive_venv`
makes: it links the previous environment's files into a new directory (never changing
the previous one, which another verify may be using), writes the changed modules and fixes
the installed ``RECORD``. The installer's own bookkeeping (``direct_url.json``,
``uv_cache.json``) and the activation scripts (which name the temporary directory every
cached environment is created in) keep the previous values, as a reused cached
environment does; verify never activates an environment.

Only when that is certain: the same distribution, version, interpreter, requirements and
reference core (the *lineage* key), the same member names, byte-identical metadata
(everything in ``*.dist-info`` but ``RECORD``), and nothing the installer generates
from the wheel (console scripts, ``*.data``). Otherwise ``None``: create it for real.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import zipfile
from pathlib import Path
from typing import Optional

from scaffold._cache import write_entry

from ._wheel import WheelInfo
from ._wheel_copy import rewrite_record

_SCRIPT_GROUPS = ("console_scripts", "gui_scripts")


def _members(wheel: Path) -> dict[str, str]:
    """Every member's SHA-256; one install asks twice (derive, then remember): read once."""
    stat = wheel.stat()
    return dict(_hashed(str(wheel), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=2)
def _hashed(wheel: str, _mtime_ns: int, _size: int) -> tuple[tuple[str, str], ...]:
    with zipfile.ZipFile(wheel) as archive:
        return tuple(
            (i.filename, hashlib.sha256(archive.read(i)).hexdigest())
            for i in archive.infolist()
            if not i.filename.endswith("/")
        )


def _lineage_file(venvs: Path, lineage: str) -> Path:
    return venvs / f"lineage-{lineage}.json"


def remember(venvs: Path, lineage: str, venv: Path, wheel: WheelInfo) -> None:
    """Note ``venv`` (with ``wheel`` installed) as the base for the next derivation."""
    with contextlib.suppress(OSError, zipfile.BadZipFile):
        data = {"venv": venv.name, "members": _members(wheel.path)}
        write_entry(_lineage_file(venvs, lineage), json.dumps(data).encode("utf-8"))


def _changes(base: dict[str, str], now: dict[str, str]) -> Optional[list[str]]:
    """Changed module members, or ``None`` when the difference is more than that."""
    if set(base) != set(now) or any(m.split("/")[0].endswith(".data") for m in now):
        return None
    changed = sorted(m for m in now if now[m] != base[m])
    metadata = [m for m in changed if m.split("/")[0].endswith(".dist-info")]
    if any(not m.endswith("/RECORD") for m in metadata):
        return None
    return [m for m in changed if m not in metadata]


def _link_tree(base: Path, target: Path) -> None:
    def link(source: str, destination: str) -> None:
        try:
            os.link(source, destination)
        except OSError:  # another file system, or links not allowed: copy
            shutil.copy2(source, destination)

    shutil.copytree(base, target, symlinks=True, copy_function=link)


def derive_venv(venvs: Path, lineage: str, wheel: WheelInfo, building: Path) -> Optional[str]:
    """Make ``building`` from the lineage's previous venv.

    Returns the detail to report, or ``None`` when the environment must be created.
    """
    if any(group in wheel.entry_points for group in _SCRIPT_GROUPS):
        return None
    try:
        data = json.loads(_lineage_file(venvs, lineage).read_text(encoding="utf-8"))
        base = venvs / str(data["venv"])
        now = _members(wheel.path)
        changed = _changes(dict(data["members"]), now)
        if changed is None or not (base / ".mlplugin-ready").is_file():
            return None
        _link_tree(base, building)
        site = next(building.glob("lib/python*/site-packages"))
        with zipfile.ZipFile(wheel.path) as archive:
            replaced = {m: archive.read(m) for m in changed}
        for member, content in replaced.items():
            path = site / member
            path.unlink()  # a link to the previous environment's file: never write through it
            path.write_bytes(content)
            for stale in (path.parent / "__pycache__").glob(f"{path.stem}.*.pyc"):
                stale.unlink()
        record = site / next(m for m in now if m.endswith(".dist-info/RECORD"))
        text = rewrite_record(record.read_text(encoding="utf-8"), replaced)
        record.unlink()
        record.write_text(text, encoding="utf-8")
    except (OSError, ValueError, KeyError, TypeError, StopIteration, zipfile.BadZipFile):
        shutil.rmtree(building, ignore_errors=True)
        return None
    noun = "file" if len(changed) == 1 else "files"
    return f"environment: derived from the previous one ({len(changed)} {noun} replaced)"
