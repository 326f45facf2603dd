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
    from scaffold._add import AddedWriter, add_writer
    from scaffold._add_trainer import AddedTrainer, add_trainer
    from scaffold._adopt import Adopted, adopt
    from scaffold._answers import read_answers
    from scaffold._env import DoctorFinding, InstalledPlugin, Interpreter, doctor, list_plugins
    from scaffold._errors import (
        AnswersFileError,
        BackendUnavailable,
        CannotEditRegistration,
        CannotEditSetupPy,
        EnvironmentProblem,
        FileProblem,
        GeneratedProjectFailedChecks,
        InvalidOption,
        InvalidPluginName,
        NotAProject,
        OverlayRefused,
        ProjectRefused,
        ScaffoldError,
        TargetExists,
        TemplateError,
        ToolMissing,
        UnknownTemplateVersion,
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
    from scaffold._template_versions import (
        TEMPLATE_VERSION,
        TEMPLATE_VERSIONS,
        known_template_versions,
        recorded_template_version,
        render_version,
    )
    from scaffold._update import FileChange, UpdatePlan, plan_update, update
    from scaffold._verify import CHECK_CATALOG, Finding, Location, Report, StepResult, verify

    __version__: str

_MODULES = {
    "scaffold._add": ["AddedWriter", "add_writer"],
    "scaffold._add_trainer": ["AddedTrainer", "add_trainer"],
    "scaffold._adopt": ["Adopted", "adopt"],
    "scaffold._answers": ["read_answers"],
    "scaffold._env": ["DoctorFinding", "InstalledPlugin", "Interpreter", "doctor", "list_plugins"],
    "scaffold._errors": [
        "AnswersFileError",
        "BackendUnavailable",
        "CannotEditRegistration",
        "CannotEditSetupPy",
        "EnvironmentProblem",
        "FileProblem",
        "GeneratedProjectFailedChecks",
        "InvalidOption",
        "InvalidPluginName",
        "NotAProject",
        "OverlayRefused",
        "ProjectRefused",
        "ScaffoldError",
        "TargetExists",
        "TemplateError",
        "ToolMissing",
        "UnknownTemplateVersion",
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
    "scaffold._template_versions": [
        "TEMPLATE_VERSION",
        "TEMPLATE_VERSIONS",
        "known_template_versions",
        "recorded_template_version",
        "render_version",
    ],
    "scaffold._update": ["FileChange", "UpdatePlan", "plan_update", "update"],
    "scaffold._verify": ["CHECK_CATALOG", "Finding", "Location", "Report", "StepResult", "verify"],
}
_LAZY = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "CHECK_CATALOG",
    "LICENSES",
    "PACKAGING_STYLES",
    "PYTHON_VERSIONS",
    "TEMPLATE_VERSION",
    "TEMPLATE_VERSIONS",
    "AddedTrainer",
    "AddedWriter",
    "Adopted",
    "AnswersFileError",
    "BackendUnavailable",
    "CannotEditRegistration",
    "CannotEditSetupPy",
    "DoctorFinding",
    "EnvironmentProblem",
    "FileChange",
    "FileProblem",
    "Finding",
    "Generated",
    "GeneratedProjectFailedChecks",
    "InstalledPlugin",
    "Interpreter",
    "InvalidOption",
    "InvalidPluginName",
    "Location",
    "NotAProject",
    "OverlayRefused",
    "PluginNames",
    "PluginSpec",
    "ProjectRefused",
    "Report",
    "ScaffoldError",
    "StepResult",
    "TargetExists",
    "TemplateError",
    "ToolMissing",
    "UnknownTemplateVersion",
    "UpdatePlan",
    "VerifyConfigError",
    "VerifyUsageError",
    "WriteFailed",
    "__version__",
    "add_trainer",
    "add_writer",
    "adopt",
    "check_name",
    "derive_names",
    "doctor",
    "generate",
    "known_template_versions",
    "list_plugins",
    "make_spec",
    "name_problems",
    "plan",
    "plan_update",
    "read_answers",
    "recorded_template_version",
    "render_version",
    "suggest_name",
    "update",
    "verify",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":  # one distribution, looked up in one place
        value: Any = import_module("reference_core").__version__
    elif name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'scaffold' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
