"""The one TOML reader: parse errors carry their line, keys are found, and before 3.11 a
fallback parser (tomli or tomlkit) is used when installed, without making it required."""

from __future__ import annotations

from typing import Any, Optional

import pytest

import reference_core._toml as toml
from reference_core._toml import TomlError, fallback_reader, find_line, parse_toml

BROKEN = [
    pytest.param('name = "a"\n[project\n', 2, id="unclosed-header"),
    pytest.param('[project]\nname = "a"\nname = "b"\n', 3, id="duplicate-key"),
]


@pytest.mark.parametrize(("text", "line"), BROKEN)
@pytest.mark.parametrize("parser", ["standard", "tomlkit"])
def test_a_parse_error_names_its_line(
    monkeypatch: pytest.MonkeyPatch, text: str, line: int, parser: str
) -> None:
    """Invalid TOML is a TomlError with the 1-based line, whichever parser read it."""
    if parser == "tomlkit":
        monkeypatch.setattr(toml, "_parse", fallback_reader(("tomlkit",)))
    with pytest.raises(TomlError) as raised:
        parse_toml(text)
    assert raised.value.line == line


FALLBACKS = [
    pytest.param(("not_a_toml_module_xyz", "tomlkit"), id="first-missing-tomlkit-used"),
    pytest.param(("tomlkit",), id="tomlkit"),
]


@pytest.mark.parametrize("names", FALLBACKS)
def test_fallback_reader_uses_the_first_installed(names: tuple[str, ...]) -> None:
    """Before 3.11 the first installed reader parses, into plain dicts."""
    data: Any = fallback_reader(names)('[project]\nname = "a"\n[a.b]\nc = [1]\n')
    assert data == {"project": {"name": "a"}, "a": {"b": {"c": [1]}}}
    assert type(data["project"]) is dict


def test_no_reader_installed_is_an_import_error() -> None:
    """With no TOML reader at all, the caller gets an ImportError that says what to install."""
    with pytest.raises(ImportError, match="install tomli or tomlkit"):
        fallback_reader(("not_a_toml_module_xyz",))


PYPROJECT = """\
[project]
name = "demo"

[project.entry-points."mlagents.stats_writer"]
demo = "demo:get"

[tool.other]
demo = "x"
"""
INLINE = (
    '[project]\nname = "demo"\n[project.entry-points]\n"mlagents.stats_writer" = { demo = "d:g" }\n'
)
EP_TABLE = "project.entry-points.mlagents.stats_writer"
LINES = [
    pytest.param(PYPROJECT, "demo", EP_TABLE, None, 5, id="in-table"),
    pytest.param(PYPROJECT, "demo", "tool.other", None, 8, id="other-table"),
    pytest.param(PYPROJECT, "missing", "tool.other", None, None, id="absent"),
    pytest.param(PYPROJECT, "name", None, None, 2, id="no-table"),
    pytest.param(INLINE, "demo", EP_TABLE, "mlagents.stats_writer", 4, id="inline-by-group"),
]


@pytest.mark.parametrize(("text", "key", "table", "group", "line"), LINES)
def test_find_line(
    text: str, key: str, table: Optional[str], group: Optional[str], line: Optional[int]
) -> None:
    """A key is found in its table (quoted headers too), else after its group, else anywhere."""
    assert find_line(text, key, table=table, group=group) == line
