"""Run a tool in its own process group with a timeout, capturing its output to a file."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Optional

#: Keep at most this much of a tool's output in memory (the tail matters most).
MAX_CAPTURE = 256 * 1024

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


def network_trouble(log: str) -> bool:
    """True when a log shows that the package index could not be reached."""
    return bool(_NETWORK.search(log))


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill ``process`` and everything it started (it leads its own session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):  # already reaped
        process.kill()


def run(
    args: Sequence[str],
    *,
    timeout_s: float,
    cwd: Optional[Path] = None,
    env: Optional[Mapping[str, str]] = None,
) -> Completed:
    """Run ``args`` with stdin closed and stdout+stderr captured; never raises on failure.

    Raises ``FileNotFoundError`` only when the program itself does not exist.
    """
    started = time.monotonic()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            list(args),
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        returncode: Optional[int]
        try:
            returncode = process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            kill_group(process)
            process.wait()
            returncode = None
        finally:
            if process.poll() is None:  # pragma: no cover - interrupted by a signal
                kill_group(process)
                process.wait()
        size = log.seek(0, os.SEEK_END)
        log.seek(max(0, size - MAX_CAPTURE))
        output = log.read().decode("utf-8", "replace")
    return Completed(tuple(args), returncode, output, time.monotonic() - started)
