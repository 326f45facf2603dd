"""``list_plugins`` with many plugins: children load several, one hostile plugin hides none.

Loader children walk their share of the entry points one after the other (the cost per
plugin stays flat); a plugin that hangs, exits or crashes its child is reported, and a
new child loads the rest. Each good plugin notes the process that imported it, so the
tests can see how many children there were.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from envfakes import FakeEnv

from scaffold._env import list_plugins

GOOD = """
import os
from pathlib import Path

from mlagents.trainers.stats import StatsWriter

Path({pids!r}, "{name}").write_text(str(os.getpid()))

class Writer(StatsWriter):
    def write_stats(self, category, values, step):
        pass

def reg(run_options):
    return [Writer()]
"""
#: (hostile module source, expected status, text expected in its error)
HOSTILE = [
    pytest.param("import time\ntime.sleep(60)\n", "timeout", "did not finish", id="hangs"),
    pytest.param("import os\nos._exit(7)\n", "error", "exit code 7", id="os-exit-at-import"),
    pytest.param(
        "import os\ndef reg(run_options):\n    os._exit(9)\n",
        "error",
        "exit code 9",
        id="os-exit-when-registering",
    ),
    pytest.param(
        "raise KeyboardInterrupt('not now')\n", "error", "KeyboardInterrupt", id="base-exception"
    ),
    pytest.param(
        "def reg(run_options):\n    raise SystemExit(4)\n", "error", "SystemExit", id="system-exit"
    ),
    pytest.param(
        "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n",
        "error",
        "exit code -11",
        id="crashes",
    ),
]
GOOD_COUNT = 12


def _many(env: FakeEnv, pids: Path, hostile: str) -> None:
    """``GOOD_COUNT`` good plugins, with the hostile one in the middle (its own dist)."""
    pids.mkdir()
    for index in range(GOOD_COUNT):
        name = f"good{index:02d}"
        env.module(name, GOOD.format(pids=str(pids), name=name))
        env.dist(f"{name}-plugin", "1.0", {"mlagents.stats_writer": {name: f"{name}:reg"}})
        if index == GOOD_COUNT // 2:
            env.module("hostile", hostile)
            env.dist("hostile-plugin", "1.0", {"mlagents.stats_writer": {"bad": "hostile:reg"}})


@pytest.mark.parametrize(("hostile", "status", "text"), HOSTILE)
def test_a_hostile_plugin_among_many_hides_none(
    fake_env: FakeEnv, tmp_path: Path, hostile: str, status: str, text: str
) -> None:
    """Every good plugin loads; the hostile one alone gets its status."""
    _many(fake_env, tmp_path / "pids", hostile)
    plugins = list_plugins(interpreter=fake_env.interpreter(), timeout_s=2)
    result = {p.name: p.status for p in plugins}
    bad = next(p for p in plugins if p.name == "bad")
    assert result.pop("bad") == status, bad.error
    assert text in (bad.error or "")
    assert result == {f"good{i:02d}": "ok" for i in range(GOOD_COUNT)}


def test_children_load_several_plugins_each(fake_env: FakeEnv, tmp_path: Path) -> None:
    """Twelve good plugins load in at most one child per CPU, not one child each."""
    _many(fake_env, tmp_path / "pids", "def reg(run_options):\n    return []\n")
    plugins = list_plugins(interpreter=fake_env.interpreter(), timeout_s=10)
    assert {p.status for p in plugins} == {"ok"}
    pids = {p.read_text() for p in (tmp_path / "pids").iterdir()}
    assert len(pids) <= min(os.cpu_count() or 1, 8) < GOOD_COUNT


def test_a_child_that_dies_is_replaced_for_the_rest(fake_env: FakeEnv, tmp_path: Path) -> None:
    """After a plugin ends its child, the plugins after it load in a new one."""
    _many(fake_env, tmp_path / "pids", "import os\nos._exit(7)\n")
    plugins = list_plugins(interpreter=fake_env.interpreter(), timeout_s=10)
    assert [p.status for p in plugins].count("ok") == GOOD_COUNT
    pids = {p.read_text() for p in (tmp_path / "pids").iterdir()}
    assert len(pids) <= min(os.cpu_count() or 1, 8) + 1
