"""Opt-in pytest plugin for stats-writer plugin projects.

Enable it in a ``conftest.py`` with ``pytest_plugins = ["reference_core.testing.pytest_plugin"]``
or on the command line with ``-p reference_core.testing.pytest_plugin``. It

* installs the host shim for the session, so plugin code that imports
  ``mlagents.trainers.stats`` runs without the real ML-Agents (when the real package is
  installed, it is used and the shim stays inactive); the status is printed in the
  session header;
* provides the fixtures ``run_options``, ``stats_reporter``, ``discover`` and
  ``contract``;
* when pytest's root directory is a plugin project (its ``pyproject.toml`` or
  ``setup.py`` declares ``mlagents.stats_writer`` entry points), checks once that the
  host can use *this* project's entry points (installed, not stale, loadable). If not,
  the session reports that as its one failure, with the fix, instead of running tests
  that would all fail for the same reason. Other broken plugins installed in the
  environment do not fail the session: they are listed in the terminal summary.
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
from ._environment import check_project
from ._sandbox import isolated_reporter
from ._scenario import DEFAULT_LATENCY_BUDGET_S, run_contract

_INSTALLED_BY_US = pytest.StashKey[bool]()
_PROJECT_CHECK = pytest.StashKey[Any]()  # a ProjectCheck or None


class _InstallCheck(pytest.Item):
    """The one test a session runs when the project's own plugin cannot be used."""

    def __init__(self, *, problem: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problem = problem

    def runtest(self) -> None:
        """Fail with the problem (no traceback: see repr_failure)."""
        raise _UnusablePlugin(self.problem)

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:  # noqa: ARG002
        """The sentence and its fix, nothing else."""
        return self.problem

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Where the problem lies: the project's packaging, as installed."""
        return self.path, None, "the plugin's installation"


class _UnusablePlugin(Exception):
    """Raised by :class:`_InstallCheck`."""


class _PackagingFile(pytest.File):
    """The project's packaging file, as the parent of :class:`_InstallCheck`."""

    def collect(self) -> list[pytest.Item]:
        """Nothing to collect: the check is added by this plugin."""
        return []


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


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Check this project's install; if unusable, run one failing item instead of all."""
    found = check_project(config.rootpath)
    config.stash[_PROJECT_CHECK] = found
    if found is None or found.problem is None or not items:
        return
    packaging = _PackagingFile.from_parent(session, path=config.rootpath / found.packaging_file)
    check = _InstallCheck.from_parent(packaging, name="installed-plugin", problem=found.problem)
    config.hook.pytest_deselected(items=list(items))
    items[:] = [check]


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """List the other broken plugins of the environment, which do not fail this session."""
    found = config.stash.get(_PROJECT_CHECK, None)
    if found is None or not found.others:
        return
    write = terminalreporter.write_line
    terminalreporter.section("other ML-Agents plugins in this environment", sep="-")
    write(
        f"{len(found.others)} other installed stats-writer plugin(s) cannot be loaded; the "
        "host would log an error for each and train without it. They do not affect this "
        "project's tests:"
    )
    for broken in found.others:
        write(f"  {broken.describe()}")
    write("Run `mlplugin doctor` to see why and how to fix or uninstall them.")


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
