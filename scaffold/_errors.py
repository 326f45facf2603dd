"""The exceptions of :mod:`scaffold`.

Every error a user can cause derives from :class:`ScaffoldError` and from the builtin
that best describes it, carries its data as attributes and formats its own message.
Constructors never print; :mod:`scaffold.cli` maps each class to an exit code.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Optional


class ScaffoldError(Exception):
    """Base class of every error raised by :mod:`scaffold`."""


class InvalidPluginName(ScaffoldError, ValueError):
    """The plugin name cannot produce valid Python and packaging names.

    ``problems`` lists every rule the name breaks, ``suggestion`` is a valid name close
    to the input (or ``None`` when nothing sensible can be derived).
    """

    def __init__(self, *, name: str, problems: Sequence[str], suggestion: Optional[str]) -> None:
        self.name = name
        self.problems = tuple(problems)
        self.suggestion = suggestion
        super().__init__(name, self.problems, suggestion)

    def __str__(self) -> str:
        lines = [f"{self.name!r} cannot be used as a plugin name:"]
        lines += [f"  - {problem}" for problem in self.problems]
        if self.suggestion:
            lines.append(f"Try: mlplugin new {self.suggestion}")
        return "\n".join(lines)


class TargetExists(ScaffoldError, FileExistsError):
    """The output directory already exists and ``--force`` was not given."""

    def __init__(self, *, path: Path) -> None:
        self.path = path
        super().__init__(str(path))

    def __str__(self) -> str:
        return (
            f"{self.path} already exists; nothing was written. "
            "Choose another --output-dir or name, or pass --force to write the template's "
            "files into it (nothing else is deleted; overwritten files are backed up)."
        )


class OverlayRefused(ScaffoldError, FileExistsError):
    """``--force`` cannot write into the existing directory safely; nothing was written.

    ``problems`` lists every reason: uncommitted git changes, symlinks on the way to a
    file, read-only files, files and directories in each other's place.
    """

    def __init__(self, *, target: Path, problems: Sequence[str]) -> None:
        self.target = target
        self.problems = tuple(problems)
        super().__init__(str(target), self.problems)

    def __str__(self) -> str:
        lines = [f"--force will not write into {self.target}; nothing was written:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


class WriteFailed(ScaffoldError, OSError):
    """Writing to the disk failed (full, read-only, not permitted); the writes were undone.

    ``leftovers`` lists what could not be undone (empty when everything was restored);
    ``backup`` is the folder still holding copies of overwritten files in that case.
    """

    def __init__(
        self,
        *,
        path: Path,
        reason: str,
        leftovers: Sequence[str] = (),
        backup: Optional[Path] = None,
    ) -> None:
        self.path = path
        self.reason = reason
        self.leftovers = tuple(leftovers)
        self.backup = backup
        super().__init__(str(path), reason)

    def __str__(self) -> str:
        first = f"cannot write {self.path}: {self.reason}"
        if not self.leftovers:
            return f"{first}. Nothing was changed."
        lines = [f"{first}. Some writes could not be undone:"]
        lines += [f"  - {item}" for item in self.leftovers]
        if self.backup is not None:
            lines.append(f"Copies of the overwritten files are in {self.backup}.")
        return "\n".join(lines)


class FileProblem(ScaffoldError, OSError):
    """An operating-system error on a path that the command did not explain further."""

    def __init__(self, *, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(path, reason)

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class AnswersFileError(ScaffoldError, ValueError):
    """The answers file could not be read or contains unknown or invalid answers."""

    def __init__(self, *, path: Path, problems: Sequence[str]) -> None:
        self.path = path
        self.problems = tuple(problems)
        super().__init__(str(path), self.problems)

    def __str__(self) -> str:
        lines = [f"the answers file {self.path} cannot be used:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


class InvalidOption(ScaffoldError, ValueError):
    """One or more inputs are invalid; every problem is reported together.

    ``suggestion`` is a valid plugin name when the name was among the problems.
    """

    def __init__(self, *, problems: Sequence[str], suggestion: Optional[str] = None) -> None:
        self.problems = tuple(problems)
        self.suggestion = suggestion
        super().__init__(self.problems, suggestion)

    def __str__(self) -> str:
        lines = ["the input has problems; nothing was written:"]
        lines += [f"  - {problem}" for problem in self.problems]
        if self.suggestion:
            lines.append(f"Try the plugin name: {self.suggestion}")
        return "\n".join(lines)


class UnknownTemplateVersion(InvalidOption, LookupError):
    """A project records a template version this mlplugin does not have (a newer mlplugin made it).

    ``version`` is the recorded version, ``known`` the versions of ``template`` this
    mlplugin can render.
    """

    def __init__(
        self, *, version: int, known: Sequence[int], template: str = "stats-writer"
    ) -> None:
        self.version = version
        self.known = tuple(known)
        self.template = template
        listed = ", ".join(map(str, self.known)) or "none"
        problem = (
            f"{template} template version {version} is not one this mlplugin knows "
            f"({listed}); "
            "upgrade mlplugin to the release that made the project"
        )
        super().__init__(problems=[problem])


class TemplateError(ScaffoldError, RuntimeError):
    """Rendering the template failed; the output directory was left untouched."""

    def __init__(self, *, template: str, detail: str) -> None:
        self.template = template
        self.detail = detail
        super().__init__(template, detail)

    def __str__(self) -> str:
        return (
            f"rendering template {self.template!r} failed: {self.detail}. "
            "Nothing was written. This is a bug in mlplugin; please report it."
        )


class GeneratedProjectFailedChecks(ScaffoldError, RuntimeError):
    """The freshly rendered project failed verify's static or load checks; nothing was written.

    ``findings`` holds one line per finding (check ID and message).
    """

    def __init__(self, *, project: str, findings: Sequence[str]) -> None:
        self.project = project
        self.findings = tuple(findings)
        super().__init__(project, self.findings)

    def __str__(self) -> str:
        lines = [f"the generated project {self.project} failed its checks; nothing was written:"]
        lines += [f"  - {line}" for line in self.findings]
        lines.append(
            "Run `mlplugin doctor` to inspect this environment, or pass --no-check to "
            "write the project anyway."
        )
        return "\n".join(lines)


class EnvironmentProblem(ScaffoldError, RuntimeError):
    """Something outside the user's input is missing or broken (interpreter, build backend)."""

    def __init__(self, *, what: str, fix: str) -> None:
        self.what = what
        self.fix = fix
        super().__init__(what, fix)

    def __str__(self) -> str:
        return f"{self.what}\nFix: {self.fix}"


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


