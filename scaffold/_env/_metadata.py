"""Read installed distributions' metadata from a search path, without importing them.

This mirrors what ``importlib.metadata`` sees on a given ``sys.path`` but keeps every
copy of a distribution and records where each copy lives, whether it is editable and
where its source tree is. :func:`host_view` then keeps what the host's
``entry_points()`` would see on the inspected Python: one copy per
:func:`reference_core._distributions.distribution_key` on 3.10+, every copy on 3.9.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterable, Iterator, Sequence
from importlib.metadata import PathDistribution
from pathlib import Path
from typing import Optional
from urllib.parse import unquote, urlparse

from packaging.utils import canonicalize_name

from reference_core._distributions import distribution_key, host_deduplicates
from reference_core._packaging import PACKAGING_FILES


@dataclasses.dataclass(frozen=True)
class EntryPointRecord:
    """One line of an ``entry_points.txt`` (or of a source declaration)."""

    group: str
    name: str
    value: str


@dataclasses.dataclass(frozen=True)
class InstalledDistribution:
    """One metadata directory (``*.dist-info`` or ``*.egg-info``) on the search path."""

    name: str
    version: str
    metadata_path: str
    path_entry: str
    editable: bool
    source_dir: Optional[str]
    entry_points: tuple[EntryPointRecord, ...]
    top_level: tuple[str, ...]

    @property
    def normalized_name(self) -> str:
        """The PEP 503 normalised name (``My_Plugin`` -> ``my-plugin``)."""
        return canonicalize_name(self.name)

    @property
    def key(self) -> str:
        """The name ``importlib.metadata`` de-duplicates this copy by."""
        return distribution_key(self.metadata_path, self.name) or self.normalized_name

    @property
    def location(self) -> str:
        """The editable source directory, or the directory holding the metadata."""
        return self.source_dir if self.editable and self.source_dir else self.path_entry


def _editable_source(dist: PathDistribution, meta: Path) -> tuple[bool, Optional[str]]:
    """(editable?, source directory) from ``direct_url.json`` or a develop-style egg-info."""
    text = dist.read_text("direct_url.json")
    if text:
        try:
            data = json.loads(text)
        except ValueError:
            data = {}
        if isinstance(data, dict) and data.get("dir_info", {}).get("editable"):
            url = urlparse(str(data.get("url", "")))
            source = unquote(url.path) if url.scheme == "file" else None
            return True, source
        return False, None
    if meta.suffix == ".egg-info":
        for candidate in (meta.parent, meta.parent.parent):
            if any((candidate / name).is_file() for name in PACKAGING_FILES):
                return True, str(candidate)
    return False, None


def _top_level(dist: PathDistribution) -> tuple[str, ...]:
    """Top-level import names the distribution installs (top_level.txt, else RECORD)."""
    text = dist.read_text("top_level.txt")
    if text:
        return tuple(sorted({line.strip() for line in text.splitlines() if line.strip()}))
    names = set()
    for row in csv.reader((dist.read_text("RECORD") or "").splitlines()):
        path = row[0] if row else ""  # CSV: a path with a comma is quoted
        first, _, rest = path.partition("/")
        skip = first.endswith((".dist-info", ".data")) or first in {"..", "__pycache__"}
        if rest and not skip:
            names.add(first)
        elif not rest and first.endswith(".py"):
            names.add(first[: -len(".py")])
    return tuple(sorted(names))


def read_distribution(meta: Path, path_entry: str) -> Optional[InstalledDistribution]:
    """Read one metadata directory; ``None`` when it has no usable name."""
    dist = PathDistribution(meta)
    try:
        headers = dist.metadata  # parsed anew on every access: once here
        name = headers["Name"]
        version = headers["Version"] or "unknown"
    except (OSError, ValueError):
        return None
    if not name:
        return None
    editable, source = _editable_source(dist, meta)
    entry_points = tuple(EntryPointRecord(ep.group, ep.name, ep.value) for ep in dist.entry_points)
    return InstalledDistribution(
        name=str(name),
        version=str(version),
        metadata_path=str(meta),
        path_entry=path_entry,
        editable=editable,
        source_dir=source,
        entry_points=entry_points,
        top_level=_top_level(dist),
    )


def iter_distributions(path: Sequence[str]) -> Iterator[InstalledDistribution]:
    """Every distribution on ``path``, in search order, duplicates included."""
    for entry in path:
        try:
            children = sorted(Path(entry).iterdir())
        except OSError:
            continue  # a zip, a missing directory or an unreadable one
        for meta in children:
            if meta.name.endswith((".dist-info", ".egg-info")) and meta.is_dir():
                found = read_distribution(meta, entry)
                if found is not None:
                    yield found


def is_mlagents_group(group: str) -> bool:
    """Whether ``group`` is, or looks like, an ``mlagents.*`` group (misspellings too)."""
    return "".join(c for c in group.lower() if c.isalpha()).startswith("mlagent")


def plugin_entries(records: Iterable[EntryPointRecord]) -> set[tuple[str, str, str]]:
    """The ``mlagents``-like entry points of ``records``, values without whitespace."""
    return {
        (r.group, r.name, "".join(r.value.split())) for r in records if is_mlagents_group(r.group)
    }


def host_view(
    dists: Iterable[InstalledDistribution], version: tuple[int, ...]
) -> list[InstalledDistribution]:
    """The copies whose entry points the host's ``entry_points()`` returns on ``version``."""
    if not host_deduplicates(version):
        return list(dists)
    seen: set[str] = set()
    kept = []
    for dist in dists:
        if dist.key not in seen:
            seen.add(dist.key)
            kept.append(dist)
    return kept
