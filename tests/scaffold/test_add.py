"""``mlplugin add writer NAME``: a second writer whose entry point, tests and record all agree.

Each test generates a project, adds a writer, and checks the files, the packaging
declarations (read back by verify's static reader), the layout of the edited files, and
that the new entry point loads and registers through the host's discovery.
"""

from __future__ import annotations

import difflib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scaffold import generate, make_spec
from scaffold._generate import _check
from scaffold._lifecycle import read_files, read_record
from scaffold._update import plan_update, update
from scaffold._verify._static import check_project
from scaffold.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "docs" / "reference" / "lifecycle-report.schema.json"
STYLES = [pytest.param("pyproject", id="pyproject"), pytest.param("setup-py", id="setup-py")]


@pytest.fixture(params=STYLES)
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A freshly generated project brought to today's template version."""
    path = generate(make_spec("main-writer", packaging=request.param), tmp_path).path
    update(path)  # records today's template version if new did not
    return path


def _declared(project: Path) -> dict[str, str]:
    return {d.name: d.value for d in check_project(project).declarations}


def _only_insertions(before: str, after: str) -> bool:
    """Whether ``after`` is ``before`` with lines added and none changed or removed."""
    ops = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines()).get_opcodes()
    return all(tag in ("equal", "insert") for tag, *_ in ops)


