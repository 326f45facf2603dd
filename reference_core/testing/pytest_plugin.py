"""Opt-in pytest plugin for stats-writer plugin projects.

Enable it in a ``conftest.py`` with ``pytest_plugins = ["reference_core.testing.pytest_plugin"]``
or on the command line with ``-p reference_core.testing.pytest_plugin``. It

* installs the host shim for the session, so plugin code that imports
  ``mlagents.trainers.stats`` runs without the real ML-Agents (when the real package is
  installed, it is used and the shim stays inactive); the status is printed in the
  session header;
* provides the fixtures ``run_options``, ``stats_reporter``, ``discover`` and
  ``contract``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Callable

import pytest

from reference_core import (
    ML_AGENTS_STATS_WRITER,
    Discovery,
    RunOptions,
    StatsReporter,
    discover_stats_writers,
    install_host_shim,
    shim_active,
    uninstall_host_shim,
)

from ._checks import ContractReport
from ._contract import StatsWriterContract
from ._sandbox import isolated_reporter
from ._scenario import DEFAULT_LATENCY_BUDGET_S, run_contract

_INSTALLED_BY_US = pytest.StashKey[bool]()


def pytest_configure(config: pytest.Config) -> None:
    """Install the host shim (a no-op when the real ML-Agents is importable)."""
    already = shim_active()
    installed = install_host_shim()
    config.stash[_INSTALLED_BY_US] = bool(installed) and not already


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the shim again if this plugin installed it."""
    if config.stash.get(_INSTALLED_BY_US, False):
        uninstall_host_shim()


def pytest_report_header(config: pytest.Config) -> str:  # noqa: ARG001 - hook signature
    """Say whether plugin code sees the shim or the real host."""
    if shim_active():
        return "reference_core host shim: active (mlagents not installed)"
    return "reference_core host shim: inactive (the real mlagents is installed)"


@pytest.fixture
def run_options(tmp_path: Path) -> RunOptions:
    """``RunOptions`` for run id ``test-run`` with its results under ``tmp_path``."""
    return StatsWriterContract().make_run_options(tmp_path)


@pytest.fixture
def stats_reporter() -> Iterator[type[StatsReporter]]:
    """``StatsReporter`` with clean class state; the previous state is restored after."""
    with isolated_reporter() as reporter:
        yield reporter


@pytest.fixture
def discover(run_options: RunOptions) -> Callable[..., Discovery]:
    """``discover(strict=True, ...)``: run host discovery for ``run_options``."""

    def run(
        *, strict: bool = True, include_defaults: bool = True, group: str = ML_AGENTS_STATS_WRITER
    ) -> Discovery:
        return discover_stats_writers(
            run_options, group=group, strict=strict, include_defaults=include_defaults
        )

    return run


@pytest.fixture
def contract(run_options: RunOptions) -> Callable[..., ContractReport]:
    """``contract(writers)``: run the contract; fail the test with every violation."""

    def run(
        writers: Sequence[Any],
        *,
        latency_budget_s: float = DEFAULT_LATENCY_BUDGET_S,
        threads: int = 4,
    ) -> ContractReport:
        report = run_contract(
            writers, run_options, latency_budget_s=latency_budget_s, threads=threads
        )
        if not report.ok:
            pytest.fail(report.describe(), pytrace=False)
        return report

    return run
