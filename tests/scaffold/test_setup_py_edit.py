"""Adding an entry point to setup.py: the list grows by one string, nothing else changes."""

from __future__ import annotations

import ast
import difflib
from pathlib import Path

import pytest

from scaffold._setup_py_edit import declared_in_setup_py, edited_setup_py

GROUP = "mlagents.stats_writer"
NEW = "extra = pkg.extra:get_stats_writers"

MULTILINE = """from setuptools import setup

GROUP = "mlagents.stats_writer"

setup(
    name="pkg",
    entry_points={
        GROUP: [
            "pkg = pkg:get_stats_writers",  # the first one
        ],
    },
)
"""
NO_TRAILING_COMMA = MULTILINE.replace('writers",  # the first one', 'writers"  # the first one')
ONE_LINE = (
    'import setuptools\nsetuptools.setup(entry_points={"mlagents.stats_writer": ["a = b:c"]})\n'
)
EMPTY = 'from setuptools import setup\nsetup(entry_points={"mlagents.stats_writer": []})\n'
CRLF = MULTILINE.replace("\n", "\r\n")

CASES = [
    pytest.param(MULTILINE, id="multiline-trailing-comma"),
    pytest.param(NO_TRAILING_COMMA, id="multiline-no-trailing-comma"),
    pytest.param(ONE_LINE, id="one-line"),
    pytest.param(EMPTY, id="empty-list"),
    pytest.param(CRLF, id="crlf"),
]


def _entries(text: str) -> list[str]:
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.List):
            return [e.value for e in node.elts if isinstance(e, ast.Constant)]
    return []


@pytest.mark.parametrize("text", CASES)
def test_the_entry_is_appended_and_nothing_else_changes(text: str) -> None:
    """The list gains NEW at its end; every other character of the file is kept."""
    edited = edited_setup_py(Path("setup.py"), text, NEW, GROUP).decode()
    assert _entries(edited) == [*_entries(text), NEW]
    assert declared_in_setup_py(edited, "extra=pkg.extra:get_stats_writers", GROUP)
    assert not declared_in_setup_py(text, NEW, GROUP)
    ops = difflib.SequenceMatcher(None, text, edited, autojunk=False).get_opcodes()
    assert all(tag in ("equal", "insert") for tag, *_ in ops)  # only characters added
    if "\r\n" in text:
        assert "\n" not in edited.replace("\r\n", "")


#: (setup.py, whether it already declares NEW) -- read by the one setup.py reader.
DECLARED = [
    pytest.param(MULTILINE, False, id="other-entry-only"),
    pytest.param(MULTILINE.replace('"pkg = pkg:get_stats_writers"', repr(NEW)), True, id="list"),
    pytest.param(
        f"from setuptools import setup\nsetup(entry_points='[{GROUP}]\\n{NEW}\\n')\n",
        True,
        id="ini-string",
    ),
    pytest.param(
        f"from setuptools import setup\nW = ['{NEW}']\nsetup(entry_points={{'{GROUP}': W}})\n",
        True,
        id="bound-name",
    ),
    pytest.param("setup(\n", False, id="syntax-error"),
]


@pytest.mark.parametrize(("text", "declared"), DECLARED)
def test_already_declared_is_what_the_reader_reads(text: str, declared: bool) -> None:
    """An entry counts as declared in every form the packaging reader understands."""
    assert declared_in_setup_py(text, NEW.replace(" ", ""), GROUP) is declared
