"""Requirement strings: names, markers, and which packages the host provides."""

from __future__ import annotations

import re
from typing import Optional

#: Distributions the ML-Agents trainer brings along; a plugin must not pull them in.
HOST_PROVIDED = frozenset({"mlagents", "mlagents-envs", "torch", "tensorboard"})

_NAME = re.compile(r"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
_EXTRA_MARKER = re.compile(r"\bextra\s*==")


def canonical(name: str) -> str:
    """PEP 503 normalised distribution name (``Mlagents_Envs`` -> ``mlagents-envs``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> Optional[str]:
    """The distribution name a requirement string starts with, canonicalised."""
    match = _NAME.match(requirement)
    return canonical(match.group(1)) if match else None


def is_host_provided(requirement: str) -> bool:
    """True when the requirement names a package the host provides."""
    return requirement_name(requirement) in HOST_PROVIDED


def is_extra_only(requirement: str) -> bool:
    """True for ``Requires-Dist`` lines that apply only with an extra."""
    _, _, marker = requirement.partition(";")
    return bool(_EXTRA_MARKER.search(marker))


def import_names(distribution: str) -> set[str]:
    """Plausible top-level import names of a distribution (a guess for messages)."""
    base = canonical(distribution)
    return {base.replace("-", "_"), base.replace("-", "")}
