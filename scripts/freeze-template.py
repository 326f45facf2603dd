"""Freeze a live template as its version N, with the code that renders it.

    python scripts/freeze-template.py                     # stats-writer, its current version
    python scripts/freeze-template.py --template trainer  # the trainer template
    python scripts/freeze-template.py --replace           # re-freeze (only while unreleased)

Copies ``templates/<template>`` to ``templates/versions/<template>-vN/template`` (N from
``scaffold._render.TEMPLATE_VERSIONS``), and ``scaffold/_render.py`` and
``scaffold/_names.py`` beside it, then writes the snapshot's ``snapshot.py`` (the one
entry point ``render(answers, into, year)``). A file the template borrows from another
template (the trainer's ``local_extensions.py`` loads the stats-writer's filters) is
replaced by a copy of what it borrows, so the snapshot is self-contained. A released
version must never be frozen again: projects made by it are re-rendered from its snapshot.
``tests/scaffold/test_template_versions.py`` fails whenever a live template no longer
renders what the snapshot of its current version renders.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Files of a template that only load another template's file: the snapshot gets that file.
BORROWED = {"trainer": {"local_extensions.py": "stats-writer/local_extensions.py"}}
#: The function of ``_render.py`` that builds each template's context from recorded answers.
CONTEXT = {"stats-writer": "template_context", "trainer": "trainer_template_context"}

SNAPSHOT = '''"""Template version {version} of ``{template}``, frozen by freeze-template.py.

Nothing in this directory may change: projects that record ``template = "{template}"`` and
``template_version = {version}`` are re-rendered from it, offline, to find what their author
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
VERSION = {version}


def _load(name):
    module_name = f"_mlplugin_{module_prefix}_v{{VERSION}}_{{name.lstrip('_')}}"
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
    context = renderer.{context}({{**answers, "copyright_year": year}}, names)
    return renderer.render_template(HERE / "template", context, Path(into))
'''


def _current_version(template: str) -> int:
    sys.path.insert(0, str(ROOT))
    from scaffold._render import TEMPLATE_VERSIONS

    return TEMPLATE_VERSIONS[template]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--template", choices=sorted(CONTEXT), default="stats-writer")
    parser.add_argument("--replace", action="store_true", help="re-freeze an unreleased version")
    args = parser.parse_args()
    template = args.template
    version = _current_version(template)
    dest = ROOT / "templates" / "versions" / f"{template}-v{version}"
    if dest.exists():
        if not args.replace:
            print(f"{dest} exists; pass --replace only if version {version} is unreleased")
            return 1
        shutil.rmtree(dest)
    shutil.copytree(
        ROOT / "templates" / template,
        dest / "template",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    for name, source in BORROWED.get(template, {}).items():
        shutil.copy2(ROOT / "templates" / source, dest / "template" / name)
    shutil.copy2(ROOT / "scaffold" / "_render.py", dest / "_render.py")
    shutil.copy2(ROOT / "scaffold" / "_names.py", dest / "_names.py")
    snapshot = SNAPSHOT.format(
        version=version,
        template=template,
        module_prefix=template.replace("-", "_"),
        context=CONTEXT[template],
    )
    (dest / "snapshot.py").write_text(snapshot, encoding="utf-8")
    print(f"froze {template} template version {version} into {dest.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
