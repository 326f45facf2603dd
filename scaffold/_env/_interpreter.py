"""Find out which ``sys.path``, version and scripts directory an interpreter has.

For the running interpreter this is read directly; for another one (``--python``) a
tiny stdlib-only snippet runs in it and prints the facts as JSON. No plugin code runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from scaffold._errors import EnvironmentProblem

from ._model import Interpreter

_SNIPPET = """\
import json, sys, sysconfig
path = [p for p in sys.path[1:] if p]
print(json.dumps({"executable": sys.executable, "version": list(sys.version_info[:3]),
                  "path": path, "scripts": sysconfig.get_path("scripts")}))
"""

#: Seconds an interpreter gets to describe itself.
PROBE_TIMEOUT_S = 30.0


def _clean_path(entries: Sequence[str]) -> tuple[str, ...]:
    """Absolute, de-duplicated search-path entries, in order ('' means the cwd)."""
    seen: list[str] = []
    for entry in entries:
        absolute = os.path.normpath(Path(entry or os.curdir).absolute())
        if absolute not in seen:
            seen.append(absolute)
    return tuple(seen)


def current_interpreter() -> Interpreter:
    """The interpreter running mlplugin, with the search path a console script sees.

    ``sys.path[0]`` (the script's or the current directory) is left out: ``mlagents-learn``
    has its own first entry, and the directory mlplugin was started from is no part of
    the environment.
    """
    version = sys.version_info
    return Interpreter(
        executable=sys.executable,
        version=(version[0], version[1], version[2]),
        path=_clean_path([p for p in sys.path[1:] if p]),
        scripts=sysconfig.get_path("scripts"),
    )


def inspect_interpreter(python: Optional[str] = None) -> Interpreter:
    """Describe ``python`` (a path or a command on PATH), or the running interpreter.

    Raises :class:`~scaffold.EnvironmentProblem` when the interpreter cannot be run.
    """
    if python is None:
        return current_interpreter()
    fix = "Pass --python the path of a working Python interpreter (e.g. .venv/bin/python)."
    try:
        done = subprocess.run(
            [python, "-c", _SNIPPET],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise EnvironmentProblem(
            what=f"cannot run the interpreter {python}: {error}", fix=fix
        ) from error
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        raise EnvironmentProblem(
            what=f"the interpreter {python} failed to describe itself: {tail[0]}", fix=fix
        )
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    major, minor, micro = (int(part) for part in facts["version"])
    return Interpreter(
        executable=str(facts["executable"]),
        version=(major, minor, micro),
        path=_clean_path([str(p) for p in facts["path"]]),
        scripts=str(facts["scripts"] or ""),
    )
