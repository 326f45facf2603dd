"""Add one entry point to a ``setup.py`` without running it and without reformatting it.

``setup.py`` is read with :mod:`ast`, never executed. The edit is made only where it is
certain: a ``setup(...)`` call whose ``entry_points=`` is a literal dict, whose key for the
group is the group string itself or a module-level name assigned that string (the
generated ``ML_AGENTS_STATS_WRITER = "mlagents.stats_writer"``), and whose value is a
literal list of strings. The new string is inserted after the list's last element using
the positions :mod:`ast` gives, in the style of the line it follows, and the result is
parsed again to prove the list now holds it. Anything else raises
:class:`~scaffold.CannotEditSetupPy` with the exact line to add by hand.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Optional

from reference_core._setup_py import is_setup_call, read_setup_py
from scaffold._errors import CannotEditSetupPy

__all__ = ["declared_in_setup_py", "edited_setup_py"]


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "text"`` assignments."""
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


def _group_list(tree: ast.Module, group: str) -> tuple[Optional[ast.List], str]:
    """The literal list of ``group`` in ``setup(entry_points={...})``, or why there is none."""
    constants = _constants(tree)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and is_setup_call(n)]
    if len(calls) != 1:
        return None, f"it has {len(calls)} setup() calls, not one"
    keywords = {k.arg: k.value for k in calls[0].keywords if k.arg}
    points = keywords.get("entry_points")
    if not isinstance(points, ast.Dict):
        return None, "its setup() has no literal entry_points={...} dict"
    for key, value in zip(points.keys, points.values):
        if isinstance(key, ast.Constant):
            name = key.value
        elif isinstance(key, ast.Name):
            name = constants.get(key.id)
        else:
            name = None
        if name != group:
            continue
        if isinstance(value, ast.List) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts
        ):
            return value, ""
        return None, f"its {group!r} entry points are not a literal list of strings"
    return None, f"its entry_points dict has no {group!r} key"


def _normal(entry: str) -> str:
    name, _, value = entry.partition("=")
    return f"{name.strip()}={value.strip()}"


def declared_in_setup_py(text: str, entry: str, group: str) -> bool:
    """Whether ``setup.py`` already lists ``entry`` (spacing aside) in ``group``.

    Asked of the one setup.py reader (:mod:`reference_core._setup_py`), so "declared"
    means what ``verify`` and the contract suite would read there.
    """
    try:
        setup = read_setup_py(text)
    except SyntaxError:
        return False
    listed = (setup.entry_points or {}).get(group, [])
    return any(_normal(line) == _normal(entry) for line, _number in listed)


def char_offset(lines: list[str], line: int, column: int) -> int:
    """Character offset of a 1-based ``line`` and a UTF-8 byte ``column``."""
    before = sum(len(text) for text in lines[: line - 1])
    return before + len(lines[line - 1].encode("utf-8")[:column].decode("utf-8"))


def edited_setup_py(path: Path, text: str, entry: str, group: str) -> bytes:
    """``text`` with ``entry`` appended to ``group``'s list; refuse when that is not certain."""
    refusal = [f"{group!r}: [..., {entry!r}],"]
    try:
        tree = ast.parse(text)
    except SyntaxError as error:
        raise CannotEditSetupPy(
            path=path, reason=f"it is not valid Python (line {error.lineno})", lines=refusal
        ) from error
    found, reason = _group_list(tree, group)
    if found is None:
        raise CannotEditSetupPy(path=path, reason=reason, lines=refusal)
    lines = text.splitlines(keepends=True)
    literal = repr(entry).replace("'", '"') if '"' not in entry else repr(entry)
    if found.elts:
        last = found.elts[-1]
        end = char_offset(lines, last.end_lineno or last.lineno, last.end_col_offset or 0)
        first_line = lines[last.lineno - 1]
        indent = first_line[: len(first_line) - len(first_line.lstrip())]
        multiline = (found.end_lineno or 0) > last.lineno
        rest = text[end:]
        if multiline and rest.lstrip(" ").startswith(","):
            comma = end + rest.index(",") + 1
            newline = first_line[len(first_line.rstrip("\r\n")) :] or "\n"
            edited = text[:comma] + f"{newline}{indent}{literal}," + text[comma:]
        else:
            edited = text[:end] + f", {literal}" + text[end:]
    else:
        start = char_offset(lines, found.lineno, found.col_offset)
        edited = text[: start + 1] + literal + text[start + 1 :]
    check, _ = _group_list(ast.parse(edited), group)
    values = [e.value for e in check.elts] if check else []  # type: ignore[attr-defined]
    if entry not in values:  # pragma: no cover - the positions above come from ast itself
        raise CannotEditSetupPy(path=path, reason="the edit could not be verified", lines=refusal)
    return edited.encode("utf-8")
