"""``new``, ``reference_core`` and the contract suite make no POSIX-only calls.

Most plugin authors work on Windows or macOS (README, "Platforms"). The modules they run
every day -- ``reference_core`` with its contract suite, and the modules behind
``mlplugin new`` -- are scanned for the calls and modules that exist only on POSIX:
process groups and ``fork``, POSIX signals and ``alarm``, ``fcntl``/``resource``/
``termios``/``pwd``/``grp``, and the POSIX-only ``subprocess.Popen`` arguments. The scan
reads the code with :mod:`ast`, so comments and docstrings that name them do not count.
``mlplugin verify``'s process handling is POSIX-only by design and is not scanned here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: The modules of ``mlplugin new`` (scaffold's CLI imports verify lazily, per command).
NEW_MODULES = (
    "scaffold/_answers.py",
    "scaffold/_errors.py",
    "scaffold/_generate.py",
    "scaffold/_names.py",
    "scaffold/_new_check.py",
    "scaffold/_overlay.py",
    "scaffold/_render.py",
    "scaffold/_source_tree.py",
    "scaffold/_templates.py",
)

POSIX_MODULES = {"fcntl", "resource", "termios", "pwd", "grp", "posix", "tty", "pty"}
POSIX_ATTRIBUTES = {
    ("os", "fork"),
    ("os", "forkpty"),
    ("os", "killpg"),
    ("os", "setsid"),
    ("os", "setpgid"),
    ("os", "getpgid"),
    ("os", "getuid"),
    ("os", "geteuid"),
    ("os", "wait4"),
    ("signal", "SIGKILL"),
    ("signal", "SIGALRM"),
    ("signal", "SIGHUP"),
    ("signal", "SIGUSR1"),
    ("signal", "alarm"),
    ("signal", "setitimer"),
    ("signal", "pthread_kill"),
}
POSIX_KEYWORDS = {"pass_fds", "start_new_session", "preexec_fn", "process_group"}

SCANNED = sorted(
    [*(ROOT / "reference_core").rglob("*.py"), *(ROOT / m for m in NEW_MODULES)],
)


def posix_only_uses(source: str) -> list[str]:
    """Each POSIX-only import, attribute or Popen keyword in ``source``, as ``line: what``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [
                f"{node.lineno}: import {a.name}" for a in node.names if a.name in POSIX_MODULES
            ]
        elif isinstance(node, ast.ImportFrom) and node.module in POSIX_MODULES:
            found.append(f"{node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in POSIX_ATTRIBUTES:
                found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.keyword) and node.arg in POSIX_KEYWORDS:
            found.append(f"{node.lineno}: {node.arg}=")
    return found


SCANNER_CASES = [
    pytest.param("import fcntl\n", ["1: import fcntl"], id="posix-module"),
    pytest.param("import os\nos.killpg(1, 9)\n", ["2: os.killpg"], id="process-group"),
    pytest.param("import signal\nsignal.alarm(3)\n", ["2: signal.alarm"], id="alarm"),
    pytest.param("Popen(args, start_new_session=True)\n", ["1: start_new_session="], id="popen"),
    pytest.param('"""os.fork and signal.SIGKILL in prose"""\n', [], id="docstring-ignored"),
    pytest.param("import os\nos.kill(1, 15)\nos.getpid()\n", [], id="portable-calls"),
]


@pytest.mark.parametrize(("source", "expected"), SCANNER_CASES)
def test_the_scanner_finds_posix_only_calls(source: str, expected: list[str]) -> None:
    """The scanner reports POSIX-only uses in code and nothing in prose or portable calls."""
    assert posix_only_uses(source) == expected


def test_every_scanned_module_exists() -> None:
    """The list of ``new``'s modules names real files, and reference_core is scanned."""
    assert all(path.is_file() for path in SCANNED)
    assert ROOT / "reference_core" / "testing" / "_deadline.py" in SCANNED


@pytest.mark.parametrize("path", [pytest.param(p, id=str(p.relative_to(ROOT))) for p in SCANNED])
def test_module_makes_no_posix_only_calls(path: Path) -> None:
    """The module runs on Windows as well as on Linux and macOS."""
    assert posix_only_uses(path.read_text(encoding="utf-8")) == []
