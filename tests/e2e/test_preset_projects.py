"""End to end: each preset's generated project passes its own suite, real services included.

The mlflow project's suite starts a real MLflow tracking server (and stops and restarts
it mid-run); the wandb project's runs W&B offline and reads the run back with W&B's
reader. Installing MLflow and W&B into a fresh environment for every case would download
hundreds of megabytes, so the project is installed without dependencies into a throwaway
environment layered over this one (a ``.pth`` file), where tox's integration env has
installed mlflow and wandb; ``test_presets.py`` in tests/scaffold checks that the project
declares them. Budget: about 2 minutes for the three cases on a quiet machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from test_generated_project import _clone_elsewhere, _run

from scaffold import generate, make_spec

pytestmark = pytest.mark.integration

PROJECTS = [
    pytest.param("csv", "setup-py", id="csv-setup-py"),
    pytest.param("mlflow", "pyproject", id="mlflow"),
    pytest.param("wandb", "setup-py", id="wandb-setup-py"),
]


def _layered_python(where: Path) -> Path:
    """A venv that sees this environment's packages (mlplugin, mlflow, wandb) via a .pth."""
    venv.EnvBuilder(with_pip=False).create(where)
    python = where / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    parent = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    # addsitedir, not plain paths: the parent's own .pth files (editable installs) count too
    lines = [f"import site; site.addsitedir({path!r})" for path in parent]
    (Path(site) / "_mlplugin_parent.pth").write_text("\n".join(lines) + "\n")
    return python


@pytest.mark.parametrize(("preset", "packaging"), PROJECTS)
def test_preset_project_passes_its_own_suite(tmp_path: Path, preset: str, packaging: str) -> None:
    """Generate, install, run the project's own pytest: everything passes, nothing skipped."""
    project = generate(make_spec("e2e-writer", preset=preset, packaging=packaging), tmp_path).path
    python = _layered_python(tmp_path / "venv")
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    uv = Path(sys.executable).parent / "uv"
    if uv.exists():
        install = [str(uv), "pip", "install", "--quiet", "--python", str(python)]
    subprocess.run([*install, "--no-deps", "-e", str(project)], check=True, capture_output=True)
    home = tmp_path / "home"  # W&B keeps logs and settings in the home directory
    env = {**os.environ, "HOME": str(home), "WANDB_CACHE_DIR": str(home / "wandb-cache")}
    env = {k: v for k, v in env.items() if not k.startswith("E2E_WRITER_")}
    done = subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--basetemp={tmp_path / 't'}"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert " passed" in out and "failed" not in out and "skipped" not in out, out


OLDEST = [
    pytest.param("csv", id="csv"),
    pytest.param("mlflow", id="mlflow"),
    pytest.param("wandb", id="wandb"),
]


@pytest.mark.parametrize("preset", OLDEST)
def test_preset_project_passes_tox_on_the_oldest_python(tmp_path: Path, preset: str) -> None:
    """A clone of each preset's project passes its own `tox -e py39`, as its author runs it.

    The writers must work on every Python the project lists; on 3.9 only the tests that
    need a real service (MLflow's server and W&B's offline reader want 3.10+) are skipped,
    each with that reason.
    """
    tox = shutil.which("tox")
    assert tox, "tox must be installed in the integration environment"
    project = generate(make_spec("old-writer", preset=preset), tmp_path / "made").path
    clone = _clone_elsewhere(project, tmp_path / "elsewhere" / "old-writer")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLPLUGIN", "VIRTUAL_ENV"))}
    env.update(UV_PYTHON_DOWNLOADS="never", HOME=str(tmp_path / "home"))
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(sys.prefix)
    )
    out = _run(tox, "-e", "py39", "--", "-rs", cwd=clone, env=env, timeout=900)
    assert "py39: OK" in out, out
    skipped = [line for line in out.splitlines() if line.startswith("SKIPPED")]
    if preset == "csv":
        assert skipped == [], out
    else:
        assert skipped and all("3.10" in line for line in skipped), out
