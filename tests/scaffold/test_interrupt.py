"""Ctrl-C and SIGTERM in the middle of ``mlplugin new`` undo what was written.

A real ``mlplugin`` process is stopped by a real signal while it writes: the writer is
slowed down after its first file (through ``sitecustomize``-free patching in a small
driver script), the test waits until that file exists, signals the process and then
compares the directory with its state before the run.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scaffold import generate, make_spec

DRIVER = """
import signal, sys, time
from pathlib import Path
# as under a terminal, even when the test runner was started with SIGINT ignored
signal.signal(signal.SIGINT, signal.default_int_handler)
import scaffold._overlay as overlay
import scaffold._generate as generate

marker = Path(sys.argv[1])
real_write, real_replace = overlay._write_file, generate.Path.replace

def slow_write(source, destination):
    real_write(source, destination)
    marker.touch()
    time.sleep(60)

overlay._write_file = slow_write

def slow_replace(self, target):
    if ".mlplugin-" in str(self):
        marker.touch()
        time.sleep(60)
    return real_replace(self, target)

generate.Path.replace = slow_replace
from scaffold.cli import main
main(sys.argv[2:])
"""


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(root.rglob("*"))
    }


SIGNALS = [
    pytest.param(signal.SIGINT, id="ctrl-c"),
    pytest.param(signal.SIGTERM, id="sigterm"),
]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", SIGNALS)
@pytest.mark.parametrize("existing", [True, False], ids=["force-into-existing", "new-directory"])
def test_a_signal_mid_write_leaves_the_directory_as_it_was(
    tmp_path: Path, signum: int, existing: bool
) -> None:
    """The process exits 130 and the output directory is exactly what it was before."""
    out = tmp_path / "out"
    out.mkdir()
    if existing:
        project = generate(make_spec("my-writer"), out).path
        (project / "README.md").write_text("mine\n")
        (project / "tox.ini").unlink()
    before = _tree(out)
    marker = tmp_path / "writing"
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    args = ["new", "my-writer", "-o", str(out)] + (["--force"] if existing else [])
    process = subprocess.Popen(
        [sys.executable, str(driver), str(marker), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), process.communicate()
    process.send_signal(signum)
    try:
        _stdout, stderr = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"mlplugin did not stop on the signal: {process.communicate()}")
    assert process.returncode == 130, stderr
    assert "Interrupted." in stderr and "Traceback" not in stderr
    assert _tree(out) == before
