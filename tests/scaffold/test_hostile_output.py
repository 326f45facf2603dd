"""``mlplugin new`` against output directories that cannot be written.

CI runs as root, where permission bits stop nothing, so most faults are injected at the
file-system calls (``OSError`` with ``EACCES``, ``ENOSPC``, ``EROFS``); the one real case
is ``/proc``, where not even root may create a directory. Each case must end in one line
on stderr, exit code 3, no traceback, and nothing left behind.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import scaffold._generate as generate_module
import scaffold._render as render_module
from scaffold.cli import cli


def _inject(
    monkeypatch: pytest.MonkeyPatch,
    owner: object,
    name: str,
    err: int,
    when: str = "",
    *,
    named: bool = True,
) -> None:
    """Make ``owner.name`` raise ``OSError(err)`` (only for paths containing ``when``).

    ``named=False`` leaves the error without a file name, as a failing ``write()`` does.
    """
    real = getattr(owner, name)

    def failing(*args: object, **kwargs: object) -> object:
        if when in " ".join(map(str, args)) + " ".join(map(str, kwargs.values())):
            raise OSError(err, os.strerror(err), str(args[0]) if args and named else None)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)


def _mkdir_denied(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    _inject(monkeypatch, Path, "mkdir", errno.EACCES, "deep")
    return ["-o", str(tmp_path / "deep" / "er")]


def _read_only_fs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    _inject(monkeypatch, tempfile, "mkdtemp", errno.EROFS)
    return ["-o", str(tmp_path / "out")]


def _disk_full_while_rendering(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    _inject(monkeypatch, render_module.shutil, "copymode", errno.ENOSPC, "pyproject", named=False)
    return ["-o", str(tmp_path / "out")]


def _rename_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    _inject(monkeypatch, generate_module.Path, "replace", errno.EXDEV, ".mlplugin-")
    return ["-o", str(tmp_path / "out")]


def _parent_is_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    (tmp_path / "a-file").write_text("x")
    return ["-o", str(tmp_path / "a-file" / "sub")]


def _proc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    return ["-o", "/proc/mlplugin-cannot-exist"]


HOSTILE = [
    pytest.param(_mkdir_denied, "Permission denied", id="mkdir-permission-denied"),
    pytest.param(_read_only_fs, "Read-only file system", id="read-only-file-system"),
    pytest.param(_disk_full_while_rendering, "No space left", id="disk-full"),
    pytest.param(_rename_fails, "cross-device", id="rename-fails"),
    pytest.param(_parent_is_a_file, "cannot write", id="parent-is-a-file"),
    pytest.param(
        _proc,
        "cannot write /proc",
        id="proc",
        marks=pytest.mark.skipif(not Path("/proc/self").exists(), reason="no procfs here"),
    ),
]


@pytest.mark.parametrize(("arrange", "message"), HOSTILE)
def test_unwritable_output_is_one_line_and_exit_3(
    arrange: Callable[[pytest.MonkeyPatch, Path], list[str]],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An output directory that cannot be written gives one message, exit 3, no leftovers."""
    monkeypatch.chdir(tmp_path)
    args = arrange(monkeypatch, tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(cli, ["new", "my-writer", *args])
    assert result.exit_code == 3, result.output
    assert message in result.output
    assert ("Traceback" not in result.output and result.exception is None) or isinstance(
        result.exception, SystemExit
    )
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_any_stray_os_error_becomes_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """An OSError no library function explained still exits 3 with one line, not a traceback."""

    def broken(*args: object, **kwargs: object) -> object:
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", "/gone/thing")

    monkeypatch.setattr(generate_module, "plan", broken)
    result = CliRunner().invoke(cli, ["new", "my-writer", "--dry-run"])
    assert result.exit_code == 3
    assert result.output.strip() == "Error: /gone/thing: No such file or directory"
