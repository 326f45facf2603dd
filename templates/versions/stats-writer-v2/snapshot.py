"""Template version 2 of ``stats-writer``, frozen by freeze-template.py.

Nothing in this directory may change: projects that record ``template = "stats-writer"`` and
``template_version = 2`` are re-rendered from it, offline, to find what their author
changed since. ``template/`` is the cookiecutter template (with any file it borrowed from
another template copied in), ``_render.py`` and ``_names.py`` the rendering code and name
rules of mlplugin at the time (copies of ``scaffold/_render.py`` and ``scaffold/_names.py``).
It imports nothing from mlplugin (only jinja2 and the standard library).

Entry point, the same in every snapshot: ``render(answers, into, year)`` renders the recorded
answers below ``into`` and returns the project directory. A missing answer raises
``KeyError``; jinja2 errors and ``OSError`` propagate.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERSION = 2


def _load(name):
    module_name = f"_mlplugin_stats_writer_v{VERSION}_{name.lstrip('_')}"
    spec = importlib.util.spec_from_file_location(module_name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses look their module up while being made
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[module_name]
    return module


def render(answers, into, year):
    """Render version 2 of the template from ``answers`` below ``into``."""
    names = _load("_names").derive_names(answers["plugin_name"])
    renderer = _load("_render")
    context = renderer.template_context({**answers, "copyright_year": year}, names)
    return renderer.render_template(HERE / "template", context, Path(into))
