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

import base64
import contextlib
import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Optional

from packaging.utils import canonicalize_name

from ._build_inputs import (
    FileState,
    Resolver,
    Snapshot,
    build_identity,
    read_pyproject,
    snapshot,
    static_obstacle,
)

_FORMAT = 1
_RECORD_FILE = "build.json"
_KEEP_SLOTS = 16


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


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _generator_problem(archive: zipfile.ZipFile, pins: tuple[str, ...]) -> Optional[str]:
    """Why the wheel's ``Generator`` does not match the resolved backend (``None``: it does)."""
    wheel_file = next((n for n in archive.namelist() if n.endswith(".dist-info/WHEEL")), None)
    text = archive.read(wheel_file).decode("utf-8", "replace") if wheel_file else ""
    match = re.search(r"^Generator:\s*(\S+)\s+\(?([^\s)]+)\)?", text, re.MULTILINE)
    if not match:
        return "the wheel does not name its generator"
    wanted = f"{canonicalize_name(match.group(1))}=={match.group(2)}"
    resolved = {f"{canonicalize_name(p.split('==')[0])}=={p.split('==')[1]}" for p in pins}
    if wanted not in resolved:
        return f"the wheel was made by {wanted}, not by a resolved build requirement"
    return None


def _member_sources(archive: zipfile.ZipFile, tree: Snapshot) -> tuple[dict[str, str], Optional[str]]:
    """Map every non-metadata member to the one source file it copies, or say why not."""
    by_digest: dict[str, list[str]] = {}
    for rel, state in tree.files.items():
        by_digest.setdefault(state.digest, []).append(rel)
    members: dict[str, str] = {}
    for info in archive.infolist():
        name = info.filename
        top = name.split("/")[0]
        if top.endswith(".dist-info"):
            continue
        if top.endswith(".data") or name.endswith("/"):
            return {}, f"the wheel has {name}, which is not a copied module file"
        digest = _sha256(archive.read(info))
        sources = [r for r in by_digest.get(digest, []) if r == name or r.endswith("/" + name)]
        if len(sources) != 1:
            return {}, f"the wheel member {name} is not a copy of exactly one source file"
        members[name] = sources[0]
    return members, None


def _changed(record: BuildRecord, now: Snapshot) -> tuple[list[str], Optional[str]]:
    """Changed sources that the wheel copies, or why the change needs a real build."""
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
    other = [rel for rel in changed if rel not in copied]
    if other:
        return [], f"changed since the previous build: {', '.join(other[:3])}"
    moded = [rel for rel in after if after[rel].executable != before[rel].executable]
    if moded:
        return [], f"file mode changed since the previous build: {', '.join(moded[:3])}"
    return changed, None


def _record_line(path: str, algorithm: str, data: bytes, terminator: str) -> str:
    digest = hashlib.new(algorithm, data).digest()
    encoded = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    out = io.StringIO()
    csv.writer(out, lineterminator=terminator).writerow([path, f"{algorithm}={encoded}", len(data)])
    return out.getvalue()


def rewrite_record(record_text: str, replaced: dict[str, bytes]) -> str:
    """``RECORD`` with the lines of ``replaced`` members re-hashed, every other line kept."""
    lines = record_text.splitlines(keepends=True)
    out = []
    for line in lines:
        row = next(csv.reader([line]), [])
        if row and row[0] in replaced and len(row) == 3 and "=" in row[1]:
            terminator = line[len(line.rstrip("\r\n")) :] or "\n"
            algorithm = row[1].split("=", 1)[0]
            out.append(_record_line(row[0], algorithm, replaced[row[0]], terminator))
        else:
            out.append(line)
    return "".join(out)


def derive_wheel(previous: Path, replaced: dict[str, bytes], out: Path) -> None:
    """Write ``previous`` to ``out`` with ``replaced`` members and a re-hashed RECORD."""
    with zipfile.ZipFile(previous) as old, zipfile.ZipFile(out, "w") as new:
        record_name = next(n for n in old.namelist() if n.endswith(".dist-info/RECORD"))
        for info in old.infolist():
            data = replaced.get(info.filename)
            if info.filename == record_name:
                text = old.read(info).decode("utf-8")
                data = rewrite_record(text, replaced).encode("utf-8")
            elif data is None:
                data = old.read(info)
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            copy.create_system = info.create_system
            new.writestr(copy, data)


