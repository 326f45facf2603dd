"""``mlplugin update`` and ``check``: a project made by an older template comes up to today's.

Every test runs for both templates. A stats-writer project is rendered from the frozen v1
snapshot, exactly as ``mlplugin new`` wrote it then. The trainer template has only one
version so far, so its "older" template is made in the test: a copy of the trainer-v1
snapshot with ``older_trainer.OLDER_TRAINER`` applied (no ``template_version`` recorded, as the
stats-writer's v1; an older tox.ini), served in place of the real one. The expected result is
today's render of the same answers (computed, not hard-coded, so the tests hold while the
live templates change). Edits are made where a user would make them, and every test checks
what the update did to each file.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from older_trainer import serve_older_trainer

from scaffold import TEMPLATE_VERSIONS, generate, make_spec, render_version
from scaffold._lifecycle import read_files, read_record, render_project
from scaffold._update import plan_update, update
from scaffold.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "docs" / "reference" / "lifecycle-report.schema.json"
GIT = shutil.which("git")

V1_ANSWERS = {
    "template": "stats-writer",
    "mlplugin_version": "0.1.0",
    "plugin_name": "old-writer",
    "packaging": "pyproject",
    "description": "An old plugin.",
    "author": "Ada",
    "email": "ada@example.com",
    "license": "MIT",
    "python_versions": "3.9 3.10 3.11 3.12 3.13",
}
TRAINER_ANSWERS = {
    **V1_ANSWERS,
    "template": "trainer",
    "mlplugin_version": "0.2.0",
    "plugin_name": "old-trainer",
    "python_versions": "3.10 3.11",
    "copyright_year": "2025",
}
ANSWERS = {"stats-writer": V1_ANSWERS, "trainer": TRAINER_ANSWERS}


def _renders(answers: dict[str, object]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(v1 render, today's render) of ``answers``."""
    with tempfile.TemporaryDirectory() as scratch:
        base = read_files(render_project(answers, 1, Path(scratch, "b")))
        theirs = read_files(render_project(answers, None, Path(scratch, "t")))
    return base, theirs


def _changed_upstream(answers: dict[str, object]) -> list[str]:
    """Text files today's template changed since v1 (besides pyproject.toml's record)."""
    base, theirs = _renders(answers)
    return [
        p for p in sorted(base) if p in theirs and base[p] != theirs[p] and p != "pyproject.toml"
    ]


def _unchanged_upstream(answers: dict[str, object]) -> list[str]:
    base, theirs = _renders(answers)
    return [p for p in sorted(base) if base[p] == theirs.get(p) and p.endswith(".md")]


KINDS_AND_PACKAGING = [
    pytest.param((kind, packaging), id=f"{kind}-{packaging}")
    for kind in ANSWERS
    for packaging in ("pyproject", "setup-py")
]


