"""The wheel side of the re-verify shortcut: which members copy which source files, and
how to replace them.

:func:`member_sources` maps every member outside ``*.dist-info`` to the one source file
whose bytes it is (a member that is no verbatim copy, or ``*.data``, makes the wheel
unusable as a base); :func:`generator_problem` checks that the wheel's ``Generator`` is
the backend version the build requirements resolved to; :func:`derive_wheel` writes the
previous wheel with some members replaced and their ``RECORD`` lines re-hashed (every
other line kept byte for byte). Reading errors propagate to the caller, which then
builds for real.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
import zipfile
from pathlib import Path
from typing import Optional

from packaging.utils import canonicalize_name

from ._build_inputs import Snapshot


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def generator_problem(archive: zipfile.ZipFile, pins: tuple[str, ...]) -> Optional[str]:
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


def member_sources(
    archive: zipfile.ZipFile, tree: Snapshot
) -> tuple[dict[str, str], Optional[str]]:
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
