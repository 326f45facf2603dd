"""Long-lived host processes for the property-based differential suites.

Importing the real host costs about 3 s, so each side runs one server process per
session (``_statserver.py`` for the stats API, ``_settingsserver.py`` for the settings)
and every hypothesis example is one request/answer line. A server that dies, hangs or
reports a crash of the harness fails the test with its stderr, never silently.

Also here: the knobs that bound the suites (examples x seeds) and the comparison of two
answers with the documented differences applied.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import hostdiff

HERE = Path(__file__).resolve().parent

#: Seeds and examples per seed of every property-based suite. The CI numbers are the
#: defaults; ``MLPLUGIN_FIDELITY_SEEDS=7 MLPLUGIN_FIDELITY_EXAMPLES=2000`` digs deeper or
#: reproduces a failure (the failing seed is in the assertion message).
SEEDS = [int(s) for s in os.environ.get("MLPLUGIN_FIDELITY_SEEDS", "1,2,3").split(",") if s]
EXAMPLES = int(os.environ.get("MLPLUGIN_FIDELITY_EXAMPLES", "300"))

#: Seconds one answer may take (the first includes the host's import).
START_TIMEOUT = 180
ANSWER_TIMEOUT = 120


class ServerError(RuntimeError):
    """A server process died, hung or reported a crash of the harness itself."""


class Server:
    """One side (``real`` or ``reference``) of one server script, kept running."""

    def __init__(self, script: str, side: str, python: Path, log: Path) -> None:
        self.side = side
        self.log = log
        self._stderr: IO[str] = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [str(python), str(HERE / script), side],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            env=hostdiff._environment(side),
        )
        self.hello = self._read(START_TIMEOUT)

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send one request, return the answer (raise :class:`ServerError` on trouble)."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            raise ServerError(self._failure("died before the request")) from None
        answer = self._read(ANSWER_TIMEOUT)
        if "crash" in answer:
            raise ServerError(f"the {self.side} server's harness crashed:\n{answer['crash']}")
        return answer

    def _read(self, timeout: float) -> dict[str, Any]:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            self.process.kill()
            raise ServerError(self._failure(f"gave no answer within {timeout} s"))
        line = self.process.stdout.readline()
        if not line:
            raise ServerError(self._failure("exited"))
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _failure(self, what: str) -> str:
        self._stderr.flush()
        tail = self.log.read_text(encoding="utf-8", errors="replace")[-6000:]
        return f"the {self.side} server {what}; its stderr ends:\n{tail}"

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._stderr.close()


class Pair:
    """The real and the reference server of one script."""

    def __init__(self, script: str, real_python: Path, logs: Path) -> None:
        self.real = Server(script, "real", real_python, logs / f"{script}-real.log")
        try:
            self.reference = Server(
                script, "reference", Path(sys.executable), logs / f"{script}-reference.log"
            )
        except BaseException:
            self.real.close()
            raise

    def ask(self, request: dict[str, Any], workdir: Path) -> tuple[Any, Any]:
        """The same request to both sides (each in its own work directory)."""
        real = self.real.ask(dict(request, workdir=str(workdir / "real")))
        reference = self.reference.ask(dict(request, workdir=str(workdir / "reference")))
        return (
            hostdiff.normalise(real, {str(workdir / "real"): "<work>"}),
            hostdiff.normalise(reference, {str(workdir / "reference"): "<work>"}),
        )

    def close(self) -> None:
        self.real.close()
        self.reference.close()


def python_results_as_numpy(value: Any) -> Any:
    """Documented difference: plain-path results are ``float``/``int``, the host's
    ``float64``/``int64``. Applied to the statistics of summaries only."""
    if isinstance(value, list):
        return [python_results_as_numpy(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key == "props":
            out[key] = {name: _as_numpy(result) for name, result in item.items()}
        else:
            out[key] = python_results_as_numpy(item)
    return out


def _as_numpy(result: Any) -> Any:
    if isinstance(result, dict) and set(result) == {"float"}:
        return {"np": "float64", "bits": result["float"]}
    if isinstance(result, dict) and set(result) == {"int"}:
        return {"np": "int64", "v": result["int"]}
    return result


def mismatch(real: Any, reference: Any, seed: int, request: Any) -> str:
    """The assertion message: where the answers differ, the seed, the request."""
    diffs = hostdiff.differences(real, reference)
    return (
        f"{hostdiff.report(diffs, limit=25)}\n"
        f"seed={seed} (reproduce: MLPLUGIN_FIDELITY_SEEDS={seed} pytest -m host ...)\n"
        f"request: {json.dumps(request)[:4000]}"
    )


#: The host's own warning: importlib.metadata's dict interface, used by
#: register_trainer_plugins() on Python 3.10/3.11 (documented, not the plugin's doing).
HOST_DEPRECATION = [
    "DeprecationWarning",
    "SelectableGroups dict interface is deprecated. Use select.",
]


def settings_documented(real: Any, reference: Any) -> tuple[Any, Any]:
    """Documented differences of the settings loaders, applied to both answers."""
    real = dict(real, warnings=[w for w in real["warnings"] if w != HOST_DEPRECATION])
    return real, reference
