"""The cookiecutter context of the trainer template (``mlplugin new --kind trainer``).

The trainer template (``templates/trainer``) needs more names than the stats-writer
one: the trainer, settings and optimizer classes, and the ``trainer_type`` that config
files name. This module checks the answers; the context itself is built by
:func:`scaffold._render.trainer_template_context`, which is frozen with each trainer
template version (see :mod:`scaffold._template_versions`), so the CLI, the generator,
``mlplugin update`` and the tests build the same context.

:func:`render_trainer_project` renders the template with that context; a rendering
failure or an invalid ``pyproject.toml`` is a :class:`~scaffold.TemplateError`.

:func:`trainer_context` fails with :class:`~scaffold.InvalidOption` listing every
problem at once: a trainer type that would replace one of mlagents' built-in trainers
(``ppo``, ``sac``, ``poca``), Python versions the real host cannot run on (mlagents 1.1.0
runs on 3.10 and 3.11 only), class or package names that would shadow the host's, and
answers the template does not know.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from reference_core._toml import check_toml
from scaffold._errors import InvalidOption, TemplateError
from scaffold._names import PluginNames
from scaffold._render import MLAGENTS_VERSION, trainer_class_prefix, trainer_template_context

__all__ = [
    "BUILT_IN_TRAINER_TYPES",
    "TRAINER_DEFAULTS",
    "TRAINER_PYTHON_VERSIONS",
    "TRAINER_TEMPLATE_NAME",
    "render_trainer_project",
    "trainer_context",
]

TRAINER_TEMPLATE_NAME = "trainer"
#: The Pythons the real host (mlagents 1.1.0) runs on; the trainer is tested on each.
TRAINER_PYTHON_VERSIONS = ("3.10", "3.11")
#: Trainer types mlagents registers itself; a plugin registering one replaces it.
BUILT_IN_TRAINER_TYPES = ("ppo", "sac", "poca")
#: Host classes the generated modules import; a generated class must not shadow one.
HOST_CLASS_NAMES = frozenset(
    {"TrainerSettings", "OnPolicyHyperparamSettings", "TorchOptimizer", "OnPolicyTrainer"}
)
#: Packages the host runs on; a plugin package of the same name would shadow one.
HOST_PACKAGES = frozenset(
    {"torch", "numpy", "attr", "attrs", "cattr", "cattrs", "h5py", "onnx", "yaml", "grpc"}
    | {"google", "tensorboard", "cloudpickle", "filelock", "six", "pytest"}
)
TRAINER_DEFAULTS: dict[str, Any] = {
    "packaging": "pyproject",
    "description": (
        "An ML-Agents trainer plugin: advantage actor-critic with a learned value baseline."
    ),
    "author": "Your Name",
    "email": "you@example.com",
    "license": "MIT",
    "python_versions": " ".join(TRAINER_PYTHON_VERSIONS),
    "copyright_year": None,  # this year, when the project is made
}


_CLASS_KINDS = ("Trainer", "Settings", "Optimizer")


def _versions(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(value.replace(",", " ").split())
    return tuple(str(v) for v in value)


def trainer_context(names: PluginNames, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The complete cookiecutter context for ``templates/trainer``.

    ``answers`` holds the user's answers (``packaging``, ``description``, ``author``,
    ``email``, ``license``, ``python_versions``, ``copyright_year``); ``None`` or missing
    ones take :data:`TRAINER_DEFAULTS`. ``plugin_name`` may be present and must equal
    ``names.raw``.
    """
    from scaffold._generate import _mlplugin_version

    given = {k: v for k, v in answers.items() if v is not None and k != "plugin_name"}
    values = {**TRAINER_DEFAULTS, **given}
    problems = [f"unknown option {k!r}" for k in sorted(set(given) - set(TRAINER_DEFAULTS))]
    if answers.get("plugin_name", names.raw) != names.raw:
        problems.append(f"plugin_name {answers['plugin_name']!r} is not {names.raw!r}")
    versions = _versions(values["python_versions"])
    unsupported = [v for v in versions if v not in TRAINER_PYTHON_VERSIONS]
    if unsupported or not versions:
        problems.append(
            "a trainer plugin runs on the Pythons of mlagents "
            f"{MLAGENTS_VERSION}: {', '.join(TRAINER_PYTHON_VERSIONS)}"
            + (f" (got {', '.join(unsupported)})" if unsupported else " (got none)")
        )
    trainer_type = names.module
    if trainer_type in BUILT_IN_TRAINER_TYPES:
        problems.append(
            f"the trainer type {trainer_type!r} would replace mlagents' built-in trainer "
            "of that name; choose another plugin name"
        )
    prefix = trainer_class_prefix(names)
    shadowed = sorted(HOST_CLASS_NAMES & {f"{prefix}{kind}" for kind in _CLASS_KINDS})
    if shadowed:
        problems.append(
            f"the generated class {shadowed[0]} would shadow the host's class of that name; "
            "choose a more specific plugin name, such as 'my-trainer'"
        )
    if names.module in HOST_PACKAGES:
        problems.append(
            f"the package {names.module!r} would shadow the {names.module} package the host "
            "runs on; choose another plugin name"
        )
    if problems:
        raise InvalidOption(problems=problems)
    year = values["copyright_year"] or datetime.now(timezone.utc).year
    recorded = {**values, "copyright_year": str(year), "mlplugin_version": _mlplugin_version()}
    return trainer_template_context({**recorded, "python_versions": " ".join(versions)}, names)


def render_trainer_project(names: PluginNames, answers: Mapping[str, Any], into: Path) -> Path:
    """Render ``templates/trainer`` below ``into``; return the project directory."""
    from jinja2 import TemplateError as JinjaError

    from scaffold._render import render_template
    from scaffold._templates import template_dir

    context = trainer_context(names, answers)
    try:
        project = render_template(template_dir(TRAINER_TEMPLATE_NAME), context, into)
    except (JinjaError, OSError, ValueError) as error:
        raise TemplateError(template=TRAINER_TEMPLATE_NAME, detail=str(error)) from error
    problem = check_toml(project / "pyproject.toml")
    if problem:
        raise TemplateError(template=TRAINER_TEMPLATE_NAME, detail=problem)
    return project
