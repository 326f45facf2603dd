"""Finding the line of a key in a TOML file (parsing lives in :mod:`scaffold._toml`)."""

from __future__ import annotations

import re
from typing import Optional

from ._toml import TomlError, parse_toml

__all__ = ["TomlError", "find_line", "parse_toml"]

_HEADER = re.compile(r"^\s*\[\[?(.+?)\]\]?\s*(#.*)?$")


def _dequote(part: str) -> str:
    return part.strip().strip("\"'")


def _header_matches(header: str, table: str) -> bool:
    """Whether a ``[a."b.c"]`` header names ``table`` (given as ``a.b.c``)."""
    parts = [_dequote(p) for p in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', header)]
    return ".".join(parts) == table


def find_line(
    text: str, key: str, *, table: Optional[str] = None, group: Optional[str] = None
) -> Optional[int]:
    """The 1-based line where ``key`` is written, best effort.

    With ``table``, the search starts at that table's header and stops at the next
    header; with ``group``, a line mentioning the group (an inline table or an INI
    section key) is a fallback. Without either, the first line containing ``key``.
    """
    lines = text.splitlines()
    key_pattern = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
    if table is not None:
        inside = False
        for number, line in enumerate(lines, start=1):
            header = _HEADER.match(line)
            if header:
                inside = _header_matches(header.group(1), table)
                continue
            if inside and key_pattern.match(line):
                return number
    if group is not None:
        start = next((n for n, line in enumerate(lines, start=1) if group in line), None)
        if start is not None:
            for number in range(start, len(lines) + 1):
                if key in lines[number - 1]:
                    return number
            return start
    return next((n for n, line in enumerate(lines, start=1) if key in line), None)
