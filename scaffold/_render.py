"""Render a cookiecutter template with jinja2 alone, as cookiecutter's ``generate_files`` does.

``mlplugin new`` renders its template without importing cookiecutter, whose imports cost
more than the rendering itself (see ``benchmarks/NOTES.md``). The template stays a plain
cookiecutter template: ``tests/scaffold`` renders it both ways and compares every file.

What is supported is what cookiecutter does with this kind of template: file and
directory names are templates too, and a file whose name renders empty is left out;
undefined variables are errors; binary files are copied as they are; each file keeps
its newline style and permission bits; the template's ``_extensions`` are loaded from
its own directory (cookiecutter's "local extensions").

:func:`template_context` turns recorded answers into the template's variables. It lives
here, beside the renderer, because a template version is frozen together with the code that
renders it: ``scripts/freeze-template.py`` copies this module and :mod:`scaffold._names`
into the version's snapshot (see :mod:`scaffold._template_versions`), so this module imports
nothing from mlplugin. :func:`trainer_template_context` is the same for the trainer
template; its answers are validated beforehand by :mod:`scaffold._trainer_context`.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from types import CodeType
from typing import Any, Optional

from jinja2 import Environment, StrictUndefined
from jinja2.ext import Extension

__all__ = [
    "TEMPLATE_VERSION",
    "TEMPLATE_VERSIONS",
    "TRAINER_TEMPLATE_VERSION",
    "render_template",
    "render_text",
    "template_context",
    "trainer_class_prefix",
    "trainer_template_context",
]

#: The version of the live stats-writer template, written into every project it renders.
TEMPLATE_VERSION = 2
#: The version of the live trainer template (numbered on its own, from 1).
TRAINER_TEMPLATE_VERSION = 1
#: Each template's live version, by the name ``[tool.mlplugin] template`` records.
TEMPLATE_VERSIONS = {"stats-writer": TEMPLATE_VERSION, "trainer": TRAINER_TEMPLATE_VERSION}
#: The host version and CPU torch a trainer project installs for its tests.
MLAGENTS_VERSION = "1.1.0"
TORCH_VERSION = "2.13.0"


def _extensions(template: Path, names: list[str]) -> list[type[Extension]]:
    """Load ``module.Class`` extensions from files in the template directory."""
    loaded: list[type[Extension]] = []
    for dotted in names:
        module_name, _, class_name = dotted.rpartition(".")
        path = template / f"{module_name}.py"
        spec = importlib.util.spec_from_file_location(f"_mlplugin_template_{module_name}", path)
        if spec is None or spec.loader is None:
            raise FileNotFoundError(f"template extension {dotted} not found at {path}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        loaded.append(getattr(module, class_name))
    return loaded


def _newline(text_path: Path) -> str:
    """The newline of the file's first line, as cookiecutter keeps it."""
    with text_path.open(encoding="utf-8", newline="") as handle:
        first = handle.readline()
    return "\r\n" if first.endswith("\r\n") else "\n"


def render_template(
    template: Path,
    context: Mapping[str, Any],
    into: Path,
    *,
    compiled: Optional[MutableMapping[str, CodeType]] = None,
) -> Path:
    """Render ``template`` (the directory holding ``cookiecutter.json``) below ``into``.

    ``context`` is the ``cookiecutter`` namespace: every variable, already resolved.
    Returns the rendered project directory.

    ``compiled`` maps template text to the code jinja2 compiles it to in this
    environment (``Environment.compile``); text found there is not compiled again, text
    not found is compiled and added. Rendering is then exactly ``from_string``'s, which
    compiles the same way first. Keeping the mapping valid (the same jinja2, Python and
    extensions) is the caller's job.
    """
    config = json.loads((template / "cookiecutter.json").read_text(encoding="utf-8"))
    env = Environment(  # noqa: S701 - renders Python, TOML and Markdown, never HTML
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        extensions=_extensions(template, config.get("_extensions", [])),
    )
    variables = {"cookiecutter": dict(context)}

    def render(text: str) -> str:
        if compiled is None:
            return env.from_string(text).render(**variables)
        code = compiled.get(text)
        if code is None:
            code = compiled[text] = env.compile(text)
        template = env.template_class.from_code(env, code, env.make_globals(None), None)
        return template.render(**variables)

    (root,) = [p for p in template.iterdir() if p.is_dir() and "{{" in p.name]
    project = into / render(root.name)
    project.mkdir(parents=True)
    for source in sorted(root.rglob("*")):
        relative = source.relative_to(root)
        if "__pycache__" in relative.parts:  # bytecode an installer compiled, not template
            continue
        names = [render(part) for part in relative.parts]
        if not all(names):  # a name that renders empty leaves the file out
            continue
        target = project.joinpath(*names)
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is None or "\0" in text:
            shutil.copyfile(source, target)
        else:
            rendered = render(text.replace("\r\n", "\n"))
            with target.open("w", encoding="utf-8", newline=_newline(source)) as handle:
                handle.write(rendered)
        shutil.copymode(source, target)
    return project


