"""The sdist holds the repository's own top-level paths, whatever else lies in the checkout.

``bash scripts/quickstart.sh my-writer`` creates ``my-writer/`` (with its own
``README.md``, ``tests/`` and ``docs/``) and ``.venv/`` inside the checkout. The sdist's
include patterns are anchored, so neither ends up in mlplugin's sdist. The test copies
the tracked files to a temporary checkout, adds such strays and builds the sdist there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Callable

import pytest

from scaffold import generate, make_spec

pytestmark = pytest.mark.integration

#: The top-level entries of the sdist; anything else is a leak.
TOP_LEVEL = {
    "scaffold",
    "reference_core",
    "templates",
    "tests",
    "docs",
    "benchmarks",
    "scripts",
    "README.md",
    "CHANGELOG.md",
    "LICENSE",
    "tox.ini",
    ".python-version",
    "pyproject.toml",
    "PKG-INFO",
    ".gitignore",
}


def _build_sdist(checkout: Path, out: Path) -> Path:
    uv = shutil.which("uv")
    if uv:
        command = [uv, "build", "--sdist", "--out-dir", str(out), str(checkout)]
    else:
        command = [sys.executable, "-m", "build", "--sdist", "--outdir", str(out), str(checkout)]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    (sdist,) = out.glob("mlplugin-*.tar.gz")
    return sdist


STRAYS = [
    pytest.param("my-writer", id="quickstart-project"),
    pytest.param(".venv/lib/python3.11/site-packages/scaffold", id="venv-inside-checkout"),
]


@pytest.fixture(scope="module")
def sdist_members(
    tmp_path_factory: pytest.TempPathFactory, checkout_copier: Callable[[Path], Path]
) -> list[str]:
    """Member paths (without the ``mlplugin-X.Y/`` prefix) of an sdist built beside strays."""
    checkout = tmp_path_factory.mktemp("checkout")
    checkout_copier(checkout)
    generate(make_spec("my-writer"), checkout)
    venv_package = checkout / ".venv/lib/python3.11/site-packages/scaffold"
    venv_package.mkdir(parents=True)
    (venv_package / "__init__.py").write_text("", encoding="utf-8")
    sdist = _build_sdist(checkout, tmp_path_factory.mktemp("sdist"))
    with tarfile.open(sdist) as archive:
        return [m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name]


@pytest.mark.parametrize("stray", STRAYS)
def test_stray_directories_stay_out_of_the_sdist(sdist_members: list[str], stray: str) -> None:
    """Nothing under a directory the quickstart (or a local venv) creates is packaged."""
    assert not [m for m in sdist_members if m == stray or m.startswith(stray + "/")]


def test_sdist_has_only_the_repository_top_level(sdist_members: list[str]) -> None:
    """Every member lies under one of the repository's own top-level paths."""
    assert {m.split("/", 1)[0] for m in sdist_members} <= TOP_LEVEL
    assert "scaffold/cli.py" in sdist_members
    assert "scripts/quickstart.sh" in sdist_members
