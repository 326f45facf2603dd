"""``mlplugin new --preset``: each preset's files, its recorded answer, and how it is chosen."""

from __future__ import annotations

import configparser
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from packaging.requirements import Requirement

from reference_core._toml import load_toml
from scaffold import InvalidOption, generate, make_spec, plan
from scaffold._generate import PRESET_DESCRIPTIONS, PRESETS, _mlplugin_version
from scaffold._render import template_context
from scaffold.cli import cli

#: Files every preset has (the jsonl project's set, as test_generate lists it).
BASE = {
    "README.md",
    "docs/usage.md",
    "pyproject.toml",
    "src/my_writer/__init__.py",
    "src/my_writer/py.typed",
    "src/my_writer/writer.py",
    "tests/conftest.py",
    "tests/test_contract.py",
    "tests/test_discovery.py",
    "tests/test_writer.py",
    "tox.ini",
}
#: What each preset adds to BASE.
PRESET_FILES = [
    pytest.param("jsonl", set(), id="jsonl"),
    pytest.param("csv", set(), id="csv"),
    pytest.param(
        "mlflow",
        {
            "src/my_writer/backend.py",
            "src/my_writer/delivery.py",
            "src/my_writer/replay.py",
            "src/my_writer/settings.py",
            "tests/test_delivery.py",
            "tests/test_mlflow_server.py",
        },
        id="mlflow",
    ),
    pytest.param(
        "wandb",
        {
            "src/my_writer/backend.py",
            "src/my_writer/delivery.py",
            "src/my_writer/replay.py",
            "src/my_writer/settings.py",
            "tests/test_delivery.py",
            "tests/test_wandb_offline.py",
        },
        id="wandb",
    ),
]
PACKAGING = ["pyproject", "setup-py"]
#: A distinctive line of each preset's writer module.
WRITER_MARKS = [
    pytest.param("jsonl", 'FILE_NAME = "my_writer.jsonl"', id="jsonl"),
    pytest.param("csv", "import csv", id="csv"),
    pytest.param("mlflow", "stats writer (MLflow)", id="mlflow"),
    pytest.param("wandb", "stats writer (Weights & Biases)", id="wandb"),
]
#: What each preset's project requires at run time and for its tests (pyproject style).
REQUIREMENTS = [
    pytest.param("csv", [], [], id="csv"),
    pytest.param("mlflow", [], ["mlflow>=2.10; python_version >= '3.10'"], id="mlflow"),
    pytest.param(
        "wandb", ["wandb>=0.19.10"], ["wandb>=0.31; python_version >= '3.10'"], id="wandb"
    ),
]


def _project_files(root: Path) -> set[str]:
    """The files of a project, less CI, licence and wheelhouse bits that no preset changes."""
    skip = (".github/", "wheelhouse/", ".")
    found = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    return {f for f in found if not f.startswith(skip) and f not in {"LICENSE", "CHANGELOG.md"}}


@pytest.mark.parametrize("packaging", PACKAGING)
@pytest.mark.parametrize(("preset", "extra"), PRESET_FILES)
def test_each_preset_has_its_files(
    tmp_path: Path, preset: str, extra: set[str], packaging: str
) -> None:
    """A preset combines with either packaging style and generates exactly its files."""
    spec = make_spec("my-writer", preset=preset, packaging=packaging)
    project = generate(spec, tmp_path).path
    expected = BASE | extra | ({"setup.py"} if packaging == "setup-py" else set())
    assert _project_files(project) == expected


@pytest.mark.parametrize(("preset", "mark"), WRITER_MARKS)
def test_the_writer_is_the_presets_own(tmp_path: Path, preset: str, mark: str) -> None:
    """writer.py is the chosen preset's writer, and only that one."""
    project = generate(make_spec("my-writer", preset=preset), tmp_path).path
    writer = (project / "src/my_writer/writer.py").read_text(encoding="utf-8")
    assert mark in writer
    others = [m.values[1] for m in WRITER_MARKS if m.values[0] != preset]
    assert not any(other in writer for other in others)


@pytest.mark.parametrize("preset", PRESETS)
def test_the_preset_is_recorded_with_its_description(preset: str) -> None:
    """[tool.mlplugin] records the preset; without --description the preset's own is used."""
    spec = make_spec("my-writer", preset=preset)
    assert spec.answers()["preset"] == preset
    assert spec.description == PRESET_DESCRIPTIONS[preset]
    assert make_spec("my-writer", preset=preset, description="Mine.").description == "Mine."


