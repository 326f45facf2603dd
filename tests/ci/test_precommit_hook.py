"""The pre-commit hooks this repository publishes (.pre-commit-hooks.yaml)."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any, Callable, NamedTuple

import pytest
import yaml
from click.testing import CliRunner

from scaffold.cli import cli

from .conftest import ROOT, break_static, break_write_stats, new_project, tool


def _hooks() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in data}


def test_two_hooks_static_by_default_and_full() -> None:
    """A fast static hook and the full chain, both installed from this repo as Python."""
    hooks = _hooks()
    assert list(hooks) == ["mlplugin-verify-static", "mlplugin-verify"]
    assert hooks["mlplugin-verify-static"]["entry"] == "mlplugin verify --static-only"
    assert hooks["mlplugin-verify"]["entry"] == "mlplugin verify"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False


FILES = [
    pytest.param("pyproject.toml", True, id="pyproject"),
    pytest.param("setup.py", True, id="setup-py"),
    pytest.param("plugins/a/setup.cfg", True, id="nested-setup-cfg"),
    pytest.param("src/demo/writer.py", True, id="python-source"),
    pytest.param("README.md", False, id="readme"),
    pytest.param("my_pyproject.toml.bak", False, id="lookalike"),
]


@pytest.mark.parametrize(("path", "runs"), FILES)
def test_hooks_run_when_packaging_or_code_changes(path: str, runs: bool) -> None:
    """The hooks' files pattern (pre-commit uses re.search) selects packaging and code."""
    for hook in _hooks().values():
        assert bool(re.search(hook["files"], path)) is runs


def untouched(project: Path) -> None:
    """Leave the generated project as it is."""


ENTRY_CASES = [
    pytest.param(untouched, 0, None, id="clean"),
    pytest.param(break_static, 1, "MLP107", id="static-break-fails"),
    pytest.param(break_write_stats, 0, None, id="run-bug-not-reached"),
]


@pytest.mark.parametrize(("damage", "code", "check_id"), ENTRY_CASES)
def test_static_hook_entry_reads_packaging_only(
    tmp_path: Path, damage: Callable[[Path], object], code: int, check_id: str
) -> None:
    """The static hook's command fails on a packaging mistake and runs no plugin code."""
    project = new_project(tmp_path)
    damage(project)
    args = shlex.split(_hooks()["mlplugin-verify-static"]["entry"])[1:]
    result = CliRunner().invoke(cli, [*args, str(project), "--format", "json"])
    assert result.exit_code == code, result.output
    report = json.loads(result.output)
    assert [f["check_id"] for f in report["findings"]] == ([check_id] if check_id else [])
    statuses = {s["name"]: s["status"] for s in report["steps"]}
    assert statuses.pop("static") == ("failed" if code else "passed")
    assert set(statuses.values()) == {"skipped"}


def _git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=project,
        check=True,
        capture_output=True,
    )


class TryRepo(NamedTuple):
    """One pre-commit try-repo run: the hook, what is broken, the outcome."""

    hook: str
    damage: Callable[[Path], object]
    code: int
    expected: str


TRY_REPO = [
    pytest.param(
        TryRepo("mlplugin-verify-static", untouched, 0, "Passed"), id="static-clean-passes"
    ),
    pytest.param(
        TryRepo("mlplugin-verify-static", break_static, 1, "MLP107"), id="static-break-fails"
    ),
    pytest.param(
        TryRepo("mlplugin-verify", break_write_stats, 1, "MLP603"), id="full-run-bug-fails"
    ),
]


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's cache, shared by the cases so mlplugin is installed once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.mark.integration
@pytest.mark.parametrize("case", TRY_REPO)
def test_pre_commit_try_repo_installs_and_runs_the_hooks(
    tmp_path: Path, pre_commit_home: Path, case: TryRepo
) -> None:
    """pre-commit installs mlplugin from this repository and runs a hook on a project."""
    project = new_project(tmp_path / "work")
    case.damage(project)
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home)}
    done = subprocess.run(
        [tool("pre-commit"), "try-repo", str(ROOT), case.hook, "--all-files"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == case.code, done.stdout + done.stderr
    assert case.expected in done.stdout