def template_context(answers: Mapping[str, Any], names: Any) -> dict[str, Any]:
    """The cookiecutter variables for ``answers`` (a ``[tool.mlplugin]`` table).

    ``names`` is the :class:`~scaffold.PluginNames` of ``answers["plugin_name"]``. The
    answers are used as they are: validating them is :func:`~scaffold.make_spec`'s job.
    """
    versions = answers["python_versions"]
    if isinstance(versions, str):
        versions = versions.replace(",", " ").split()
    return {
        "plugin_name": names.raw,
        "project_name": names.project,
        "module_name": names.module,
        "entry_point_name": names.entry_point,
        "class_name": names.class_name,
        "title": names.title,
        "registration_function": names.registration,
        "packaging": answers["packaging"],
        # projects made before presets existed wrote JSON Lines
        "preset": answers.get("preset", "jsonl"),
        "description": answers["description"],
        "author": answers["author"],
        "email": answers["email"],
        "license": answers["license"],
        "python_versions": " ".join(versions),
        "copyright_year": str(answers["copyright_year"]),
        "mlplugin_version": answers["mlplugin_version"],
        "__template_version": str(TEMPLATE_VERSION),
    }


def trainer_class_prefix(names: Any) -> str:
    """``my-trainer`` -> ``My``; ``reinforce`` -> ``Reinforce`` (never empty)."""
    camel = str(names.title).replace(" ", "")
    if camel.endswith("Trainer") and len(camel) > len("Trainer"):
        return camel[: -len("Trainer")]
    return camel


def trainer_template_context(answers: Mapping[str, Any], names: Any) -> dict[str, Any]:
    """The cookiecutter variables of the trainer template for ``answers``.

    Like :func:`template_context`: ``answers`` is a ``[tool.mlplugin]`` table (with
    ``copyright_year`` and ``mlplugin_version``), used as it is.
    """
    versions = answers["python_versions"]
    if not isinstance(versions, str):
        versions = " ".join(str(v) for v in versions)
    prefix = trainer_class_prefix(names)
    return {
        "plugin_name": names.raw,
        "project_name": names.project,
        "module_name": names.module,
        "entry_point_name": names.entry_point,
        "title": names.title,
        "class_prefix": prefix,
        "trainer_class": f"{prefix}Trainer",
        "settings_class": f"{prefix}Settings",
        "optimizer_class": f"{prefix}Optimizer",
        "trainer_type": names.module,
        "registration_function": "get_trainer_types",
        "packaging": answers["packaging"],
        "description": answers["description"],
        "author": answers["author"],
        "email": answers["email"],
        "license": answers["license"],
        "python_versions": " ".join(versions.replace(",", " ").split()),
        "mlagents_version": MLAGENTS_VERSION,
        "torch_version": TORCH_VERSION,
        "copyright_year": str(answers["copyright_year"]),
        "mlplugin_version": answers["mlplugin_version"],
        "__template_version": str(TRAINER_TEMPLATE_VERSION),
    }


def render_text(template: Path, text: str, context: Mapping[str, Any]) -> str:
    """Render one piece of ``template`` (a file's text) as :func:`render_template` would.

    The template's extensions are loaded and undefined variables are errors; ``context``
    is the ``cookiecutter`` namespace. For files rendered one at a time, such as the parts
    of a trainer that ``mlplugin add trainer`` renders again under another name.
    """
    config = json.loads((template / "cookiecutter.json").read_text(encoding="utf-8"))
    env = Environment(  # noqa: S701 - renders Python, TOML and Markdown, never HTML
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        extensions=_extensions(template, config.get("_extensions", [])),
    )
    return env.from_string(text.replace("\r\n", "\n")).render(cookiecutter=dict(context))
