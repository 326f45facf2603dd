"""``mlplugin add trainer NAME``: a second trainer that the registration function returns.

Each test generates a trainer project, adds a trainer, and checks the files, the edited
registration function (read back with :mod:`ast` and, where the stand-in host can, by
calling it), the record, and that ``check`` and ``update`` keep handling it. That the
result passes its own suite and ``verify --host`` against the real mlagents is proved in
``tests/host/test_trainer_template.py``.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from older_trainer import serve_older_trainer

from reference_core._toml import load_toml
from scaffold import add_trainer, generate, make_spec
from scaffold._lifecycle import read_files
from scaffold._trainer_registration import registered_types
from scaffold._update import plan_update, update
from scaffold._verify._static import check_project
from scaffold.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "docs" / "reference" / "lifecycle-report.schema.json"
GIT = shutil.which("git")
STYLES = [pytest.param("pyproject", id="pyproject"), pytest.param("setup-py", id="setup-py")]
ADDED = {
    "pyproject.toml",
    "src/main_trainer/__init__.py",
    "src/main_trainer/reinforce/__init__.py",
    "src/main_trainer/reinforce/optimizer.py",
    "src/main_trainer/reinforce/settings.py",
    "src/main_trainer/reinforce/trainer.py",
    "tests/test_reinforce.py",
}


@pytest.fixture(params=STYLES)
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A freshly generated trainer project, in either packaging style."""
    spec = make_spec("main-trainer", kind="trainer", packaging=request.param)
    return generate(spec, tmp_path, check=False).path


def _classes(path: Path) -> set[str]:
    return {n.name for n in ast.parse(path.read_text()).body if isinstance(n, ast.ClassDef)}


