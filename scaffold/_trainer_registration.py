"""Register one more trainer in a trainer project's registration function, without reformatting.

A trainer project's ``src/<package>/__init__.py`` holds ``get_trainer_types()``, which
returns two dictionaries keyed by trainer type: the trainer classes and their settings
classes. ``mlplugin add trainer`` adds one entry to each and imports the two classes.

The module is read with :mod:`ast`, never imported. The edit is made only where it is
certain: a module-level ``def get_trainer_types`` whose last ``return`` gives a pair of
dictionaries, each a literal ``{...}`` or a name the function assigns one to (the
generated form). Each entry goes after the dictionary's last one, in the style of the line
it follows (its own line in a dictionary written one entry per line, else ``, key: value``);
the imports go into the function's block of imports, in sorted place when that block is
one-line relative imports (as generated, so ruff's isort stays content), else after it.
The result is parsed again to prove both dictionaries hold the key. Anything else raises
:class:`~scaffold.CannotEditRegistration` with the exact lines to add by hand.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

from scaffold._errors import CannotEditRegistration
from scaffold._setup_py_edit import char_offset as _offset

__all__ = ["Registration", "edited_registration", "registered_types"]

REGISTRATION = "get_trainer_types"
_Function = Union[ast.FunctionDef, ast.AsyncFunctionDef]


@dataclass(frozen=True)
class Registration:
    """One trainer to register: its key, its two classes and where they are imported from."""

    key: str
    trainer_class: str
    settings_class: str
    subpackage: str

    def imports(self) -> tuple[str, str]:
        """The two import lines, without indentation."""
        return (
            f"from .{self.subpackage}.settings import {self.settings_class}",
            f"from .{self.subpackage}.trainer import {self.trainer_class}",
        )

    def by_hand(self) -> list[str]:
        """What to add when mlplugin cannot: the imports, then one entry per dictionary."""
        return [
            *self.imports(),
            f'"{self.key}": {self.trainer_class},  # in the trainers dictionary',
            f'"{self.key}": {self.settings_class},  # in the settings dictionary',
        ]


def _function(tree: ast.Module) -> Optional[_Function]:
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == REGISTRATION:
            return node
    return None


def _dictionaries(function: _Function) -> tuple[list[ast.Dict], str]:
    """The two dictionaries the function returns, or why they cannot be found."""
    returns = [node for node in function.body if isinstance(node, ast.Return)]
    if not returns:
        return [], f"{REGISTRATION}() has no return statement of its own"
    value = returns[-1].value
    if not isinstance(value, ast.Tuple) or len(value.elts) != 2:
        return [], f"{REGISTRATION}() does not return a pair"
    assigned: dict[str, ast.Dict] = {}
    for node in function.body:
        target = value_node = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value_node = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value_node = node.target, node.value
        if isinstance(target, ast.Name) and isinstance(value_node, ast.Dict):
            assigned[target.id] = value_node
    found: list[ast.Dict] = []
    for element in value.elts:
        if isinstance(element, ast.Dict):
            found.append(element)
        elif isinstance(element, ast.Name) and element.id in assigned:
            found.append(assigned[element.id])
        else:
            return [], f"{REGISTRATION}() returns something other than two literal dictionaries"
    return found, ""


def _keys(dictionary: ast.Dict) -> set[str]:
    return {
        k.value for k in dictionary.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)
    }


def registered_types(text: str) -> Optional[tuple[set[str], set[str]]]:
    """The literal keys of the two dictionaries, or ``None`` when they cannot be read."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    function = _function(tree)
    found, _ = _dictionaries(function) if function else ([], "")
    return (_keys(found[0]), _keys(found[1])) if found else None


