"""mlplugin's composite GitHub Action (action.yml), its steps run as scripts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import (
    action,
    action_context,
    break_static,
    break_write_stats,
    new_project,
    run_action_step,
)

HASH_PIN = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def _steps() -> dict[str, dict[str, Any]]:
    return {step["name"]: step for step in action()["runs"]["steps"]}


def test_action_is_composite_and_installs_mlplugin_from_itself() -> None:
    """The Action installs mlplugin from its own checkout, never by a machine-local path."""
    assert action()["runs"]["using"] == "composite"
    install = _steps()["Install mlplugin from the action's own repository"]
    assert install["env"] == {"MLPLUGIN_SOURCE": "${{ github.action_path }}"}
    assert '"$MLPLUGIN_SOURCE"' in install["run"]


def test_inputs_reach_scripts_only_through_the_environment() -> None:
    """No ${{ }} expression is pasted into a script (zizmor: template injection)."""
    for step in action()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]
        if "uses" in step:
            assert HASH_PIN.match(step["uses"]), step["uses"]


@pytest.fixture
def python_on_path(tmp_path: Path) -> dict[str, str]:
    """PATH whose ``python`` is this interpreter, as setup-python would leave it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # a wrapper, not a symlink: a symlinked venv interpreter loses its venv
    wrapper = bin_dir / "python"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


def _runner_env(workspace: Path, extra: dict[str, str]) -> dict[str, str]:
    temp = workspace.parent / "runner-temp"
    temp.mkdir(exist_ok=True)
    output = workspace.parent / "github-output"
    output.write_text("", encoding="utf-8")
    return {
        "RUNNER_TEMP": str(temp),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_WORKSPACE": str(workspace),
        **extra,
    }


VERIFY_CASES = [
    pytest.param(False, 0, id="clean-project", marks=pytest.mark.integration),  # builds
    pytest.param(True, 1, id="static-break"),
]


@pytest.mark.parametrize(("broken", "code"), VERIFY_CASES)
def test_verify_step_annotates_and_fails_like_verify(
    tmp_path: Path, python_on_path: dict[str, str], broken: bool, code: int
) -> None:
    """The verify step prints an annotation on the entry point's line and writes JUnit."""
    workspace = tmp_path / "repo"
    project = new_project(workspace)
    line = break_static(project) if broken else None
    env = _runner_env(workspace, python_on_path)
    done = run_action_step(
        _steps()["mlplugin verify"], action_context(path="demo-writer"), env, workspace
    )
    assert done.returncode == code, done.stdout + done.stderr
    annotations = [x for x in done.stdout.splitlines() if x.startswith("::")]
    if broken:
        assert annotations == [
            f"::error file=demo-writer/pyproject.toml,line={line},"
            "title=MLP107%3A entry-point attribute not defined in its module::"
            + annotations[0].split("::", 2)[2]
        ]
        assert "get_stats_writer" in annotations[0]
    else:
        assert annotations == []
    junit = (workspace / "mlplugin-verify.xml").read_text(encoding="utf-8")
    assert ('type="MLP107"' in junit) is broken
    output = Path(env["GITHUB_OUTPUT"]).read_text(encoding="utf-8")
    assert output == "junit-file=mlplugin-verify.xml\n"


def test_verify_step_reports_a_verify_that_could_not_run(
    tmp_path: Path, python_on_path: dict[str, str]
) -> None:
    """A usage error (exit 2) leaves no report: one error annotation, the same exit code."""
    workspace = tmp_path / "repo"
    workspace.mkdir()
    env = _runner_env(workspace, python_on_path)
    done = run_action_step(
        _steps()["mlplugin verify"], action_context(path="no-such-dir"), env, workspace
    )
    assert done.returncode == 2
    assert "::error title=mlplugin verify::mlplugin verify could not run (exit code 2)" in (
        done.stdout
    )
    assert "does not exist" in done.stderr


@pytest.mark.integration
def test_action_installs_mlplugin_and_maps_a_run_failure_to_the_raising_line(
    tmp_path: Path,
) -> None:
    """Install step into a fresh Python, then verify: a write_stats bug lands on its line."""
    workspace = tmp_path / "repo"
    project = new_project(workspace)
    line = break_write_stats(project)
    venv = tmp_path / "job-python"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    path = {"PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env = _runner_env(workspace, path)
    steps = _steps()
    context = action_context(path="demo-writer")
    install = run_action_step(
        steps["Install mlplugin from the action's own repository"], context, env, workspace
    )
    assert install.returncode == 0, install.stdout + install.stderr
    done = run_action_step(steps["mlplugin verify"], context, env, workspace)
    assert done.returncode == 1, done.stdout + done.stderr
    annotations = [x for x in done.stdout.splitlines() if x.startswith("::error ")]
    assert annotations
    for annotation in annotations:
        assert annotation.startswith(
            f"::error file=demo-writer/src/demo_writer/writer.py,line={line},title=MLP6"
        ), annotation
        assert "the metrics backend is down" in annotation


@pytest.mark.integration
def test_verify_step_on_a_wheel_annotates_the_checked_out_source(
    tmp_path: Path, python_on_path: dict[str, str]
) -> None:
    """The release workflow verifies the wheel; findings still land on the source lines."""
    workspace = new_project(tmp_path)
    line = break_write_stats(workspace)
    subprocess.run(
        [sys.executable, "-m", "uv", "build", "--wheel", "--out-dir", "dist", "."],
        cwd=workspace,
        check=True,
        capture_output=True,
    )
    (wheel,) = (workspace / "dist").glob("*.whl")
    env = _runner_env(workspace, python_on_path)
    context = action_context(path=f"dist/{wheel.name}")
    done = run_action_step(_steps()["mlplugin verify"], context, env, workspace)
    assert done.returncode == 1, done.stdout + done.stderr
    annotations = [x for x in done.stdout.splitlines() if x.startswith("::error ")]
    assert annotations
    for annotation in annotations:
        assert annotation.startswith(
            f"::error file=src/demo_writer/writer.py,line={line},title=MLP6"
        ), annotation
