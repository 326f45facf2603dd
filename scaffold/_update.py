"""``mlplugin update`` and ``mlplugin check``: bring a project to today's template, three-way.

It works the same for every template (stats-writer and trainer projects): the project's
``[tool.mlplugin]`` names its template and version (see :mod:`scaffold._template_versions`).

The project's recorded answers are rendered twice: with the template version that made the
project (*base*) and with today's template (*theirs*); the project's files are *ours*. For
every file either render has:

* ours equals theirs: nothing to do;
* ours equals base (the author never touched it): theirs replaces it (``update``);
* theirs equals base (only the author changed it): it stays as it is;
* both changed: the lines are merged with :mod:`merge3` (``merge``); where the same lines
  changed differently, git-style conflict markers are written and the file is listed
  (``conflict``);
* a file the author deleted stays deleted (``deleted``, reported, not written);
* a file today's template no longer has is left in place (``obsolete``, reported).

In a project linked by ``mlplugin adopt`` only the files adopt adds (tox, CI, pre-commit,
``wheelhouse/``) follow the template; the author's own README, packaging and code do not.

The project then records today's template version. The writes go through
:mod:`scaffold._overlay` (copies of overwritten files in ``.mlplugin-backup/``, all or
nothing, refusal on a dirty git work tree unless ``allow_dirty``). :func:`plan_update` only
reads; ``check`` is a plan that must be empty.

Failures: see :mod:`scaffold._lifecycle` for the project; a refused write raises
:class:`~scaffold.ProjectRefused`, a failed one :class:`~scaffold.WriteFailed` after undoing.
"""

from __future__ import annotations

import difflib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from scaffold._lifecycle import read_files, read_record, render_project

__all__ = ["FileChange", "UpdatePlan", "plan_update", "update"]

#: Actions that write a file, and those that are only reported.
WRITING = ("add", "update", "merge", "conflict")
REPORTED = ("deleted", "obsolete")
_OURS = "your project"
_MARKER = f"\n<<<<<<< {_OURS}".encode()


@dataclass(frozen=True)
class FileChange:
    """One file of an update: what happens to it, and its content before and after."""

    path: str
    action: str  # one of WRITING or REPORTED
    before: Optional[bytes]
    after: Optional[bytes]

    @property
    def writes(self) -> bool:
        """Whether ``update`` writes this file."""
        return self.action in WRITING

    def diff(self) -> str:
        """The change as a unified diff (``a/`` the project now, ``b/`` after the update)."""
        if not self.writes or self.after is None:
            return ""
        old = _text(self.before or b"")
        new = _text(self.after)
        if old is None or new is None:
            return f"Binary file {self.path} differs\n"
        lines = difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{self.path}" if self.before is not None else "/dev/null",
            tofile=f"b/{self.path}",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@dataclass(frozen=True)
class UpdatePlan:
    """What :func:`update` does (or did) to ``project``, file by file, sorted by path."""

    project: Path
    from_version: int
    to_version: int
    changes: tuple[FileChange, ...]
    dry_run: bool = True
    backup: Optional[Path] = None

    @property
    def written(self) -> tuple[FileChange, ...]:
        """The changes that write a file."""
        return tuple(c for c in self.changes if c.writes)

    @property
    def conflicts(self) -> tuple[str, ...]:
        """Files left with conflict markers."""
        return tuple(c.path for c in self.changes if c.action == "conflict")

    @property
    def current(self) -> bool:
        """True when the project already matches today's template (``check`` passes)."""
        return not self.written


