"""The re-verify shortcut: derive the new wheel from the previous build when that is faithful.

After a real build of a *static* project (see :func:`._build_inputs.static_obstacle`),
verify records, per project and interpreter, the source tree it built, what
``[build-system] requires`` resolved to, the build identity (uv, environment), and which
wheel members are verbatim copies of which source files. On the next verify the wheel is
derived -- the previous wheel with the changed members replaced and their ``RECORD`` lines
re-hashed -- only when

* the only difference in the tree is the content of files the wheel copies verbatim (no
  file or directory added, removed or renamed, no mode change, no other file edited:
  ``pyproject.toml``, README, LICENSE, ``.gitignore`` ... all mean a real build);
* the build requirements resolve to exactly the same versions now (an unpinned backend
  that released a new version means a real build), and uv and the build-related
  environment are the same.

"The same wheel" means the same members in the same order with the same bytes and the
same permission bits, ``RECORD`` included; zip timestamps and compression are not part of
it. tests/verify/test_derive_equivalence.py proves it edit by edit against real builds.
Anything unexpected (a corrupt record, a vanished wheel) is a reason to build for real.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Optional

from scaffold._cache import write_entry

from .._process import uv_binary
from ._build_inputs import (
    FileState,
    Resolver,
    Snapshot,
    build_identity,
    metadata_inputs,
    read_pyproject,
    snapshot,
    static_obstacle,
)
from ._wheel_copy import derive_wheel, generator_problem, member_sources

_FORMAT = 1
_RECORD_FILE = "build.json"
_KEEP_SLOTS = 16
#: uv settings that constrain a build environment differently from ``uv pip compile``.
_UV_CONSTRAINTS = ("UV_BUILD_CONSTRAINT", "UV_CONSTRAINT", "UV_OVERRIDE")


@dataclasses.dataclass(frozen=True)
class BuildRecord:
    """What the previous real build of one project with one interpreter was made from."""

    identity: dict[str, Any]
    pins: tuple[str, ...]
    tree: Snapshot
    members: dict[str, str]  # wheel member -> the source file it is a verbatim copy of
    wheel: str  # path of the wheel inside the record's directory

    def to_json(self) -> str:
        files = {k: [v.digest, v.executable] for k, v in self.tree.files.items()}
        data = {
            "format": _FORMAT,
            "identity": self.identity,
            "pins": list(self.pins),
            "files": files,
            "dirs": sorted(self.tree.dirs),
            "members": self.members,
            "wheel": self.wheel,
        }
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Optional[BuildRecord]:
        try:
            data = json.loads(text)
            if data.get("format") != _FORMAT:
                return None
            files = {k: FileState(str(d), bool(x)) for k, (d, x) in data["files"].items()}
            return cls(
                identity=dict(data["identity"]),
                pins=tuple(data["pins"]),
                tree=Snapshot(files, frozenset(data["dirs"])),
                members=dict(data["members"]),
                wheel=str(data["wheel"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def _slot(cache: Path, project: Path, python: str) -> Path:
    key = f"{os.path.realpath(project)}\0{os.path.realpath(python)}".encode()
    return cache / "builds" / hashlib.sha256(key).hexdigest()[:20]


def _changed(
    record: BuildRecord, now: Snapshot, inputs: frozenset[str]
) -> tuple[list[str], Optional[str]]:
    """Changed sources that the wheel copies, or why the change needs a real build.

    A file the metadata is made from (``readme``, licence files) counts as changed
    packaging input even when the wheel also ships a copy of it.
    """
    before, after = record.tree.files, now.files
    added = sorted(set(after) - set(before)) + sorted(now.dirs - record.tree.dirs)
    removed = sorted(set(before) - set(after)) + sorted(record.tree.dirs - now.dirs)
    if now.symlinks:
        return [], "the project contains symbolic links"
    if added:
        return [], f"added since the previous build: {', '.join(added[:3])}"
    if removed:
        return [], f"removed since the previous build: {', '.join(removed[:3])}"
    changed = sorted(rel for rel in after if after[rel].digest != before[rel].digest)
    copied = set(record.members.values())
    other = [rel for rel in changed if rel not in copied or rel in inputs]
    if other:
        return [], f"changed since the previous build: {', '.join(other[:3])}"
    moded = [rel for rel in after if after[rel].executable != before[rel].executable]
    if moded:
        return [], f"file mode changed since the previous build: {', '.join(moded[:3])}"
    return changed, None


@dataclasses.dataclass(frozen=True)
class _Candidate:
    """A static build's inputs now, and its record (``None`` before the first build)."""

    slot: Path
    source: Path
    tree: Snapshot
    metadata_inputs: frozenset[str]
    resolver: Resolver
    identity: dict[str, Any]
    record: Optional[BuildRecord]


def _candidate(
    project: Path, source: Path, *, python: str, workdir: Path, cache: Optional[Path], ignore: Any
) -> tuple[Optional[_Candidate], Optional[str]]:
    """The build's inputs when it is static enough to derive later, or why it is not."""
    if cache is None:
        return None, "the cache is off (MLPLUGIN_NO_CACHE)"
    if uv_binary() is None:
        return None, "uv is not available to resolve the build requirements"
    pinned = [k for k in _UV_CONSTRAINTS if os.environ.get(k)]
    if pinned:
        return None, f"{pinned[0]} is set (uv applies it to the build environment its own way)"
    if source == project:
        return None, "the version comes from version control, so the build runs in place"
    pyproject, why = read_pyproject(source)
    why = why if pyproject is None else static_obstacle(source, pyproject)
    if pyproject is None or why is not None:
        return None, why
    slot = _slot(cache, project, python)
    record = None
    with contextlib.suppress(OSError, UnicodeDecodeError):
        record = BuildRecord.from_json((slot / _RECORD_FILE).read_text(encoding="utf-8"))
    tree = snapshot(source, ignore)
    inputs = metadata_inputs(source, pyproject)
    resolver = Resolver(list(pyproject["build-system"]["requires"]), python, workdir)
    identity = build_identity(python, os.environ)
    return _Candidate(slot, source, tree, inputs, resolver, identity, record), None


