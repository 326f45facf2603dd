"""Find an entry point's module in a source tree and read its top-level names."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Optional

_SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        "env",
        "build",
        "dist",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "site-packages",
    }
)
_MAX_DEPTH = 6


def source_roots(root: Path, extra: Iterable[Path] = ()) -> list[Path]:
    """Directories a module path is resolved against: package dirs, ``src/``, the root."""
    roots = [p for p in extra if p.is_dir()]
    if (root / "src").is_dir():
        roots.append(root / "src")
    roots.append(root)
    unique: list[Path] = []
    for path in roots:
        if path not in unique:
            unique.append(path)
    return unique


def find_module(roots: Iterable[Path], module: str) -> Optional[Path]:
    """The file defining ``module`` (``a/b.py`` or ``a/b/__init__.py``), or ``None``.

    A directory without ``__init__.py`` counts as a namespace package (returned as the
    directory itself).
    """
    parts = module.split(".")
    for root in roots:
        base = root.joinpath(*parts)
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                return candidate
        if base.is_dir() and any(base.iterdir()):
            return base
    return None


def _walk(directory: Path, prefix: tuple[str, ...]) -> Iterator[str]:
    if len(prefix) > _MAX_DEPTH:
        return
    try:
        entries = sorted(directory.iterdir())
    except OSError:
        return
    for entry in entries:
        if (
            entry.name in _SKIP_DIRS
            or entry.name.startswith(".")
            or entry.name.endswith((".egg-info", ".dist-info"))
        ):
            continue
        if entry.is_file() and entry.suffix == ".py" and entry.stem.isidentifier():
            if entry.stem != "__init__" and entry.stem not in ("setup", "conftest"):
                yield ".".join((*prefix, entry.stem))
        elif entry.is_dir() and entry.name.isidentifier():
            if (entry / "__init__.py").is_file():
                yield ".".join((*prefix, entry.name))
            yield from _walk(entry, (*prefix, entry.name))


def module_names(roots: Iterable[Path]) -> list[str]:
    """Every importable module name under the roots (for "did you mean")."""
    names: list[str] = []
    for root in roots:
        for name in _walk(root, ()):
            if name not in names and not name.startswith(("tests", "test.", "src")):
                names.append(name)
    return names


def top_level_names(path: Path) -> Optional[set[str]]:  # noqa: PLR0912 - one branch per node kind
    """Names bound at the top level of a module, or ``None`` when that cannot be known.

    Counts functions, classes, assignments and imports, including those inside top-level
    ``if``/``try``/``with`` blocks. ``None`` when the file does not parse, uses a
    star import or defines a module ``__getattr__``.
    """
    try:
        tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
    except (SyntaxError, ValueError, OSError):
        return None
    names: set[str] = set()
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    return None
                names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
            for field in ("body", "orelse", "finalbody", "handlers"):
                for child in getattr(node, field, ()):
                    if isinstance(child, ast.ExceptHandler):
                        pending.extend(child.body)
                    else:
                        pending.append(child)
    if "__getattr__" in names:
        return None
    return names
