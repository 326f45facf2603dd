"""Read what a built wheel declares and contains, without installing it."""

from __future__ import annotations

import dataclasses
import email.parser
import hashlib
import zipfile
from pathlib import Path
from typing import Optional


@dataclasses.dataclass(frozen=True)
class WheelInfo:
    """The parts of a wheel that verify looks at.

    ``entry_points`` maps group to ``(name, value)`` pairs in file order; ``modules`` is
    the set of importable module names the wheel ships (packages and plain modules).
    """

    path: Path
    name: str
    version: str
    entry_points: dict[str, list[tuple[str, str]]]
    requires: tuple[str, ...]
    requires_python: Optional[str]
    modules: frozenset[str]
    content_hash: str

    def has_module(self, module: str) -> bool:
        """True when ``module`` (or a package above it, for namespace layouts) ships."""
        return module in self.modules

    @property
    def top_level(self) -> frozenset[str]:
        """Top-level import names the wheel provides."""
        return frozenset(m.split(".")[0] for m in self.modules)


def parse_entry_points_txt(text: str) -> dict[str, list[tuple[str, str]]]:
    """Parse an ``entry_points.txt`` (INI, case-sensitive keys, order kept)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    current: Optional[str] = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            groups.setdefault(current, [])
        elif current is not None:
            name, _, value = line.partition("=")
            groups[current].append((name.strip(), value.strip()))
    return groups


def _module_name(member: str) -> Optional[str]:
    path = member
    parts = path.split("/")
    if parts[0].endswith(".data") and len(parts) > 2 and parts[1] in ("purelib", "platlib"):
        parts = parts[2:]
    elif parts[0].endswith((".data", ".dist-info")):
        return None
    leaf = parts[-1]
    if leaf == "__init__.py":
        parts = parts[:-1]
    elif leaf.endswith(".py"):
        parts[-1] = leaf[:-3]
    elif leaf.endswith((".so", ".pyd")):
        parts[-1] = leaf.split(".")[0]
    else:
        return None
    if parts and all(p.isidentifier() for p in parts):
        return ".".join(parts)
    return None


def read_wheel(path: Path) -> WheelInfo:
    """Read a wheel file.

    Raises ``OSError`` when it cannot be read, ``zipfile.BadZipFile`` when it is not a
    zip archive and ``KeyError`` when it has no ``*.dist-info/METADATA``.
    """
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        dist_info = next(
            (
                n.split("/")[0]
                for n in names
                if n.count("/") == 1
                and n.split("/")[0].endswith(".dist-info")
                and n.endswith("/METADATA")
            ),
            None,
        )
        if dist_info is None:
            raise KeyError(f"{path.name} has no *.dist-info/METADATA")
        metadata = email.parser.Parser().parsestr(
            archive.read(f"{dist_info}/METADATA").decode("utf-8", "replace")
        )
        try:
            ep_text = archive.read(f"{dist_info}/entry_points.txt").decode("utf-8", "replace")
        except KeyError:
            ep_text = ""
        modules: set[str] = set()
        for member in names:
            module = _module_name(member)
            while module:
                modules.add(module)
                module = module.rpartition(".")[0]
        digest = hashlib.sha256()
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            digest.update(f"{info.filename}\0{info.CRC}\0{info.file_size}\n".encode())
    return WheelInfo(
        path=path,
        name=str(metadata.get("Name", "")),
        version=str(metadata.get("Version", "")),
        entry_points=parse_entry_points_txt(ep_text),
        requires=tuple(str(r) for r in metadata.get_all("Requires-Dist") or ()),
        requires_python=metadata.get("Requires-Python"),
        modules=frozenset(modules),
        content_hash=digest.hexdigest(),
    )


def entry_points_lines(entries: list[tuple[str, str]]) -> list[str]:
    """Canonical ``name = value`` lines for comparing declarations."""
    return sorted(f"{name} = {' '.join(value.split())}" for name, value in entries)
