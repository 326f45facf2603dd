"""``mlplugin list`` and ``mlplugin doctor`` through click's CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from envfakes import FakeEnv

import scaffold._env
from scaffold._env import DoctorFinding, InstalledPlugin, Interpreter
from scaffold._terminal.env_text import findings_text, plugins_text
from scaffold.cli import cli

GOOD = """
from mlagents.trainers.stats import StatsWriter

class Writer(StatsWriter):
    def write_stats(self, category, values, step):
        pass

def reg(run_options):
    return [Writer()]
"""


def run(args: list[str], env: FakeEnv | None = None) -> tuple[int, str]:
    """Invoke mlplugin with the fake environment's site directory on PYTHONPATH."""
    extra = {"PYTHONPATH": str(env.site)} if env is not None else {}
    result = CliRunner(env=extra).invoke(cli, args)
    return result.exit_code, result.output


def test_list_json_shows_the_fake_plugin(fake_env: FakeEnv) -> None:
    """--python inspects that interpreter's path; JSON carries every field and the status."""
    fake_env.module("plug", GOOD)
    fake_env.dist("cli-fake-plugin", "2.0", {"mlagents.stats_writer": {"fake": "plug:reg"}})
    code, output = run(["list", "--format", "json", "--python", sys.executable], fake_env)
    assert code == 0, output
    data = json.loads(output)
    assert data["python_version"] == ".".join(map(str, sys.version_info[:3]))
    (mine,) = [p for p in data["plugins"] if p["distribution"] == "cli-fake-plugin"]
    assert (mine["name"], mine["status"], mine["detail"]) == ("fake", "ok", "1 writer(s): Writer")


def test_list_text_without_loading(fake_env: FakeEnv) -> None:
    """--no-load lists metadata only: nothing is imported, the status says so."""
    fake_env.module("plug", "raise SystemExit('must not be imported')\n")
    fake_env.dist("cli-fake-plugin", "2.0", {"mlagents.stats_writer": {"fake": "plug:reg"}})
    code, output = run(["list", "--no-load", "--python", sys.executable], fake_env)
    assert code == 0, output
    row = next(line for line in output.splitlines() if line.startswith("cli-fake-plugin"))
    assert row.split()[:6] == [
        "cli-fake-plugin",
        "2.0",
        "mlagents.stats_writer",
        "fake",
        "=",
        "plug:reg",
    ]
    assert "not-loaded" in row


def test_doctor_exits_1_on_a_problem(fake_env: FakeEnv) -> None:
    """A misspelt group is an error: doctor prints it with its fix and exits 1."""
    fake_env.dist("cli-typo", "0.1", {"mlagents.stat_writer": {"x": "m:f"}})
    code, output = run(["doctor", "--python", sys.executable], fake_env)
    assert code == 1, output
    assert "DOC108" in output
    assert "fix: rename the group to 'mlagents.stats_writer'" in output


@pytest.mark.parametrize(
    ("findings", "code", "summary"),
    [
        pytest.param((), 0, "No problems found.", id="clean"),
        pytest.param(
            (DoctorFinding("DOC105", "info", "m", "f"),), 0, "No problems found. (1", id="info-only"
        ),
        pytest.param(
            (DoctorFinding("DOC103", "warning", "m", "f"),),
            1,
            "0 error(s), 1 warning",
            id="warning",
        ),
    ],
)
def test_doctor_exit_code(
    monkeypatch: pytest.MonkeyPatch, findings: tuple[DoctorFinding, ...], code: int, summary: str
) -> None:
    """Exit 0 without errors or warnings (notes do not count), 1 otherwise."""
    monkeypatch.setattr(scaffold._env, "doctor", lambda **_kw: findings)
    exit_code, output = run(["doctor"])
    assert exit_code == code, output
    assert summary in output


def test_doctor_json(monkeypatch: pytest.MonkeyPatch) -> None:
    """--format json gives the findings, the interpreter and the verdict."""
    finding = DoctorFinding("DOC106", "warning", "no default", "reinstall", "mlagents")
    monkeypatch.setattr(scaffold._env, "doctor", lambda **_kw: (finding,))
    code, output = run(["doctor", "--format", "json"])
    assert code == 1
    data = json.loads(output)
    assert data["ok"] is False
    assert data["findings"] == [
        {
            "check_id": "DOC106",
            "severity": "warning",
            "message": "no default",
            "fix": "reinstall",
            "subject": "mlagents",
        }
    ]


@pytest.mark.parametrize("command", ["list", "doctor"])
def test_unusable_interpreter_is_an_environment_problem(command: str, tmp_path: Path) -> None:
    """--python naming no interpreter exits 3 with a fix, not a traceback."""
    code, output = run([command, "--python", str(tmp_path / "no-python")])
    assert code == 3
    assert "cannot run the interpreter" in output
    assert "Traceback" not in output


@pytest.mark.parametrize("command", ["list", "doctor"])
def test_help_documents_the_exit_codes(command: str) -> None:
    """Each command's help shows the exit-code table."""
    code, output = run([command, "--help"])
    assert code == 0
    assert "Exit codes:" in output


def test_help_does_not_import_the_environment_code() -> None:
    """Start-up stays cheap: the CLI module does not import scaffold._env."""
    probe = "import sys, scaffold.cli; print('scaffold._env' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.strip() == "False"


def test_text_table_marks_editable_installs_and_errors() -> None:
    """The list table marks editable locations and prints each failure's last line."""
    target = Interpreter("/py", (3, 10, 12), ())
    plugins = [
        InstalledPlugin(
            "a-plugin",
            "1.0",
            "/src/a",
            True,
            "a",
            "mlagents.stats_writer",
            "a:f",
            status="error",
            error="Traceback ...\nKeyError: 'TOKEN'",
        ),
    ]
    text = plugins_text(plugins, target)
    assert "/src/a (editable)" in text
    assert "a-plugin a (mlagents.stats_writer): error: KeyError: 'TOKEN'" in text
    assert plugins_text([], target).endswith(
        "No installed distribution declares an mlagents entry point."
    )


def test_findings_text_shows_each_fix() -> None:
    """Every finding is followed by its fix; the summary counts severities."""
    target = Interpreter("/py", (3, 12, 1), ())
    findings = (DoctorFinding("DOC104", "error", "cannot discover", "use 3.10"),)
    text = findings_text(findings, target)
    assert text.splitlines() == [
        "Python 3.12.1 at /py",
        "error    DOC104  cannot discover",
        "                 fix: use 3.10",
        "1 error(s), 0 warning(s), 0 note(s).",
    ]
