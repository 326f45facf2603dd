"""Every child process mlplugin starts goes through here: the one platform-specific module.

Tools (``uv``, ``build``, ``pip``) and the plugin loader run in their own process group
(their own session on POSIX), so one kill ends them and everything they started, and a
Ctrl-C in the terminal reaches mlplugin alone, which then cleans up. The loader reports
over an inherited pipe (:class:`EventPipe`). Their temporary
files go to a directory the caller owns (``TMPDIR``), so a killed tool leaves nothing in
the system's temporary directory. :func:`interruptible` turns SIGTERM into
:class:`Terminated` while a command runs, so ``finally`` blocks run on SIGTERM as they
do on Ctrl-C. Nothing here raises for a tool's failure; :func:`run` raises
``OSError`` only when the program cannot be started.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Optional

#: Keep at most this much of a tool's output in memory (the tail matters most).
MAX_CAPTURE = 256 * 1024
_POSIX = sys.platform != "win32"

# Signs in a build/install log that the package index could not be reached.
_NETWORK = re.compile(
    r"Failed to fetch|error sending request|dns error|failed to lookup address|"
    r"Temporary failure in name resolution|Network is unreachable|NewConnectionError|"
    r"Failed to establish a new connection|ConnectTimeoutError|ProxyError|"
    r"network was disabled|network connectivity is disabled|Could not connect to|"
    r"Connection refused|tcp connect error",
    re.IGNORECASE,
)


@dataclasses.dataclass(frozen=True)
class Completed:
    """Outcome of :func:`run`; ``returncode`` is ``None`` when the tool timed out."""

    args: tuple[str, ...]
    returncode: Optional[int]
    output: str
    elapsed_s: float

    @property
    def ok(self) -> bool:
        """True when the tool exited with status 0."""
        return self.returncode == 0

    def tail(self, lines: int = 40) -> str:
        """The last ``lines`` lines of the output."""
        return "\n".join(self.output.rstrip().splitlines()[-lines:])


def uv_binary() -> Optional[str]:
    """The uv to build and install with: ``uv`` on ``PATH``, else the ``uv`` distribution's.

    mlplugin depends on the ``uv`` distribution, so a plain ``pip install mlplugin`` has
    it even when its scripts directory is not on ``PATH`` (``find_uv_bin`` looks there).
    ``None`` when neither is usable; verify then falls back to ``build``, ``venv`` and
    pip. ``MLPLUGIN_NO_UV=1`` forces that fallback.
    """
    if os.environ.get("MLPLUGIN_NO_UV", "") not in ("", "0"):
        return None
    found = shutil.which("uv")
    if found:
        return found
    try:
        from uv import find_uv_bin  # the uv distribution's own locator
    except ImportError:
        return None
    try:
        packaged = os.fsdecode(find_uv_bin())
    except (FileNotFoundError, OSError):
        return None
    return packaged if os.access(packaged, os.X_OK) else None


def network_trouble(log: str) -> bool:
    """True when a log shows that the package index could not be reached."""
    return bool(_NETWORK.search(log))


def spawn(
    args: Sequence[str], *, inherit_fds: Sequence[int] = (), **options: Any
) -> subprocess.Popen[bytes]:
    """Start ``args`` in a new process group (a new session on POSIX), stdin closed.

    ``inherit_fds`` are inherited by the child (POSIX only, where the loader's event
    pipe travels this way).
    """
    if _POSIX:
        options.update(start_new_session=True, pass_fds=tuple(inherit_fds))
    else:  # pragma: no cover - exercised on Windows only
        options.update(creationflags=subprocess.CREATE_NEW_PROCESS_GROUP)  # type: ignore[attr-defined]
    return subprocess.Popen(list(args), stdin=subprocess.DEVNULL, **options)


class EventPipe:
    """A one-way pipe from a child to us, read with a timeout.

    The child inherits :attr:`child_fd` (pass it to :func:`spawn`); call
    :meth:`child_started` once it runs, so end-of-file means the child closed its end.
    POSIX: ``select`` on the descriptor.
    """

    def __init__(self) -> None:
        self.read_fd, self.child_fd = os.pipe()
        self._selector = selectors.DefaultSelector()
        self._selector.register(self.read_fd, selectors.EVENT_READ)

    def child_started(self) -> None:
        """Close our copy of the child's end."""
        if self.child_fd >= 0:
            os.close(self.child_fd)
            self.child_fd = -1

    def read(self, timeout_s: float) -> Optional[bytes]:
        """What arrived within ``timeout_s``: ``None`` for nothing, ``b""`` at end of file."""
        if not self._selector.select(timeout=max(0.0, timeout_s)):
            return None
        return os.read(self.read_fd, 65536)

    def close(self) -> None:
        """Close both ends that are still ours."""
        self.child_started()
        self._selector.close()
        os.close(self.read_fd)


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill ``process`` and everything it started, then reap it."""
    if _POSIX:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):  # already reaped
        process.kill()
    process.wait()


def tail_of(path: Path, limit: int = 4000) -> str:
    """The last ``limit`` characters of a captured output file ('' when unreadable)."""
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - limit))
            return handle.read().decode("utf-8", "replace").strip()
    except OSError:
        return ""


def tool_env(tmpdir: Path, base: Optional[Mapping[str, str]] = None) -> dict[str, str]:
    """``base`` (default: this environment) with temporary files sent to ``tmpdir``."""
    tmpdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ if base is None else base)
    env.update(TMPDIR=str(tmpdir), TEMP=str(tmpdir), TMP=str(tmpdir))
    return env


def run(
    args: Sequence[str],
    *,
    timeout_s: float,
    cwd: Optional[Path] = None,
    env: Optional[Mapping[str, str]] = None,
) -> Completed:
    """Run ``args`` with stdout+stderr captured; never raises on the tool's failure.

    Raises ``OSError`` only when the program itself cannot be started. Interrupted,
    the tool's whole group is killed before the exception goes on.
    """
    started = time.monotonic()
    with tempfile.TemporaryFile() as log:
        process = spawn(
            args,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        returncode: Optional[int]
        try:
            returncode = process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            returncode = None
        finally:
            if process.poll() is None:
                kill_group(process)
        size = log.seek(0, os.SEEK_END)
        log.seek(max(0, size - MAX_CAPTURE))
        output = log.read().decode("utf-8", "replace")
    return Completed(tuple(args), returncode, output, time.monotonic() - started)
