"""Answers files for non-interactive ``mlplugin new --answers FILE``.

An answers file is JSON or TOML. TOML may hold the answers at the top level or under
``[tool.mlplugin]``, so a generated project's ``pyproject.toml`` can be fed back in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scaffold._errors import AnswersFileError
from scaffold._toml import load_toml

__all__ = ["ANSWER_KEYS", "read_answers"]

#: Keys an answers file may set, with the type each must have.
ANSWER_KEYS: dict[str, tuple[type, ...]] = {
    "plugin_name": (str,),
    "packaging": (str,),
    "description": (str,),
    "author": (str,),
    "email": (str,),
    "license": (str,),
    "python_versions": (str, list),
}
_IGNORED = {"template", "mlplugin_version", "verify"}


def read_answers(path: Path) -> dict[str, Any]:
    """Read and check an answers file; every problem is reported in one error."""
    path = Path(path)
    try:
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
        else:
            data = load_toml(path)
    except OSError as error:
        raise AnswersFileError(path=path, problems=[error.strerror or str(error)]) from error
    except ValueError as error:
        raise AnswersFileError(path=path, problems=[f"cannot be parsed: {error}"]) from error
    if not isinstance(data, dict):
        raise AnswersFileError(path=path, problems=["must hold a table/object of answers"])
    table = data.get("tool", {}).get("mlplugin", data) if "tool" in data else data
    problems = []
    answers: dict[str, Any] = {}
    for key, value in table.items():
        if key in _IGNORED:
            continue
        if key not in ANSWER_KEYS:
            problems.append(f"unknown answer {key!r} (known: {', '.join(ANSWER_KEYS)})")
        elif not isinstance(value, ANSWER_KEYS[key]):
            problems.append(f"{key} must be text, not {type(value).__name__}")
        else:
            answers[key] = value
    if problems:
        raise AnswersFileError(path=path, problems=problems)
    return answers
