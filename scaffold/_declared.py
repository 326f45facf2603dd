"""What a packaging file declares, and where: the plain data of :mod:`scaffold._packaging`.

Frozen values that travel from the packaging reader to ``new``'s check, verify's static
step (which turns problems into findings) and ``doctor``. :func:`requirement` parses a
requirement string with ``packaging``; one it cannot parse has no name, never an error.
"""

from __future__ import annotations

import dataclasses
from typing import Optional

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as ParsedRequirement
from packaging.utils import canonicalize_name

__all__ = ["Declaration", "Location", "PackagingProblem", "Requirement", "requirement"]


@dataclasses.dataclass(frozen=True)
class Location:
    """A place in the user's project: a file and, when known, a 1-based line."""

    path: str
    line: Optional[int] = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclasses.dataclass(frozen=True)
class Declaration:
    """One ``name = value`` line of an entry-point group, and where it is written."""

    group: str
    name: str
    value: str
    location: Location


@dataclasses.dataclass(frozen=True)
class Requirement:
    """A runtime dependency as written; ``name`` is canonical (``None`` if unparsable)."""

    text: str
    location: Location
    name: Optional[str] = None


@dataclasses.dataclass(frozen=True)
class PackagingProblem:
    """Something the reader could not read, or a disagreement between files.

    ``code`` is one of ``invalid-toml``, ``invalid-setup-cfg``, ``setup-py-syntax``,
    ``setup-py-imports-host``, ``computed-entry-points`` and ``conflict``.
    """

    code: str
    message: str
    location: Location


def requirement(text: str, location: Location) -> Requirement:
    """A requirement with its canonical name parsed by ``packaging``."""
    try:
        name: Optional[str] = canonicalize_name(ParsedRequirement(text).name)
    except InvalidRequirement:
        name = None
    return Requirement(text, location, name)
