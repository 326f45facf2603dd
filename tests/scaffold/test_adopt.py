"""``mlplugin adopt``: a hand-written plugin is linked to the template, its code untouched.

The fixture plugins (written the way published plugins are) are copied and adopted; every
test compares the directory before and after, file by file.
"""

from __future__ import annotations

import difflib
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from scaffold import generate, make_spec
from scaffold._lifecycle import read_files, read_record, render_project
from scaffold._update import plan_update
from scaffold.cli import cli

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixture_plugins"
SCHEMA = ROOT / "docs" / "reference" / "lifecycle-report.schema.json"
ADDED = {
    ".github/workflows/ci.yml",
    ".pre-commit-config.yaml",
    "tox.ini",
    "tests/test_mlplugin_contract.py",
    "wheelhouse/README.md",
}

PLUGINS = [
    pytest.param("csv_writer", "mlagents-csv-stats", "setup-py", ["csv"], id="setup-py"),
    pytest.param(
        "recording_writer", "mlplugin-recording-writer", "pyproject", ["recorder"], id="pyproject"
    ),
    pytest.param("wandb_writer", "mlagents-wandb-writer", "pyproject", ["wandb"], id="extras"),
]


def _copy(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / name, tmp_path / name))


@pytest.mark.parametrize(("fixture", "dist", "packaging", "entry_points"), PLUGINS)
def test_adopt_records_answers_and_adds_only_what_is_missing(
    tmp_path: Path, fixture: str, dist: str, packaging: str, entry_points: list[str]
) -> None:
    """Code and packaging stay as written; tests, tox, CI and the record are added."""
    project = _copy(fixture, tmp_path)
    before = read_files(project)
    result = CliRunner().invoke(cli, ["adopt", str(project)])
    assert result.exit_code == 0, result.output
    after = read_files(project)
    backups = {p: d for p, d in after.items() if p.startswith(".mlplugin-backup/")}
    assert list(backups.values()) == [before[p] for p in before if p == "pyproject.toml"]
    wheels = {p for p in after if p.startswith("wheelhouse/mlplugin-") and p.endswith(".whl")}
    assert len(wheels) == 1, "the mlplugin wheel tox.ini and CI install from"
    assert set(after) - set(before) - {"pyproject.toml", *backups, *wheels} == ADDED
    for path, data in before.items():
        if path != "pyproject.toml":
            assert after[path] == data, f"adopt changed {path}"
    if "pyproject.toml" in before:  # only lines added: the [tool.mlplugin] table
        ops = difflib.SequenceMatcher(
            None,
            before["pyproject.toml"].decode().splitlines(),
            after["pyproject.toml"].decode().splitlines(),
        ).get_opcodes()
        assert all(tag in ("equal", "insert") for tag, *_ in ops)
    record = read_record(project)
    assert (record.table["plugin_name"], record.packaging) == (dist, packaging)
    contract = after["tests/test_mlplugin_contract.py"].decode()
    compile(contract, "test_mlplugin_contract.py", "exec")
    for name in entry_points:
        assert f'entry_point = "{name}"' in contract
    assert plan_update(project).current  # linked: check passes straight away


def test_existing_files_are_never_replaced(tmp_path: Path) -> None:
    """A project that has its own tox.ini keeps it; adopt adds the rest."""
    project = _copy("recording_writer", tmp_path)
    (project / "tox.ini").write_text("[tox]\nenv_list = mine\n")
    result = CliRunner().invoke(cli, ["adopt", str(project)])
    assert result.exit_code == 0, result.output
    assert (project / "tox.ini").read_text() == "[tox]\nenv_list = mine\n"
    assert "tox.ini" not in result.output


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    """--dry-run --format json reports the answers and files; the directory is unchanged."""
    jsonschema = pytest.importorskip("jsonschema")
    project = _copy("csv_writer", tmp_path)
    before = read_files(project)
    result = CliRunner().invoke(cli, ["adopt", "--dry-run", "--format", "json", str(project)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert report["answers"]["plugin_name"] == "mlagents-csv-stats" and report["dry_run"]
    assert read_files(project) == before


def _generated(tmp_path: Path) -> Path:
    return generate(make_spec("made-by-new"), tmp_path).path


def _no_entry_point(tmp_path: Path) -> Path:
    path = tmp_path / "plain"
    path.mkdir()
    (path / "pyproject.toml").write_text('[project]\nname = "plain"\nversion = "1"\n')
    return path


def _trainer_plugin(tmp_path: Path) -> Path:
    path = tmp_path / "hand-made-trainer"
    path.mkdir()
    (path / "pyproject.toml").write_text(
        '[project]\nname = "hand-made-trainer"\nversion = "1"\n'
        '[project.entry-points."mlagents.trainer_type"]\nmy_trainer = "my_trainer:get_types"\n'
    )
    return path


def _not_a_directory(tmp_path: Path) -> Path:
    path = tmp_path / "file.txt"
    path.write_text("x")
    return path


REFUSED = [
    pytest.param(_generated, "already records [tool.mlplugin]", id="already-linked"),
    pytest.param(
        _no_entry_point, "declare no entry point in 'mlagents.stats_writer'", id="no-entry-point"
    ),
    pytest.param(_not_a_directory, "is not a directory", id="not-a-directory"),
    pytest.param(_trainer_plugin, "adopt links stats-writer projects only", id="trainer-plugin"),
]


@pytest.mark.parametrize(("make", "message"), REFUSED)
def test_refusals_exit_2_and_write_nothing(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    """What adopt cannot link is a usage error with the reason; nothing is written."""
    target = make(tmp_path)
    before = read_files(tmp_path)
    result = CliRunner().invoke(cli, ["adopt", str(target)])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert read_files(tmp_path) == before


def test_update_of_an_adopted_plugin_touches_only_what_adopt_added(tmp_path: Path) -> None:
    """After a template change, update brings tox/CI/wheelhouse up to date, nothing else."""
    project = _copy("csv_writer", tmp_path)
    assert CliRunner().invoke(cli, ["adopt", str(project)]).exit_code == 0
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(text.replace("template_version = 2", "template_version = 1"))
    with tempfile.TemporaryDirectory() as scratch:  # as if adopted by template v1
        v1 = read_files(render_project(read_record(project).table, 1, Path(scratch)))
    (project / "tox.ini").write_bytes(v1["tox.ini"])
    own = {p: d for p, d in read_files(project).items() if p.startswith("mlagents_csv_stats/")}
    plan = plan_update(project)
    actions = {c.path: c.action for c in plan.changes}
    assert actions["tox.ini"] == "update"
    assert set(actions) <= {*ADDED, "pyproject.toml"}  # README, setup.py, code: not managed
    done = CliRunner().invoke(cli, ["update", str(project)])
    assert done.exit_code == 0, done.output
    assert {p: d for p, d in read_files(project).items() if p in own} == own
    assert "template_version = 2" in pyproject.read_text()
    assert plan_update(project).current
