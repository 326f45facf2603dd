"""Reading and checking TOML without paying for tomlkit where the stdlib suffices."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

__all__ = ["check_toml", "load_toml"]


def load_toml(path: Path) -> dict[str, Any]:
    """Parse ``path``; raises ``ValueError`` (with line information) when it is not TOML."""
    text = Path(path).read_text(encoding="utf-8")
    if sys.version_info >= (3, 11):
        import tomllib

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ValueError(str(error)) from error
    import tomlkit
    from tomlkit.exceptions import ParseError

    try:
        return tomlkit.parse(text).unwrap()
    except ParseError as error:
        raise ValueError(str(error)) from error


def check_toml(path: Path) -> Optional[str]:
    """Return why ``path`` is not valid TOML, or ``None`` when it is."""
    try:
        load_toml(path)
    except ValueError as error:
        return f"{Path(path).name} is not valid TOML: {error}"
    return None