def _derive_from(found: _Candidate, out_dir: Path) -> tuple[Optional[Path], str]:
    """The wheel derived from ``found.record`` and how, or ``None`` and why not."""
    record = found.record
    if record is None:
        return None, "no previous build of this project to derive from"
    if record.identity != found.identity:
        return None, "the interpreter, uv or the build environment changed"
    changed, why = _changed(record, found.tree, found.metadata_inputs)
    if why is not None:
        return None, why
    wheel = out_dir / Path(record.wheel).name
    sources = record.members.items()
    replaced = {m: (found.source / s).read_bytes() for m, s in sources if s in changed}
    try:
        derive_wheel(found.slot / record.wheel, replaced, wheel)
    except (OSError, KeyError, StopIteration, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        with contextlib.suppress(OSError):
            wheel.unlink()
        return None, f"the previous wheel could not be read ({exc})"
    if not changed:
        return wheel, "wheel: the previous build reused (no file changed)"
    files = ", ".join(changed[:3]) + (" ..." if len(changed) > 3 else "")
    noun = "file" if len(changed) == 1 else "files"
    return wheel, f"wheel: derived from the previous build ({len(changed)} {noun} changed: {files})"


class Attempt:
    """One build step's try at deriving; :meth:`finish` records a real build for next time.

    ``ignore`` is the staging copy's ignore callable, so the snapshot sees what was staged.
    """

    def __init__(
        self,
        project: Path,
        source: Path,
        *,
        python: str,
        workdir: Path,
        cache: Optional[Path],
        ignore: Any,
    ) -> None:
        self.found, self.reason = _candidate(
            project, source, python=python, workdir=workdir, cache=cache, ignore=ignore
        )

    def derive(self, out_dir: Path) -> Optional[tuple[Path, str]]:
        """The derived wheel and how it was made, or ``None`` (then :attr:`reason` says why).

        The build requirements are still resolving: the wheel counts only after
        :meth:`confirm`.
        """
        if self.found is None:
            return None
        wheel, how = _derive_from(self.found, out_dir)
        if wheel is None:
            self.reason = how
            return None
        return wheel, how

    def confirm(self, wheel: Path) -> bool:
        """Whether the build requirements still resolve as before (waits for uv).

        Confirmed, the derived ``wheel`` becomes the base of the next derivation;
        refused, it is deleted and :attr:`reason` says why.
        """
        found = self.found
        record = found.record if found is not None else None
        if found is None or record is None:
            return False
        pins = found.resolver.pins()
        if pins == record.pins:
            _save(found, wheel, pins, record.members)
            return True
        now = ", ".join(pins) if pins is not None else "nothing (uv could not resolve them)"
        self.reason = f"the build requirements now resolve to {now} (were {', '.join(record.pins)})"
        with contextlib.suppress(OSError):
            wheel.unlink()
        return False

    def finish(self, wheel: Path) -> str:
        """After a real build: record it when it can be a base, and say how it was made."""
        why, found = self.reason, self.found
        if found is not None:
            pins = found.resolver.pins()
            problem = None if pins is not None else "uv could not resolve the build requirements"
            members: dict[str, str] = {}
            if pins is not None:
                with zipfile.ZipFile(wheel) as archive:
                    problem = generator_problem(archive, pins)
                    if problem is None:
                        members, problem = member_sources(archive, found.tree)
            if problem is None and pins is not None:
                _save(found, wheel, pins, members)
            elif why is None:
                why = f"not derivable next time: {problem}"
        return f"wheel: built in isolation ({why or 'first build of this project'})"

    def cancel(self) -> None:
        """Stop the resolution if it still runs."""
        if self.found is not None:
            self.found.resolver.cancel()


def _save(found: _Candidate, wheel: Path, pins: tuple[str, ...], members: dict[str, str]) -> None:
    """Keep ``wheel`` and what it was built from as the base of the next derivation."""
    slot = found.slot
    with contextlib.suppress(OSError):
        slot.mkdir(parents=True, exist_ok=True)
        store = Path(tempfile.mkdtemp(prefix="wheel-", dir=slot))
        shutil.copyfile(wheel, store / wheel.name)
        path = f"{store.name}/{wheel.name}"
        record = BuildRecord(found.identity, pins, found.tree, members, path)
        if not write_entry(slot / _RECORD_FILE, record.to_json().encode("utf-8")):
            return
        for old in slot.glob("wheel-*"):
            if old != store:
                shutil.rmtree(old, ignore_errors=True)
        _evict(slot.parent)


def _evict(builds: Path) -> None:
    slots = [p for p in builds.iterdir() if (p / _RECORD_FILE).is_file()]
    slots.sort(key=lambda p: (p / _RECORD_FILE).stat().st_mtime)
    for old in slots[:-_KEEP_SLOTS]:
        shutil.rmtree(old, ignore_errors=True)