def test_add_trainer_writes_registers_and_records(project: Path) -> None:
    """The subpackage, its tests, one entry per dictionary and the record; nothing else."""
    before = read_files(project)
    declared = [(d.group, d.name, d.value) for d in check_project(project).declarations]
    result = CliRunner().invoke(cli, ["add", "trainer", "reinforce", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert "trainer ReinforceTrainer (settings ReinforceSettings), trainer_type reinforce" in (
        result.output
    )
    assert "Next: tox -e py311" in result.output  # the tests need the host, which tox installs
    after = read_files(project)
    changed = {p for p in after if before.get(p) != after[p] and not p.startswith(".mlplugin")}
    assert changed == ADDED
    package = project / "src" / "main_trainer"
    assert registered_types((package / "__init__.py").read_text()) == (
        {"reinforce"},
        {"reinforce"},
    )
    assert _classes(package / "reinforce" / "trainer.py") == {"ReinforceTrainer"}
    assert _classes(package / "reinforce" / "settings.py") == {"ReinforceSettings"}
    assert _classes(package / "reinforce" / "optimizer.py") == {"ReinforceOptimizer"}
    assert 'TRAINER_TYPE = "reinforce"' in (package / "reinforce" / "trainer.py").read_text()
    for path in changed:
        if path.endswith(".py"):
            compile(after[path], path, "exec")
    # no new entry point: the one registration function returns both trainers
    assert [(d.group, d.name, d.value) for d in check_project(project).declarations] == declared
    table = load_toml(project / "pyproject.toml")["tool"]["mlplugin"]
    assert table["plugins"] == [{"kind": "trainer", "name": "reinforce"}]
    assert plan_update(project).current


def test_the_edit_only_adds_lines(project: Path) -> None:
    """The registration function keeps every line it had and gains four, imports sorted."""
    init = project / "src" / "main_trainer" / "__init__.py"
    before = init.read_text().splitlines()
    add_trainer(project, "reinforce")
    after = init.read_text().splitlines()
    assert [line for line in after if line not in before] == [
        "    from .reinforce.settings import ReinforceSettings",
        "    from .reinforce.trainer import ReinforceTrainer",
        '        "reinforce": ReinforceTrainer,',
        '        "reinforce": ReinforceSettings,',
    ]
    assert [line for line in after if line in before] == before


def test_two_added_trainers_both_register(project: Path) -> None:
    """A third trainer joins the second; update renders both again and finds nothing to do."""
    add_trainer(project, "reinforce")
    add_trainer(project, "Actor-Critic")
    keys = registered_types((project / "src" / "main_trainer" / "__init__.py").read_text())
    assert keys == ({"reinforce", "actor_critic"}, {"reinforce", "actor_critic"})
    assert (project / "tests" / "test_actor_critic.py").is_file()
    assert plan_update(project).current


BAD_NAMES = [
    pytest.param("ppo", "would replace mlagents' built-in trainer", id="built-in"),
    pytest.param("class", "is a Python keyword", id="keyword"),
    pytest.param(
        "main", "would have the names of a trainer the project already has", id="same-classes"
    ),
    pytest.param("settings", "is the project's own", id="project-module"),
    pytest.param("training", "is the project's own", id="project-test"),
    pytest.param("main_trainer", "is the project's own", id="the-package"),
    pytest.param("torch", "would shadow the host's", id="host-class"),
    pytest.param("9lives", "not a Python identifier", id="not-identifier"),
    pytest.param("  ", "the name is empty", id="empty"),
]


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_bad_names_exit_2_and_write_nothing(project: Path, name: str, message: str) -> None:
    """Every problem with NAME is reported at once; no file changes."""
    before = read_files(project)
    result = CliRunner().invoke(cli, ["add", "trainer", name, "--project", str(project)])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert read_files(project) == before


def test_the_same_trainer_twice_is_refused(project: Path) -> None:
    """A second add of the same name names the files and the record that are already there."""
    add_trainer(project, "reinforce")
    result = CliRunner().invoke(cli, ["add", "trainer", "reinforce", "--project", str(project)])
    assert result.exit_code == 2, result.output
    assert "src/main_trainer/reinforce already exists" in result.output
    assert "already records a plugin named 'reinforce'" in result.output


def _writer_project(tmp_path: Path) -> Path:
    return generate(make_spec("a-writer"), tmp_path, check=False).path


def _trainer_project(tmp_path: Path) -> Path:
    return generate(make_spec("a-trainer", kind="trainer"), tmp_path, check=False).path


OTHER_KIND = [
    pytest.param(_writer_project, "trainer", "is a stats-writer project", id="trainer-in-writer"),
    pytest.param(_trainer_project, "writer", "is a trainer project", id="writer-in-trainer"),
]


@pytest.mark.parametrize(("make", "kind", "message"), OTHER_KIND)
def test_a_plugin_of_the_other_kind_is_refused(
    tmp_path: Path, make: object, kind: str, message: str
) -> None:
    """Each kind of project takes plugins of its own kind; the other exits 2 saying what to do."""
    project = make(tmp_path)  # type: ignore[operator]
    before = read_files(project)
    result = CliRunner().invoke(cli, ["add", kind, "extra", "--project", str(project)])
    assert result.exit_code == 2, result.output
    assert message in result.output and "mlplugin new" in result.output
    assert read_files(project) == before


def test_dry_run_and_json_write_nothing(project: Path) -> None:
    """--dry-run lists the files; --format json follows the lifecycle-report schema."""
    jsonschema = pytest.importorskip("jsonschema")
    before = read_files(project)
    args = ["add", "trainer", "reinforce", "--project", str(project), "--dry-run"]
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert report["trainer"] == {
        "trainer_type": "reinforce",
        "trainer_class": "ReinforceTrainer",
        "settings_class": "ReinforceSettings",
    }
    assert {f["path"] for f in report["files"]} == ADDED
    assert read_files(project) == before


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.mark.skipif(GIT is None, reason="git is not installed on this machine")
def test_dirty_git_work_tree_needs_allow_dirty(project: Path) -> None:
    """Uncommitted changes stop add trainer (nothing written) unless --allow-dirty."""
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "new")
    (project / "notes.txt").write_text("uncommitted\n")
    before = read_files(project)
    args = ["add", "trainer", "reinforce", "--project", str(project)]
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 2, refused.output
    assert "--allow-dirty" in refused.output and read_files(project) == before
    allowed = CliRunner().invoke(cli, [*args, "--allow-dirty"])
    assert allowed.exit_code == 0, allowed.output


def test_update_from_an_older_template_keeps_the_added_trainer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trainer added under an older template is rendered on both sides of update's merge:
    its files and registration stay, and the template's own change arrives."""
    from scaffold import render_version

    serve_older_trainer(tmp_path / "versions", monkeypatch)
    answers = {
        "template": "trainer",
        "mlplugin_version": "0.2.0",
        "plugin_name": "main-trainer",
        "packaging": "pyproject",
        "description": "A trainer.",
        "author": "Ada",
        "email": "ada@example.com",
        "license": "MIT",
        "python_versions": "3.10 3.11",
        "copyright_year": "2025",
    }
    project = render_version(1, answers, tmp_path / "work")
    add_trainer(project, "reinforce")
    settings = project / "src" / "main_trainer" / "reinforce" / "settings.py"
    settings.write_text(
        settings.read_text().replace("entropy_bonus: float = 0.01", "entropy_bonus: float = 0.02")
    )
    plan = update(project)
    assert {c.path: c.action for c in plan.changes} == {
        "pyproject.toml": "update",
        "tox.ini": "update",
    }
    assert "entropy_bonus: float = 0.02" in settings.read_text()
    assert "requires = tox>=4" in (project / "tox.ini").read_text()
    keys = registered_types((project / "src" / "main_trainer" / "__init__.py").read_text())
    assert keys == ({"reinforce"}, {"reinforce"})
    assert plan_update(project).current


HAND_MADE = (
    '"""Hand-made."""\n\n\ndef get_trainer_types():\n'
    "    from .settings import MainSettings\n"
    "    from .trainer import TRAINER_TYPE, MainTrainer\n\n"
    "    pairs = [(TRAINER_TYPE, MainTrainer, MainSettings)]\n"
    "    return {k: t for k, t, _ in pairs}, {k: s for k, _, s in pairs}\n"
)
BY_HAND = (
    '"""Registered by hand."""\n\n\ndef get_trainer_types():\n'
    "    from .reinforce.settings import ReinforceSettings\n"
    "    from .reinforce.trainer import ReinforceTrainer\n"
    "    from .settings import MainSettings\n"
    "    from .trainer import TRAINER_TYPE, MainTrainer\n\n"
    '    trainers = {TRAINER_TYPE: MainTrainer, "reinforce": ReinforceTrainer}\n'
    '    settings = {TRAINER_TYPE: MainSettings, "reinforce": ReinforceSettings}\n'
    "    return trainers, settings\n"
)


def test_registration_mlplugin_cannot_edit_is_refused(project: Path) -> None:
    """A registration function built another way: exit 2, the lines to add, nothing written."""
    (project / "src" / "main_trainer" / "__init__.py").write_text(HAND_MADE)
    before = read_files(project)
    result = CliRunner().invoke(cli, ["add", "trainer", "reinforce", "--project", str(project)])
    assert result.exit_code == 2, result.output
    assert "other than two literal dictionaries" in result.output
    assert "from .reinforce.trainer import ReinforceTrainer" in result.output
    assert read_files(project) == before


def test_hand_registered_trainer_is_left_as_it_is(project: Path) -> None:
    """Once the author registered it by hand, the same command adds the rest, not the lines."""
    init = project / "src" / "main_trainer" / "__init__.py"
    init.write_text(BY_HAND)
    result = CliRunner().invoke(cli, ["add", "trainer", "reinforce", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert init.read_text() == BY_HAND
    assert (project / "src" / "main_trainer" / "reinforce" / "trainer.py").is_file()
    assert "src/main_trainer/__init__.py" not in result.output
