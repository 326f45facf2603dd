"""Read ``setup.py`` with :mod:`ast`, never executing it.

Recognised: a call to ``setup(...)`` (or ``setuptools.setup(...)``) whose
``entry_points``, ``install_requires``, ``name`` and ``python_requires`` keywords are
literals, or names bound at module level to literals (and string concatenations of
them). An import of ``mlagents`` anywhere in the file is reported, because it breaks
isolated builds; the well-known group constants imported from it are still resolved so
that the rest of the static checks can run.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import Any, Optional

from ._kinds import ML_AGENTS_STATS_WRITER, ML_AGENTS_TRAINER_TYPE

#: Constants of ``mlagents.plugins`` that example setup.py files import.
KNOWN_CONSTANTS = {
    "ML_AGENTS_STATS_WRITER": ML_AGENTS_STATS_WRITER,
    "ML_AGENTS_TRAINER_TYPE": ML_AGENTS_TRAINER_TYPE,
}

_HOST_IMPORTS = ("mlagents", "mlagents_envs")


class NotLiteral(Exception):
    """An expression could not be evaluated statically."""


@dataclasses.dataclass(frozen=True)
class SetupPy:
    """What could be read from a ``setup.py``.

    ``entry_points`` is ``None`` when the keyword is absent, and ``computed`` is true
    when it (or ``**kwargs``) is present but not a literal. ``host_imports`` lists
    ``(line, text)`` for each import of mlagents.
    """

    entry_points: Optional[dict[str, list[tuple[str, int]]]]
    entry_points_line: Optional[int]
    computed: bool
    install_requires: tuple[tuple[str, int], ...]
    name: Optional[str]
    python_requires: Optional[str]
    host_imports: tuple[tuple[int, str], ...]


class _Evaluator:
    """Evaluates literal expressions, resolving module-level names."""

    def __init__(self, bindings: dict[str, ast.expr], imported: dict[str, str]) -> None:
        self.bindings = bindings
        self.imported = imported
        self._depth = 0

    def value(self, node: ast.expr) -> Any:
        self._depth += 1
        try:
            if self._depth > 50:
                raise NotLiteral("too deep")
            return self._value(node)
        finally:
            self._depth -= 1

    def _value(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float)):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in self.bindings:
                return self.value(self.bindings[node.id])
            if node.id in self.imported:
                return self.imported[node.id]
            raise NotLiteral(node.id)
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.value(e) for e in node.elts]
        if isinstance(node, ast.Dict):
            if any(k is None for k in node.keys):
                raise NotLiteral("** in dict")
            return {
                self.value(k): self.value(v)  # type: ignore[arg-type]
                for k, v in zip(node.keys, node.values)
            }
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.value(node.left) + self.value(node.right)
        raise NotLiteral(type(node).__name__)

    def lines(self, node: ast.expr) -> list[tuple[str, int]]:
        """Evaluate a list of strings (or one INI string) keeping each item's line."""
        if isinstance(node, ast.Name) and node.id in self.bindings:
            return self.lines(self.bindings[node.id])
        if isinstance(node, (ast.List, ast.Tuple)):
            out: list[tuple[str, int]] = []
            for element in node.elts:
                item = self.value(element)
                if not isinstance(item, str):
                    raise NotLiteral("non-string entry")
                out.append((item, element.lineno))
            return out
        text = self.value(node)
        if isinstance(text, str):
            return [
                (line.strip(), node.lineno + offset)
                for offset, line in enumerate(text.splitlines())
                if line.strip()
            ]
        if isinstance(text, list) and all(isinstance(t, str) for t in text):
            return [(t, node.lineno) for t in text]
        raise NotLiteral("not a list of strings")


