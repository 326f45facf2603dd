"""The project's ``[tool.mlplugin.verify]`` table: ignored checks, each with a reason.

``overrides = ["ppo"]`` declares that the plugin's trainers replace those built-in
trainers on purpose (no MLP706 for them).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .._errors import VerifyConfigError
from ._model import Finding

_ID = re.compile(r"^MLP\d{3}$")
_KNOWN_KEYS = {"ignore", "overrides"}


@dataclasses.dataclass(frozen=True)
class Ignore:
    """One ignored check and why."""

    check_id: str
    reason: str


def read_ignores(table: Mapping[str, Any], *, path: str, known: Iterable[str]) -> dict[str, Ignore]:
    """Validate the table; every problem is reported together as a usage error."""
    problems: list[str] = []
    raw = table.get("ignore", [])
    # the full catalogue (contract checks included) is read only when there is something
    # to check against it
    known_ids = set(known) if raw else set()
    problems.extend(
        f"unknown key {key!r} (the table accepts: ignore, overrides)"
        for key in table
        if key not in _KNOWN_KEYS
    )
    overrides = table.get("overrides", [])
    if not isinstance(overrides, list) or not all(isinstance(o, str) for o in overrides):
        problems.append('`overrides` must be a list of trainer names, like ["ppo"]')
    if not isinstance(raw, list):
        problems.append("`ignore` must be a list of {id = ..., reason = ...} tables")
        raw = []
    ignores: dict[str, Ignore] = {}
    for index, entry in enumerate(raw):
        where = f"ignore[{index}]"
        if isinstance(entry, str):
            problems.append(f"{where}: {entry!r} has no reason; every ignore needs one")
            continue
        if not isinstance(entry, Mapping):
            problems.append(f"{where}: expected a table, got {type(entry).__name__}")
            continue
        check_id = entry.get("id")
        reason = entry.get("reason")
        if not isinstance(check_id, str) or not _ID.match(check_id):
            problems.append(f"{where}: `id` must be a check ID like 'MLP108', got {check_id!r}")
            continue
        if check_id not in known_ids:
            problems.append(f"{where}: {check_id} is not a known check ID")
        if not isinstance(reason, str) or not reason.strip():
            problems.append(f"{where}: ignoring {check_id} needs a non-empty `reason`")
            continue
        extra = set(entry) - {"id", "reason"}
        if extra:
            problems.append(f"{where}: unknown keys {', '.join(sorted(extra))}")
        ignores[check_id] = Ignore(check_id, reason.strip())
    if problems:
        raise VerifyConfigError(path=path, problems=problems)
    return ignores


def apply_ignores(findings: Iterable[Finding], ignores: Mapping[str, Ignore]) -> list[Finding]:
    """Mark the findings whose check is ignored (they stay in the report)."""
    return [
        dataclasses.replace(item, ignored=True, ignore_reason=ignores[item.check_id].reason)
        if item.check_id in ignores
        else item
        for item in findings
    ]
