"""What a packaging file declares, and where: the plain data of :mod:`reference_core._packaging`.

Frozen values that travel from the packaging reader to ``new``'s check, verify's static
step (which turns problems into findings), ``doctor`` and the contract suite's stale-install
check. Requirement strings are kept as written: naming them needs the ``packaging``
library, which ``reference_core`` does not depend on, so whoever asks for names parses
them (scaffold, with ``scaffold._verify._requirements.requirement_name``). Nothing here
raises.
"""

from __future__ import annotations

import dataclasses
from typing import Optional

__all__ = ["Declaration", "Location", "PackagingProblem", "Requirement"]


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
    """A runtime dependency exactly as written (unparsed), and where it is written."""

    text: str
    location: Location


@dataclasses.dataclass(frozen=True)
class PackagingProblem:
    """Something the reader could not read, or a disagreement between files.

    ``code`` is one of ``unreadable``, ``invalid-toml``, ``invalid-setup-cfg``,
    ``setup-py-syntax``, ``setup-py-imports-host``, ``computed-entry-points`` and
    ``conflict``.
    """

    code: str
    message: str
    location: Location
