"""Jinja filters for the stats-writer template (cookiecutter "local extension").

Every free-text answer goes through the filter of the file type it lands in, so no answer
can break a generated file or change its meaning. Each filter returns the complete literal
(quotes included) or text, and reading it back with that format's own parser gives the
answer unchanged:

* ``py_string`` - a Python string literal. Pure ASCII: every non-ASCII or non-printable
  character is an escape (``\\xe9``, ``\\u2019``), so ruff's confusable-character rules,
  bidi tricks and source encodings never matter. The quote is the one ruff format keeps.
* ``py_docstring`` - the inside of a triple-quoted docstring, escaped the same way.
* ``toml_string`` - a TOML basic string; printable non-ASCII stays readable.
* ``yaml_string`` - a YAML double-quoted scalar.
* ``ini_value`` - a configparser value (setup.cfg style, ``%`` interpolation on).
* ``markdown_text`` - inline Markdown that renders as the text itself: Markdown's
  punctuation is backslash-escaped, invisible characters become character references.

Text a format cannot hold (a lone surrogate in TOML, a line break in INI) raises
``ValueError``; ``mlplugin new`` refuses such answers before rendering. ``python_sort``
orders "3.10 3.9" as versions, ``tox_env`` turns "3.11" into "py311".
"""

from __future__ import annotations

from jinja2 import Environment
from jinja2.ext import Extension

_C_ESCAPES = {"\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _is_surrogate(char: str) -> bool:
    return 0xD800 <= ord(char) <= 0xDFFF


def _hex_escape(char: str, short: str = "x") -> str:
    code = ord(char)
    if code < 0x100 and short == "x":
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _python_body(text: str, quote: str) -> str:
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == quote:
            out.append("\\" + quote)
        elif " " <= char <= "~":
            out.append(char)
        else:
            out.append(_hex_escape(char))
    return "".join(out)


def py_string(value: object) -> str:
    """Quote ``value`` as an ASCII-only Python string literal (``ast.literal_eval`` inverts it)."""
    text = str(value)
    quote = "'" if text.count('"') > text.count("'") else '"'
    return quote + _python_body(text, quote) + quote


def py_docstring(value: object) -> str:
    """Escape ``value`` for the inside of a ``\"\"\"`` docstring (ASCII only, no raw quotes).

    A closing quote is written ``\\x22``: formatters pad a docstring that ends in a quote.
    A lone surrogate is refused: Python 3.13 cleans docstrings through UTF-8 when it
    compiles them, so no escape can carry one there.
    """
    text = str(value)
    for char in text:
        if _is_surrogate(char):
            raise ValueError(f"a docstring cannot hold the lone surrogate U+{ord(char):04X}")
    body = _python_body(text, '"')
    return body[:-2] + "\\x22" if body.endswith('\\"') else body


def toml_string(value: object) -> str:
    """Quote ``value`` as a TOML basic string."""
    out = []
    for char in str(value):
        if _is_surrogate(char):
            raise ValueError(f"TOML cannot hold the lone surrogate U+{ord(char):04X}")
        if char == '"':
            out.append('\\"')
        elif char in _C_ESCAPES:
            out.append(_C_ESCAPES[char])
        elif char.isprintable():
            out.append(char)
        else:
            out.append(_hex_escape(char, short="u"))
    return '"' + "".join(out) + '"'


def yaml_string(value: object) -> str:
    """Quote ``value`` as a YAML double-quoted scalar."""
    out = []
    for char in str(value):
        if _is_surrogate(char):
            raise ValueError(f"YAML cannot hold the lone surrogate U+{ord(char):04X}")
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        else:
            out.append(_hex_escape(char))
    return '"' + "".join(out) + '"'


def ini_value(value: object) -> str:
    """Write ``value`` as a configparser value (``%`` doubled for its interpolation)."""
    text = str(value)
    if text != text.strip() or any(not c.isprintable() for c in text):
        raise ValueError("an INI value must be one line of printable text without outer spaces")
    return text.replace("%", "%%")


#: Characters that can open or close Markdown syntax anywhere in a line (CommonMark, plus
#: GitHub's strikethrough, tables and math).
_MARKDOWN_ANYWHERE = set("\\`*_[]<>&~|$!")
#: Characters that only mean something at the start of a line (headings, lists, quotes).
_MARKDOWN_LINE_START = set("#+-=>")


def markdown_text(value: object) -> str:
    """Write ``value`` as Markdown inline text that renders exactly as ``value``."""
    text = str(value)
    if not text:
        raise ValueError("an empty Markdown paragraph disappears")
    out = []
    for index, char in enumerate(text):
        code = ord(char)
        if char in _MARKDOWN_ANYWHERE or (index == 0 and char in _MARKDOWN_LINE_START):
            out.append("\\" + char)
        elif char == " " and (index == 0 or index == len(text) - 1):
            out.append("&#32;")  # outer spaces would be trimmed from the paragraph
        elif char.isprintable():
            out.append(char)
        elif _is_surrogate(char) or code < 0x20 or 0x7F <= code <= 0x9F or (code & 0xFFFE) == 0xFFFE:
            raise ValueError(f"Markdown cannot hold the control character U+{code:04X}")
        else:
            out.append(f"&#x{code:X};")
    if text[:1].isdigit():  # "1." or "1)" would start an ordered list
        digits = len(text) - len(text.lstrip("0123456789"))
        if text[digits : digits + 1] in (".", ")"):
            out[digits] = "\\" + out[digits]
    return "".join(out)


def python_sort(versions: list[str]) -> list[str]:
    """Sort ``["3.10", "3.9"]`` as versions: ``["3.9", "3.10"]``."""
    return sorted(versions, key=lambda v: tuple(int(part) for part in v.split(".")))


def tox_env(version: str) -> str:
    """``"3.11"`` -> ``"py311"``."""
    return "py" + version.replace(".", "")


FILTERS = {
    "py_string": py_string,
    "py_docstring": py_docstring,
    "toml_string": toml_string,
    "yaml_string": yaml_string,
    "ini_value": ini_value,
    "markdown_text": markdown_text,
    "python_sort": python_sort,
    "tox_env": tox_env,
}


class TomlExtension(Extension):
    """Registers the template's filters (the name is kept from version 1)."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(FILTERS)
