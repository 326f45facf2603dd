"""Fixtures of the differential suite: the real host's interpreter and installed plugins."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Callable

import hostdiff
import propserver
import pytest
from hypothesis.configuration import set_hypothesis_home_dir


def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis keeps its caches in a temporary directory, never in the checkout."""
    import tempfile

    set_hypothesis_home_dir(tempfile.mkdtemp(prefix="mlplugin-hypothesis-"))


@pytest.fixture(scope="session")
def real_python() -> Path:
    """The interpreter of the real ML-Agents host, installed on first use.

    Fails the session (never skips) with the installer's output when the host cannot
    be installed.
    """
    return hostdiff.ensure_real_host(hostdiff.host_venv())


@pytest.fixture(scope="session")
def plugin_path(
    real_python: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], str]:
    """Install a fixture plugin (by directory name) into its own target dir; return it.

    Installs happen once per session, outside the cached host venv; the driver puts the
    directory on ``sys.path`` on both sides.
    """
    cache: dict[str, str] = {}

    def install(name: str) -> str:
        if name not in cache:
            source = hostdiff.FIXTURE_PLUGINS / name
            target = tmp_path_factory.mktemp(f"plugin-{name}")
            hostdiff.pip_install_target(real_python, source, target)
            cache[name] = str(target)
        return cache[name]

    return install


@pytest.fixture(scope="session")
def reference_python_is_shimmed() -> None:
    """The interpreter running pytest must not have the real mlagents installed."""
    import importlib.util

    if importlib.util.find_spec("mlagents") is not None:
        pytest.fail(
            f"{sys.executable} has the real mlagents installed, so reference_core's shim "
            "cannot serve it; run the host suite from mlplugin's own environment"
        )


@pytest.fixture(scope="session")
def stats_servers(
    real_python: Path,
    tmp_path_factory: pytest.TempPathFactory,
    reference_python_is_shimmed: None,
) -> Iterator[propserver.Pair]:
    """Both stats hosts, each one long-lived process for the whole session."""
    pair = propserver.Pair("_statserver.py", real_python, tmp_path_factory.mktemp("servers"))
    yield pair
    pair.close()


@pytest.fixture(scope="session")
def settings_servers(
    real_python: Path,
    tmp_path_factory: pytest.TempPathFactory,
    reference_python_is_shimmed: None,
) -> Iterator[propserver.Pair]:
    """Both settings loaders, each one long-lived process for the whole session."""
    pair = propserver.Pair("_settingsserver.py", real_python, tmp_path_factory.mktemp("servers"))
    yield pair
    pair.close()


@pytest.fixture(scope="session")
def discovery_servers(
    real_python: Path,
    tmp_path_factory: pytest.TempPathFactory,
    reference_python_is_shimmed: None,
) -> Iterator[propserver.Pair]:
    """Both hosts' plugin discovery, each one long-lived process for the whole session."""
    pair = propserver.Pair("_discoveryserver.py", real_python, tmp_path_factory.mktemp("servers"))
    yield pair
    pair.close()
