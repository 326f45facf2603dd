"""Ctrl-C and SIGTERM during any step of ``mlplugin verify`` leave nothing behind.

A real ``mlplugin verify`` process is stopped by a real signal in the middle of a step:
a small driver slows the step down (the build and install tools are replaced by a
program that makes a temporary directory, as a build backend does, and sleeps; the load,
register and run steps meet a plugin whose phase is announced) and marks when it has
begun. The process then gets SIGINT or SIGTERM; afterwards its temporary directory
(``TMPDIR``) must be empty and the venv cache must hold no half-built environment.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import GOOD_MODULE, pyproject, src_package

CATALOG = Path(__file__).resolve().parents[1] / "broken_plugins"

DRIVER = """
import signal, sys
from pathlib import Path

# as under a terminal, even when the test runner was started with SIGINT ignored
signal.signal(signal.SIGINT, signal.default_int_handler)

import scaffold._process as process
import scaffold._verify._child as child
from scaffold.cli import main

marker, step, project = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
SLOW = (
    "import pathlib, sys, tempfile, time; tempfile.mkdtemp(prefix='tool-');"
    "pathlib.Path(sys.argv[2]).mkdir(parents=True, exist_ok=True) if len(sys.argv) > 2 else 0;"
    "pathlib.Path(sys.argv[1]).touch(); time.sleep(120)"
)
real_run = process.run


def run(args, **options):
    if step == "build" and "build" in args:
        args = [sys.executable, "-c", SLOW, str(marker)]
    elif step == "install" and "venv" in args:
        args = [sys.executable, "-c", SLOW, str(marker), str(args[-1])]
    return real_run(args, **options)


process.run = run
real_handle = child._Watch.handle


def handle(self, event):
    real_handle(self, event)
    if type(event).__name__ == "PhaseStarted" and event.step == step:
        marker.touch()


child._Watch.handle = handle
main(["verify", project, "--timeout", "120"])
"""

#: (step to interrupt, the project to verify: a good one, or a catalog case)
STEPS = [
    pytest.param("build", "good", id="build"),
    pytest.param("install", "good", id="install"),
    pytest.param("load", "import-hangs", id="load"),
    pytest.param("register", "registration-hangs", id="register"),
    pytest.param("run", "write-stats-hangs", id="run"),
]
SIGNALS = [pytest.param(signal.SIGINT, id="SIGINT"), pytest.param(signal.SIGTERM, id="SIGTERM")]


def _project(tmp_path: Path, case: str) -> Path:
    target = tmp_path / "project"
    if case == "good":
        files = {"pyproject.toml": pyproject(GROUP), **src_package(GOOD_MODULE)}
        for relative, text in files.items():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            (target / relative).write_text(text, encoding="utf-8")
    else:
        shutil.copytree(CATALOG / case, target)
    return target


GROUP = '[project.entry-points."mlagents.stats_writer"]\ndemo = "demo_writer:get_writers"\n'


@pytest.mark.integration
@pytest.mark.parametrize("sig", SIGNALS)
@pytest.mark.parametrize(("step", "case"), STEPS)
def test_interrupted_step_leaves_nothing_behind(
    tmp_path: Path, step: str, case: str, sig: signal.Signals
) -> None:
    """A signal in the middle of each step ends verify with 130 and no temporary files."""
    project = _project(tmp_path, case)
    scratch, cache, marker = tmp_path / "tmp", tmp_path / "cache", tmp_path / "marker"
    scratch.mkdir()
    env = {
        **os.environ,
        "TMPDIR": str(scratch),
        "MLPLUGIN_CACHE_DIR": str(cache),
        "UV_PYTHON_DOWNLOADS": "never",
    }
    process = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(marker), step, str(project)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 240
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marker.exists(), process.communicate(timeout=5)[0].decode(errors="replace")
    process.send_signal(sig)
    output = process.communicate(timeout=60)[0].decode(errors="replace")
    assert process.returncode == 130, output
    assert "Traceback" not in output
    assert list(scratch.iterdir()) == []
    assert not list(cache.glob("venvs/.tmp-*"))
