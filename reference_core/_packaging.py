"""The one reader of a project's packaging files: what it declares, as the backend sees it.

Reads ``pyproject.toml`` (PEP 621 ``[project.entry-points]``, Poetry's
``[tool.poetry.plugins]``), ``setup.cfg`` (``[options.entry_points]``) and ``setup.py``
(statically, :mod:`reference_core._setup_py`); nothing is imported from or run in the
project. Where files disagree it follows the declared build backend: setuptools uses
``[project]`` unless the field is ``dynamic``, else ``setup.cfg`` with ``setup.py``'s
keyword replacing it; Poetry uses ``[project]`` then its plugins table; every other
backend reads ``[project]`` alone. Declarations the backend ignores are reported as a
``conflict`` problem. Used by ``new``'s check, verify's static step, ``doctor``,
``adopt`` and the contract suite's stale-install check (which is why it lives in
``reference_core``: it uses only the standard library, and a TOML reader that
:mod:`reference_core._toml` imports when needed).

Returns plain data; a file that cannot be read or parsed (or a ``pyproject.toml`` on a
Python without a TOML reader) is a :class:`PackagingProblem`, never an exception.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from ._declared import Declaration, Location, PackagingProblem, Requirement
from ._toml import TomlError, find_line, parse_toml

if TYPE_CHECKING:  # setup.cfg's and setup.py's readers are imported when there is one
    from ._setup_py import SetupPy

#: Files whose presence makes a directory a project.
PACKAGING_FILES = ("pyproject.toml", "setup.cfg", "setup.py")
#: What pip builds with when pyproject.toml names no backend.
LEGACY_BACKEND = "setuptools.build_meta:__legacy__"


@dataclasses.dataclass(frozen=True)
class ProjectPackaging:
    """Everything the packaging files of ``root`` declare, as the backend would build it.

    ``unreadable`` is true when the entry points cannot be known without building (a
    computed ``setup.py`` or one with a syntax error).
    """

    root: Path
    sources: tuple[str, ...] = ()
    backend: str = LEGACY_BACKEND
    name: Optional[str] = None
    requires_python: Optional[str] = None
    declarations: tuple[Declaration, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    problems: tuple[PackagingProblem, ...] = ()
    package_dirs: tuple[Path, ...] = ()
    verify_config: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    pyproject_path: Optional[Path] = None
    unreadable: bool = False

    def in_group(self, group: str) -> tuple[Declaration, ...]:
        """The declarations of one entry-point group."""
        return tuple(d for d in self.declarations if d.group == group)


def _entries(groups: Any, text: str, rel: str, table: str) -> list[Declaration]:
    out: list[Declaration] = []
    for group, entries in (groups or {}).items() if isinstance(groups, dict) else ():
        for name, value in (entries or {}).items() if isinstance(entries, dict) else ():
            line = find_line(text, str(name), table=f"{table}.{group}", group=str(group))
            out.append(Declaration(str(group), str(name), str(value), Location(rel, line)))
    return out


def _table(data: dict[str, Any], key: str) -> Optional[dict[str, Any]]:
    """``data[key]`` when it is a table, else ``None``."""
    value = data.get(key)
    return value if isinstance(value, dict) else None


def _split(line: str) -> tuple[str, str]:
    name, _, value = line.partition("=")
    return name.strip(), value.strip()


class _Reader:
    """Collects what each file says, then decides what the backend uses."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.fields: dict[str, Any] = {"root": root}
        self.problems: list[PackagingProblem] = []
        self.by_source: dict[str, list[Declaration]] = {}
        self.requirements: dict[str, list[Requirement]] = {}
        self.package_dirs: list[Path] = []
        self.unreadable = False

    def default(self, key: str, value: Any) -> None:
        """Set ``key`` unless a file with precedence already did."""
        if self.fields.get(key) is None and value is not None:
            self.fields[key] = value

    def problem(self, code: str, message: str, where: str, line: Optional[int] = None) -> None:
        self.problems.append(PackagingProblem(code, message, Location(where, line)))

    def pyproject(self, path: Path) -> tuple[Optional[dict[str, Any]], Optional[dict[str, Any]]]:
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            data = parse_toml(text)
        except ImportError as exc:  # Python < 3.11 without tomli or tomlkit
            self.problem("unreadable", f"pyproject.toml cannot be read: {exc}", "pyproject.toml")
            return None, None
        except TomlError as exc:
            self.problem(
                "invalid-toml",
                f"pyproject.toml is not valid TOML: {exc.message}",
                "pyproject.toml",
                exc.line,
            )
            return None, None
        build = data.get("build-system")
        if isinstance(build, dict) and isinstance(build.get("build-backend"), str):
            self.fields["backend"] = build["build-backend"]
        tool = _table(data, "tool") or {}
        verify_config = _table(_table(tool, "mlplugin") or {}, "verify")
        if verify_config is not None:
            self.fields["verify_config"] = verify_config
        poetry = _table(tool, "poetry")
        project = _table(data, "project")
        if poetry is not None:
            self.default(
                "name", poetry.get("name") if isinstance(poetry.get("name"), str) else None
            )
            self.by_source["[tool.poetry.plugins]"] = _entries(
                poetry.get("plugins"), text, "pyproject.toml", "tool.poetry.plugins"
            )
        if project is not None:
            self.by_source["[project.entry-points]"] = _entries(
                project.get("entry-points"), text, "pyproject.toml", "project.entry-points"
            )
            self.requirements["pyproject"] = [
                Requirement(r, Location("pyproject.toml", find_line(text, r)))
                for r in project.get("dependencies", ()) or ()
                if isinstance(r, str)
            ]
        return project, poetry

    def setup_cfg(self, path: Path) -> None:
        import configparser

        text = path.read_text(encoding="utf-8", errors="replace")
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read_string(text, source="setup.cfg")
        except configparser.Error as exc:
            self.problem(
                "invalid-setup-cfg",
                f"setup.cfg cannot be parsed: {exc}".splitlines()[0],
                "setup.cfg",
            )
            return
        self.default("name", parser.get("metadata", "name", fallback=None))
        self.default("requires_python", parser.get("options", "python_requires", fallback=None))
        for line in parser.get("options", "package_dir", fallback="").splitlines():
            key, value = _split(line) if "=" in line else ("", line.strip())
            if value and key in ("", '""'):
                self.package_dirs.append(self.root / value)
        self.requirements["setup.cfg"] = [
            Requirement(r.strip(), Location("setup.cfg", find_line(text, r.strip())))
            for r in parser.get("options", "install_requires", fallback="").splitlines()
            if r.strip()
        ]
        declared: list[Declaration] = []
        if parser.has_section("options.entry_points"):
            for group, block in parser.items("options.entry_points"):
                for raw in block.splitlines():
                    if raw.strip() and not raw.strip().startswith(("#", ";")):
                        name, value = _split(raw)
                        number = find_line(text, raw.strip(), group=group)
                        declared.append(
                            Declaration(group, name, value, Location("setup.cfg", number))
                        )
        self.by_source["setup.cfg"] = declared

    def setup_py(self, path: Path) -> Optional[SetupPy]:
        from ._setup_py import read_setup_py

        try:
            setup = read_setup_py(path.read_text(encoding="utf-8", errors="replace"), "setup.py")
        except SyntaxError as exc:
            self.problem(
                "setup-py-syntax",
                f"setup.py cannot be parsed ({exc.msg}), so its entry "
                "points cannot be read; verify checks them in the built wheel instead",
                "setup.py",
                exc.lineno,
            )
            self.unreadable = True
            return None
        self.default("name", setup.name)
        self.default("requires_python", setup.python_requires)
        self.requirements["setup.py"] = [
            Requirement(t, Location("setup.py", line)) for t, line in setup.install_requires
        ]
        if setup.entry_points is not None:
            self.by_source["setup.py"] = [
                Declaration(group, *_split(raw), Location("setup.py", line))
                for group, entries in setup.entry_points.items()
                for raw, line in entries
            ]
        return setup


