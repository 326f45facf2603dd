"""Requirement strings from built metadata (``Requires-Dist``), parsed with ``packaging``.

The parent process parses; the child gets canonical names only. A string ``packaging``
cannot parse has no name (``None``) and is passed to the installer as written, which
then reports it.
"""

from __future__ import annotations

from typing import Optional

from packaging.markers import Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from reference_core._import_failures import HOST_PROVIDED

__all__ = ["HOST_PROVIDED", "is_extra_only", "is_host_provided", "requirement_name"]


def _parse(requirement: str) -> Optional[Requirement]:
    try:
        return Requirement(requirement)
    except InvalidRequirement:
        return None


def requirement_name(requirement: str) -> Optional[str]:
    """The canonical distribution name of a requirement string (``None`` if invalid)."""
    parsed = _parse(requirement)
    return canonicalize_name(parsed.name) if parsed is not None else None


def is_host_provided(requirement: str) -> bool:
    """True when the requirement names a package the host provides."""
    return requirement_name(requirement) in HOST_PROVIDED


def _mentions_extra(marker: Marker) -> bool:
    """Whether the parsed marker tests the ``extra`` variable anywhere."""
    pending: list[object] = list(getattr(marker, "_markers", []))
    while pending:
        item = pending.pop()
        if isinstance(item, (list, tuple)):
            pending.extend(item)
        elif getattr(item, "value", None) == "extra" and type(item).__name__ == "Variable":
            return True
    return False


def is_extra_only(requirement: str) -> bool:
    """True for ``Requires-Dist`` lines that apply only when an extra is requested."""
    parsed = _parse(requirement)
    if parsed is None or parsed.marker is None:
        return False
    return _mentions_extra(parsed.marker) and not parsed.marker.evaluate({"extra": ""})
