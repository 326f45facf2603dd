"""mlplugin's library: generate, name and verify ML-Agents plugins.

The ``mlplugin`` command is a thin layer over these functions::

    from scaffold import make_spec, generate
    spec = make_spec("my-writer", packaging="setup-py")
    generate(spec, Path("."))
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from scaffold._answers import read_answers
from scaffold._errors import (
    AnswersFileError,
    EnvironmentProblem,
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

try:
    __version__ = version("mlplugin")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0+unknown"

__all__ = [
    "LICENSES",
    "PACKAGING_STYLES",
    "PYTHON_VERSIONS",
    "AnswersFileError",
    "EnvironmentProblem",
    "Generated",
    "InvalidOption",
    "InvalidPluginName",
    "PluginNames",
    "PluginSpec",
    "ScaffoldError",
    "TargetExists",
    "TemplateError",
    "__version__",
    "check_name",
    "derive_names",
    "generate",
    "make_spec",
    "name_problems",
    "plan",
    "read_answers",
    "suggest_name",
]