class NotAProject(ScaffoldError, ValueError):
    """A lifecycle command (update, check, add, adopt) cannot use the directory it was given.

    ``path`` is the directory, ``reason`` says what is missing and ``hint`` what to run instead.
    """

    def __init__(self, *, path: Path, reason: str, hint: str = "") -> None:
        self.path = path
        self.reason = reason
        self.hint = hint
        super().__init__(str(path), reason)

    def __str__(self) -> str:
        text = f"{self.path}: {self.reason}; nothing was written."
        return f"{text} {self.hint}" if self.hint else text


class ProjectRefused(OverlayRefused):
    """``update``, ``add`` or ``adopt`` cannot write into the project safely; nothing written."""

    def __init__(self, *, command: str, target: Path, problems: Sequence[str]) -> None:
        self.command = command
        super().__init__(target=target, problems=problems)

    def __str__(self) -> str:
        lines = [f"mlplugin {self.command} will not write into {self.target}; nothing was written:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


class _CannotEdit(ScaffoldError, ValueError):
    """``add`` cannot make an edit in a file the author owns; nothing was written.

    ``lines`` are the exact lines to add by hand, ``reason`` why they could not be added;
    subclasses say what was not done and where the lines go.
    """

    _not_done = "the edit was not made"
    _by_hand = "Make it yourself"

    def __init__(self, *, path: Path, reason: str, lines: Sequence[str]) -> None:
        self.path = path
        self.reason = reason
        self.lines = tuple(lines)
        super().__init__(str(path), reason, self.lines)

    def __str__(self) -> str:
        shown = "\n".join(f"    {line}" for line in self.lines)
        return (
            f"{self.path}: {self.reason}, so {self._not_done} and nothing was written. "
            f"{self._by_hand}:\n{shown}\n"
            "then run the same command again: it adds the rest and leaves those lines as they are."
        )


class CannotEditSetupPy(_CannotEdit):
    """``add`` cannot find where to insert an entry point in ``setup.py``; nothing was written."""

    _not_done = "the entry point was not added"
    _by_hand = "Add it to setup(entry_points=...) yourself"


class CannotEditRegistration(_CannotEdit):
    """``add trainer`` cannot find where to register the trainer; nothing was written.

    ``path`` is the module holding the registration function.
    """

    _not_done = "the trainer was not registered"
    _by_hand = "Register it in the registration function yourself"