def _differs(first: Iterable[Declaration], second: Iterable[Declaration]) -> bool:
    def lines(items: Iterable[Declaration]) -> set[tuple[str, str, str]]:
        return {(d.group, d.name, " ".join(d.value.split())) for d in items}

    return lines(first) != lines(second)


def read_packaging(root: Path) -> ProjectPackaging:  # noqa: PLR0912 - one branch per rule
    """Read the packaging files of ``root`` and apply the build backend's precedence."""
    reader = _Reader(root)
    sources = [name for name in PACKAGING_FILES if (root / name).is_file()]
    project: Optional[dict[str, Any]] = None
    setup: Optional[SetupPy] = None
    try:
        if "pyproject.toml" in sources:
            project, _ = reader.pyproject(root / "pyproject.toml")
            reader.fields["pyproject_path"] = root / "pyproject.toml"
        if project is not None:  # [project] wins over setup.* for these fields
            for key, field in (("name", "name"), ("requires_python", "requires-python")):
                value = project.get(field)
                reader.fields[key] = value if isinstance(value, str) else reader.fields.get(key)
        if "setup.cfg" in sources:
            reader.setup_cfg(root / "setup.cfg")
        if "setup.py" in sources:
            setup = reader.setup_py(root / "setup.py")
    except OSError as exc:
        reader.problem("unreadable", f"cannot read the packaging files: {exc}", str(root))
    backend = str(reader.fields.get("backend", LEGACY_BACKEND))
    setuptools = backend.startswith("setuptools")
    dynamic = set(project.get("dynamic", ()) or ()) if project is not None else set()
    found = reader.by_source
    if project is not None and (not setuptools or "entry-points" not in dynamic):
        used_from = ["[project.entry-points]"]
        if backend.startswith("poetry") and not found["[project.entry-points]"]:
            used_from = ["[tool.poetry.plugins]"]
    elif setuptools:
        unknown = setup is None and "setup.py" in sources  # it did not parse
        computed = unknown or (setup is not None and setup.computed)
        used_from = ["setup.py"] if found.get("setup.py") or computed else ["setup.cfg"]
    else:
        used_from = ["[tool.poetry.plugins]"] if backend.startswith("poetry") else []
    used = [d for source in used_from for d in found.get(source, [])]
    for source, declared in found.items():
        if source in used_from or not declared or not _differs(declared, used):
            continue
        what = ", ".join(used_from) or "nothing"
        reader.problem(
            "conflict",
            f"{source} declares entry points that the build backend ({backend}) ignores; "
            f"it uses {what}",
            declared[0].location.path,
            declared[0].location.line,
        )
    if setup is not None and setuptools:
        for line, statement in setup.host_imports:
            reader.problem(
                "setup-py-imports-host",
                f"setup.py runs `{statement}`, which fails in "
                "an isolated build (ModuleNotFoundError: No module named 'mlagents')",
                "setup.py",
                line,
            )
        if setup.computed and "setup.py" in used_from:
            reader.unreadable = True
            reader.problem(
                "computed-entry-points",
                "setup.py computes entry_points at build "
                "time, so they cannot be read without running it; verify checks "
                "them in the built wheel instead",
                "setup.py",
                setup.entry_points_line,
            )
    if project is not None and "dependencies" not in dynamic:
        requirements = reader.requirements.get("pyproject", [])
    elif setuptools:
        requirements = reader.requirements.get("setup.cfg", []) + reader.requirements.get(
            "setup.py", []
        )
    else:
        requirements = []
    return ProjectPackaging(
        sources=tuple(sources),
        backend=backend,
        declarations=tuple(used),
        requirements=tuple(requirements),
        problems=tuple(reader.problems),
        package_dirs=tuple(reader.package_dirs),
        unreadable=reader.unreadable and "setup.py" in used_from,
        **{k: v for k, v in reader.fields.items() if k != "backend"},
    )
