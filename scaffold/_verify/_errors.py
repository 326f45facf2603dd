"""Exceptions of :func:`scaffold.verify`.

Problems *in the plugin* are findings in the report, never exceptions. What is raised
here is a problem with the invocation (exit code 2) or with the machine verify runs on
(exit code 3, :class:`~scaffold._errors.EnvironmentProblem` and its subclasses).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

from .._errors import EnvironmentProblem, ScaffoldError


class VerifyUsageError(ScaffoldError, ValueError):
    """The target or the options given to verify cannot be used (exit code 2)."""

    def __init__(self, *, target: str, problems: Sequence[str]) -> None:
        self.target = target
        self.problems = tuple(problems)
        super().__init__(target, self.problems)

    def __str__(self) -> str:
        if len(self.problems) == 1:
            return f"cannot verify {self.target}: {self.problems[0]}"
        lines = [f"cannot verify {self.target}:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


class VerifyConfigError(ScaffoldError, ValueError):
    """The project's ``[tool.mlplugin.verify]`` table is invalid (exit code 2).

    Every problem is listed together; an ignore without a reason is one of them.
    """

    def __init__(self, *, path: str, problems: Sequence[str]) -> None:
        self.path = path
        self.problems = tuple(problems)
        super().__init__(path, self.problems)

    def __str__(self) -> str:
        lines = [f"[tool.mlplugin.verify] in {self.path} cannot be used:"]
        lines += [f"  - {problem}" for problem in self.problems]
        lines.append('Write each ignore as {id = "MLP108", reason = "why this is fine here"}.')
        return "\n".join(lines)


class ToolMissing(EnvironmentProblem):
    """A tool verify needs (an interpreter, ``build``, ``venv``) is not available."""

    def __init__(self, *, tool: str, fix: str) -> None:
        self.tool = tool
        super().__init__(what=f"verify needs {tool}, which is not available", fix=fix)


class BackendUnavailable(EnvironmentProblem):
    """The build backend (or a dependency) could not be downloaded for an isolated build.

    ``log_tail`` holds the end of the build or install log.
    """

    def __init__(self, *, stage: str, log_tail: str, hint: Optional[str] = None) -> None:
        self.stage = stage
        self.log_tail = log_tail
        super().__init__(
            what=(
                f"the {stage} could not download what it needs (no network or no package "
                f"index?):\n{log_tail}"
            ),
            fix=hint
            or (
                "Connect to the package index (or configure a local mirror with "
                "UV_INDEX_URL / PIP_INDEX_URL, or pre-fill the uv cache) and run verify "
                "again."
            ),
        )
