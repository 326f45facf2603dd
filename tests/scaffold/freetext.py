"""Shared pieces of the free-text tests: hostile text, the representability rule, read-back.

Imported by ``test_free_text.py`` (fast suite) and ``tests/e2e/test_random_projects.py``
(integration). The read-back functions are the round-trip oracle: each reads one answer back
out of a generated file with that format's own parser.
"""

from __future__ import annotations

import ast
import configparser
import unicodedata
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reference_core._toml import load_toml

#: Pieces that broke or could break generated files: quotes, escapes, template syntax,
#: shell and Actions expressions, line and paragraph separators, bidi overrides.
NASTY = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\n",
    "\\N{DASH}",
    "{{ 7*7 }}",
    "{% raw %}",
    "${{ github.token }}",
    "$HOME",
    "%(x)s",
    "{env:HOME}",
    "# not a comment",
    "*bold* _em_ `code` [link](x) <b> &amp; ~~s~~ | $x$",
    "1. ",
    "- ",
    "\u2028",
    "\u2029",
    "\x85",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "é",
    "O\u2019Brien",
    "\U0001f916",
    "\x00",
    "\n",
    "\t",
    "\ud800",
    "\ufffe",
]

#: Any text at all (surrogates included), often built from the pieces above.
free_text = st.lists(
    st.one_of(
        st.sampled_from(NASTY),
        st.text(alphabet=st.characters(exclude_categories=()), max_size=8),
        st.text(alphabet="abc XYZ.,-", min_size=1, max_size=8),
    ),
    max_size=6,
).map("".join)


def _storable(char: str) -> bool:
    code = ord(char)
    noncharacter = 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE
    return unicodedata.category(char) not in ("Cc", "Cs") and not noncharacter


#: Text that mlplugin must accept: the pieces and characters a file can store, trimmed.
answer_text = (
    st.lists(
        st.one_of(
            st.sampled_from([p for p in NASTY if all(_storable(c) for c in p)]),
            st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=8),
        ),
        max_size=6,
    )
    .map(lambda pieces: "".join(c for c in "".join(pieces) if _storable(c)).strip())
    .filter(bool)
)
#: Mostly acceptable answers, sometimes anything at all.
any_answer = st.one_of(answer_text, answer_text, answer_text, free_text)


def representable(text: str) -> bool:
    """The documented rule: one non-empty line of storable, printable-or-escapable text."""
    return bool(text) and text == text.strip() and all(_storable(c) for c in text)


def _setup_call(project: Path) -> dict[str, Any]:
    tree = ast.parse((project / "setup.py").read_text("utf-8"))
    call = next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "setup"
    )
    literals = (k for k in call.keywords if isinstance(k.value, ast.Constant))
    return {str(k.arg): ast.literal_eval(k.value) for k in literals}


def _readme_paragraph(project: Path) -> str:
    """The text of the README's first paragraph, as a CommonMark (+GitHub) reader sees it."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = md.parse((project / "README.md").read_text("utf-8"))
    index = next(i for i, t in enumerate(tokens) if t.type == "paragraph_open")
    inline = tokens[index + 1]
    kinds = {child.type for child in inline.children or []}
    assert kinds <= {"text"}, f"the description became Markdown markup: {kinds}"
    return "".join(child.content for child in inline.children or [])


def read_back(
    project: Path, packaging: str, module: str, *, docstring: bool = True
) -> dict[str, Any]:
    """Every place an answer lands, read back with that file type's parser.

    ``docstring=False`` for a template whose package docstring is not the description.
    """
    pyproject = load_toml(project / "pyproject.toml")
    recorded = pyproject["tool"]["mlplugin"]
    found: dict[str, Any] = {
        "recorded description": recorded["description"],
        "recorded author": recorded["author"],
        "recorded email": recorded["email"],
        "readme": _readme_paragraph(project),
        "license author": (project / "LICENSE").read_text("utf-8"),
    }
    if docstring:
        init = ast.parse((project / "src" / module / "__init__.py").read_text("utf-8"))
        found["docstring"] = ast.get_docstring(init, clean=False)
    if packaging == "pyproject":
        meta = pyproject["project"]
        found["project description"] = meta["description"]
        found["project author"] = meta["authors"][0]["name"]
        found["project email"] = meta["authors"][0]["email"]
    else:
        setup = _setup_call(project)
        found["setup description"] = setup["description"]
        found["setup author"] = setup["author"]
        found["setup email"] = setup["author_email"]
    return found


def expected_back(description: str, author: str, email: str, packaging: str) -> dict[str, Any]:
    """What :func:`read_back` must find for these answers."""
    kind = "project" if packaging == "pyproject" else "setup"
    return {
        "recorded description": description,
        "recorded author": author,
        "recorded email": email,
        "docstring": description,
        "readme": description,
        f"{kind} description": description,
        f"{kind} author": author,
        f"{kind} email": email,
    }


def parse_every_config(project: Path) -> None:
    """Every YAML, TOML and INI file of the project parses."""
    import yaml

    for path in project.rglob("*"):
        if path.suffix in (".yml", ".yaml"):
            yaml.safe_load(path.read_text("utf-8"))
        elif path.suffix == ".toml":
            load_toml(path)
        elif path.suffix in (".ini", ".cfg"):
            configparser.ConfigParser(interpolation=None).read_string(path.read_text("utf-8"))
