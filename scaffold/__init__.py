"""mlplugin's library: generate, name and verify ML-Agents plugins.

The ``mlplugin`` command is a thin layer over these functions::

    from scaffold import make_spec, generate
    spec = make_spec("my-writer", packaging="setup-py")
    generate(spec, Path("."))
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from scaffold._answers import read_answers
from scaffold._errors import (
    AnswersFileError,
    EnvironmentProblem,
    GeneratedProjectFailedChecks,
    InvalidOption,
    InvalidPluginName,
    ScaffoldError,
    TargetExists,
    TemplateError,
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
from scaffold._names import PluginNames, check_name, derive_names, name_problems, suggest_name

if TYPE_CHECKING:
    from scaffold._env import DoctorFinding, InstalledPlugin, Interpreter, doctor, list_plugins
    from scaffold._verify import CHECK_CATALOG, Finding, Location, Report, StepResult, verify

# verify, list and doctor are imported on first use: `mlplugin --help` and
# `mlplugin new` should not pay for them.
_LAZY = {
    "CHECK_CATALOG": "scaffold._verify",
    "Finding": "scaffold._verify",
    "Location": "scaffold._verify",
    "Report": "scaffold._verify",
    "StepResult": "scaffold._verify",
    "verify": "scaffold._verify",
    "DoctorFinding": "scaffold._env",
    "InstalledPlugin": "scaffold._env",
    "Interpreter": "scaffold._env",
    "doctor": "scaffold._env",
    "list_plugins": "scaffold._env",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'scaffold' has no attribute {name!r}")


try:
    __version__ = version("mlplugin")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0+unknown"

__all__ = [
    "CHECK_CATALOG",
    "LICENSES",
    "PACKAGING_STYLES",
    "PYTHON_VERSIONS",
    "AnswersFileError",
    "DoctorFinding",
    "EnvironmentProblem",
    "Finding",
    "Generated",
    "GeneratedProjectFailedChecks",
    "InstalledPlugin",
    "Interpreter",
    "InvalidOption",
    "InvalidPluginName",
    "Location",
    "PluginNames",
    "PluginSpec",
    "Report",
    "ScaffoldError",
    "StepResult",
    "TargetExists",
    "TemplateError",
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