def _text(data: bytes) -> Optional[str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if "\0" in text else text


def _merge(base: bytes, ours: bytes, theirs: bytes, label: str) -> tuple[bytes, bool]:
    """Merge line by line; return the result and whether it holds conflict markers."""
    from merge3 import Merge3

    texts = [_text(base), _text(ours), _text(theirs)]
    if None in texts:  # binary, changed on both sides: keep the author's and report it
        return ours, True
    base_text, ours_text, theirs_text = (t or "" for t in texts)
    merger = Merge3(
        base_text.splitlines(keepends=True),
        ours_text.splitlines(keepends=True),
        theirs_text.splitlines(keepends=True),
    )
    lines = list(merger.merge_lines(name_a=_OURS, name_b=label))
    conflicted = any(kind == "conflict" for kind, *_ in merger.merge_regions())
    return "".join(lines).encode("utf-8"), conflicted


def _decide(  # noqa: PLR0911 - one return per row of the merge table in the docstring
    path: str, base: Optional[bytes], ours: Optional[bytes], theirs: Optional[bytes], label: str
) -> Optional[FileChange]:
    if theirs is None:  # the template no longer has it
        return FileChange(path, "obsolete", ours, None) if ours is not None else None
    if ours == theirs:
        return None
    if ours is None:
        if base is None:
            return FileChange(path, "add", None, theirs)
        return None if base == theirs else FileChange(path, "deleted", None, theirs)
    if ours == base or (base is None and _text(theirs) is None):
        # untouched, or a binary file the template makes (the wheel in wheelhouse/) and
        # that the snapshot of an old version does not render: today's replaces it
        return FileChange(path, "update", ours, theirs)
    if theirs == base:
        return None
    merged, conflicted = _merge(base or b"", ours, theirs, label)
    if merged == ours and not conflicted:
        return None
    return FileChange(path, "conflict" if conflicted else "merge", ours, merged)


def _record_version(
    change: Optional[FileChange], ours: Optional[bytes], version: int
) -> Optional[FileChange]:
    """Make sure pyproject.toml records ``version`` after the update (when it is TOML)."""
    import tomlkit

    text = _text(change.after if change and change.after is not None else ours or b"")
    if text is None or (change is not None and change.action not in ("add", "update", "merge")):
        return change
    try:
        document = tomlkit.parse(text)
        table = document["tool"]["mlplugin"]
    except Exception:  # tomlkit's parse and key errors: not TOML or no table, leave it as merged
        return change
    if table.get("template_version") == version:
        return change
    table["template_version"] = version
    after = tomlkit.dumps(document).encode("utf-8")
    action = change.action if change is not None else "merge"
    return FileChange("pyproject.toml", action, ours, after)


def _adopted(path: str) -> bool:
    """Whether ``update`` manages ``path`` in a project linked by ``mlplugin adopt``."""
    from scaffold._adopt import FROM_TEMPLATE, WHEELHOUSE

    return path in FROM_TEMPLATE or path.startswith(WHEELHOUSE)


def plan_update(project: Path) -> UpdatePlan:
    """Work out what :func:`update` would write into ``project``; write nothing."""
    from scaffold._template_versions import current_template_version

    record = read_record(project)
    today = current_template_version(record.template)
    label = f"mlplugin {record.template} template v{today}"
    with tempfile.TemporaryDirectory(prefix="mlplugin-update-") as scratch:
        base_dir = render_project(record.table, record.template_version, Path(scratch, "base"))
        theirs_dir = render_project(record.table, None, Path(scratch, "theirs"))
        base, theirs = read_files(base_dir), read_files(theirs_dir)
    changes: list[FileChange] = []
    for path in sorted({*base, *theirs}):
        target = record.path / path
        ours = target.read_bytes() if target.is_file() else None
        if record.table.get("adopted") and not _adopted(path):
            change = None  # a hand-written project: only what adopt added follows the template
        else:
            change = _decide(path, base.get(path), ours, theirs.get(path), label)
        if change is None and ours is not None and _MARKER in b"\n" + ours:
            change = FileChange(path, "conflict", ours, ours)  # an earlier update's, unresolved
        if path == "pyproject.toml":
            change = _record_version(change, ours, today)
        if change is not None:
            changes.append(change)
    return UpdatePlan(record.path, record.template_version, today, tuple(changes))


def update(project: Path, *, allow_dirty: bool = False, dry_run: bool = False) -> UpdatePlan:
    """Merge today's template into ``project``; with ``dry_run`` only plan it.

    Written files are staged in a scratch directory and applied by
    :func:`scaffold._overlay.apply_overlay`, so the update is all or nothing.
    """
    from scaffold._overlay import write_into

    plan = plan_update(project)
    if dry_run or plan.current:
        return plan
    files = {change.path: change.after or b"" for change in plan.written}
    result = write_into(
        plan.project, files, command="update", allow_dirty=allow_dirty, modes_from=plan.project
    )
    return UpdatePlan(
        plan.project,
        plan.from_version,
        plan.to_version,
        plan.changes,
        dry_run=False,
        backup=result.backup,
    )
