"""``list_plugins``: installed ``mlagents.*`` entry points and their load status."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from envfakes import FakeEnv

from scaffold._env import InstalledPlugin, list_plugins

WRITER = """
from mlagents.trainers.stats import StatsWriter

class Writer(StatsWriter):
    def write_stats(self, category, values, step):
        pass
"""

#: (module source, entry-point value, expected status, text expected in error or detail)
LOAD_CASES = [
    pytest.param(
        WRITER + "def reg(run_options):\n    return [Writer(), Writer()]\n",
        "plug:reg",
        "ok",
        "2 writer(s): Writer, Writer",
        id="ok",
    ),
    pytest.param(
        WRITER + "def reg(run_options):\n    return []\n",
        "plug:reg",
        "ok",
        "0 writer(s)",
        id="empty-list",
    ),
    pytest.param(
        "raise RuntimeError('no token configured')\n",
        "plug:reg",
        "error",
        "no token configured",
        id="import-raises",
    ),
    pytest.param(
        "import not_installed_anywhere_xyz\n",
        "plug:reg",
        "error",
        "not_installed_anywhere_xyz",
        id="missing-dependency",
    ),
    pytest.param(
        WRITER + "def reg(run_options):\n    return [Writer()]\n",
        "plug:get_writers",
        "error",
        "'plug' has no attribute 'get_writers'",
        id="missing-attribute",
    ),
    pytest.param(
        WRITER + "def reg():\n    return [Writer()]\n",
        "plug:reg",
        "error",
        "cannot be called with one positional RunOptions",
        id="zero-arguments",
    ),
    pytest.param(
        WRITER + "def reg(run_options):\n    yield Writer()\n",
        "plug:reg",
        "error",
        "has no len()",
        id="generator",
    ),
    pytest.param(
        WRITER + "def reg(run_options):\n    return ['console']\n",
        "plug:reg",
        "error",
        "element 0 of the returned list is a str",
        id="not-a-writer",
    ),
    pytest.param(
        "import sys\ndef reg(run_options):\n    sys.exit('bye')\n",
        "plug:reg",
        "error",
        "SystemExit",
        id="system-exit",
    ),
    pytest.param(
        "import os\nos._exit(3)\n", "plug:reg", "error", "exit code 3", id="os-exit-at-import"
    ),
    pytest.param(
        "print('x' * 200000)\nraise ValueError('after the flood')\n",
        "plug:reg",
        "error",
        "after the flood",
        id="floods-stdout",
    ),
]


def _install(env: FakeEnv, source: str, value: str, group: str = "mlagents.stats_writer") -> None:
    env.module("plug", source)
    env.dist("fake-plugin", "0.3.0", {group: {"fake": value}})


@pytest.mark.parametrize(("source", "value", "status", "text"), LOAD_CASES)
def test_load_status(fake_env: FakeEnv, source: str, value: str, status: str, text: str) -> None:
    """Each entry point is loaded (and registered) in a child process; its outcome is kept."""
    _install(fake_env, source, value)
    (plugin,) = list_plugins(interpreter=fake_env.interpreter(), timeout_s=20)
    assert plugin.status == status, plugin.error
    assert text in (plugin.error or plugin.detail or "")


def test_hanging_import_times_out(fake_env: FakeEnv) -> None:
    """An import that never finishes is reported as a timeout, and quickly."""
    _install(fake_env, "import time\nwhile True:\n    time.sleep(0.1)\n", "plug:reg")
    started = time.monotonic()
    (plugin,) = list_plugins(interpreter=fake_env.interpreter(), timeout_s=1.5)
    assert plugin.status == "timeout"
    assert "1.5 s" in (plugin.error or "")
    assert time.monotonic() - started < 10


def test_hanging_plugin_does_not_hide_the_others(fake_env: FakeEnv) -> None:
    """Entry points load independently: one hang leaves the other's status intact."""
    fake_env.module("hangs", "import time\ntime.sleep(60)\n")
    fake_env.module("plug", WRITER + "def reg(run_options):\n    return [Writer()]\n")
    fake_env.dist(
        "two-plugins", "1.0", {"mlagents.stats_writer": {"a": "hangs:reg", "b": "plug:reg"}}
    )
    result = {
        p.name: p.status for p in list_plugins(interpreter=fake_env.interpreter(), timeout_s=2)
    }
    assert result == {"a": "timeout", "b": "ok"}