def test_add_writer_declares_loads_and_records(project: Path) -> None:
    """The new module, its tests, its entry point and its record; both writers load."""
    edited = (
        ["pyproject.toml", "setup.py"] if (project / "setup.py").exists() else ["pyproject.toml"]
    )
    before = {name: (project / name).read_text() for name in edited}
    result = CliRunner().invoke(cli, ["add", "writer", "csv-export", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert 'Next: pip install -e ".[test]" --find-links wheelhouse && pytest' in result.output
    assert (project / "src" / "main_writer" / "csv_export.py").is_file()
    assert (project / "tests" / "test_csv_export.py").is_file()
    assert _declared(project) == {
        "main_writer": "main_writer:get_stats_writers",
        "csv_export": "main_writer.csv_export:get_stats_writers",
    }
    for name, text in before.items():  # comments and layout survive: lines are only added
        after = (project / name).read_text()
        assert after != text and _only_insertions(text, after), name
    assert list(read_record(project).table["plugins"]) == [{"kind": "writer", "name": "csv-export"}]
    _check(project)  # new's own check: every declared entry point loads and registers
    assert plan_update(project).current, "update would undo or redo part of the addition"


def test_two_added_writers_rerender_identically(project: Path) -> None:
    """update renders every recorded plugin: after two additions the project is current."""
    runner = CliRunner()
    for name in ("first-extra", "second-extra"):
        done = runner.invoke(cli, ["add", "writer", name, "--project", str(project)])
        assert done.exit_code == 0, done.output
    assert set(_declared(project)) == {"main_writer", "first_extra", "second_extra"}
    check = runner.invoke(cli, ["check", str(project)])
    assert check.exit_code == 0, check.output


def test_dry_run_writes_nothing_and_reports_json(project: Path) -> None:
    """--dry-run --format json lists the files and entry point; no file changes."""
    jsonschema = pytest.importorskip("jsonschema")
    before = read_files(project)
    result = CliRunner().invoke(
        cli,
        ["add", "writer", "csv-export", "--project", str(project), "--dry-run", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert report["entry_point"] == {
        "name": "csv_export",
        "value": "main_writer.csv_export:get_stats_writers",
    }
    assert "src/main_writer/csv_export.py" in [f["path"] for f in report["files"]]
    assert read_files(project) == before


BAD_NAMES = [
    pytest.param("", "the name is empty", id="empty"),
    pytest.param("class", "Python keyword", id="keyword"),
    pytest.param("9lives", "not a Python identifier", id="leading-digit"),
    pytest.param("writer", "the project's own", id="own-module"),
    pytest.param("main-writer", "the project's own", id="package-name"),
    pytest.param("caf\u00e9", "not a Python identifier", id="non-ascii"),
]


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_bad_names_exit_2_and_write_nothing(project: Path, name: str, message: str) -> None:
    """A name that cannot be a module of the project is refused with the reason."""
    before = read_files(project)
    result = CliRunner().invoke(cli, ["add", "writer", name, "--project", str(project)])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert read_files(project) == before


def test_the_same_name_twice_is_refused(project: Path) -> None:
    """A second add of the same writer names the files that already exist."""
    runner = CliRunner()
    assert runner.invoke(cli, ["add", "writer", "twice", "--project", str(project)]).exit_code == 0
    again = runner.invoke(cli, ["add", "writer", "twice", "--project", str(project)])
    assert again.exit_code == 2, again.output
    assert "src/main_writer/twice.py already exists" in again.output


def _entry_points_in_a_variable(text: str) -> str:
    return text.replace("    entry_points={", "    entry_points=POINTS,\n    _unused={")


def _two_setup_calls(text: str) -> str:
    return text + "\nif False:\n    setup()\n"


def _group_as_string(text: str) -> str:
    start = text.index("        ML_AGENTS_STATS_WRITER: [")
    end = text.index("],", start) + 2
    return (
        text[:start]
        + '        ML_AGENTS_STATS_WRITER: "main_writer = main_writer:get_stats_writers",'
        + text[end:]
    )


UNEDITABLE = [
    pytest.param(_entry_points_in_a_variable, "no literal entry_points", id="variable"),
    pytest.param(_two_setup_calls, "2 setup() calls", id="two-calls"),
    pytest.param(_group_as_string, "not a literal list", id="string-value"),
]


@pytest.mark.parametrize(("spoil", "reason"), UNEDITABLE)
def test_setup_py_that_cannot_be_edited_safely_is_refused(
    tmp_path: Path, spoil: Callable[[str], str], reason: str
) -> None:
    """add shows the exact line to add and writes nothing; once added by hand, add completes."""
    project = generate(make_spec("main-writer", packaging="setup-py"), tmp_path).path
    setup_py = project / "setup.py"
    setup_py.write_text(spoil(setup_py.read_text()))
    before = read_files(project)
    runner = CliRunner()
    result = runner.invoke(cli, ["add", "writer", "extra", "--project", str(project)])
    assert result.exit_code == 2, result.output
    assert reason in result.output
    assert "'extra = main_writer.extra:get_stats_writers'" in result.output
    assert read_files(project) == before


def test_line_added_by_hand_is_left_alone(tmp_path: Path) -> None:
    """When setup.py already lists the entry point, add writes the rest and keeps setup.py."""
    project = generate(make_spec("main-writer", packaging="setup-py"), tmp_path).path
    setup_py = project / "setup.py"
    by_hand = setup_py.read_text().replace(
        '"main_writer = main_writer:get_stats_writers",',
        '"main_writer = main_writer:get_stats_writers",\n'
        '            "extra=main_writer.extra:get_stats_writers",  # mine',
    )
    setup_py.write_text(by_hand)
    result = CliRunner().invoke(cli, ["add", "writer", "extra", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert setup_py.read_text() == by_hand
    assert "setup.py" not in result.output


def test_an_added_writer_follows_its_template_version(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An untouched added writer made by an older fragment is replaced by today's on update."""
    import scaffold._template_versions as versions
    from scaffold import TEMPLATE_VERSION

    old = "# written by the recorded version's added-writer fragment\n"
    frozen = Path(shutil.copytree(versions.snapshot_dir(TEMPLATE_VERSION), tmp_path / "old"))
    fragment = frozen / "template" / "added-writer" / "writer.py.jinja"
    fragment.write_text(old + fragment.read_text())
    monkeypatch.setattr(versions, "snapshot_dir", lambda *_args, **_kwargs: frozen)
    assert (
        CliRunner().invoke(cli, ["add", "writer", "extra", "--project", str(project)]).exit_code
        == 0
    )
    module = project / "src" / "main_writer" / "extra.py"
    today = module.read_text()
    module.write_text(old + today)  # as the recorded version wrote it
    plan = plan_update(project)
    assert [(c.path, c.action) for c in plan.changes] == [("src/main_writer/extra.py", "update")]
    update(project)
    assert module.read_text() == today


ADD_PRESETS = [
    pytest.param("jsonl", "json", None, id="jsonl"),
    pytest.param("csv", "csv", "csv", id="csv"),
]


@pytest.mark.parametrize(("preset", "imports", "recorded"), ADD_PRESETS)
def test_add_writer_preset_is_written_loaded_and_recorded(
    project: Path, preset: str, imports: str, recorded: str | None
) -> None:
    """--preset picks the added writer's output; csv is recorded so update renders it again."""
    args = ["add", "writer", "extra", "--preset", preset, "--project", str(project)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    module = (project / "src" / "main_writer" / "extra.py").read_text(encoding="utf-8")
    assert f"import {imports}\n" in module
    (entry,) = read_record(project).table["plugins"]
    assert entry.get("preset") == recorded
    _check(project)  # both entry points load and register through the host's discovery
    assert plan_update(project).current, "update would not render the same added writer"


def test_network_presets_cannot_be_added(project: Path) -> None:
    """mlflow and wandb need modules only new --preset makes: exit 2, nothing written."""
    before = read_files(project)
    result = CliRunner().invoke(
        cli, ["add", "writer", "extra", "--preset", "mlflow", "--project", str(project)]
    )
    assert result.exit_code == 2, result.output
    assert "mlplugin new --preset mlflow" in result.output
    assert read_files(project) == before
