"""Freeze the live stats-writer template as template version N, with the code that renders it.

    python scripts/freeze-template.py            # freeze scaffold._render.TEMPLATE_VERSION
    python scripts/freeze-template.py --replace  # re-freeze it (only while it is unreleased)

Copies ``templates/stats-writer`` to ``templates/versions/stats-writer-vN/template``, and
``scaffold/_render.py`` and ``scaffold/_names.py`` beside it, then writes the snapshot's
``snapshot.py`` (the one entry point ``render(answers, into, year)``). A released version
must never be frozen again: projects made by it are re-rendered from its snapshot.
``tests/scaffold/test_template_versions.py`` fails whenever the live template no longer
renders what the snapshot of the current version renders.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SNAPSHOT = '''"""Template version {version} of ``stats-writer``, frozen by freeze-template.py.

Nothing in this directory may change: projects that record ``template_version = {version}``
are re-rendered from it, offline, to find what their author changed since. ``template/`` is
the cookiecutter template, ``_render.py`` and ``_names.py`` the rendering code and name rules
of mlplugin at the time (copies of ``scaffold/_render.py`` and ``scaffold/_names.py``). It
imports nothing from mlplugin (only jinja2 and the standard library).

Entry point, the same in every snapshot: ``render(answers, into, year)`` renders the recorded
answers below ``into`` and returns the project directory. A missing answer raises
``KeyError``; jinja2 errors and ``OSError`` propagate.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERSION = {version}


def _load(name):
    module_name = f"_mlplugin_template_v{{VERSION}}_{{name.lstrip('_')}}"
    spec = importlib.util.spec_from_file_location(module_name, HERE / f"{{name}}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses look their module up while being made
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[module_name]
    return module


def render(answers, into, year):
    """Render version {version} of the template from ``answers`` below ``into``."""
    names = _load("_names").derive_names(answers["plugin_name"])
    renderer = _load("_render")
    context = renderer.template_context({{**answers, "copyright_year": year}}, names)
    return renderer.render_template(HERE / "template", context, Path(into))
'''


def _current_version() -> int:
    sys.path.insert(0, str(ROOT))
    from scaffold._render import TEMPLATE_VERSION

    return TEMPLATE_VERSION


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replace", action="store_true", help="re-freeze an unreleased version")
    args = parser.parse_args()
    version = _current_version()
    dest = ROOT / "templates" / "versions" / f"stats-writer-v{version}"
    if dest.exists():
        if not args.replace:
            print(f"{dest} exists; pass --replace only if version {version} is unreleased")
            return 1
        shutil.rmtree(dest)
    shutil.copytree(
        ROOT / "templates" / "stats-writer",
        dest / "template",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    shutil.copy2(ROOT / "scaffold" / "_render.py", dest / "_render.py")
    shutil.copy2(ROOT / "scaffold" / "_names.py", dest / "_names.py")
    (dest / "snapshot.py").write_text(SNAPSHOT.format(version=version), encoding="utf-8")
    print(f"froze template version {version} into {dest.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
