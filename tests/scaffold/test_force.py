"""``new --force`` writes the template into an existing directory and loses nothing.

Every test builds a directory the way a user's would look (a git repository, their own
files, read-only files, symlinks), takes a snapshot of every entry, and checks what
``--force`` did against it: only template files change, copies of overwritten files sit
in ``.mlplugin-backup/``, refusals and failed writes leave the snapshot identical.
"""

from __future__ import annotations

import errno
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scaffold import OverlayRefused, WriteFailed, generate, make_spec, plan
from scaffold._overlay import BACKUP_DIR
from scaffold.cli import cli

Snapshot = dict[str, tuple[str, object, int]]

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed on this machine")


def snapshot(root: Path) -> Snapshot:
    """Every entry below ``root``: its kind, its content (or link target) and its mode."""
    entries: Snapshot = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        mode = path.lstat().st_mode
        if path.is_symlink():
            entries[relative] = ("link", str(path.readlink()), 0)
        elif path.is_dir():
            entries[relative] = ("dir", None, stat.S_IMODE(mode))
        else:
            entries[relative] = ("file", path.read_bytes(), stat.S_IMODE(mode))
    return entries


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A generated my-writer project the user then edited: own files, edits, a git repo."""
    path = generate(make_spec("my-writer"), tmp_path).path
    (path / "README.md").write_text("# my own readme\n")
    (path / "src" / "my_writer" / "extra.py").write_text("VALUE = 1\n")
    (path / "notes").mkdir()
    (path / "notes" / "todo.txt").write_text("keep me\n")
    return path


def _commit_all(path: Path) -> None:
    _git(path, "init", "-q")
    _git(path, "add", "-A")
    _git(path, "commit", "-qm", "mine")


def _user_files(snap: Snapshot, template_files: set[str]) -> Snapshot:
    return {
        k: v
        for k, v in snap.items()
        if k not in template_files and not k.startswith(BACKUP_DIR) and v[0] != "dir"
    }


@needs_git
def test_force_in_a_clean_git_repository_touches_only_template_files(project: Path) -> None:
    """.git, the author's own files and their bytes survive; edited template files are backed up."""
    _commit_all(project)
    before = snapshot(project)
    result = generate(make_spec("my-writer"), project.parent, force=True)
    after = snapshot(project)
    template_files = set(result.files)
    assert _user_files(after, template_files) == _user_files(before, template_files)
    assert {k: v for k, v in after.items() if k.startswith(".git/")} == {
        k: v for k, v in before.items() if k.startswith(".git/")
    }
    assert result.overwritten == ("README.md",)
    assert result.backup is not None
    assert (result.backup / "README.md").read_text() == "# my own readme\n"
    assert result.backup.parent == project / BACKUP_DIR
    assert "my_writer" in (project / "README.md").read_text()
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True, check=True
    )
    assert status.stdout.split() == ["M", "README.md"], "the backup folder is git-ignored"


@needs_git
def test_dirty_git_work_tree_is_refused_without_allow_dirty(project: Path) -> None:
    """Uncommitted changes stop --force before anything is written; --allow-dirty proceeds."""
    _commit_all(project)
    (project / "src" / "my_writer" / "extra.py").write_text("VALUE = 2\n")
    before = snapshot(project)
    with pytest.raises(OverlayRefused, match=r"uncommitted changes.*extra\.py"):
        generate(make_spec("my-writer"), project.parent, force=True)
    assert snapshot(project) == before
    result = generate(make_spec("my-writer"), project.parent, force=True, allow_dirty=True)
    assert (project / "src" / "my_writer" / "extra.py").read_text() == "VALUE = 2\n"
    assert result.overwritten == ("README.md",)


def _read_only_readme(project: Path) -> None:
    (project / "README.md").chmod(0o444)


def _readme_links_outside(project: Path) -> None:
    outside = project.parent / "outside.md"
    outside.write_text("outside\n")
    (project / "README.md").unlink()
    (project / "README.md").symlink_to(outside)


