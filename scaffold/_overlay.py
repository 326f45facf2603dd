"""Write a rendered project into a directory that already exists, losing nothing.

This is what ``mlplugin new --force`` does to an existing project directory. The rules:

* only the template's files are written; nothing else in the directory is deleted or
  changed, ``.git`` and the author's own files included;
* a file about to be overwritten is first copied to ``.mlplugin-backup/<UTC time>/``
  inside the directory (the generated ``.gitignore`` ignores it); a file whose content
  would not change is left alone and not backed up;
* refusals come before any write and all of them in one report: a symlink on the way
  to a file (writing through it could land outside the directory), a read-only file
  (refused, never chmod-ed), a directory where a file goes or the reverse, and a git
  work tree with uncommitted changes unless ``allow_dirty``;
* all or nothing: when any write fails (a full disk, permissions, Ctrl-C), the
  overwritten files are restored from their copies, the added files and directories
  are removed and the backup folder goes away, then the error goes on.

:func:`plan_overlay` only reads; :func:`apply_overlay` writes what a plan says.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Callable, Optional

from scaffold._errors import OverlayRefused, ProjectRefused, WriteFailed

__all__ = [
    "BACKUP_DIR",
    "Overlay",
    "OverlayResult",
    "apply_overlay",
    "check_target",
    "plan_overlay",
    "write_into",
]

#: The folder, inside the target, that keeps copies of overwritten files.
BACKUP_DIR = ".mlplugin-backup"


@dataclass(frozen=True)
class Overlay:
    """What writing ``source`` into ``target`` will do, as relative POSIX paths."""

    source: Path
    target: Path
    added: tuple[str, ...]
    overwritten: tuple[str, ...]
    unchanged: tuple[str, ...]


@dataclass(frozen=True)
class OverlayResult:
    """What :func:`apply_overlay` did; ``backup`` is ``None`` when nothing was overwritten."""

    overlay: Overlay
    backup: Optional[Path]


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _git_problem(target: Path) -> Optional[str]:
    """Why ``target`` may hold uncommitted work in git, or ``None`` when it does not."""
    if not any((d / ".git").exists() for d in (target, *target.parents)):
        return None
    try:
        done = subprocess.run(
            [
                "git",
                "--no-optional-locks",
                "status",
                "--porcelain",
                "--untracked-files=all",
                "--",
                ".",
            ],
            cwd=target,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return f"{target} is in a git work tree and git cannot tell if it is clean ({error})"
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1:] or ["no message"]
        return f"{target} is in a git work tree and `git status` failed: {detail[0]}"
    changed = [line[3:] for line in done.stdout.splitlines() if line.strip()]
    if not changed:
        return None
    shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
    return f"{target} is a git work tree with uncommitted changes ({shown})"


def _path_problems(target: Path, relative: str) -> list[str]:
    """Reasons not to write ``target/relative``: symlinks, type clashes, read-only files."""
    current = target
    parts = relative.split("/")
    for index, part in enumerate(parts):
        current = current / part
        shown = "/".join(parts[: index + 1])
        if current.is_symlink():
            try:
                points = os.path.realpath(current)
                outside = os.path.commonpath([points, os.path.realpath(target)]) != str(
                    os.path.realpath(target)
                )
            except ValueError:  # different drives on Windows
                outside = True
            where = "outside the project" if outside else "elsewhere in the project"
            return [f"{shown} is a symlink pointing {where}; remove it or move it away"]
        if not current.exists():
            return []
        last = index == len(parts) - 1
        if not last and not current.is_dir():
            return [f"{shown} is a file where the template has a directory"]
        if last and current.is_dir():
            return [f"{shown} is a directory where the template has a file"]
        if last and not (current.stat().st_mode & stat.S_IWUSR):
            return [f"{shown} is read-only; make it writable yourself if it may be replaced"]
    return []


def check_target(target: Path) -> None:
    """Refuse a target that is a symlink or not a directory (nothing is written there)."""
    if target.is_symlink() or not target.is_dir():
        kind = "a symlink" if target.is_symlink() else "not a directory"
        raise OverlayRefused(target=target, problems=[f"{target} is {kind}"])


def plan_overlay(source: Path, target: Path, *, allow_dirty: bool = False) -> Overlay:
    """Compare the rendered project ``source`` with the existing ``target``; write nothing.

    Raises :class:`~scaffold.OverlayRefused` with every reason at once when the files
    cannot be written safely.
    """
    check_target(target)
    problems: list[str] = []
    if not allow_dirty:
        dirty = _git_problem(target)
        if dirty:
            problems.append(f"{dirty}; commit or stash them, or pass --allow-dirty")
    added: list[str] = []
    overwritten: list[str] = []
    unchanged: list[str] = []
    for relative in _files(source):
        path_problems = _path_problems(target, relative)
        problems += path_problems
        existing = target / relative
        if path_problems:
            continue
        if not existing.exists():
            added.append(relative)
        elif filecmp.cmp(source / relative, existing, shallow=False):
            unchanged.append(relative)
        else:
            overwritten.append(relative)
    if problems:
        raise OverlayRefused(target=target, problems=problems)
    return Overlay(source, target, tuple(added), tuple(overwritten), tuple(unchanged))


def _backup_dir(target: Path) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    candidate, count = target / BACKUP_DIR / stamp, 1
    while candidate.exists():
        count += 1
        candidate = target / BACKUP_DIR / f"{stamp}-{count}"
    return candidate


class _Journal:
    """Everything written so far, so that :meth:`undo` can put the directory back."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.directories: list[Path] = []
        self.added: list[Path] = []
        self.replaced: list[tuple[Path, Path]] = []  # (file, its backup copy)
        self.backup: Optional[Path] = None

    def mkdirs(self, directory: Path) -> None:
        missing = [d for d in (directory, *directory.parents) if not d.exists()]
        for path in reversed(missing):
            path.mkdir()
            self.directories.append(path)

    def undo(self) -> list[str]:
        """Restore the target as it was; return what could not be restored."""
        failures: list[str] = []

        def attempt(what: str, action: Callable[[], object]) -> None:
            try:
                action()
            except OSError as error:
                failures.append(f"{what}: {error.strerror or error}")

        for path in reversed(self.added):
            attempt(f"remove {path}", partial(path.unlink, missing_ok=True))
        for path, copy in reversed(self.replaced):
            attempt(f"restore {path} from {copy}", partial(shutil.copy2, copy, path))
        for directory in reversed(self.directories):
            attempt(f"remove {directory}", directory.rmdir)
        if self.backup is not None and not failures:
            shutil.rmtree(self.backup, ignore_errors=True)
            with contextlib.suppress(OSError):  # backups of earlier runs stay
                self.backup.parent.rmdir()
        return failures


