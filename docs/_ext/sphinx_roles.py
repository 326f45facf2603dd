"""Griffe extension: make the project's reST-flavoured docstrings read well as Markdown.

The source docstrings use Sphinx roles (``:func:`generate```) and ``::`` before literal
blocks. mkdocstrings renders docstrings as Markdown, where both would show up verbatim.
This extension rewrites them when griffe loads the packages: a role becomes inline
code (a leading ``~`` keeps only the last dotted part, as in Sphinx) and a trailing
``::`` becomes ``:``. The source files are not touched.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:func|class|meth|attr|data|mod|exc|obj|const):`(~?)([^`]+)`")
_LITERAL_BLOCK = re.compile(r"(\S)::[ \t]*$", re.MULTILINE)


def _code(match: re.Match[str]) -> str:
    short, target = match.group(1), match.group(2).strip()
    if "<" in target and target.endswith(">"):  # :func:`title <target>`
        target = target.split("<", 1)[0].strip()
    elif short:
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


def rewrite(text: str) -> str:
    """Return ``text`` with Sphinx roles as inline code and ``::`` as ``:``."""
    return _LITERAL_BLOCK.sub(r"\1:", _ROLE.sub(_code, text))


class SphinxRolesToMarkdown(griffe.Extension):
    """Rewrite every docstring griffe loads (see the module docstring)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:  # noqa: ARG002
        if obj.docstring is not None:
            obj.docstring.value = rewrite(obj.docstring.value)