def test_a_project_recorded_before_presets_renders_as_jsonl() -> None:
    """Recorded answers without a preset (older projects) mean the JSON Lines writer."""
    spec = make_spec("my-writer")
    answers = {**spec.answers(), "mlplugin_version": "0.2.0"}
    del answers["preset"]
    assert template_context(answers, spec.names)["preset"] == "jsonl"


@pytest.mark.parametrize(("preset", "runtime", "tests"), REQUIREMENTS)
def test_backends_are_the_projects_dependencies_not_mlpluginss(
    tmp_path: Path, preset: str, runtime: list[str], tests: list[str]
) -> None:
    """A preset's backend is its project's (test) requirement; network presets ship replay."""
    project = generate(make_spec("my-writer", preset=preset), tmp_path).path
    meta = load_toml(project / "pyproject.toml")["project"]
    assert meta["dependencies"] == runtime
    assert meta["optional-dependencies"]["test"][2:] == tests
    scripts = meta.get("scripts", {})
    network = preset in ("mlflow", "wandb")
    assert scripts == ({"my-writer-replay": "my_writer.replay:main"} if network else {})
    # tox (and so the generated CI) installs the same test requirements
    tox = configparser.ConfigParser(interpolation=None)
    tox.read(project / "tox.ini", encoding="utf-8")
    deps = [d for d in tox["testenv"]["deps"].splitlines() if d and d[0].isalpha()]
    want = {str(Requirement(r)) for r in tests}
    common = {"pytest>=7", f"mlplugin>={_mlplugin_version()}"}
    assert {str(Requirement(d)) for d in deps} - want == common
    assert want <= {str(Requirement(d)) for d in deps}


BAD_PRESETS = [
    pytest.param({"preset": "xml"}, "preset 'xml' is not one of", id="unknown"),
    pytest.param({"preset": "mlfow"}, "(did you mean 'mlflow'?)", id="misspelt"),
    pytest.param({"preset": "CSV"}, "(did you mean 'csv'?)", id="upper-case"),
    pytest.param(
        {"preset": "csv", "kind": "trainer"}, "--preset is for stats writers", id="trainer"
    ),
]


@pytest.mark.parametrize(("answers", "message"), BAD_PRESETS)
def test_bad_presets_are_refused(answers: dict[str, str], message: str) -> None:
    """An unknown preset, or a preset for a trainer plugin, is an InvalidOption."""
    with pytest.raises(InvalidOption, match=message):
        make_spec("my-writer", **answers)


def test_cli_flag_dry_run_and_answers_file(tmp_path: Path) -> None:
    """--preset and an answers file's preset reach the plan; the flag wins; nothing written."""
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"plugin_name": "my-writer", "preset": "jsonl"}))
    result = CliRunner().invoke(
        cli,
        ["new", "--answers", str(answers), "--preset", "csv", "--dry-run", "-o", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert "csv preset" in result.output.splitlines()[0]
    assert not (tmp_path / "my-writer").exists()
    done = CliRunner().invoke(cli, ["new", "--answers", str(answers), "-o", str(tmp_path)])
    assert done.exit_code == 0, done.output
    assert load_toml(tmp_path / "my-writer/pyproject.toml")["tool"]["mlplugin"]["preset"] == "jsonl"


def test_plan_and_generate_agree(tmp_path: Path) -> None:
    """The dry run lists exactly the files the real run writes, for a non-default preset."""
    spec = make_spec("my-writer", preset="csv")
    assert plan(spec, tmp_path).files == generate(spec, tmp_path).files


@pytest.mark.parametrize("preset", ["csv", "mlflow", "wandb"])
def test_plain_cookiecutter_renders_each_preset_the_same(tmp_path: Path, preset: str) -> None:
    """The preset file names (empty for other presets) work in plain cookiecutter too."""
    from cookiecutter.main import cookiecutter

    from scaffold._templates import template_dir

    config = tmp_path / "config.yaml"
    config.write_text(f"cookiecutters_dir: {tmp_path / 'cc'}\nreplay_dir: {tmp_path / 'r'}\n")
    answers = {"preset": preset, "description": "Mine."}
    out = Path(
        cookiecutter(
            str(template_dir()),
            no_input=True,
            output_dir=str(tmp_path / "out"),
            config_file=str(config),
            extra_context={"plugin_name": "my-writer", **answers},
        )
    )
    ours = generate(make_spec("my-writer", **answers), tmp_path / "ours")
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert files == {f for f in ours.files if not f.endswith(".whl")}
    for rel in sorted(files):
        assert (out / rel).read_bytes() == (ours.path / rel).read_bytes(), rel
