"""`mlplugin verify` on the command line: exit codes first, then output."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scaffold.cli import cli

from .conftest import Writer, pyproject, src_package

NEAR_MISS = '[project.entry-points."mlagents.stat_writer"]\ndemo = "demo_writer:get_writers"\n'


@pytest.fixture
def broken(project: Writer) -> Path:
    """A project that fails the static step (MLP102), so no build runs."""
    return project({"pyproject.toml": pyproject(NEAR_MISS), **src_package()})


def test_text_output_without_tty_is_plain(broken: Path) -> None:
    """Findings exit 1; the text has the check ID and no ANSI escape codes."""
    result = CliRunner().invoke(cli, ["verify", str(broken)])
    assert result.exit_code == 1
    assert "MLP102" in result.output
    assert "\x1b[" not in result.output
    assert "FAILED: 1 error(s)" in result.output


def test_json_output_is_one_document(broken: Path) -> None:
    """--format json prints only the JSON report."""
    result = CliRunner().invoke(cli, ["verify", str(broken), "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["findings"][0]["check_id"] == "MLP102"


def test_junit_output_to_file(broken: Path, tmp_path: Path) -> None:
    """--format junit --output FILE writes the XML to the file, nothing to stdout."""
    out = tmp_path / "verify.xml"
    result = CliRunner().invoke(
        cli, ["verify", str(broken), "--format", "junit", "--output", str(out)]
    )
    assert result.exit_code == 1
    assert result.output == ""
    assert 'type="MLP102"' in out.read_text(encoding="utf-8")


USAGE_ERRORS = [
    pytest.param(["verify", "/no/such/dir"], "does not exist", id="missing-target"),
    pytest.param(["verify", ".", "--timeout", "0"], "timeout must be positive", id="timeout"),
    pytest.param(
        ["verify", ".", "--host-version", "9.9"], "unknown host version", id="host-version"
    ),
    pytest.param(
        ["verify", "--installed", "no-such-dist-xyz"], "no distribution", id="unknown-dist"
    ),
    pytest.param(["verify", "--format", "yaml"], "Invalid value", id="format"),
    pytest.param(
        ["verify", ".", "--host", sys.executable, "--python", sys.executable],
        "either --host or --python",
        id="host-and-python",
    ),
    pytest.param(
        ["verify", "--installed", "mlplugin", "--host", sys.executable],
        "--host cannot be combined with --installed",
        id="host-and-installed",
    ),
    pytest.param(
        ["verify", ".", "--host", "/no/such/python"], "--host /no/such/python", id="no-host"
    ),
]


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    """Bad invocations exit 2 with the problem on stderr, no traceback."""
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_ignore_without_reason_exits_2(project: Writer) -> None:
    """An invalid [tool.mlplugin.verify] table is a usage error."""
    root = project(
        {
            "pyproject.toml": pyproject(
                NEAR_MISS + '\n[tool.mlplugin.verify]\nignore = [{id = "MLP102"}]\n'
            ),
            **src_package(),
        }
    )
    result = CliRunner().invoke(cli, ["verify", str(root)])
    assert result.exit_code == 2
    assert "reason" in result.output


def test_host_without_mlagents_exits_3(broken: Path) -> None:
    """--host naming an interpreter whose environment lacks mlagents is an environment error."""
    result = CliRunner().invoke(cli, ["verify", str(broken), "--host", sys.executable])
    assert result.exit_code == 3
    assert "mlagents" in result.output
    assert "Traceback" not in result.output
