"""Template version 1 of ``stats-writer``, frozen: what ``mlplugin new`` rendered at commit e9b7c5a.

Nothing in this directory may change. Projects made by this version (they record only
``mlplugin_version = "0.1.0"`` under ``[tool.mlplugin]``) are re-rendered from it, offline,
to find what their author changed since. ``template/`` is the cookiecutter template of that
commit, ``_render.py`` and ``_names.py`` its rendering code and name rules, unchanged; this
file rebuilds the context the way that commit's ``PluginSpec.context()`` did. It imports
nothing from mlplugin (only jinja2 and the standard library).

Entry point, the same in every snapshot: ``render(answers, into, year=...)`` renders the
recorded answers below ``into`` and returns the project directory. A missing answer raises
``KeyError``; jinja2 errors and ``OSError`` propagate.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERSION = 1


def _load(name):
    module_name = f"_mlplugin_template_v{VERSION}_{name.lstrip('_')}"
    spec = importlib.util.spec_from_file_location(module_name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses look their module up while being made
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[module_name]
    return module


def context(answers, year):
    """The cookiecutter context version 1 rendered from the recorded ``answers``."""
    names = _load("_names").derive_names(answers["plugin_name"])
    versions = answers["python_versions"]
    if isinstance(versions, str):
        versions = versions.replace(",", " ").split()
    return {
        "plugin_name": names.raw,
        "packaging": answers["packaging"],
        "description": answers["description"],
        "author": answers["author"],
        "email": answers["email"],
        "license": answers["license"],
        "python_versions": " ".join(versions),
        "project_name": names.project,
        "module_name": names.module,
        "entry_point_name": names.entry_point,
        "class_name": names.class_name,
        "title": names.title,
        "registration_function": names.registration,
        "mlplugin_version": answers["mlplugin_version"],
        "__year": str(year),
    }


def render(answers, into, year):
    """Render version 1 of the template from ``answers`` below ``into``; return the project."""
    return _load("_render").render_template(HERE / "template", context(answers, year), Path(into))