TRAINER_SOURCE = """\
class Toy:
    @staticmethod
    def get_trainer_name():
        return "toy"

class Ppo(Toy):
    @staticmethod
    def get_trainer_name():
        return "ppo"

class Settings:
    pass

def good():
    return {"toy": Toy}, {"toy": Settings}

def override():
    return {"ppo": Ppo}, {"ppo": Settings}

def raises():
    raise RuntimeError("no GPU here")

def needs_torch():
    return {}, {}
"""
TRAINER_CASES = [
    pytest.param("plug:good", "ok", ("toy",), (), id="registers-its-names"),
    pytest.param("plug:override", "ok", ("ppo",), ("ppo",), id="override-is-flagged"),
    pytest.param("plug:raises", "error", (), (), id="registration-raises"),
    pytest.param("needs_host:needs_torch", "needs-host", (), (), id="imports-torch"),
]


@pytest.mark.parametrize(("value", "status", "names", "overrides"), TRAINER_CASES)
def test_trainer_plugins_register_with_their_names(
    fake_env: FakeEnv,
    value: str,
    status: str,
    names: tuple[str, ...],
    overrides: tuple[str, ...],
) -> None:
    """Trainer registrations are called with no arguments; names and overrides are kept."""
    fake_env.module("plug", TRAINER_SOURCE)
    fake_env.module("needs_host", "import torch\n" + TRAINER_SOURCE)
    fake_env.dist("fake-trainer", "1.0", {"mlagents.trainer_type": {"tt": value}})
    (plugin,) = list_plugins(interpreter=fake_env.interpreter())
    assert (plugin.status, plugin.trainer_types, plugin.overrides) == (status, names, overrides)


def test_no_load_reports_metadata_only(fake_env: FakeEnv) -> None:
    """With ``load=False`` nothing runs and every status is ``not-loaded``."""
    _install(fake_env, "raise RuntimeError('must not run')\n", "plug:reg")
    (plugin,) = list_plugins(interpreter=fake_env.interpreter(), load=False)
    assert plugin == InstalledPlugin(
        distribution="fake-plugin",
        version="0.3.0",
        location=str(fake_env.site),
        editable=False,
        name="fake",
        group="mlagents.stats_writer",
        value="plug:reg",
        metadata_path=str(fake_env.site / "fake_plugin-0.3.0.dist-info"),
    )


def test_editable_install_is_located_at_its_source(fake_env: FakeEnv, tmp_path: Path) -> None:
    """An editable install's location is the source directory from direct_url.json."""
    source = tmp_path / "src tree"
    source.mkdir()
    fake_env.dist(
        "edit-me", "0.1", {"mlagents.stats_writer": {"e": "plug:reg"}}, editable_from=source
    )
    (plugin,) = list_plugins(interpreter=fake_env.interpreter(), load=False)
    assert plugin.editable
    assert plugin.location == str(source)


GROUP_CASES = [
    pytest.param(("mlagents.stats_writer", "mlagents.trainer_type"), {"sw", "tt"}, id="default"),
    pytest.param(("mlagents.trainer_type",), {"tt"}, id="trainers-only"),
    pytest.param(None, {"sw", "tt", "other", "typo"}, id="every-mlagents-group"),
]


@pytest.mark.parametrize(("groups", "names"), GROUP_CASES)
def test_groups_select_entry_points(
    fake_env: FakeEnv, groups: tuple[str, ...] | None, names: set[str]
) -> None:
    """Only the requested groups are listed; ``None`` means every ``mlagents.*`` group."""
    fake_env.dist(
        "many",
        "1.0",
        {
            "mlagents.stats_writer": {"sw": "a:b"},
            "mlagents.trainer_type": {"tt": "a:b"},
            "mlagents.other": {"other": "a:b"},
            "mlagents.stat_writer": {"typo": "a:b"},
            "console_scripts": {"tool": "a:b"},
        },
    )
    listed = list_plugins(interpreter=fake_env.interpreter(), groups=groups, load=False)
    assert {p.name for p in listed} == names


def test_empty_environment_lists_nothing(fake_env: FakeEnv) -> None:
    """Distributions without ``mlagents.*`` entry points are not listed."""
    fake_env.dist("requests", "2.0", {"console_scripts": {"x": "a:b"}})
    assert list_plugins(interpreter=fake_env.interpreter()) == ()
