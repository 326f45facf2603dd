"""The questions interactive ``mlplugin new`` asks, and the check of each answer.

``mlplugin new`` with no NAME on a terminal asks for every answer not given as an option,
offering the same defaults as the non-interactive path. Each answer is checked at once by
the functions ``new`` itself uses (:func:`~scaffold.name_problems` for the name,
:func:`~scaffold.make_spec` for the rest), so a person sees exactly the messages a script
would get, and is asked again. The CLI does the asking (this module never prints or
reads); the final answers go through :func:`~scaffold.make_spec` like any others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scaffold._errors import InvalidOption
from scaffold._generate import _DEFAULTS, LICENSES, PACKAGING_STYLES, PRESETS, make_spec
from scaffold._names import name_problems, suggest_name

__all__ = ["QUESTIONS", "Question", "answer_problems"]


@dataclass(frozen=True)
class Question:
    """One answer to ask for: its key, the prompt, the default and the allowed choices."""

    key: str
    prompt: str
    default: str
    choices: tuple[str, ...] = ()


QUESTIONS: tuple[Question, ...] = (
    Question("plugin_name", "Plugin name", "my-writer"),
    Question("packaging", "Packaging", _DEFAULTS["packaging"], PACKAGING_STYLES),
    Question("preset", "Where the writer sends summaries", _DEFAULTS["preset"], PRESETS),
    Question("description", "One-line description", _DEFAULTS["description"]),
    Question("author", "Author", _DEFAULTS["author"]),
    Question("email", "E-mail", _DEFAULTS["email"]),
    Question("license", "License", _DEFAULTS["license"], LICENSES),
    Question("python_versions", "Python versions", " ".join(_DEFAULTS["python_versions"])),
)


def answer_problems(key: str, value: Any) -> list[str]:
    """Why ``value`` cannot answer ``key`` (empty when it can), in ``new``'s own words."""
    if key == "plugin_name":
        problems = name_problems(str(value))
        suggestion = suggest_name(str(value)) if problems else None
        return problems + ([f"try {suggestion!r}"] if suggestion else [])
    try:
        make_spec("my-writer", **{key: value})
    except InvalidOption as error:
        return list(error.problems)
    return []
