"""``list_plugins``: every installed ``mlagents.*`` entry point and whether it loads.

Metadata is read in this process (files only); every entry point is loaded in its own
child process of the inspected interpreter (:mod:`._probe`), with a timeout, so plugin
code never runs inside mlplugin and one hanging or exiting plugin cannot hide another.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Optional

from ._interpreter import inspect_interpreter
from ._metadata import iter_distributions
from ._model import HOST_GROUPS, InstalledPlugin, Interpreter

#: How many entry points load at the same time.
MAX_PARALLEL = 8
#: Characters of a child's output kept when it died without a result.
OUTPUT_TAIL = 2000


def _wanted(group: str, groups: Optional[Sequence[str]]) -> bool:
    if groups is None:
        return group.startswith("mlagents.")
    return group in groups


def _reference_core_dir() -> str:
    """Where ``reference_core`` lives, so the child can load the host shim from it."""
    spec = importlib.util.find_spec("reference_core")
    if spec is None or spec.origin is None:
        return ""
    return str(Path(spec.origin).parent)


def _kill(process: subprocess.Popen[bytes]) -> None:
    """End the child and everything it started."""
    if sys.platform != "win32":
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            process.kill()
    else:  # pragma: no cover - exercised on Windows only
        process.kill()
    process.wait()


def _tail(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    return data[-OUTPUT_TAIL:].decode("utf-8", "replace").strip()


def load_one(
    plugin: InstalledPlugin, interpreter: Interpreter, *, call: bool, timeout_s: float
) -> InstalledPlugin:
    """Load ``plugin`` in a child of ``interpreter``; the plugin with its status filled in."""
    with tempfile.TemporaryDirectory(prefix="mlplugin-list-") as tmp:
        work = Path(tmp)
        spec = {
            "path": list(interpreter.path),
            "reference_core": _reference_core_dir(),
            "group": plugin.group,
            "value": plugin.value,
            "call": call,
            "workdir": str(work),
            "result": str(work / "result.json"),
        }
        (work / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        output = work / "output.txt"
        probe = str(Path(__file__).with_name("_probe.py"))
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        with output.open("wb") as sink:
            process = subprocess.Popen(
                [interpreter.executable, probe, str(work / "spec.json")],
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                cwd=tmp,
                env=env,
                start_new_session=sys.platform != "win32",
            )
            try:
                code = process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                _kill(process)
                return dataclasses.replace(
                    plugin,
                    status="timeout",
                    error=f"loading did not finish within {timeout_s:g} s (the import or the "
                    "registration function hangs)",
                )
        result_file = work / "result.json"
        if not result_file.exists():
            tail = _tail(output)
            error = f"the process ended with exit code {code} while loading the plugin"
            error += " (os._exit, a crash or a signal)" + (
                f"; last output:\n{tail}" if tail else ""
            )
            return dataclasses.replace(plugin, status="error", error=error)
        result = json.loads(result_file.read_text(encoding="utf-8"))
    return dataclasses.replace(
        plugin, status=str(result["status"]), error=result.get("error"), detail=result.get("detail")
    )


def list_plugins(
    *,
    groups: Optional[Sequence[str]] = HOST_GROUPS,
    load: bool = True,
    timeout_s: float = 30.0,
    python: Optional[str] = None,
    interpreter: Optional[Interpreter] = None,
) -> tuple[InstalledPlugin, ...]:
    """Every installed distribution's entry points in ``groups``, with load status.

    ``groups=None`` means every group whose name starts with ``mlagents.``. The target
    environment is the running interpreter, ``python`` (a path), or ``interpreter``
    (whose ``path`` is the metadata search path; tests use it for fake environments).
    With ``load``, each entry point is imported in a child process; a stats-writer
    registration function is then called with a default ``RunOptions`` whose results
    directory is a temporary one (the host shim stands in for ``mlagents`` when it is
    not installed), so a plugin that imports fine but cannot register shows as
    ``error``. Other groups (trainer types) are imported only. Nothing is printed.
    """
    target = interpreter or inspect_interpreter(python)
    found = [
        InstalledPlugin(
            distribution=dist.name,
            version=dist.version,
            location=dist.location,
            editable=dist.editable,
            name=ep.name,
            group=ep.group,
            value=ep.value,
            metadata_path=dist.metadata_path,
        )
        for dist in iter_distributions(target.path)
        for ep in dist.entry_points
        if _wanted(ep.group, groups)
    ]
    if not load or not found:
        return tuple(found)
    with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(found))) as pool:
        loaded = pool.map(
            lambda plugin: load_one(plugin, target, call=True, timeout_s=timeout_s), found
        )
        return tuple(loaded)
