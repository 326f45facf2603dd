"""Fixtures for the ``list`` and ``doctor`` tests: an empty fake environment per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from envfakes import FakeEnv


@pytest.fixture
def fake_env(tmp_path: Path) -> FakeEnv:
    """An empty fake environment."""
    return FakeEnv(tmp_path)
