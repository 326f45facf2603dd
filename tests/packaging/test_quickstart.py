"""The README's quickstart, ``bash scripts/quickstart.sh my-writer``, can be run twice.

The second run reuses ``.venv`` and the project the first run created, leaves that
project exactly as the user left it, and installs and tests it again. Both runs happen
in a private copy of the checkout (the script creates ``.venv`` and ``my-writer/``
inside the checkout it belongs to).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("bash") is None, reason="the quickstart is a bash script"),
]


def _quickstart(checkout: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHON": sys.executable}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        ["bash", "scripts/quickstart.sh", "my-writer"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _snapshot(project: Path) -> dict[str, bytes]:
    skip = {".pytest_cache", "__pycache__"}
    return {
        str(p.relative_to(project)): p.read_bytes()
        for p in sorted(project.rglob("*"))
        if p.is_file()
        and not skip & set(p.relative_to(project).parts)
        and ".egg-info" not in str(p)
    }


def test_quickstart_runs_twice_and_keeps_the_project(
    tmp_path: Path, checkout_copier: Callable[[Path], Path]
) -> None:
    """Run, edit the project, run again: exit 0 both times, the edits are kept."""
    checkout = checkout_copier(tmp_path / "checkout")
    first = _quickstart(checkout)
    assert first.returncode == 0, first.stdout + first.stderr
    assert " passed" in first.stdout
    project = checkout / "my-writer"
    (project / "NOTES.md").write_text("my own notes\n", encoding="utf-8")
    readme = project / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    venv_python = (checkout / ".venv" / "bin" / "python").stat().st_ino
    before = _snapshot(project)

    second = _quickstart(checkout)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "already exists: leaving it as it is" in second.stdout
    assert "creating" not in second.stdout  # .venv was reused
    assert " passed" in second.stdout
    assert _snapshot(project) == before
    assert (checkout / ".venv" / "bin" / "python").stat().st_ino == venv_python
