"""Shared fixtures: the trainer registered with the real host, and the sample config."""

from pathlib import Path
from typing import Any, Dict

import pytest
import yaml

CONFIG = Path(__file__).resolve().parents[1] / "config.yaml"
TRAINER_TYPE = "{{ cookiecutter.trainer_type }}"


@pytest.fixture(scope="session")
def registered() -> Dict[str, Any]:
    """The host's trainer table after ``register_trainer_plugins()``, which must hold ours.

    Fails (does not skip) when mlagents is present but the plugin is not installed.
    """
    pytest.importorskip(
        "mlagents.plugins.trainer_type",
        reason="the real mlagents host is not installed here; run tox (py310/py311), which installs it",
    )
    from mlagents.plugins.trainer_type import register_trainer_plugins

    trainer_types, _ = register_trainer_plugins()
    if TRAINER_TYPE not in trainer_types:
        pytest.fail(
            f"trainer type {TRAINER_TYPE!r} is not registered: install this project into the "
            "environment that has mlagents (pip install -e .)"
        )
    return trainer_types


@pytest.fixture(scope="session")
def sample_behavior() -> Dict[str, Any]:
    """The LineWorld behavior of config.yaml, as YAML loads it."""
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["behaviors"]["LineWorld"]
