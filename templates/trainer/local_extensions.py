"""Jinja filters for the trainer template, the same as the stats-writer template's.

``toml_string`` turns any text into a valid TOML basic string, so no answer can make
the generated ``pyproject.toml`` invalid. ``pyenv`` turns "3.11" into "py311".
"""

from __future__ import annotations

from jinja2 import Environment
from jinja2.ext import Extension

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_string(value: object) -> str:
    """Quote ``value`` as a TOML basic string."""
    out = []
    for char in str(value):
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        elif 0xD800 <= ord(char) <= 0xDFFF:
            out.append("\ufffd")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def tox_env(version: str) -> str:
    """``"3.11"`` -> ``"py311"``."""
    return "py" + version.replace(".", "")


class TomlExtension(Extension):
    """Registers the template's filters."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters["toml_string"] = toml_string
        environment.filters["tox_env"] = tox_env
