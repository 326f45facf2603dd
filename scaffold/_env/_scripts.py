"""Which interpreter a console script such as ``mlagents-learn`` runs.

Read from the script's shebang, never by running it. pip writes either
``#!/path/to/python`` or, for paths it cannot put in a shebang, a ``/bin/sh`` line
followed by ``'''exec' "/path/to/python" "$0" "$@"``; ``#!/usr/bin/env python3`` is
resolved on ``PATH``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path
from typing import Optional

_SH_EXEC = re.compile(r"""^'''exec' (?:"([^"]+)"|(\S+))""")


def _head(script: str) -> list[str]:
    """The first lines of ``script`` (empty when it cannot be read)."""
    try:
        with Path(script).open("rb") as handle:
            return handle.read(2048).decode("utf-8", "replace").splitlines()
    except OSError:
        return []


def shebang_interpreter(script: str, *, search_path: Optional[str] = None) -> Optional[str]:
    """The interpreter ``script`` starts, or ``None`` when it has no readable shebang."""
    head = _head(script)
    words: list[str] = []
    if head and head[0].startswith("#!"):
        try:
            words = shlex.split(head[0][2:].strip())
        except ValueError:
            words = []
    if not words:
        return None
    program = Path(words[0]).name
    if program == "env" and len(words) > 1:
        return shutil.which(words[-1], path=search_path)
    if program == "sh" and len(head) > 1:
        match = _SH_EXEC.match(head[1])
        if match:
            return match.group(1) or match.group(2)
    return words[0]


def same_environment(first: str, second: str) -> bool:
    """True when two interpreter paths belong to one environment (same bin directory).

    Symlinks of the interpreter itself are not followed: every virtual environment's
    ``python`` links to the same base interpreter, yet each sees its own packages.
    """

    def bin_dir(path: str) -> str:
        return os.path.normcase(Path(path).absolute().parent.resolve())

    return bin_dir(first) == bin_dir(second)
