"""The trainer template renders a complete project: exact files, key contents, name rules.

These tests need no ML-Agents host; the generated project's own suite runs against the
real host in tests/host/test_trainer_template.py.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from reference_core._toml import load_toml
from scaffold import InvalidOption
from scaffold._names import derive_names
from scaffold._trainer_context import render_trainer_project, trainer_context

COMMON = {
    ".github/dependabot.yml",
    ".github/workflows/ci.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "CHANGELOG.md",
    "LICENSE",
    "README.md",
    "config.yaml",
    "docs/usage.md",
    "pyproject.toml",
    "scripts/install-host.sh",
    "src/{module}/__init__.py",
    "src/{module}/line_world.py",
    "src/{module}/optimizer.py",
    "src/{module}/py.typed",
    "src/{module}/quick_train.py",
    "src/{module}/settings.py",
    "src/{module}/trainer.py",
    "tests/conftest.py",
    "tests/test_contract.py",
    "tests/test_line_world.py",
    "tests/test_registration.py",
    "tests/test_training.py",
    "tox.ini",
}
FILE_SETS = [
    pytest.param("pyproject", COMMON, id="pyproject"),
    pytest.param("setup-py", COMMON | {"setup.py"}, id="setup-py"),
]
CLASS_NAMES = [
    pytest.param("my-trainer", "MyTrainer", "MySettings", "my_trainer", id="trainer-suffix"),
    pytest.param("reinforce", "ReinforceTrainer", "ReinforceSettings", "reinforce", id="plain"),
    pytest.param("FancyA2C", "FancyA2CTrainer", "FancyA2CSettings", "fancy_a2_c", id="camel"),
]
REFUSED = [
    pytest.param("ppo", {}, "built-in trainer", id="replaces-ppo"),
    pytest.param("SAC", {}, "built-in trainer", id="replaces-sac"),
    pytest.param("my-trainer", {"python_versions": "3.11 3.12"}, "3.12", id="python-3.12"),
    pytest.param("my-trainer", {"python_versions": ""}, "got none", id="no-python"),
    pytest.param("my-trainer", {"colour": "blue"}, "unknown option 'colour'", id="unknown"),
    pytest.param("trainer", {}, "TrainerSettings would shadow", id="shadows-settings"),
    pytest.param("torch-trainer", {}, "TorchOptimizer would shadow", id="shadows-optimizer"),
    pytest.param("on-policy", {}, "OnPolicyTrainer would shadow", id="shadows-trainer"),
    pytest.param("numpy", {}, "package 'numpy' would shadow", id="shadows-package"),
]


def _render(tmp_path: Path, packaging: str, name: str = "line-walker", **answers: Any) -> Path:
    return render_trainer_project(
        derive_names(name), {"packaging": packaging, **answers}, tmp_path / "out"
    )


def _setup_py_entry_points(project: Path) -> dict[str, list[str]]:
    """The literal ``entry_points=`` dict of setup.py, group name resolved."""
    tree = ast.parse((project / "setup.py").read_text(encoding="utf-8"))
    constants = {
        t.id: n.value.value
        for n in tree.body
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    call = next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "setup"
    )
    value = next(k.value for k in call.keywords if k.arg == "entry_points")
    assert isinstance(value, ast.Dict)
    return {
        constants[key.id]: [e.value for e in val.elts]  # type: ignore[attr-defined, union-attr]
        for key, val in zip(value.keys, value.values)
    }


@pytest.mark.parametrize(("packaging", "expected"), FILE_SETS)
def test_exact_file_set(tmp_path: Path, packaging: str, expected: set[str]) -> None:
    """Each packaging style renders exactly its documented files."""
    project = _render(tmp_path, packaging)
    assert project == tmp_path / "out" / "line-walker"
    on_disk = {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()}
    assert on_disk == {f.format(module="line_walker") for f in expected}


@pytest.mark.parametrize("packaging", ["pyproject", "setup-py"])
def test_entry_point_is_in_the_trainer_group(tmp_path: Path, packaging: str) -> None:
    """The registration function is declared in mlagents.trainer_type, group spelled out."""
    project = _render(tmp_path, packaging)
    if packaging == "pyproject":
        declared = load_toml(project / "pyproject.toml")["project"]["entry-points"]
        assert declared == {
            "mlagents.trainer_type": {"line_walker": "line_walker:get_trainer_types"}
        }
    else:
        assert _setup_py_entry_points(project) == {
            "mlagents.trainer_type": ["line_walker = line_walker:get_trainer_types"]
        }
    for source in project.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        ast.parse(text)
        assert "from mlagents.plugins import ML_AGENTS" not in text, source


@pytest.mark.parametrize("packaging", ["pyproject", "setup-py"])
def test_config_yaml_names_the_new_trainer_type(tmp_path: Path, packaging: str) -> None:
    """The sample config uses the plugin's trainer type with its own hyperparameters."""
    project = _render(tmp_path, packaging)
    config = yaml.safe_load((project / "config.yaml").read_text(encoding="utf-8"))
    behavior = config["behaviors"]["LineWorld"]
    assert behavior["trainer_type"] == "line_walker"
    assert {"value_loss_weight", "entropy_bonus"} <= set(behavior["hyperparameters"])


def test_settings_annotations_stay_real_types(tmp_path: Path) -> None:
    """settings.py never postpones annotations: the host structures YAML by field type."""
    project = _render(tmp_path, "pyproject")
    settings = (project / "src/line_walker/settings.py").read_text(encoding="utf-8")
    tree = ast.parse(settings)
    future = [n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == "__future__"]
    assert future == []
    assert "class LineWalkerSettings(OnPolicyHyperparamSettings):" in settings


