"""``verify --env FILE``: run the plugin's code with the settings a training run will have.

Plugins that talk to a tracking service (the ``mlflow`` and ``wandb`` presets) read their
settings from environment variables, because ``mlagents-learn`` rejects unknown keys in
the trainer YAML. ``--env FILE`` reads ``NAME=value`` lines (``#`` comments, blank lines
and a leading ``export`` allowed; one pair of quotes around a value is removed - the
format the generated plugins read from ``<PACKAGE>_CONFIG``) and sets them for the
duration of the check, so registration validates them exactly as in training and the
contract scenario runs against the configured backend.

Failures: an unreadable file or a line that is not ``NAME=value`` raises
:class:`~scaffold.VerifyUsageError` listing every bad line (exit code 2).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from .._errors import VerifyUsageError

__all__ = ["applied_environment", "read_env_file"]


def read_env_file(path: Path) -> dict[str, str]:
    """The ``NAME=value`` pairs of ``path``; every bad line is reported together."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise VerifyUsageError(target=str(path), problems=[f"cannot read it: {reason}"]) from None
    values: dict[str, str] = {}
    problems = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip() if line.startswith("export ") else line
        name, sep, value = line.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name.isidentifier():
            problems.append(f"line {number}: {raw.strip()!r} is not NAME=value")
            continue
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name] = value
    if problems:
        raise VerifyUsageError(target=str(path), problems=problems)
    return values


@contextlib.contextmanager
def applied_environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set ``values`` in ``os.environ`` (child processes inherit it); restore it after."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old
