"""Refuse plugin names that mlplugin would refuse, before cookiecutter writes anything.

`mlplugin new --kind trainer` validates names itself and does not run this hook; it
exists so that plain `cookiecutter` applies the same rules: mlplugin's name rules
(`scaffold._names`, from the installed mlplugin or the checkout or wheel this template
sits in), a trainer type that does not replace one of the host's built-in trainers, and
class and package names that do not shadow the host's (as `scaffold._trainer_context`).
"""

import importlib.util
import sys
from pathlib import Path

ANSWERS = {
    "plugin_name": {{ cookiecutter.plugin_name | tojson }},
    "project_name": {{ cookiecutter.project_name | tojson }},
    "module_name": {{ cookiecutter.module_name | tojson }},
    "entry_point_name": {{ cookiecutter.entry_point_name | tojson }},
    "trainer_type": {{ cookiecutter.trainer_type | tojson }},
    "trainer_class": {{ cookiecutter.trainer_class | tojson }},
    "settings_class": {{ cookiecutter.settings_class | tojson }},
    "optimizer_class": {{ cookiecutter.optimizer_class | tojson }},
}
TEMPLATE_DIR = Path({{ cookiecutter._repo_dir | tojson }})
#: The trainer types mlagents registers itself; a plugin using one replaces it.
BUILT_IN_TRAINERS = ("ppo", "sac", "poca")
#: Host classes the generated modules import, and packages the host runs on: a
#: generated class or package of the same name would shadow them.
HOST_CLASSES = ("TrainerSettings", "OnPolicyHyperparamSettings", "TorchOptimizer", "OnPolicyTrainer")
HOST_PACKAGES = (
    "torch", "numpy", "attr", "attrs", "cattr", "cattrs", "h5py", "onnx", "yaml", "grpc",
    "google", "tensorboard", "cloudpickle", "filelock", "six", "pytest",
)


def load_name_rules():
    try:
        from scaffold import _names
    except ImportError:
        # templates/trainer in a checkout, scaffold/_templates/trainer in a wheel
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
            "trainer_type": names.module,
        }
        problems = [
            f"{key} is {ANSWERS[key]!r} but must be {value!r} for plugin name {raw!r}"
            for key, value in expected.items()
            if ANSWERS[key] != value
        ]
    if ANSWERS["trainer_type"] in BUILT_IN_TRAINERS:
        problems.append(
            f"trainer type {ANSWERS['trainer_type']!r} would replace mlagents' built-in "
            "trainer of that name; choose another name"
        )
    for key in ("trainer_class", "settings_class", "optimizer_class"):
        if ANSWERS[key] in HOST_CLASSES:
            problems.append(f"the generated class {ANSWERS[key]} would shadow the host's class of that name")
    if ANSWERS["module_name"] in HOST_PACKAGES:
        problems.append(f"the package {ANSWERS['module_name']!r} would shadow the package the host runs on")
    if problems:
        lines = [f"{raw!r} cannot be used as a trainer plugin name:"]
        lines += [f"  - {problem}" for problem in problems]
        suggestion = rules.suggest_name(raw)
        if suggestion and suggestion != raw:  # a valid name refused for trainer reasons
            lines.append(f"Try plugin_name={suggestion}")
        sys.exit("\n".join(lines))


main()
