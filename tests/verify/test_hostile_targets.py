"""``verify``, ``list`` and ``doctor`` against hostile targets and a failing file system.

Each case must end in a short message and a documented exit code -- 2 for a target or
option verify cannot use, 3 for the environment -- with no traceback and, for verify,
before any step runs. CI runs as root, where permission bits stop nothing, so the
file-system faults (``EACCES``, ``ENOSPC``, ``EROFS``) are injected at the calls.
"""

from __future__ import annotations

import errno
import os
import tempfile
import zipfile
from collections.abc import Callable
from importlib.metadata import PathDistribution
from pathlib import Path

import pytest
from click.testing import CliRunner

import scaffold._env._list as list_module
from scaffold._env._metadata import EntryPointRecord, InstalledDistribution
from scaffold.cli import cli

Arrange = Callable[[pytest.MonkeyPatch, Path], list[str]]


def _fail(
    monkeypatch: pytest.MonkeyPatch, owner: object, name: str, err: int, when: str = ""
) -> None:
    """Make ``owner.name`` raise ``OSError(err)`` for calls mentioning ``when``."""
    real = getattr(owner, name)

    def failing(*args: object, **kwargs: object) -> object:
        if when in " ".join(map(str, (*args, *kwargs.values()))):
            raise OSError(err, os.strerror(err), str(args[0]) if args else None)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)


def _not_a_zip(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    (tmp_path / "broken-1.0-py3-none-any.whl").write_text("not a zip")
    return ["verify", str(tmp_path / "broken-1.0-py3-none-any.whl")]


def _empty_wheel(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    (tmp_path / "empty-1.0-py3-none-any.whl").write_bytes(b"")
    return ["verify", str(tmp_path / "empty-1.0-py3-none-any.whl")]


def _zip_without_metadata(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    wheel = tmp_path / "bare-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("bare/__init__.py", "")
    return ["verify", str(wheel)]


def _unreadable_wheel(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    wheel = tmp_path / "locked-1.0-py3-none-any.whl"
    wheel.write_bytes(b"PK")
    _fail(monkeypatch, zipfile, "ZipFile", errno.EACCES, "locked")
    return ["verify", str(wheel)]


def _missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    return ["verify", str(tmp_path / "nowhere")]


def _a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    (tmp_path / "notes.txt").write_text("x")
    return ["verify", str(tmp_path / "notes.txt")]


def _too_old_python(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    old = tmp_path / "python3.8"
    old.write_text('#!/bin/sh\necho "False 3.8.18 (default)"\n')
    old.chmod(0o755)
    (tmp_path / "p").mkdir()
    return ["verify", str(tmp_path / "p"), "--python", str(old)]


def _no_space_for_workdir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    (tmp_path / "p").mkdir()
    _fail(monkeypatch, tempfile, "mkdtemp", errno.ENOSPC, "mlplugin-verify-")
    return ["verify", str(tmp_path / "p")]


def _read_only_report(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    (tmp_path / "p").mkdir()
    _fail(monkeypatch, Path, "write_text", errno.EROFS, "report.json")
    return ["verify", str(tmp_path / "p"), "--format", "json", "--output", "report.json"]


def _list_without_temp_space(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    plugin = InstalledDistribution(
        name="p",
        version="1",
        metadata_path=str(tmp_path / "p-1.dist-info"),
        path_entry=str(tmp_path),
        editable=False,
        source_dir=None,
        entry_points=(EntryPointRecord("mlagents.stats_writer", "p", "p:f"),),
        top_level=("p",),
    )
    monkeypatch.setattr(list_module, "iter_distributions", lambda _path: iter([plugin]))
    _fail(monkeypatch, tempfile, "mkdtemp", errno.ENOSPC)
    return ["list"]


def _doctor_unreadable_metadata(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    _fail(monkeypatch, PathDistribution, "read_text", errno.EACCES, "entry_points.txt")
    return ["doctor"]


def _list_missing_interpreter(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    return ["list", "--python", str(tmp_path / "no-python")]


#: (arrange the fault and return the arguments, exit code, text in the message)
HOSTILE = [
    pytest.param(_not_a_zip, 2, "not a readable wheel", id="verify-wheel-not-a-zip"),
    pytest.param(_empty_wheel, 2, "not a readable wheel", id="verify-wheel-empty"),
    pytest.param(_zip_without_metadata, 2, "no *.dist-info/METADATA", id="verify-wheel-bare"),
    pytest.param(_unreadable_wheel, 2, "Permission denied", id="verify-wheel-unreadable"),
    pytest.param(_missing, 2, "does not exist", id="verify-missing-target"),
    pytest.param(_a_file, 2, "is a file", id="verify-plain-file"),
    pytest.param(_too_old_python, 3, "Python 3.9 or newer", id="verify-python-too-old"),
    pytest.param(_no_space_for_workdir, 3, "No space left", id="verify-no-space"),
    pytest.param(_read_only_report, 3, "Read-only file system", id="verify-output-read-only"),
    pytest.param(_list_without_temp_space, 3, "No space left", id="list-no-space"),
    pytest.param(_list_missing_interpreter, 3, "cannot run the interpreter", id="list-no-python"),
    pytest.param(_doctor_unreadable_metadata, 3, "Permission denied", id="doctor-unreadable"),
]


@pytest.mark.parametrize(("arrange", "code", "message"), HOSTILE)
def test_hostile_target_is_a_message_and_an_exit_code(
    arrange: Arrange, code: int, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A target or file system verify/list/doctor cannot use: one message, its exit code."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MLPLUGIN_CACHE_DIR", str(tmp_path / "cache"))
    args = arrange(monkeypatch, tmp_path)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "mlplugin verify" not in result.output  # no header when no step ran


def test_header_is_printed_once_a_step_runs(tmp_path: Path) -> None:
    """The ``mlplugin verify X`` header comes with the first step, before its line."""
    (tmp_path / "p").mkdir()
    result = CliRunner().invoke(cli, ["verify", str(tmp_path / "p"), "--static-only"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"mlplugin verify {tmp_path / 'p'}"
    assert "static" in lines[1]