def _insertion(text: str, lines: list[str], dictionary: ast.Dict, entry: str) -> tuple[int, str]:
    """Where (character offset) and what to insert so ``dictionary`` gains ``entry``."""
    if not dictionary.values:
        return _offset(lines, dictionary.lineno, dictionary.col_offset) + 1, entry
    last = dictionary.values[-1]
    end = _offset(lines, last.end_lineno or last.lineno, last.end_col_offset or 0)
    key = dictionary.keys[-1]
    first_line = lines[(key or last).lineno - 1]
    rest = text[end:]
    if (dictionary.end_lineno or 0) > (last.end_lineno or 0) and rest.lstrip(" ").startswith(","):
        # one entry per line: a line of its own after this one (after any comment on it)
        indent = first_line[: len(first_line) - len(first_line.lstrip())]
        newline = first_line[len(first_line.rstrip("\r\n")) :] or "\n"
        line_end = end + len(rest.split("\n", 1)[0].rstrip("\r"))
        return line_end, f"{newline}{indent}{entry},"
    return end, f", {entry}"


def _with_imports(text: str, function: _Function, registration: Registration) -> str:
    """``text`` with the two import lines added to the registration ``function``'s imports.

    ``function`` is the registration function as parsed from ``text``.
    """
    lines = text.splitlines(keepends=True)
    body = [n for n in function.body if not isinstance(n, ast.Expr)]  # not the docstring
    imports = [n for n in body if isinstance(n, (ast.Import, ast.ImportFrom))]
    anchor = imports[0] if imports else body[0]
    anchor_line = lines[anchor.lineno - 1]
    indent = anchor_line[: len(anchor_line) - len(anchor_line.lstrip())]
    newline = anchor_line[len(anchor_line.rstrip("\r\n")) :] or "\n"
    added = [f"{indent}{line}{newline}" for line in registration.imports()]
    if not imports:
        at = anchor.lineno - 1
        return "".join(lines[:at] + added + [newline] + lines[at:])
    first, last = imports[0].lineno, imports[-1].end_lineno or imports[-1].lineno
    simple = last - first + 1 == len(imports) and all(
        isinstance(n, ast.ImportFrom) and n.level == 1 and n.module for n in imports
    )
    if not simple:
        return "".join(lines[:last] + added + lines[last:])

    def module(line: str) -> str:
        return line.strip().split()[1].lstrip(".").lower()

    block = sorted(lines[first - 1 : last] + added, key=module)
    return "".join(lines[: first - 1] + block + lines[last:])


def edited_registration(path: Path, text: str, registration: Registration) -> bytes:
    """``text`` with ``registration`` added to both dictionaries and imported; or refuse."""
    by_hand = registration.by_hand()
    try:
        tree = ast.parse(text)
    except SyntaxError as error:
        raise CannotEditRegistration(
            path=path, reason=f"it is not valid Python (line {error.lineno})", lines=by_hand
        ) from error
    function = _function(tree)
    if function is None:
        raise CannotEditRegistration(
            path=path, reason=f"it defines no {REGISTRATION}() function", lines=by_hand
        )
    found, reason = _dictionaries(function)
    if not found:
        raise CannotEditRegistration(path=path, reason=reason, lines=by_hand)
    lines = text.splitlines(keepends=True)
    key = f'"{registration.key}"'
    edits = [
        _insertion(text, lines, found[0], f"{key}: {registration.trainer_class}"),
        _insertion(text, lines, found[1], f"{key}: {registration.settings_class}"),
    ]
    edited = text
    for at, inserted in sorted(edits, reverse=True):
        edited = edited[:at] + inserted + edited[at:]
    function = _function(ast.parse(edited))
    if function is None:  # pragma: no cover - the edit above only added dictionary entries
        raise CannotEditRegistration(
            path=path, reason="the edit could not be verified", lines=by_hand
        )
    edited = _with_imports(edited, function, registration)
    keys = registered_types(edited)
    if keys is None or not all(registration.key in side for side in keys):  # pragma: no cover
        raise CannotEditRegistration(
            path=path, reason="the edit could not be verified", lines=by_hand
        )
    return edited.encode("utf-8")
