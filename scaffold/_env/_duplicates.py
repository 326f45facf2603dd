"""DOC102: copies of one distribution that change what the host loads on this Python.

What the host loads is :func:`._metadata.host_view` -- one copy per metadata directory
name on Python 3.10+, every copy on 3.9 (the rule of
:mod:`reference_core._distributions`). Only what is true there is reported: two copies
the host both loads, or a hidden copy whose entry points differ from the loaded one.
Reads metadata only; never raises.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Optional

from reference_core._distributions import host_deduplicates

from ._metadata import InstalledDistribution, host_view, plugin_entries
from ._model import DoctorFinding, Interpreter

__all__ = ["duplicates"]


def _copies(dists: Iterable[InstalledDistribution], key: str) -> list[list[InstalledDistribution]]:
    groups: dict[str, list[InstalledDistribution]] = {}
    for dist in dists:
        groups.setdefault(getattr(dist, key), []).append(dist)
    return [same for same in groups.values() if len(same) > 1]


def _where(dists: Iterable[InstalledDistribution]) -> str:
    return "; ".join(f"{d.version} at {d.metadata_path}" for d in dists)


def _editable_leftover_fix(same: Sequence[InstalledDistribution], py: str) -> Optional[str]:
    """The fix when one copy is the ``*.egg-info`` setuptools writes into an editable source.

    Reinstalling as before would write it again; setuptools' strict editable mode keeps
    the source directory off ``sys.path``, so the leftover is no longer seen.
    """
    for dist in same:
        if not (dist.editable and dist.source_dir):
            continue
        source = Path(dist.source_dir).resolve()
        for other in same:
            meta = Path(other.metadata_path).resolve()
            if meta.suffix == ".egg-info" and source in meta.parents:
                return (
                    f"{py} -m pip install -e {shlex.quote(dist.source_dir)} --config-settings "
                    f"editable_mode=strict (keeps {meta.parent} off sys.path, so setuptools' "
                    f"{meta.name} there is no longer seen)"
                )
    return None


def duplicates(
    dists: Sequence[InstalledDistribution], target: Interpreter
) -> Iterator[DoctorFinding]:
    """DOC102: copies of one plugin that change what the host loads on this Python.

    What the host loads is :func:`._metadata.host_view`: one copy per metadata directory
    name on 3.10+, every copy on 3.9. Two loaded copies of one distribution register
    its plugins twice (an error); on 3.10+ a hidden copy matters only when it declares
    other entry points than the loaded one, which the host then never sees (a warning).
    A leftover copy that declares the same is harmless and not reported.
    """
    fix = (
        f"{target.executable} -m pip uninstall -y {{name}} (repeat until none is left), "
        "then install it once; delete a leftover *.egg-info by hand"
    )
    for same in _copies(host_view(dists, target.version), "normalized_name"):
        loaded = [d for d in same if plugin_entries(d.entry_points)]
        if len(loaded) < 2:
            continue
        yield DoctorFinding(
            "DOC102",
            "error",
            f"{same[0].name} is installed {len(same)} times on sys.path ({_where(same)}): on "
            f"Python {target.version_text} the host loads the entry points of every copy, "
            f"so each plugin of it registers {len(loaded)} times.",
            _editable_leftover_fix(same, target.executable) or fix.format(name=same[0].name),
            same[0].name,
        )
    if not host_deduplicates(target.version):
        return
    for same in _copies(dists, "key"):
        used = plugin_entries(same[0].entry_points)
        hidden = [d for d in same[1:] if plugin_entries(d.entry_points) != used]
        if not hidden or not (used or any(plugin_entries(d.entry_points) for d in hidden)):
            continue
        yield DoctorFinding(
            "DOC102",
            "warning",
            f"{same[0].name} is installed {len(same)} times on sys.path: Python "
            f"{target.version_text} loads only the first copy ({_where(same[:1])}); the "
            f"other ({_where(hidden)}) declares different entry points, which are never "
            "loaded.",
            fix.format(name=same[0].name),
            same[0].name,
        )
