"""A private copy of the checkout, for tests that build or run scripts inside one."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[2]


def copy_checkout(dest: Path) -> Path:
    """Copy the files git tracks (outside a git checkout: the tree) to ``dest``; return it."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode != 0:
        ignore = shutil.ignore_patterns(".git", ".tox", ".venv*", "__pycache__")
        shutil.copytree(ROOT, dest, ignore=ignore, dirs_exist_ok=True)
        return dest
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


@pytest.fixture(scope="session")
def checkout_copier() -> Callable[[Path], Path]:
    """:func:`copy_checkout`, for test modules (a conftest cannot be imported by name here)."""
    return copy_checkout
