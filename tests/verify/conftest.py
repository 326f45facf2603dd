"""Fixtures for verify's tests: tiny projects written into tmp_path, a private cache."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable

import pytest

Writer = Callable[..., Path]

PYPROJECT_HEAD = """\
[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "demo-writer"
version = "0.1.0"
requires-python = ">=3.9"
"""

GOOD_MODULE = '''\
"""A minimal, well-behaved stats writer."""
from pathlib import Path

from mlagents.trainers.stats import StatsWriter


class DemoWriter(StatsWriter):
    def __init__(self, run_options):
        self.path = Path(run_options.checkpoint_settings.write_path) / "demo.txt"

    def write_stats(self, category, values, step):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(f"{category} {step} {len(values)}\\n")


def get_writers(run_options):
    return [DemoWriter(run_options)]
'''


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep verify's venv cache out of the user's home directory (shared per session)."""
    cache = tmp_path_factory.getbasetemp() / "mlplugin-cache"
    monkeypatch.setenv("MLPLUGIN_CACHE_DIR", str(cache))


@pytest.fixture
def project(tmp_path: Path) -> Writer:
    """Write ``{relative path: text}`` into a fresh project directory and return it."""

    def write(files: dict[str, str], name: str = "demo") -> Path:
        root = tmp_path / name
        for relative, text in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        root.mkdir(parents=True, exist_ok=True)
        return root

    return write


def pyproject(entry_points: str = "", extra: str = "") -> str:
    """A setuptools pyproject.toml with ``entry_points`` tables appended."""
    return PYPROJECT_HEAD + extra + "\n" + textwrap.dedent(entry_points)


def src_package(module: str = GOOD_MODULE, package: str = "demo_writer") -> dict[str, str]:
    """A src-layout package whose ``__init__`` is ``module``."""
    return {f"src/{package}/__init__.py": module}