def is_setup_call(node: ast.AST) -> bool:
    """Whether ``node`` calls ``setup(...)`` or ``<anything>.setup(...)``."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "setup") or (
        isinstance(func, ast.Attribute) and func.attr == "setup"
    )


def _scan_imports(tree: ast.Module) -> tuple[list[tuple[int, str]], dict[str, str]]:
    host: list[tuple[int, str]] = []
    imported: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            host.extend(
                (node.lineno, f"import {alias.name}")
                for alias in node.names
                if alias.name.split(".")[0] in _HOST_IMPORTS
            )
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and node.module.split(".")[0] in _HOST_IMPORTS
        ):
            names = ", ".join(a.name for a in node.names)
            host.append((node.lineno, f"from {node.module} import {names}"))
            for alias in node.names:
                if alias.name in KNOWN_CONSTANTS:
                    imported[alias.asname or alias.name] = KNOWN_CONSTANTS[alias.name]
    return host, imported


def _module_bindings(tree: ast.Module) -> dict[str, ast.expr]:
    bindings: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    bindings[target.id] = node.value
        elif (
            isinstance(node, ast.AnnAssign)
            and node.value is not None
            and isinstance(node.target, ast.Name)
        ):
            bindings[node.target.id] = node.value
    return bindings


def read_setup_py(source: str, filename: str = "setup.py") -> SetupPy:
    """Parse ``source`` and read the ``setup()`` call statically (raises SyntaxError)."""
    tree = ast.parse(source, filename=filename)
    host, imported = _scan_imports(tree)
    evaluator = _Evaluator(_module_bindings(tree), imported)
    call = next((n for n in ast.walk(tree) if is_setup_call(n)), None)
    empty = SetupPy(None, None, False, (), None, None, tuple(host))
    if not isinstance(call, ast.Call):
        return empty
    keywords = {kw.arg: kw.value for kw in call.keywords if kw.arg is not None}
    has_star = any(kw.arg is None for kw in call.keywords)
    entry_points: Optional[dict[str, list[tuple[str, int]]]] = None
    computed = False
    ep_line: Optional[int] = call.lineno
    if "entry_points" in keywords:
        node = keywords["entry_points"]
        ep_line = node.lineno
        try:
            entry_points = _entry_points(evaluator, node)
        except NotLiteral:
            computed = True
    elif has_star:
        computed = True
    requires: list[tuple[str, int]] = []
    if "install_requires" in keywords:
        try:
            requires = evaluator.lines(keywords["install_requires"])
        except NotLiteral:
            requires = []
    return SetupPy(
        entry_points=entry_points,
        entry_points_line=ep_line,
        computed=computed,
        install_requires=tuple(requires),
        name=_optional_str(evaluator, keywords.get("name")),
        python_requires=_optional_str(evaluator, keywords.get("python_requires")),
        host_imports=tuple(host),
    )


def _optional_str(evaluator: _Evaluator, node: Optional[ast.expr]) -> Optional[str]:
    if node is None:
        return None
    try:
        value = evaluator.value(node)
    except NotLiteral:
        return None
    return value if isinstance(value, str) else None


def _entry_points(evaluator: _Evaluator, node: ast.expr) -> dict[str, list[tuple[str, int]]]:
    if isinstance(node, ast.Name) and node.id in evaluator.bindings:
        return _entry_points(evaluator, evaluator.bindings[node.id])
    if isinstance(node, ast.Dict):
        groups: dict[str, list[tuple[str, int]]] = {}
        for key, value in zip(node.keys, node.values):
            if key is None:
                raise NotLiteral("** in entry_points")
            group = evaluator.value(key)
            if not isinstance(group, str):
                raise NotLiteral("group is not a string")
            groups.setdefault(group, []).extend(evaluator.lines(value))
        return groups
    text = evaluator.value(node)
    if isinstance(text, str):  # the INI form, entry_points="[group]\nname = value"
        return _ini_entry_points(text, node.lineno)
    raise NotLiteral("entry_points is not a dict")


def _ini_entry_points(text: str, first_line: int) -> dict[str, list[tuple[str, int]]]:
    groups: dict[str, list[tuple[str, int]]] = {}
    current: Optional[str] = None
    for offset, raw in enumerate(text.splitlines()):
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            groups.setdefault(current, [])
        elif line and current is not None and not line.startswith(("#", ";")):
            groups[current].append((line, first_line + offset))
    return groups