class Attempt:
    """One build step's try at deriving; :meth:`finish` records a real build for next time."""

    def __init__(self, project: Path, source: Path, *, python: str, workdir: Path, cache: Optional[Path], ignore: Any) -> None:
        self.source, self.python, self.workdir = source, python, workdir
        self.slot = _slot(cache, project, python) if cache is not None else None
        self.resolver: Optional[Resolver] = None
        self.record: Optional[BuildRecord] = None
        self.tree: Optional[Snapshot] = None
        self.identity = build_identity(python, os.environ)
        self.reason: Optional[str] = None
        if self.slot is None:
            self.reason = "the cache is off (MLPLUGIN_NO_CACHE)"
            return
        if shutil.which("uv") is None:
            self.reason = "uv is not installed (it resolves the build requirements)"
            return
        if source == project:
            self.reason = "the version comes from version control, so the build runs in place"
            return
        pyproject, self.reason = read_pyproject(source)
        if pyproject is None:
            return
        self.reason = static_obstacle(source, pyproject)
        if self.reason is not None:
            return
        self.record = self._load()
        self.tree = snapshot(source, ignore)
        self.resolver = Resolver(list(pyproject["build-system"]["requires"]), python, workdir)

    def _load(self) -> Optional[BuildRecord]:
        assert self.slot is not None
        with contextlib.suppress(OSError, UnicodeDecodeError):
            return BuildRecord.from_json((self.slot / _RECORD_FILE).read_text(encoding="utf-8"))
        return None

    def derive(self, out_dir: Path) -> Optional[tuple[Path, str]]:
        """The derived wheel and how it was made, or ``None`` (then :attr:`reason` says why)."""
        if self.reason is not None or self.tree is None or self.resolver is None:
            return None
        record, slot = self.record, self.slot
        if record is None or slot is None:
            self.reason = "no previous build of this project to derive from"
            return None
        if record.identity != self.identity:
            self.reason = "the interpreter, uv or the build environment changed"
            return None
        changed, self.reason = _changed(record, self.tree)
        if self.reason is not None:
            return None
        pins = self.resolver.pins()
        if pins != record.pins:
            now = ", ".join(pins) if pins is not None else "nothing (uv could not resolve them)"
            self.reason = f"the build requirements now resolve to {now} (were {', '.join(record.pins)})"
            return None
        wheel = out_dir / Path(record.wheel).name
        replaced = {m: (self.source / s).read_bytes() for m, s in record.members.items() if s in changed}
        try:
            derive_wheel(slot / record.wheel, replaced, wheel)
        except (OSError, KeyError, StopIteration, zipfile.BadZipFile) as exc:
            self.reason = f"the previous wheel could not be read ({exc})"
            return None
        self._save(wheel, record.pins, record.members)
        if not changed:
            return wheel, "wheel: the previous build reused (no file changed)"
        files = ", ".join(changed[:3]) + (" ..." if len(changed) > 3 else "")
        noun = "file" if len(changed) == 1 else "files"
        return wheel, f"wheel: derived from the previous build ({len(changed)} {noun} changed: {files})"

    def finish(self, wheel: Path) -> str:
        """After a real build: record it when it can be a base, and say how it was made."""
        why = self.reason
        if self.resolver is not None and self.tree is not None and self.slot is not None:
            pins = self.resolver.pins()
            problem = None if pins is not None else "uv could not resolve the build requirements"
            members: dict[str, str] = {}
            if pins is not None:
                with zipfile.ZipFile(wheel) as archive:
                    problem = _generator_problem(archive, pins)
                    if problem is None:
                        members, problem = _member_sources(archive, self.tree)
            if problem is None and pins is not None:
                self._save(wheel, pins, members)
            elif why is None:
                why = f"not derivable next time: {problem}"
        return f"wheel: built in isolation ({why or 'first build of this project'})"

    def cancel(self) -> None:
        if self.resolver is not None:
            self.resolver.cancel()

    def _save(self, wheel: Path, pins: tuple[str, ...], members: dict[str, str]) -> None:
        assert self.slot is not None and self.tree is not None
        with contextlib.suppress(OSError):
            self.slot.mkdir(parents=True, exist_ok=True)
            store = Path(tempfile.mkdtemp(prefix="wheel-", dir=self.slot))
            shutil.copyfile(wheel, store / wheel.name)
            record = BuildRecord(self.identity, pins, self.tree, members, f"{store.name}/{wheel.name}")
            temp = self.slot / f".{store.name}.json"
            temp.write_text(record.to_json(), encoding="utf-8")
            os.replace(temp, self.slot / _RECORD_FILE)
            for old in self.slot.glob("wheel-*"):
                if old != store:
                    shutil.rmtree(old, ignore_errors=True)
            _evict(self.slot.parent)


def _evict(builds: Path) -> None:
    slots = sorted((p for p in builds.iterdir() if (p / _RECORD_FILE).is_file()), key=lambda p: (p / _RECORD_FILE).stat().st_mtime)
    for old in slots[:-_KEEP_SLOTS]:
        shutil.rmtree(old, ignore_errors=True)
