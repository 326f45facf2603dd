"""mlplugin's library: generate, name and verify ML-Agents plugins.

The ``mlplugin`` command is a thin layer over these functions::

    from scaffold import make_spec, generate, verify
    spec = make_spec("my-writer", packaging="setup-py")
    project = generate(spec, Path(".")).path
    report = verify(project)

Every name is imported on first use, so ``mlplugin --help`` pays only for what it shows.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scaffold._answers import read_answers
    from scaffold._env import DoctorFinding, InstalledPlugin, Interpreter, doctor, list_plugins
    from scaffold._errors import (
        AnswersFileError,
        BackendUnavailable,
        EnvironmentProblem,
        FileProblem,
        GeneratedProjectFailedChecks,
        InvalidOption,
        InvalidPluginName,
        OverlayRefused,
        ScaffoldError,
        TargetExists,
        TemplateError,
        ToolMissing,
        VerifyConfigError,
        VerifyUsageError,
        WriteFailed,
    )
    from scaffold._generate import (
        LICENSES,
        PACKAGING_STYLES,
        PYTHON_VERSIONS,
        Generated,
        PluginSpec,
        generate,
        make_spec,
        plan,
    )
    from scaffold._names import (
        PluginNames,
        check_name,
        derive_names,
        name_problems,
        suggest_name,
    )
    from scaffold._verify import CHECK_CATALOG, Finding, Location, Report, StepResult, verify

    __version__: str

_MODULES = {
    "scaffold._answers": ["read_answers"],
    "scaffold._env": ["DoctorFinding", "InstalledPlugin", "Interpreter", "doctor", "list_plugins"],
    "scaffold._errors": [
        "AnswersFileError",
        "BackendUnavailable",
        "EnvironmentProblem",
        "FileProblem",
        "GeneratedProjectFailedChecks",
        "InvalidOption",
        "InvalidPluginName",
        "OverlayRefused",
        "ScaffoldError",
        "TargetExists",
        "TemplateError",
        "ToolMissing",
        "VerifyConfigError",
        "VerifyUsageError",
        "WriteFailed",
    ],
    "scaffold._generate": [
        "LICENSES",
        "PACKAGING_STYLES",
        "PYTHON_VERSIONS",
        "Generated",
        "PluginSpec",
        "generate",
        "make_spec",
        "plan",
    ],
    "scaffold._names": [
        "PluginNames",
        "check_name",
        "derive_names",
        "name_problems",
        "suggest_name",
    ],
    "scaffold._verify": ["CHECK_CATALOG", "Finding", "Location", "Report", "StepResult", "verify"],
}
_LAZY = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "CHECK_CATALOG",
    "LICENSES",
    "PACKAGING_STYLES",
    "PYTHON_VERSIONS",
    "AnswersFileError",
    "BackendUnavailable",
    "DoctorFinding",
    "EnvironmentProblem",
    "FileProblem",
    "Finding",
    "Generated",
    "GeneratedProjectFailedChecks",
    "InstalledPlugin",
    "Interpreter",
    "InvalidOption",
    "InvalidPluginName",
    "Location",
    "OverlayRefused",
    "PluginNames",
    "PluginSpec",
    "Report",
    "ScaffoldError",
    "StepResult",
    "TargetExists",
    "TemplateError",
    "ToolMissing",
    "VerifyConfigError",
    "VerifyUsageError",
    "WriteFailed",
    "__version__",
    "check_name",
    "derive_names",
    "doctor",
    "generate",
    "list_plugins",
    "make_spec",
    "name_problems",
    "plan",
    "read_answers",
    "suggest_name",
    "verify",
]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mlplugin")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value: Any = _version()
    elif name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'scaffold' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
