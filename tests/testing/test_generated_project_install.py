"""End to end: a generated project's own pytest judges its plugin, not the environment.

A project from ``mlplugin new`` is installed with ``pip install -e ".[test]"`` into a
fresh environment holding the mlplugin wheel, next to a second plugin whose source
folder is then deleted (a stale editable install). The user's story then plays out in
one environment, each step asserted on the project's real ``pytest`` output:

1. the other, broken plugin is listed in the terminal summary and fails nothing;
2. the registration function is renamed in the code but not in ``pyproject.toml``:
   one failure, naming the near name and the fix;
3. ``pyproject.toml`` is fixed but the project not reinstalled: one failure saying the
   install is stale;
4. after reinstalling, every test passes again.
"""

from __future__ import annotations

import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from scaffold import generate, make_spec

pytestmark = pytest.mark.integration


def _run(*command: object, cwd: Path, ok: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )
    if ok:
        assert proc.returncode == 0, f"{command}:\n{proc.stdout}\n{proc.stderr}"
    return proc


def _rename(project: Path, old: str, new: str, *, where: tuple[str, ...]) -> None:
    for folder in where:
        for path in (project / folder).rglob("*"):
            if path.is_file() and path.suffix in {".py", ".toml"}:
                text = path.read_text(encoding="utf-8")
                path.write_text(text.replace(old, new), encoding="utf-8")


def test_generated_tests_judge_this_plugin_and_name_the_fix(
    tmp_path: Path, mlplugin_wheel: Path
) -> None:
    """Stale other plugin: summary only; renamed function and stale install: one failure each."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    pip = (python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check")
    _run(*pip, mlplugin_wheel, cwd=tmp_path)
    project = generate(make_spec("story-writer"), tmp_path / "src").path
    other = generate(make_spec("gone-writer"), tmp_path / "src").path
    _run(*pip, "-e", ".[test]", cwd=project)
    _run(*pip, "-e", ".", cwd=other)
    shutil.rmtree(other)
    pytest_args = (python, "-m", "pytest", "-p", "no:cacheprovider", f"--basetemp={tmp_path / 't'}")

    out = _run(*pytest_args, cwd=project).stdout
    assert " passed" in out and "failed" not in out, out
    assert "other ML-Agents plugins in this environment" in out, out
    assert "gone-writer (entry point 'gone_writer'" in out, out
    assert "mlplugin doctor" in out, out

    _rename(project, "get_stats_writers", "get_writers", where=("src", "tests"))
    proc = _run(*pytest_args, cwd=project, ok=False)
    assert proc.returncode == 1, proc.stdout
    assert "1 failed" in proc.stdout and " passed" not in proc.stdout, proc.stdout
    assert "has no attribute 'get_stats_writers' (did you mean 'get_writers'?)" in proc.stdout
    assert 'pip install -e ".[test]"' in proc.stdout
    assert "Traceback" not in proc.stdout and len(proc.stdout.splitlines()) < 30, proc.stdout

    _rename(project, "get_stats_writers", "get_writers", where=(".",))  # pyproject.toml
    proc = _run(*pytest_args, cwd=project, ok=False)
    assert proc.returncode == 1, proc.stdout
    assert "1 failed" in proc.stdout, proc.stdout
    assert "The installed metadata of story-writer is stale" in proc.stdout, proc.stdout

    _run(*pip, "-e", ".[test]", cwd=project)
    out = _run(*pytest_args, cwd=project).stdout
    assert " passed" in out and "failed" not in out, out
