"""End to end: a generated plugin installs into a fresh environment and its own tests pass."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from scaffold import generate, make_spec

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def _run(
    *command: object, cwd: Path, env: dict[str, str] | None = None, timeout: float = 600
) -> str:
    """Run a command; on failure show its output in the assertion message."""
    proc = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, (
        f"{command} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    )
    return proc.stdout


@pytest.fixture
def fresh_venv(tmp_path: Path, mlplugin_wheel: Path) -> Path:
    """A new virtual environment with pip and the mlplugin wheel installed."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    _run(
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        mlplugin_wheel,
        cwd=tmp_path,
    )
    return python


@pytest.mark.parametrize("packaging", ["pyproject", "setup-py"])
def test_generated_project_passes_its_own_tests(
    tmp_path: Path, fresh_venv: Path, packaging: str
) -> None:
    """pip install -e .[test] then pytest: every generated test passes on the first run."""
    project = generate(make_spec("e2e-writer", packaging=packaging), tmp_path / "src").path
    _run(
        fresh_venv,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-e",
        ".[test]",
        cwd=project,
    )
    inner = ("-q", "-p", "no:cacheprovider", f"--basetemp={tmp_path / 'inner'}")
    out = _run(fresh_venv, "-m", "pytest", *inner, cwd=project)
    assert " passed" in out and "failed" not in out and "skipped" not in out
    assert "error" not in out.lower()


@pytest.mark.parametrize("packaging", ["pyproject", "setup-py"])
def test_generated_project_builds_and_discovery_finds_it(
    tmp_path: Path, fresh_venv: Path, packaging: str
) -> None:
    """python -m build succeeds, and after plain pip install -e . reference_core discovers it."""
    project = generate(make_spec("e2e-writer", packaging=packaging), tmp_path / "src").path
    _run(sys.executable, "-m", "build", "--outdir", tmp_path / "dist", project, cwd=tmp_path)
    assert sorted(p.suffix for p in (tmp_path / "dist").iterdir()) == [".gz", ".whl"]
    _run(
        fresh_venv,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-e",
        ".",
        cwd=project,
    )
    probe = (
        "import reference_core as rc\n"
        "rc.install_host_shim()\n"
        "d = rc.discover_stats_writers(rc.RunOptions(), strict=True)\n"
        "o = d.outcome('e2e_writer')\n"
        "names = lambda ws: [type(w).__name__ for w in ws]\n"
        "print(o.distribution, names(o.writers), names(d.writers))\n"
    )
    out = _run(fresh_venv, "-c", probe, cwd=tmp_path)
    assert out.split(" ", 1)[0] == "e2e-writer"
    assert "['E2eWriter']" in out
    assert "TensorboardWriter" in out and "E2eWriter" in out.split("]", 1)[1]


def test_generated_tox_runs_on_two_pythons(tmp_path: Path, mlplugin_wheel: Path) -> None:
    """The generated project's own tox passes on Python 3.11 and 3.12, plus its lint env."""
    tox = shutil.which("tox")
    assert tox, "tox must be installed in the integration environment"
    project = generate(make_spec("tox-writer", python_versions=("3.11", "3.12")), tmp_path).path
    shutil.copy(ROOT / ".python-version", project / ".python-version")
    env = {**os.environ, "MLPLUGIN_SPEC": str(mlplugin_wheel), "UV_PYTHON_DOWNLOADS": "never"}
    env.pop("VIRTUAL_ENV", None)
    out = _run(
        tox,
        "run-parallel",
        "-e",
        "py311,py312,lint",
        "--parallel-no-spinner",
        cwd=project,
        env=env,
        timeout=900,
    )
    for name in ("py311", "py312", "lint"):
        assert f"{name}: OK" in out or f"{name}: OK ✔" in out, out
