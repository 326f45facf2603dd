"""Which ML-Agents releases a verified plugin can work with (``--host-version``).

A modest table of the plugin-facing differences between releases, taken from the
contract notes: ``on_add_stat`` is only called from 0.26 on, ``TensorboardWriter``
accepts ``hidden_keys`` only from 0.26 on, the ``mlagents.trainer_type`` group exists
from 0.30 on, and each release installs on a limited range of Pythons. The verdict is
derived from what verify observed (the writers' classes, the declared
``requires-python``); it cannot see how a writer's output depends on callbacks, so a
writer that overrides ``on_add_stat`` is reported as needing 0.26+.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Optional

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from reference_core._kinds import ML_AGENTS_STATS_WRITER, ML_AGENTS_TRAINER_TYPE

from ._model import HostSupport


@dataclasses.dataclass(frozen=True)
class HostRelease:
    """Plugin-facing facts about one ``mlagents`` release line."""

    release: str
    requires_python: str
    python_note: str
    on_add_stat: bool
    hidden_keys: bool
    trainer_type_group: bool


_OLD_TORCH = "its torch pin has no wheels for Python 3.10+"
HOST_RELEASES: tuple[HostRelease, ...] = (
    HostRelease("0.24", ">=3.6.1,<3.10", _OLD_TORCH, False, False, False),
    HostRelease("0.25", ">=3.6.1,<3.10", _OLD_TORCH, False, False, False),
    HostRelease("0.26", ">=3.6.1,<3.10", _OLD_TORCH, True, True, False),
    HostRelease("0.27", ">=3.6.1,<3.10", _OLD_TORCH, True, True, False),
    HostRelease("0.28", ">=3.6.1,<3.10", _OLD_TORCH, True, True, False),
    HostRelease("0.29", ">=3.7.2,<3.10.0", "", True, True, False),
    HostRelease("0.30", ">=3.8.13,<=3.10.8", "", True, True, True),
    HostRelease("1.0", ">=3.10.1,<=3.10.12", "", True, True, True),
    HostRelease("1.1", ">=3.10.1,<=3.10.12", "", True, True, True),
)
RELEASES: Mapping[str, HostRelease] = {r.release: r for r in HOST_RELEASES}

# Every CPython a release could be installed on, for intersecting version ranges.
_PYTHONS = [Version(f"3.{minor}.{patch}") for minor in range(6, 15) for patch in range(21)]


def normalise_release(text: str) -> Optional[str]:
    """``"1.1.0"`` / ``"0.30"`` / ``"v1.1"`` to a table key, or ``None``."""
    try:
        release = Version(text.strip()).release
    except InvalidVersion:
        return None
    key = ".".join(str(part) for part in release[:2])
    return key if key in RELEASES else None


def satisfies(specifier: str, python: tuple[int, ...]) -> Optional[bool]:
    """Whether ``python`` meets a ``requires-python`` string; ``None`` if unreadable."""
    try:
        specifiers = SpecifierSet(specifier)
    except InvalidSpecifier:
        return None
    return specifiers.contains(Version(".".join(map(str, python))), prereleases=True)


def _python_overlap(plugin: Optional[str], release: HostRelease) -> Optional[bool]:
    if not plugin:
        return True
    try:
        wanted = SpecifierSet(plugin)
    except InvalidSpecifier:
        return None
    host = SpecifierSet(release.requires_python)
    return any(wanted.contains(py) for py in _PYTHONS if host.contains(py))


def assess(
    *,
    requires_python: Optional[str],
    writers: Sequence[Mapping[str, Any]],
    groups: Iterable[str] = (),
) -> tuple[HostSupport, ...]:
    """One verdict per release in :data:`HOST_RELEASES`."""
    groups = set(groups)
    out: list[HostSupport] = []
    for release in HOST_RELEASES:
        reasons: list[str] = []
        overlap = _python_overlap(requires_python, release)
        if overlap is False:
            note = f"; {release.python_note}" if release.python_note else ""
            reasons.append(
                f"requires-python {requires_python!r} excludes every Python "
                f"mlagents {release.release} installs on ({release.requires_python}"
                f"{note})"
            )
        for writer in writers:
            name = writer.get("class", "writer")
            if writer.get("overrides_on_add_stat") and not release.on_add_stat:
                reasons.append(f"{name} overrides on_add_stat, which {release.release} never calls")
            if writer.get("hidden_keys") and not release.hidden_keys:
                reasons.append(
                    f"{name} passes hidden_keys to TensorboardWriter, which "
                    f"{release.release} does not accept"
                )
        notes: list[str] = []
        if ML_AGENTS_TRAINER_TYPE in groups and not release.trainer_type_group:
            ignored = "its mlagents.trainer_type entry points are ignored before 0.30"
            # a trainer-only plugin does nothing at all there; with writers it half works
            (notes if ML_AGENTS_STATS_WRITER in groups else reasons).append(ignored)
        out.append(HostSupport(release.release, not reasons, "; ".join(reasons + notes)))
    return tuple(out)