def _write_file(source: Path, destination: Path) -> None:
    """Copy ``source`` over ``destination`` through a temporary file and a rename."""
    temporary = destination.with_name(f".{destination.name}.mlplugin-tmp")
    try:
        shutil.copyfile(source, temporary)
        shutil.copymode(source, temporary)
        temporary.replace(destination)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def apply_overlay(overlay: Overlay) -> OverlayResult:
    """Write the planned files; on any failure undo every write and re-raise.

    An :class:`OSError` is re-raised as :class:`~scaffold.WriteFailed`, which says
    whether the directory was restored completely.
    """
    journal = _Journal(overlay.target)
    try:
        if overlay.overwritten:
            backup = journal.backup = _backup_dir(overlay.target)
            for relative in overlay.overwritten:
                copy = backup / relative
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(overlay.target / relative, copy)
            for relative in overlay.overwritten:
                destination = overlay.target / relative
                journal.replaced.append((destination, backup / relative))
                _write_file(overlay.source / relative, destination)
        for relative in overlay.added:
            destination = overlay.target / relative
            journal.mkdirs(destination.parent)
            journal.added.append(destination)
            _write_file(overlay.source / relative, destination)
    except BaseException as error:
        leftovers = journal.undo()
        if isinstance(error, OSError):
            raise WriteFailed(
                path=Path(error.filename or overlay.target),
                reason=error.strerror or str(error),
                leftovers=leftovers,
                backup=journal.backup if leftovers else None,
            ) from error
        raise
    return OverlayResult(overlay=overlay, backup=journal.backup)


def write_into(
    target: Path,
    files: Mapping[str, bytes],
    *,
    command: str,
    allow_dirty: bool = False,
    modes_from: Optional[Path] = None,
) -> OverlayResult:
    """Write ``files`` (relative POSIX path -> content) into ``target`` by the same rules.

    The files are staged in a scratch directory, then planned and applied like
    ``new --force``; ``modes_from`` gives each staged file the permission bits of the
    file it replaces there. A refusal is :class:`~scaffold.ProjectRefused` naming
    ``command`` (``update``, ``add``, ``adopt``).
    """
    with tempfile.TemporaryDirectory(prefix=f"mlplugin-{command}-") as scratch:
        staged = Path(scratch)
        for relative, data in files.items():
            destination = staged / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(data)
            current = (modes_from / relative) if modes_from is not None else None
            if current is not None and current.is_file():
                shutil.copymode(current, destination)
        try:
            overlay = plan_overlay(staged, target, allow_dirty=allow_dirty)
        except OverlayRefused as refused:
            raise ProjectRefused(
                command=command, target=refused.target, problems=refused.problems
            ) from refused
        return apply_overlay(overlay)
