"""Reading TOML: the standard library's parser on 3.11+, tomlkit before that.

Every TOML file scaffold reads goes through :func:`parse_toml`, which reports the line of
a syntax error when the parser gives one.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Optional

__all__ = ["TomlError", "check_toml", "load_toml", "parse_toml"]

_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)|at line (\d+) col")
_DUPLICATE = re.compile(r'Key "(.+)" already exists')  # tomlkit's message, without a line


def _duplicate_line(text: str, message: str) -> Optional[int]:
    """The line of the second definition of the key tomlkit complains about."""
    match = _DUPLICATE.search(message)
    if not match:
        return None
    key = re.compile(r"^\s*[\"']?" + re.escape(match.group(1)) + r"[\"']?\s*=")
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if key.match(line)]
    return hits[1] if len(hits) > 1 else None


class TomlError(ValueError):
    """A TOML document could not be parsed; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: Optional[int]) -> None:
        self.message = message
        self.line = line
        super().__init__(message)


def _parse(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib.loads(text)
    import tomlkit  # Python < 3.11

    return dict(tomlkit.parse(text).unwrap())


def parse_toml(text: str) -> dict[str, Any]:
    """Parse ``text``; raise :class:`TomlError` (with the line when known) if it is not TOML."""
    try:
        return _parse(text)
    except Exception as exc:  # tomllib's and tomlkit's errors (incl. KeyAlreadyPresent)
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
