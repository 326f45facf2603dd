"""TOML parsing with line numbers for errors, and finding the line of a key."""

from __future__ import annotations

import re
import sys
from typing import Any, Optional

_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)|at line (\d+) col")
_HEADER = re.compile(r"^\s*\[\[?(.+?)\]\]?\s*(#.*)?$")


class TomlError(ValueError):
    """A TOML document could not be parsed; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: Optional[int]) -> None:
        self.message = message
        self.line = line
        super().__init__(message)


def parse_toml(text: str) -> dict[str, Any]:
    """Parse ``text`` with tomllib (3.11+) or tomlkit; raise :class:`TomlError`."""
    try:
        if sys.version_info >= (3, 11):
            import tomllib

            return tomllib.loads(text)
        import tomlkit  # pragma: no cover - Python < 3.11

        return tomlkit.parse(text).unwrap()  # pragma: no cover
    except ValueError as exc:  # TOMLDecodeError and tomlkit's ParseError are ValueErrors
        message = str(exc)
        match = _AT_LINE.search(message)
        line = int(match.group(1) or match.group(2)) if match else getattr(exc, "line", None)
        return _raise(_AT_LINE.sub("", message).strip(), line)


def _raise(message: str, line: Optional[int]) -> dict[str, Any]:
    raise TomlError(message, line)


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
