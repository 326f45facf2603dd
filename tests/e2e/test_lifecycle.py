"""End to end: after ``add writer`` and ``adopt`` the project's own tests pass in a fresh venv."""

from __future__ import annotations

import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from scaffold import generate, make_spec, render_version
from scaffold._add import add_writer
from scaffold._adopt import adopt
from scaffold._update import update

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parents[1] / "fixture_plugins"


def _run(*command: object, cwd: Path, timeout: float = 900) -> str:
    """Run a command; on failure show its output in the assertion message."""
    proc = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, (
        f"{command} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    )
    return proc.stdout


def _pip(python: Path, *args: object, cwd: Path) -> None:
    _run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args, cwd=cwd)


@pytest.fixture
def fresh_python(tmp_path: Path, mlplugin_wheel: Path) -> Path:
    """A new virtual environment with the mlplugin wheel installed."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    _pip(python, mlplugin_wheel, cwd=tmp_path)
    return python


def _own_tests_pass(python: Path, project: Path, tmp_path: Path, *only: str) -> str:
    inner = ("-v", "-p", "no:cacheprovider", f"--basetemp={tmp_path / 'inner'}", *only)
    out = _run(python, "-m", "pytest", *inner, cwd=project)
    assert " passed" in out and "failed" not in out and "skipped" not in out, out
    return out


@pytest.mark.parametrize("packaging", ["pyproject", "setup-py"])
def test_added_writer_leaves_the_project_green(
    tmp_path: Path, fresh_python: Path, packaging: str
) -> None:
    """new, add writer, pip install -e .[test], pytest: every test passes, both writers'."""
    project = generate(make_spec("lc-writer", packaging=packaging), tmp_path / "src").path
    add_writer(project, "csv-export")
    _pip(fresh_python, "-e", ".[test]", cwd=project)
    out = _own_tests_pass(fresh_python, project, tmp_path)
    assert "test_csv_export.py::TestCsvExportWriterContract" in out
    assert "test_host_discovery_finds_the_csv_export_writer PASSED" in out


def test_adopted_plugin_passes_its_new_tests(tmp_path: Path, fresh_python: Path) -> None:
    """A hand-written plugin, adopted, installed: the added contract tests pass."""
    project = Path(shutil.copytree(FIXTURES / "recording_writer", tmp_path / "recording_writer"))
    adopt(project)
    _pip(fresh_python, "pytest>=8", "-e", ".", cwd=project)
    out = _own_tests_pass(fresh_python, project, tmp_path, "tests/test_mlplugin_contract.py")
    assert "passed" in out


def test_v1_project_updated_passes_its_own_tests(tmp_path: Path, fresh_python: Path) -> None:
    """A project made by template v1, with a local edit, updates cleanly and stays green."""
    answers = {
        "mlplugin_version": "0.1.0",
        "plugin_name": "old-writer",
        "packaging": "pyproject",
        "description": "Made by the first template.",
        "author": "Ada",
        "email": "ada@example.com",
        "license": "MIT",
        "python_versions": "3.9 3.10 3.11 3.12 3.13",
    }
    project = render_version(1, answers, tmp_path / "src")
    writer = project / "src" / "old_writer" / "writer.py"
    writer.write_text(writer.read_text().replace('"old_writer.jsonl"', '"mine.jsonl"'))
    plan = update(project)
    assert not plan.conflicts and plan.written
    assert '"mine.jsonl"' in writer.read_text()
    _pip(fresh_python, "-e", ".[test]", cwd=project)
    _own_tests_pass(fresh_python, project, tmp_path)
