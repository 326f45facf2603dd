"""Shared fixtures for mlplugin's own tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# pytester runs inner pytest sessions (the contract-suite tests); it must be enabled here,
# in the top-level conftest, for every way of selecting tests.
pytest_plugins = ["pytester"]


@pytest.fixture(scope="session")
def mlplugin_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of this checkout, built once per session (uv when present, else build)."""
    out = tmp_path_factory.mktemp("mlplugin-wheel")
    uv = shutil.which("uv")
    if uv:
        command = [uv, "build", "--wheel", "--out-dir", str(out), str(ROOT)]
    else:
        command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)]
    subprocess.run(command, check=True, capture_output=True)
    (wheel,) = out.glob("mlplugin-*.whl")
    return wheel