def test_tox_runs_the_hosts_pythons_with_the_host_installer(tmp_path: Path) -> None:
    """tox covers py310 and py311 only and installs the real host before the tests."""
    import configparser

    project = _render(tmp_path, "pyproject")
    tox = configparser.ConfigParser(interpolation=None)
    tox.read(project / "tox.ini", encoding="utf-8")
    assert [e.strip() for e in tox["tox"]["env_list"].split(",")] == ["py310", "py311", "lint"]
    assert "install-host.sh {envpython}" in tox["testenv"]["commands_pre"]
    script = project / "scripts/install-host.sh"
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    text = script.read_text(encoding="utf-8")
    assert '--no-deps --ignore-requires-python "mlagents==$version"' in text
    assert '"onnx==1.15.0"' in text and "torch==2.13.0" in text


def test_author_parts_are_marked(tmp_path: Path) -> None:
    """Every module an author rewrites says where, with an AUTHOR: marker."""
    project = _render(tmp_path, "pyproject")
    for module in ("settings.py", "optimizer.py", "trainer.py"):
        assert "# AUTHOR:" in (project / "src/line_walker" / module).read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "trainer", "settings", "trainer_type"), CLASS_NAMES)
def test_class_names_and_trainer_type(
    name: str, trainer: str, settings: str, trainer_type: str
) -> None:
    """Class names come from the plugin name, without a doubled 'Trainer'."""
    context = trainer_context(derive_names(name), {})
    assert (context["trainer_class"], context["settings_class"]) == (trainer, settings)
    assert context["trainer_type"] == trainer_type == context["module_name"]
    assert context["python_versions"] == "3.10 3.11"


@pytest.mark.parametrize(("name", "answers", "message"), REFUSED)
def test_refused_answers(name: str, answers: dict[str, Any], message: str) -> None:
    """Names replacing a built-in trainer, unsupported Pythons and unknown answers fail."""
    with pytest.raises(InvalidOption, match=message):
        trainer_context(derive_names(name), answers)


def _cookiecutter_config(tmp_path: Path) -> str:
    config = tmp_path / "config.yaml"
    config.write_text(f"cookiecutters_dir: {tmp_path / 'cc'}\nreplay_dir: {tmp_path / 'replay'}\n")
    return str(config)


@pytest.mark.parametrize("packaging", ["pyproject", "setup-py"])
def test_plain_cookiecutter_renders_the_same_project(tmp_path: Path, packaging: str) -> None:
    """The template is a plain cookiecutter template: cookiecutter's output equals ours."""
    from cookiecutter.main import cookiecutter

    from scaffold._templates import template_dir

    out = cookiecutter(
        str(template_dir("trainer")),
        no_input=True,
        output_dir=str(tmp_path / "theirs"),
        config_file=_cookiecutter_config(tmp_path),
        extra_context={"plugin_name": "line.walker_trainer", "packaging": packaging},
    )
    ours = _render(tmp_path, packaging, name="line.walker_trainer")
    theirs = Path(out)
    assert theirs.name == ours.name == "line-walker-trainer"
    files = {p.relative_to(theirs).as_posix() for p in theirs.rglob("*") if p.is_file()}
    assert files == {p.relative_to(ours).as_posix() for p in ours.rglob("*") if p.is_file()}
    for rel in sorted(files):
        assert (theirs / rel).read_bytes() == (ours / rel).read_bytes(), rel


HOOK_REFUSES = [
    pytest.param("ppo", id="built-in"),
    pytest.param("class", id="keyword"),
    pytest.param("torch-trainer", id="shadows-host-class"),
    pytest.param("numpy", id="shadows-host-package"),
]


@pytest.mark.parametrize("name", HOOK_REFUSES)
def test_plain_cookiecutter_applies_the_name_rules(tmp_path: Path, name: str) -> None:
    """The template's hook refuses what trainer_context refuses; nothing is written."""
    from cookiecutter.exceptions import FailedHookException
    from cookiecutter.main import cookiecutter

    from scaffold._templates import template_dir

    with pytest.raises(FailedHookException):
        cookiecutter(
            str(template_dir("trainer")),
            no_input=True,
            output_dir=str(tmp_path / "bad"),
            config_file=_cookiecutter_config(tmp_path),
            extra_context={"plugin_name": name},
        )
    assert not (tmp_path / "bad" / name).exists()


@pytest.mark.integration
def test_without_the_host_the_generated_suite_says_why_it_skips(tmp_path: Path) -> None:
    """Installed where mlagents is absent, the generated suite passes what needs no host
    and skips the rest, each skip naming the missing host and the tox command."""
    import sys

    project = _render(tmp_path, "pyproject")
    site = tmp_path / "site"
    # a tox-uv environment has uv and no pip; a plain venv has pip
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    install = (
        [uv, "pip", "install", "--quiet", "--no-deps", "--python", sys.executable]
        if uv
        else [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    )
    subprocess.run([*install, "--target", str(site), str(project)], check=True)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-rs",
            f"--basetemp={tmp_path / 'basetemp'}",
        ],
        cwd=project,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(site), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:]
    assert " 1 passed, 8 skipped in " in done.stdout.strip().splitlines()[-1]
    skips = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]
    assert skips and all("is not installed here; run tox (py310/py311)" in s for s in skips)