def _src_links_outside(project: Path) -> None:
    outside = project.parent / "outside-src"
    shutil.move(str(project / "src"), outside)
    (project / "src").symlink_to(outside, target_is_directory=True)


def _readme_links_inside(project: Path) -> None:
    (project / "README.md").unlink()
    (project / "README.md").symlink_to(project / "notes" / "todo.txt")


def _directory_where_a_file_goes(project: Path) -> None:
    (project / "tox.ini").unlink()
    (project / "tox.ini").mkdir()
    (project / "tox.ini" / "mine.txt").write_text("mine\n")


def _file_where_a_directory_goes(project: Path) -> None:
    shutil.rmtree(project / "docs")
    (project / "docs").write_text("not a directory\n")


REFUSALS = [
    pytest.param(_read_only_readme, "README.md is read-only", id="read-only-file"),
    pytest.param(_readme_links_outside, "README.md is a symlink pointing outside", id="file-link"),
    pytest.param(_src_links_outside, "src is a symlink pointing outside", id="directory-link"),
    pytest.param(_readme_links_inside, "pointing elsewhere in the project", id="inside-link"),
    pytest.param(_directory_where_a_file_goes, "tox.ini is a directory", id="dir-for-file"),
    pytest.param(_file_where_a_directory_goes, "docs is a file", id="file-for-dir"),
]


@pytest.mark.parametrize(("arrange", "message"), REFUSALS)
def test_unsafe_targets_are_refused_and_left_alone(
    project: Path, arrange: Callable[[Path], None], message: str
) -> None:
    """Each unsafe entry is a refusal naming it; the directory and link targets are unchanged."""
    arrange(project)
    before, around = snapshot(project), snapshot(project.parent)
    with pytest.raises(OverlayRefused, match=message):
        generate(make_spec("my-writer"), project.parent, force=True)
    with pytest.raises(OverlayRefused, match=message):
        plan(make_spec("my-writer"), project.parent, force=True)
    assert snapshot(project) == before
    assert snapshot(project.parent) == around


def test_every_refusal_is_reported_at_once(project: Path) -> None:
    """Several unsafe entries give one report listing each of them."""
    _read_only_readme(project)
    _directory_where_a_file_goes(project)
    _file_where_a_directory_goes(project)
    with pytest.raises(OverlayRefused) as caught:
        generate(make_spec("my-writer"), project.parent, force=True)
    assert len(caught.value.problems) == 3


def test_target_that_is_a_file_or_a_link_is_refused(tmp_path: Path) -> None:
    """The project path itself being a file or a symlink to a directory is a refusal."""
    (tmp_path / "my-writer").write_text("a file\n")
    with pytest.raises(OverlayRefused, match="not a directory"):
        generate(make_spec("my-writer"), tmp_path, force=True)
    (tmp_path / "my-writer").unlink()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "my-writer").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(OverlayRefused, match="symlink"):
        generate(make_spec("my-writer"), tmp_path, force=True)
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_user_symlinks_off_the_template_paths_are_kept(project: Path) -> None:
    """A symlink the template does not write to is the author's: left as it is."""
    (project / "data").symlink_to("/")
    generate(make_spec("my-writer"), project.parent, force=True)
    assert str((project / "data").readlink()) == "/"


def test_unchanged_files_are_not_backed_up(tmp_path: Path) -> None:
    """A second --force over an untouched project writes no file and makes no backup."""
    path = generate(make_spec("my-writer"), tmp_path).path
    before = snapshot(path)
    result = generate(make_spec("my-writer"), tmp_path, force=True)
    assert result.overwritten == () and result.backup is None
    assert result.unchanged == result.files
    assert snapshot(path) == before


def _fail_on_nth_copy(
    monkeypatch: pytest.MonkeyPatch, n: int, error: BaseException
) -> Callable[[], int]:
    import scaffold._overlay as overlay

    real = shutil.copyfile
    calls = [0]

    def copyfile(source: object, target: object, **kwargs: object) -> object:
        calls[0] += 1
        if calls[0] == n:
            raise error
        return real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(overlay.shutil, "copyfile", copyfile)
    return lambda: calls[0]


