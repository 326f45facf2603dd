"""Refuse plugin names that mlplugin would refuse, before cookiecutter writes anything.

`mlplugin new` validates names itself and does not run this hook; it exists so that
plain `cookiecutter` applies the same rules. The rules live in mlplugin's
`scaffold._names`, imported from the installed mlplugin or from the checkout or wheel
this template sits in.
"""

import importlib.util
import sys
from pathlib import Path

ANSWERS = {
    "plugin_name": {{ cookiecutter.plugin_name | tojson }},
    "project_name": {{ cookiecutter.project_name | tojson }},
    "module_name": {{ cookiecutter.module_name | tojson }},
    "entry_point_name": {{ cookiecutter.entry_point_name | tojson }},
    "class_name": {{ cookiecutter.class_name | tojson }},
}
TEMPLATE_DIR = Path({{ cookiecutter._repo_dir | tojson }})


def load_name_rules():
    try:
        from scaffold import _names
    except ImportError:
        # templates/stats-writer in a checkout, scaffold/_templates/stats-writer in a wheel
        for candidate in (TEMPLATE_DIR.parent.parent / "scaffold", TEMPLATE_DIR.parent.parent):
            path = candidate / "_names.py"
            if path.is_file():
                spec = importlib.util.spec_from_file_location("_mlplugin_names", path)
                module = importlib.util.module_from_spec(spec)
                sys.modules[spec.name] = module  # dataclasses look their module up
                spec.loader.exec_module(module)
                return module
        sys.exit(
            "This template needs mlplugin's name rules: install mlplugin (from a clone of "
            "its repository, e.g. pip install ./mlplugin) into this environment"
        )
    return _names


def main():
    rules = load_name_rules()
    raw = ANSWERS["plugin_name"]
    problems = rules.name_problems(raw)
    if not problems:
        names = rules.derive_names(raw)
        expected = {
            "project_name": names.project,
            "module_name": names.module,
            "entry_point_name": names.entry_point,
            "class_name": names.class_name,
        }
        problems = [
            f"{key} is {ANSWERS[key]!r} but must be {value!r} for plugin name {raw!r}"
            for key, value in expected.items()
            if ANSWERS[key] != value
        ]
    if problems:
        lines = [f"{raw!r} cannot be used as a plugin name:"]
        lines += [f"  - {problem}" for problem in problems]
        suggestion = rules.suggest_name(raw)
        if suggestion:
            lines.append(f"Try plugin_name={suggestion}")
        sys.exit("\n".join(lines))


main()
