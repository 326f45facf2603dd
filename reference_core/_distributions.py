"""Installed distributions as the host's ``entry_points()`` sees them.

One rule for telling copies of a distribution apart, used by discovery here and by
``mlplugin list`` and ``doctor``: :func:`distribution_key` is the normalised name in the
metadata *directory's* name (``importlib.metadata`` on 3.10+), not the metadata ``Name``;
:func:`host_deduplicates` says on which Pythons the host keeps one copy per key. Reading
metadata never raises here: a missing or unreadable field is ``None``.
"""

from __future__ import annotations

import importlib.metadata as importlib_metadata
import json
import os
import re
import urllib.parse
from pathlib import PurePath

# ``urllib.request.url2pathname`` without importing urllib.request (http.client, ssl and
# email come with it, a third of a plugin test session's start-up): urllib.request
# defines it as nturl2path's on Windows and as ``urllib.parse.unquote`` elsewhere
# (Python 3.9 to 3.13); tests/reference_core/test_core_discovery.py compares the two.
if os.name == "nt":  # pragma: no cover - exercised on Windows only
    from nturl2path import url2pathname
else:

    def url2pathname(url: str) -> str:
        """A file URL's path as a local path (urllib.request's POSIX definition)."""
        return urllib.parse.unquote(url)


__all__ = [
    "dist_location",
    "dist_name",
    "distribution_key",
    "entry_points_with_dists",
    "host_deduplicates",
    "normalize",
]


def normalize(name: str) -> str:
    """``importlib.metadata``'s normalisation: ``My.Plugin`` and ``my-plugin`` are ``my_plugin``."""
    return re.sub(r"[-_.]+", "_", name).lower()


def distribution_key(metadata_dir: str, metadata_name: str | None) -> str | None:
    """The key ``importlib.metadata`` (3.10+) de-duplicates installed distributions by.

    The name part of the metadata directory (``My.Plugin-1.0.dist-info`` and
    ``my_plugin.egg-info`` both give ``my_plugin``), normalised; the metadata ``Name``
    only when the directory is named otherwise. ``list``, ``doctor`` and discovery all
    use this one rule.
    """
    directory = PurePath(metadata_dir)
    name = None
    if directory.suffix in (".dist-info", ".egg-info"):
        name = directory.stem.partition("-")[0]
    name = name or metadata_name
    return normalize(name) if name else None


def host_deduplicates(version: tuple[int, ...]) -> bool:
    """Whether the host's ``entry_points()`` keeps one copy per key on this Python (3.10+).

    On 3.9 it returns the entry points of every copy, so a twice-installed plugin is
    loaded twice.
    """
    return tuple(version[:2]) >= (3, 10)


def dist_location(dist: importlib_metadata.Distribution) -> str | None:
    """The editable source directory of ``dist``, else its metadata directory."""
    try:
        direct_url = json.loads(dist.read_text("direct_url.json") or "null")
    except ValueError:
        direct_url = None
    if isinstance(direct_url, dict) and direct_url.get("dir_info", {}).get("editable"):
        parsed = urllib.parse.urlparse(str(direct_url.get("url", "")))
        if parsed.scheme == "file":
            return url2pathname(parsed.path)
    path = getattr(dist, "_path", None)
    return str(path) if path is not None else None


def dist_name(dist: importlib_metadata.Distribution | None) -> str | None:
    return name_and_version(dist)[0]


def is_mlagents_default(
    ep: importlib_metadata.EntryPoint, dist: importlib_metadata.Distribution | None
) -> bool:
    """mlagents' own ``default`` entry point (METADATA is read only for that name)."""
    if ep.name != "default":
        return False
    name = dist_name(dist)
    return name is not None and normalize(name) == "mlagents"


def name_and_version(dist: importlib_metadata.Distribution | None) -> tuple[str | None, str | None]:
    """``Name`` and ``Version`` from one parse of METADATA (it is not cached)."""
    if dist is None:
        return None, None
    meta = dist.metadata
    # ``.get`` rather than ``[]``: a missing key warns on Python 3.12+.
    name, version = meta.get("Name"), meta.get("Version")  # type: ignore[attr-defined]
    return (str(name) if name else None), (str(version) if version else None)


def entry_points_with_dists(
    group: str,
) -> list[tuple[importlib_metadata.EntryPoint, importlib_metadata.Distribution | None]]:
    """Entry points of ``group`` in metadata order, first distribution of each name only."""
    seen: set[str] = set()
    found: list[tuple[importlib_metadata.EntryPoint, importlib_metadata.Distribution | None]] = []
    for dist in importlib_metadata.distributions():
        path = str(getattr(dist, "_path", ""))
        # the metadata Name only when the directory has no name: parsing every installed
        # distribution's METADATA is most of a discovery's time
        key = distribution_key(path, None) or distribution_key(path, dist_name(dist))
        if key:
            if key in seen:
                continue
            seen.add(key)
        found.extend((ep, dist) for ep in dist.entry_points if ep.group == group)
    return found