@pytest.fixture(params=KINDS_AND_PACKAGING)
def old_project(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A project exactly as v1 of its template rendered it, for each kind and packaging."""
    kind, packaging = request.param
    if kind == "trainer":
        serve_older_trainer(tmp_path / "versions", monkeypatch)
    return render_version(1, {**ANSWERS[kind], "packaging": packaging}, tmp_path / "work")


def _today(project: Path) -> int:
    """Today's version of the template that made ``project``."""
    return TEMPLATE_VERSIONS[read_record(project).template]


def _answers(project: Path) -> dict[str, object]:
    return dict(read_record(project).table)


def _edit_keep(project: Path) -> str:
    """Append a line to a file the template did not change; return its path."""
    path = _unchanged_upstream(_answers(project))[0]
    with (project / path).open("a", encoding="utf-8") as handle:
        handle.write("\nMy own note.\n")
    return path


def _edit_conflict(project: Path) -> str:
    """Rewrite a file the template changed too; return its path."""
    path = _changed_upstream(_answers(project))[0]
    (project / path).write_text("entirely my own content\n", encoding="utf-8")
    return path


def _edit_merge(project: Path) -> str:
    """Change a line in the middle of pyproject.toml, far from the recorded answers."""
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert "[tool.pytest.ini_options]\n" in text
    pyproject.write_text(
        text.replace("[tool.pytest.ini_options]\n", "[tool.pytest.ini_options]  # mine\n")
    )
    return "pyproject.toml"


def _delete(project: Path) -> str:
    """Delete a file the template changed; return its path."""
    path = _changed_upstream(_answers(project))[0]
    (project / path).unlink()
    return path


# (edit, the action the plan reports for the edited file, the edited file's expected end)
EDITS = [
    pytest.param(_edit_keep, None, "kept", id="local-edit-kept"),
    pytest.param(_edit_merge, "merge", "merged", id="both-changed-merged"),
    pytest.param(_edit_conflict, "conflict", "markers", id="conflict-reported"),
    pytest.param(_delete, "deleted", "absent", id="deleted-stays-deleted"),
]


@pytest.mark.parametrize(("edit", "action", "outcome"), EDITS)
def test_v1_project_updates_to_todays_template(
    old_project: Path, edit: Callable[[Path], str], action: str | None, outcome: str
) -> None:
    """Untouched files become today's; the edited file is kept, merged, conflicted or absent."""
    edited = edit(old_project)
    before = (old_project / edited).read_bytes() if (old_project / edited).exists() else None
    plan = update(old_project)
    actions = {c.path: c.action for c in plan.changes}
    assert actions.get(edited) == action
    today, kind = _today(old_project), read_record(old_project).template
    assert plan.from_version == 1 and plan.to_version == today
    _base, theirs = _renders(_answers(old_project))
    now = read_files(old_project)
    for path, data in theirs.items():
        if path not in (edited, "pyproject.toml"):
            assert now.get(path) == data, f"{path} is not today's template"
    if outcome == "kept":
        assert now[edited] == before
    elif outcome == "merged":
        assert b"[tool.pytest.ini_options]  # mine" in now[edited]
    elif outcome == "markers":
        text = now[edited].decode()
        assert "<<<<<<< your project" in text and "entirely my own content" in text
        assert f">>>>>>> mlplugin {kind} template v{today}" in text
        assert plan.conflicts == (edited,)
    else:
        assert edited not in now
    assert f"template_version = {today}" in now["pyproject.toml"].decode()
    again = plan_update(old_project)  # unresolved markers keep check failing
    assert [c.path for c in again.changes if c.action == "conflict"] == list(plan.conflicts)
    assert again.current is (outcome != "markers")


def test_check_fails_before_update_and_passes_after(old_project: Path) -> None:
    """check exits 1 listing the files update would change, then 0 once updated."""
    runner = CliRunner()
    behind = runner.invoke(cli, ["check", str(old_project)])
    assert behind.exit_code == 1, behind.output
    assert "pyproject.toml" in behind.output and "would change" in behind.output
    done = runner.invoke(cli, ["update", str(old_project)])
    assert done.exit_code == 0, done.output
    current = runner.invoke(cli, ["check", str(old_project)])
    assert current.exit_code == 0, current.output
    assert "up to date" in current.output


OPTIONS_THAT_WRITE_NOTHING = [
    pytest.param(["check"], 1, id="check"),
    pytest.param(["check", "--diff"], 1, id="check-diff"),
    pytest.param(["update", "--dry-run"], 0, id="update-dry-run"),
    pytest.param(["update", "--diff"], 0, id="update-diff"),
]


@pytest.mark.parametrize(("args", "code"), OPTIONS_THAT_WRITE_NOTHING)
def test_previews_write_nothing(old_project: Path, args: list[str], code: int) -> None:
    """check, --dry-run and --diff show the change and leave every file as it was."""
    before = read_files(old_project.parent)
    result = CliRunner().invoke(cli, [*args, str(old_project)])
    assert result.exit_code == code, result.output
    assert "pyproject.toml" in result.output
    if "--diff" in args:
        assert f"+template_version = {_today(old_project)}" in result.output
    assert read_files(old_project.parent) == before


@pytest.mark.parametrize(
    "command", [pytest.param("check", id="check"), pytest.param("update", id="update")]
)
def test_json_report_matches_its_schema(old_project: Path, command: str) -> None:
    """--format json prints one document valid against lifecycle-report.schema.json."""
    jsonschema = pytest.importorskip("jsonschema")
    result = CliRunner().invoke(cli, [command, "--format", "json", str(old_project)])
    assert result.exit_code == (1 if command == "check" else 0), result.output
    report = json.loads(result.output)
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert report["from_version"] == 1 and report["command"] == command
    pyproject = [f for f in report["files"] if f["path"] == "pyproject.toml"]
    assert pyproject in (
        [{"path": "pyproject.toml", "action": action, "writes": True}]
        for action in ("update", "merge")
    )


def _no_table(project: Path) -> None:
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n")


def _bad_toml(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.mlplugin\n")


def _future_version(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "template_version = 99\n")


def _unknown_template(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(text.replace('template = "', 'template = "exporter" # "', 1))


def _no_pyproject(project: Path) -> None:
    (project / "pyproject.toml").unlink()


def _bad_answer(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('license = "MIT"', 'license = "WTFPL"'))


BAD_PROJECTS = [
    pytest.param(_no_pyproject, "has no pyproject.toml", id="no-pyproject"),
    pytest.param(_no_table, "records no [tool.mlplugin]", id="no-record"),
    pytest.param(_bad_toml, "is not valid TOML", id="invalid-toml"),
    pytest.param(_future_version, "template version 99", id="unknown-version"),
    pytest.param(_bad_answer, "license 'WTFPL'", id="invalid-answer"),
    pytest.param(_unknown_template, "template 'exporter' is not one", id="unknown-template"),
]


@pytest.mark.parametrize(("spoil", "message"), BAD_PROJECTS)
@pytest.mark.parametrize("command", ["update", "check"])
def test_bad_projects_exit_2_without_traceback(
    old_project: Path, spoil: Callable[[Path], None], message: str, command: str
) -> None:
    """A directory update cannot use is a usage error, stated in one message; nothing changes."""
    spoil(old_project)
    before = read_files(old_project)
    result = CliRunner().invoke(cli, [command, str(old_project)])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert read_files(old_project) == before


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.mark.skipif(GIT is None, reason="git is not installed on this machine")
@pytest.mark.parametrize(
    ("flags", "code"),
    [pytest.param([], 2, id="refused"), pytest.param(["--allow-dirty"], 0, id="allow-dirty")],
)
def test_dirty_git_work_tree_needs_allow_dirty(
    old_project: Path, flags: list[str], code: int
) -> None:
    """Uncommitted changes stop update (nothing written) unless --allow-dirty."""
    _git(old_project, "init", "-q")
    _git(old_project, "add", "-A")
    _git(old_project, "commit", "-qm", "v1")
    (old_project / "notes.txt").write_text("uncommitted\n")
    before = read_files(old_project)
    result = CliRunner().invoke(cli, ["update", *flags, str(old_project)])
    assert result.exit_code == code, result.output
    if code:
        assert "uncommitted changes" in result.output and "--allow-dirty" in result.output
        assert read_files(old_project) == before
    else:
        assert (old_project / "notes.txt").read_text() == "uncommitted\n"
        assert plan_update(old_project).current


def test_failed_write_is_undone(old_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk error half-way restores every file and exits 3."""
    import scaffold._overlay as overlay

    calls = {"n": 0}
    real = overlay._write_file

    def flaky(source: Path, destination: Path) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device", str(destination))
        real(source, destination)

    monkeypatch.setattr(overlay, "_write_file", flaky)
    before = read_files(old_project)
    result = CliRunner().invoke(cli, ["update", str(old_project)])
    assert result.exit_code == 3, result.output
    assert "No space left on device" in result.output
    assert read_files(old_project) == before


FRESH = [
    pytest.param("stats-writer", "fresh-writer", "pyproject", id="stats-writer-pyproject"),
    pytest.param("trainer", "fresh-trainer", "pyproject", id="trainer-pyproject"),
    pytest.param("trainer", "fresh-trainer", "setup-py", id="trainer-setup-py"),
]


@pytest.mark.parametrize(("kind", "name", "packaging"), FRESH)
def test_a_project_new_just_made_is_current(
    tmp_path: Path, kind: str, name: str, packaging: str
) -> None:
    """check passes, and update writes nothing, on what new writes today, for every kind."""
    project = generate(make_spec(name, kind=kind, packaging=packaging), tmp_path, check=False)
    before = read_files(project.path)
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", str(project.path)])
    assert checked.exit_code == 0, checked.output
    assert f"template v{TEMPLATE_VERSIONS[kind]} -> v{TEMPLATE_VERSIONS[kind]}" in checked.output
    updated = runner.invoke(cli, ["update", str(project.path)])
    assert updated.exit_code == 0, updated.output
    assert "up to date" in updated.output
    assert read_files(project.path) == before
