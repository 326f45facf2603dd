"""Read the entry points a project's source tree declares, without executing anything.

Used by ``doctor`` to tell whether an editable install's metadata is stale. Sources, in
setuptools' order of precedence: ``[project.entry-points]`` in ``pyproject.toml`` (unless
listed in ``project.dynamic``), then a literal ``entry_points=`` in ``setup.py``, then
``[options.entry_points]`` in ``setup.cfg``. ``setup.py`` is parsed with :mod:`ast`, never
run; when its value is computed the declaration is unknown (``None``).
"""

from __future__ import annotations

import ast
import configparser
from pathlib import Path
from typing import Any, Optional

from .._toml import load_toml
from ._metadata import EntryPointRecord

Records = tuple[EntryPointRecord, ...]


def _parse_lines(group: str, lines: Any) -> list[EntryPointRecord]:
    """``["name = value", ...]`` or a newline-separated string -> records."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    records = []
    for line in lines:
        name, sep, value = str(line).partition("=")
        if sep and name.strip():
            records.append(EntryPointRecord(group, name.strip(), value.strip()))
    return records


def _from_mapping(mapping: Any) -> Records:
    """A ``{group: lines}`` mapping, or an ini-style string with ``[group]`` headers."""
    if isinstance(mapping, str):
        parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
        parser.optionxform = str  # type: ignore[assignment,method-assign]
        parser.read_string(mapping)
        return tuple(
            EntryPointRecord(group, name, value.strip())
            for group in parser.sections()
            for name, value in parser.items(group)
        )
    records: list[EntryPointRecord] = []
    for group, lines in dict(mapping).items():
        if isinstance(lines, dict):
            records += [EntryPointRecord(str(group), str(k), str(v)) for k, v in lines.items()]
        else:
            records += _parse_lines(str(group), lines)
    return tuple(records)


def _from_pyproject(path: Path) -> Optional[Records]:
    """``None`` when pyproject does not own the entry points (absent, dynamic, no [project])."""
    project = load_toml(path).get("project")
    if not isinstance(project, dict) or "entry-points" in project.get("dynamic", []):
        return None
    return _from_mapping(project.get("entry-points", {}))


def _from_setup_cfg(path: Path) -> Records:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(encoding="utf-8"))
    if not parser.has_section("options.entry_points"):
        return ()
    records: list[EntryPointRecord] = []
    for group, lines in parser.items("options.entry_points"):
        records += _parse_lines(group, lines)
    return tuple(records)


class Computed(Exception):
    """``setup.py`` computes its entry points; they cannot be read statically."""


def _from_setup_py(path: Path) -> Optional[Records]:
    """The literal ``entry_points=`` of the ``setup()`` call; ``None`` when not given."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if called != "setup":
            continue
        for keyword in node.keywords:
            if keyword.arg == "entry_points":
                try:
                    return _from_mapping(ast.literal_eval(keyword.value))
                except (ValueError, TypeError, SyntaxError) as error:
                    raise Computed(str(path)) from error
    return None


def declared_entry_points(source_dir: str) -> Optional[Records]:
    """The entry points ``source_dir`` declares, or ``None`` when they cannot be read.

    ``None`` also means "not a project": no packaging file, or one that does not parse.
    """
    root = Path(source_dir)
    try:
        if (root / "pyproject.toml").is_file():
            found = _from_pyproject(root / "pyproject.toml")
            if found is not None:
                return found
        if (root / "setup.py").is_file():
            found = _from_setup_py(root / "setup.py")
            if found is not None:
                return found
        if (root / "setup.cfg").is_file():
            return _from_setup_cfg(root / "setup.cfg")
    except (Computed, OSError, SyntaxError, ValueError, configparser.Error):
        return None
    return () if (root / "setup.py").is_file() else None
