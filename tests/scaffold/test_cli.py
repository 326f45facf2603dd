"""The mlplugin command line: exit codes first, then what it prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scaffold import (
    AnswersFileError,
    CannotEditRegistration,
    EnvironmentProblem,
    FileProblem,
    GeneratedProjectFailedChecks,
    InvalidOption,
    InvalidPluginName,
    OverlayRefused,
    TargetExists,
    TemplateError,
    UnknownTemplateVersion,
    WriteFailed,
    __version__,
)
from scaffold.cli import EXIT_CODES, cli, exit_code_for


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Invoke mlplugin in tmp_path without a terminal; returns the click Result."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


BAD_INPUT = [
    pytest.param(["new", "class"], "keyword", id="keyword"),
    pytest.param(["new", "123writer"], "digit", id="leading-digit"),
    pytest.param(["new", "my writer!"], "' '", id="punctuation"),
    pytest.param(["new", "mlagents"], "ML-Agents", id="host-name"),
    pytest.param(["new", "json"], "standard library", id="stdlib"),
    pytest.param(["new", "../x"], "path", id="traversal"),
    pytest.param(["new", ""], "empty", id="empty"),
    pytest.param(
        ["new", "ok", "--packaging", "poetry", "--license", "GPL"],
        "packaging 'poetry'",
        id="options",
    ),
    pytest.param(["new"], "give a plugin NAME", id="no-name"),
    pytest.param(["new", "ok", "--answers", "missing.toml"], "answers file", id="answers-missing"),
    pytest.param(["new", "ok", "--email", "not an email"], "e-mail address", id="email"),
    pytest.param(
        ["new", "ok", "--dry-run", "--description", "two\nlines"], "line feed", id="dry-run-text"
    ),
    pytest.param(["new", "über-writer"], "'ü' is not an ASCII letter", id="non-ascii"),
]


@pytest.mark.parametrize(("args", "fragment"), BAD_INPUT)
def test_bad_input_exits_2_without_traceback_or_files(
    run, tmp_path: Path, args: list[str], fragment: str
) -> None:  # type: ignore[no-untyped-def]
    """Every bad input is a usage error (exit 2) with a readable message and nothing written."""
    result = run(*args)
    assert result.exit_code == 2
    assert fragment in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == [], "nothing may be written"


def test_existing_directory_exits_2_and_is_untouched(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An existing project directory is refused without --force."""
    (tmp_path / "my-writer").mkdir()
    (tmp_path / "my-writer" / "notes.txt").write_text("keep me")
    result = run("new", "my-writer")
    assert result.exit_code == 2
    assert "already exists" in result.output and "--force" in result.output
    assert [p.name for p in (tmp_path / "my-writer").iterdir()] == ["notes.txt"]


def test_all_name_problems_in_one_report(run) -> None:  # type: ignore[no-untyped-def]
    """A name breaking several rules gets one report listing each and a suggestion."""
    result = run("new", "9 lives!")
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip().startswith("- ")]
    assert len(lines) == 2
    assert "Try: mlplugin new lives-9" in result.output


