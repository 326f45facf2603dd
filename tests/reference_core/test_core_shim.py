"""The opt-in host shim that serves mlagents.* names from reference_core."""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
from pathlib import Path

import pytest

import reference_core
from reference_core import (
    SHIMMED_MODULES,
    host_shim,
    install_host_shim,
    shim_active,
    uninstall_host_shim,
)


def _real_host_installed() -> bool:
    return any(importlib.util.find_spec(top) is not None for top in ("mlagents", "mlagents_envs"))


pytestmark = pytest.mark.skipif(
    _real_host_installed(), reason="a real mlagents/mlagents_envs is importable here"
)

SAME_OBJECTS = [
    pytest.param(
        "mlagents.trainers.stats", "StatsWriter", reference_core.StatsWriter, id="StatsWriter"
    ),
    pytest.param(
        "mlagents.trainers.stats", "StatsSummary", reference_core.StatsSummary, id="StatsSummary"
    ),
    pytest.param(
        "mlagents.trainers.stats", "StatsReporter", reference_core.StatsReporter, id="StatsReporter"
    ),
    pytest.param(
        "mlagents.trainers.stats",
        "StatsAggregationMethod",
        reference_core.StatsAggregationMethod,
        id="stats-enum",
    ),
    pytest.param(
        "mlagents_envs.side_channel.stats_side_channel",
        "StatsAggregationMethod",
        reference_core.StatsAggregationMethod,
        id="side-channel-enum",
    ),
    pytest.param(
        "mlagents.trainers.stats", "TensorboardWriter", reference_core.TensorboardWriter, id="tb"
    ),
    pytest.param(
        "mlagents.trainers.settings", "RunOptions", reference_core.RunOptions, id="RunOptions"
    ),
    pytest.param(
        "mlagents.trainers.exception",
        "TrainerConfigError",
        reference_core.TrainerConfigError,
        id="TrainerConfigError",
    ),
    pytest.param(
        "mlagents.plugins",
        "ML_AGENTS_STATS_WRITER",
        reference_core.ML_AGENTS_STATS_WRITER,
        id="group",
    ),
    pytest.param(
        "mlagents.plugins", "all_trainer_types", reference_core.all_trainer_types, id="registry"
    ),
    pytest.param(
        "mlagents.plugins.stats_writer",
        "register_stats_writer_plugins",
        reference_core.register_stats_writer_plugins,
        id="register",
    ),
    pytest.param(
        "mlagents_envs.logging_util", "get_logger", reference_core.get_logger, id="get_logger"
    ),
    pytest.param("mlagents_envs.logging_util", "INFO", logging.INFO, id="INFO"),
    pytest.param("mlagents_envs.timers", "set_gauge", reference_core.set_gauge, id="set_gauge"),
]


@pytest.mark.parametrize(("module", "name", "expected"), SAME_OBJECTS)
def test_shim_serves_the_same_objects(module: str, name: str, expected: object) -> None:
    """Shimmed modules re-export reference_core's own objects (identity, not copies)."""
    assert install_host_shim() is True
    assert getattr(importlib.import_module(module), name) is expected


@pytest.mark.parametrize("module", SHIMMED_MODULES)
def test_every_shimmed_module_imports_with_marker(module: str) -> None:
    """Each listed module imports under the shim and carries the marker attribute."""
    install_host_shim()
    imported = importlib.import_module(module)
    assert imported.__reference_core_shim__ is True
    assert sys.modules[module] is imported


def test_plugin_code_written_for_the_host_runs() -> None:
    """A writer subclassing mlagents' StatsWriter is a reference_core StatsWriter."""
    install_host_shim()
    from mlagents.trainers.stats import StatsSummary, StatsWriter

    class Writer(StatsWriter):  # type: ignore[misc, valid-type]
        def write_stats(self, category: str, values: dict[str, StatsSummary], step: int) -> None:  # noqa: ARG002
            self.seen = (category, step)

    writer = Writer()
    reference_core.StatsReporter.add_writer(writer)
    reference_core.StatsReporter("B").write_stats(3)
    assert isinstance(writer, reference_core.StatsWriter)
    assert writer.seen == ("B", 3)


def test_not_active_until_installed() -> None:
    """Importing reference_core alone does not make mlagents importable."""
    assert shim_active() is False
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("mlagents.trainers.stats")


def test_install_is_idempotent() -> None:
    """Installing twice leaves one finder on sys.meta_path, placed last."""
    assert install_host_shim() is True
    assert install_host_shim() is True
    finders = [f for f in sys.meta_path if type(f).__name__ == "_HostShimFinder"]
    assert len(finders) == 1
    assert sys.meta_path[-1] is finders[0]


def test_uninstall_removes_finder_and_modules() -> None:
    """uninstall_host_shim removes the finder and every shimmed module from sys.modules."""
    install_host_shim()
    importlib.import_module("mlagents.trainers.stats")
    importlib.import_module("mlagents_envs.timers")
    uninstall_host_shim()
    assert shim_active() is False
    assert [name for name in sys.modules if name.startswith(("mlagents.", "mlagents_envs"))] == []
    assert "mlagents" not in sys.modules
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("mlagents.trainers.stats")


def test_unlisted_names_are_not_served() -> None:
    """Modules outside SHIMMED_MODULES stay unimportable under the shim."""
    install_host_shim()
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("mlagents.trainers.ppo")


def test_context_manager_nests() -> None:
    """host_shim() installs for its block and removes only what it installed."""
    with host_shim() as outer:
        assert outer is True
        with host_shim() as inner:
            assert inner is True
        assert shim_active() is True
    assert shim_active() is False


def _fake_package(root: Path, name: str) -> None:
    package = root / name
    package.mkdir()
    (package / "__init__.py").write_text("REAL = True\n", encoding="utf-8")


def test_real_packages_disable_the_shim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With both real packages importable, nothing is shimmed and install returns False."""
    _fake_package(tmp_path, "mlagents")
    _fake_package(tmp_path, "mlagents_envs")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert install_host_shim() is False
    assert shim_active() is False
    assert importlib.import_module("mlagents").REAL is True


def test_real_package_is_never_mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real mlagents wins; its missing submodules are not filled in; mlagents_envs is shimmed."""
    _fake_package(tmp_path, "mlagents")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert install_host_shim() is True
    assert importlib.import_module("mlagents").REAL is True
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("mlagents.trainers.stats")
    timers = importlib.import_module("mlagents_envs.timers")
    assert timers.set_gauge is reference_core.set_gauge


def test_real_package_appearing_later_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shim sits last on sys.meta_path, so a real package added later is preferred."""
    install_host_shim()
    _fake_package(tmp_path, "mlagents")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert importlib.import_module("mlagents").REAL is True
