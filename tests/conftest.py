"""Shared fixtures for mlplugin's own tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
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


@pytest.fixture(scope="session", autouse=True)
def _caches_outside_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep verify's venv cache and the uv/pip caches out of the user's home directory."""
    caches = tmp_path_factory.mktemp("caches")
    names = {"MLPLUGIN_CACHE_DIR": "mlplugin", "UV_CACHE_DIR": "uv", "PIP_CACHE_DIR": "pip"}
    saved = {name: os.environ.get(name) for name in names}
    for name, sub in names.items():
        os.environ[name] = str(caches / sub)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
