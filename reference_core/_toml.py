"""Reading TOML, and finding the line a key is written on: one TOML reader for both packages.

:func:`parse_toml` uses the standard library's :mod:`tomllib` on Python 3.11+, and before
that ``tomli`` or ``tomlkit``, whichever is installed (imported only when needed, because
``reference_core`` has no required dependency; mlplugin itself brings tomlkit there). A
document that is not TOML raises :class:`TomlError` with the line when the parser gives
one; with no reader installed the :class:`ImportError` propagates to the caller, which
decides what that means (the packaging reader reports it as a problem).
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Callable, Optional, cast

__all__ = [
    "TomlError",
    "check_toml",
    "fallback_reader",
    "find_line",
    "load_toml",
    "parse_toml",
]

_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)|at line (\d+) col")
_DUPLICATE = re.compile(r'Key "(.+)" already exists')  # tomlkit's message, without a line
_HEADER = re.compile(r"^\s*\[\[?(.+?)\]\]?\s*(#.*)?$")
#: The parsers tried in order before Python 3.11; tomllib is tomli in the standard library.
_FALLBACKS = ("tomli", "tomlkit")


class TomlError(ValueError):
    """A TOML document could not be parsed; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: Optional[int]) -> None:
        self.message = message
        self.line = line
        super().__init__(message)


def _key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")


def _duplicate_line(text: str, message: str) -> Optional[int]:
    """The line of the second definition of the key tomlkit complains about."""
    match = _DUPLICATE.search(message)
    if not match:
        return None
    key = _key_pattern(match.group(1))
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if key.match(line)]
    return hits[1] if len(hits) > 1 else None


def _tomlkit_loads(text: str) -> dict[str, Any]:
    tomlkit: Any = importlib.import_module("tomlkit")
    return dict(tomlkit.parse(text).unwrap())


def fallback_reader(names: Sequence[str] = _FALLBACKS) -> Callable[[str], dict[str, Any]]:
    """The first of ``names`` (``tomli``, ``tomlkit``) that is installed, as a parser."""
    for name in names:
        try:
            module: Any = importlib.import_module(name)
        except ImportError:
            continue
        return _tomlkit_loads if name == "tomlkit" else cast(Callable[..., Any], module.loads)
    raise ImportError("no TOML reader is installed (on Python < 3.11, install tomli or tomlkit)")


def _parse(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib.loads(text)
    return fallback_reader()(text)  # pragma: no cover - Python < 3.11


def parse_toml(text: str) -> dict[str, Any]:
    """Parse ``text``; raise :class:`TomlError` (with the line when known) if it is not TOML."""
    try:
        return _parse(text)
    except ImportError:
        raise
    except Exception as exc:  # tomllib's, tomli's and tomlkit's errors (incl. KeyAlreadyPresent)
        if not isinstance(exc, ValueError) and type(exc).__module__.split(".")[0] != "tomlkit":
            raise
        message = str(exc)
        match = _AT_LINE.search(message)
        line = int(match.group(1) or match.group(2)) if match else getattr(exc, "line", None)
        line = line or _duplicate_line(text, message)
        raise TomlError(_AT_LINE.sub("", message).strip(), line) from exc


def load_toml(path: Path) -> dict[str, Any]:
    """Read and parse the TOML file at ``path``."""
    return parse_toml(Path(path).read_text(encoding="utf-8"))


def check_toml(path: Path) -> Optional[str]:
    """Return why ``path`` is not valid TOML, or ``None`` when it is."""
    try:
        load_toml(path)
    except TomlError as error:
        return f"{Path(path).name} is not valid TOML: {error}"
    return None


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
    key_pattern = _key_pattern(key)
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