FAILURES = [
    pytest.param(1, OSError(errno.ENOSPC, "No space left on device"), id="enospc-first-write"),
    pytest.param(4, OSError(errno.ENOSPC, "No space left on device"), id="enospc-later-write"),
    pytest.param(3, OSError(errno.EROFS, "Read-only file system"), id="erofs"),
    pytest.param(2, PermissionError(errno.EACCES, "Permission denied"), id="eacces"),
    pytest.param(3, KeyboardInterrupt(), id="ctrl-c"),
]


@pytest.mark.parametrize(("n", "error"), FAILURES)
def test_a_failed_write_is_undone_completely(
    project: Path, monkeypatch: pytest.MonkeyPatch, n: int, error: BaseException
) -> None:
    """A write failing part way restores overwritten files and removes added ones."""
    (project / "tox.ini").unlink()
    (project / "tests" / "test_writer.py").unlink()
    (project / "CHANGELOG.md").write_text("mine\n")
    before = snapshot(project)
    _fail_on_nth_copy(monkeypatch, n, error)
    expected = WriteFailed if isinstance(error, OSError) else type(error)
    with pytest.raises(expected) as caught:
        generate(make_spec("my-writer"), project.parent, force=True)
    assert snapshot(project) == before
    assert not (project / BACKUP_DIR).exists()
    if isinstance(caught.value, WriteFailed):
        assert caught.value.leftovers == ()
        assert "Nothing was changed" in str(caught.value)


def test_earlier_backups_survive_a_failed_run(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An undone run removes only its own backup folder, not those of earlier runs."""
    generate(make_spec("my-writer"), project.parent, force=True)
    (project / "README.md").write_text("edited again\n")
    before = snapshot(project)
    _fail_on_nth_copy(monkeypatch, 2, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(WriteFailed):
        generate(make_spec("my-writer"), project.parent, force=True)
    assert snapshot(project) == before
    assert len(list((project / BACKUP_DIR).iterdir())) == 1


def test_dry_run_with_force_lists_what_would_change(project: Path) -> None:
    """plan(force=True) marks overwritten and unchanged files and writes nothing."""
    before = snapshot(project)
    planned = plan(make_spec("my-writer"), project.parent, force=True)
    assert snapshot(project) == before
    assert planned.existed and planned.dry_run
    assert planned.overwritten == ("README.md",)
    assert set(planned.unchanged) | {"README.md"} == set(planned.files)


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Invoke mlplugin in tmp_path; returns the click Result."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, list(args), catch_exceptions=False)


@needs_git
def test_cli_force_reports_counts_and_backup(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The CLI says what it wrote, where the copies are, and that nothing else changed."""
    assert run("new", "my-writer").exit_code == 0
    (tmp_path / "my-writer" / "README.md").write_text("mine\n")
    _commit_all(tmp_path / "my-writer")
    result = run("new", "my-writer", "--force")
    assert result.exit_code == 0, result.output
    assert "0 added, 1 overwritten" in result.output
    assert "nothing else was touched" in result.output
    assert BACKUP_DIR in result.output


@needs_git
def test_cli_dirty_tree_exits_2_and_names_allow_dirty(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A dirty work tree is a usage error that names the way out."""
    assert run("new", "my-writer").exit_code == 0
    _commit_all(tmp_path / "my-writer")
    (tmp_path / "my-writer" / "mine.txt").write_text("new\n")
    for args in (["--force"], ["--force", "--dry-run"]):
        result = run("new", "my-writer", *args)
        assert result.exit_code == 2, result.output
        assert "--allow-dirty" in result.output and "mine.txt" in result.output
    assert run("new", "my-writer", "--force", "--allow-dirty").exit_code == 0
    assert (tmp_path / "my-writer" / "mine.txt").read_text() == "new\n"