def test_new_creates_the_project_and_says_what_next(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A good name exits 0, prints the entry point and the next commands."""
    result = run("new", "my-writer", "--packaging", "setup-py", "-o", "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out/my-writer/setup.py").is_file()
    assert "my_writer = my_writer:get_stats_writers" in result.output
    assert "pytest" in result.output


def test_force_writes_into_an_existing_directory(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--force writes into an existing directory, keeps other files and says so."""
    (tmp_path / "my-writer").mkdir()
    (tmp_path / "my-writer" / "notes.txt").write_text("keep me")
    result = run("new", "my-writer", "--force")
    assert result.exit_code == 0
    assert result.output.startswith("Wrote into")
    assert (tmp_path / "my-writer" / "notes.txt").read_text() == "keep me"


def test_dry_run_lists_files_and_writes_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--dry-run prints the plan and leaves the directory empty."""
    result = run("new", "my-writer", "--dry-run")
    assert result.exit_code == 0
    assert "would create" in result.output
    assert "  src/my_writer/writer.py" in result.output.splitlines()
    assert list(tmp_path.iterdir()) == []


def test_answers_file_and_flags(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Answers come from the file; flags override them."""
    (tmp_path / "a.json").write_text(
        json.dumps({"plugin_name": "from-file", "packaging": "setup-py"})
    )
    result = run("new", "--answers", "a.json", "--packaging", "pyproject", "-q")
    assert result.exit_code == 0
    assert result.output.strip() == "from-file"
    assert not (tmp_path / "from-file/setup.py").exists()


def test_answers_file_with_unknown_keys_lists_them_all(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Unknown answers are reported together."""
    (tmp_path / "a.toml").write_text('plugin_name = "x"\ncolour = "red"\nsize = 3\n')
    result = run("new", "--answers", "a.toml")
    assert result.exit_code == 2
    assert "'colour'" in result.output and "'size'" in result.output


def test_version_and_help_show_exit_codes(run) -> None:  # type: ignore[no-untyped-def]
    """--version prints the distribution version; --help documents the exit codes."""
    assert run("--version").output.strip() == f"mlplugin {__version__}"
    help_text = run("--help").output
    assert "Exit codes:" in help_text
    for code in ("0", "1", "2", "3", "4", "130"):
        assert f"  {code}  " in help_text


EXIT_ROWS = [
    pytest.param(
        InvalidPluginName(name="x", problems=["p"], suggestion=None), 2, id="invalid-name"
    ),
    pytest.param(InvalidOption(problems=["p"]), 2, id="invalid-option"),
    pytest.param(AnswersFileError(path=Path("a"), problems=["p"]), 2, id="answers"),
    pytest.param(TargetExists(path=Path("a")), 2, id="exists"),
    pytest.param(EnvironmentProblem(what="w", fix="f"), 3, id="environment"),
    pytest.param(GeneratedProjectFailedChecks(project="p", findings=["MLP401 x"]), 1, id="checks"),
    pytest.param(TemplateError(template="t", detail="d"), 4, id="template"),
    pytest.param(UnknownTemplateVersion(version=9, known=[1, 2]), 2, id="template-version"),
    pytest.param(OverlayRefused(target=Path("a"), problems=["p"]), 2, id="force-refused"),
    pytest.param(
        CannotEditRegistration(path=Path("a"), reason="r", lines=["x"]), 2, id="registration"
    ),
    pytest.param(WriteFailed(path=Path("a"), reason="r"), 3, id="write-failed"),
    pytest.param(FileProblem(path="a", reason="r"), 3, id="os-error"),
]


@pytest.mark.parametrize(("error", "code"), EXIT_ROWS)
def test_exit_code_table(error: Exception, code: int) -> None:
    """Each row of the exit-code table maps its exception to its code."""
    assert exit_code_for(error) == code
    assert any(isinstance(error, kind) and c == code for kind, c, _ in EXIT_CODES)


def test_public_names_are_all_importable() -> None:
    """Every name in scaffold.__all__ resolves (they are imported lazily)."""
    import scaffold

    missing = [name for name in scaffold.__all__ if getattr(scaffold, name, None) is None]
    assert missing == []


def test_help_does_not_import_heavy_modules() -> None:
    """mlplugin --help loads neither the generator, verify, cookiecutter nor metadata."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from scaffold.cli import cli\n"
        "assert CliRunner().invoke(cli, ['--help']).exit_code == 0\n"
        "heavy = ['cookiecutter', 'jinja2', 'tomlkit', 'scaffold._verify', 'scaffold._generate',"
        " 'scaffold._env', 'importlib.metadata']\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_python_m_scaffold_runs_the_cli() -> None:
    """python -m scaffold is the same command as mlplugin."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "scaffold", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("mlplugin ")


NOTES = [
    pytest.param(["new", "MyWriter"], "Note: 'MyWriter' is written 'my-writer'", id="camel"),
    pytest.param(["new", "MyWriter", "--dry-run"], "Note: 'MyWriter'", id="dry-run"),
]


@pytest.mark.parametrize(("args", "note"), NOTES)
def test_normalised_name_gets_a_one_line_note(run, args: list[str], note: str) -> None:  # type: ignore[no-untyped-def]
    """A name that is normalised is said so in one line before the result."""
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith(note)
    assert run("new", "plain-writer", "--dry-run").output.count("Note:") == 0


def test_dry_run_fails_where_the_real_run_fails(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """--dry-run renders and checks like the real run: a project failing the check fails both."""
    import scaffold._generate as g

    real_render = g._render

    def render_with_a_bug(spec: g.PluginSpec, into: Path) -> Path:
        project = real_render(spec, into)
        writer = project / "src" / spec.names.module / "writer.py"
        writer.write_text(writer.read_text() + "\nraise RuntimeError('template bug')\n")
        return project

    monkeypatch.setattr(g, "_render", render_with_a_bug)
    dry = run("new", "bug-writer", "--dry-run")
    real = run("new", "bug-writer")
    assert (dry.exit_code, real.exit_code) == (1, 1)
    assert "template bug" in dry.output and "template bug" in real.output
    assert run("new", "bug-writer", "--dry-run", "--no-check").exit_code == 0
    assert not (tmp_path / "bug-writer").exists()


def test_answers_file_free_text_is_checked_like_options(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Free text from --answers is checked as options are: every problem listed, nothing written."""
    answers = {"plugin_name": "ok-writer", "description": "a\nb", "email": "not an email"}
    (tmp_path / "a.json").write_text(json.dumps(answers))
    for extra in ([], ["--dry-run"]):
        result = run("new", "--answers", "a.json", *extra)
        assert result.exit_code == 2
        assert "line feed" in result.output and "not an e-mail address" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]
