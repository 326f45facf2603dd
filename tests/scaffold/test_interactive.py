"""Interactive ``mlplugin new``: with no NAME on a terminal it asks; without one it never waits.

The terminal is simulated by replacing :func:`scaffold._cli_new._on_terminal`; the answers are
typed through click's test runner, one line per question.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import scaffold._cli_new
import scaffold.cli
from scaffold._generate import PRESET_DESCRIPTIONS
from scaffold._lifecycle import read_record
from scaffold.cli import cli

#: Enter on every question after the name takes the defaults.
DEFAULTS = "\n" * 7

SESSIONS = [
    pytest.param(["new"], "typed-writer\n" + DEFAULTS, {}, [], id="defaults"),
    pytest.param(
        ["new"],
        "class\ntyped-writer\nsetup-py\nxml\ncsv\n"
        + "\n" * 3
        + "GPL\nApache-2.0\n2.7\n3.11 3.12\n",
        {
            "packaging": "setup-py",
            "preset": "csv",
            "description": PRESET_DESCRIPTIONS["csv"],  # the chosen preset's default
            "license": "Apache-2.0",
            "python_versions": "3.11 3.12",
        },
        [
            "'class' is a Python keyword",
            "preset 'xml' is not one of",
            "license 'GPL' is not one of",
            "python versions must be",
        ],
        id="bad-answers-asked-again",
    ),
    pytest.param(
        ["new", "--packaging", "setup-py", "--author", "Ada"],
        "typed-writer\n" + "\n" * 5,
        {"packaging": "setup-py", "author": "Ada"},
        [],
        id="options-are-not-asked",
    ),
]


@pytest.mark.parametrize(("args", "typed", "expected", "errors"), SESSIONS)
def test_new_asks_on_a_terminal(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    args: list[str],
    typed: str,
    expected: dict[str, str],
    errors: list[str],
) -> None:
    """Every answer not given is asked with its default; invalid ones get new's message."""
    monkeypatch.setattr(scaffold._cli_new, "_on_terminal", lambda: True)
    result = CliRunner().invoke(cli, [*args, "-o", str(tmp_path)], input=typed)
    assert result.exit_code == 0, result.output
    for message in errors:
        assert message in result.output
    if "--packaging" in args:
        assert "Packaging" not in result.output and "Author" not in result.output
    table = read_record(tmp_path / "typed-writer").table
    for key, value in expected.items():
        assert table[key] == value


def test_without_a_terminal_new_never_asks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No NAME and no terminal: a usage error at once, no prompt, nothing written."""
    monkeypatch.setattr(scaffold._cli_new, "_on_terminal", lambda: False)
    result = CliRunner().invoke(cli, ["new", "-o", str(tmp_path)], input="typed-writer\n")
    assert result.exit_code == 2, result.output
    assert "never asks" in result.output and "Plugin name" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_real_check_sees_no_terminal_under_the_test_runner() -> None:
    """CliRunner's streams are not terminals, so the unpatched check says no."""
    seen = []

    @scaffold.cli.cli.command("probe-terminal")
    def probe() -> None:
        seen.append(scaffold._cli_new._on_terminal())

    try:
        assert CliRunner().invoke(cli, ["probe-terminal"]).exit_code == 0
    finally:
        del scaffold.cli.cli.commands["probe-terminal"]
    assert seen == [False]
