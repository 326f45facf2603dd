"""``verify --env FILE``: a preset's registration checks its settings before training."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from scaffold import VerifyUsageError, generate, make_spec, verify
from scaffold._verify._env_file import applied_environment, read_env_file
from scaffold.cli import cli

FILES = [
    pytest.param("A=1\n", {"A": "1"}, id="plain"),
    pytest.param("# settings\n\nexport B = two words\n", {"B": "two words"}, id="comment-export"),
    pytest.param("C='quoted'\nD=\"x=y\"\n", {"C": "quoted", "D": "x=y"}, id="quotes-and-equals"),
    pytest.param("E=\n", {"E": ""}, id="empty-value"),
]
BAD_FILES = [
    pytest.param("just words\n", ["line 1: 'just words' is not NAME=value"], id="no-equals"),
    pytest.param(
        "1X=2\nok=1\n=3\n",
        ["line 1: '1X=2' is not NAME=value", "line 3: '=3' is not NAME=value"],
        id="every-bad-line",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FILES)
def test_env_files_are_read_like_the_plugins_read_them(
    tmp_path: Path, text: str, expected: dict[str, str]
) -> None:
    """NAME=value lines, comments, export and one pair of quotes, as the presets read them."""
    path = tmp_path / "plugin.env"
    path.write_text(text, encoding="utf-8")
    assert read_env_file(path) == expected


@pytest.mark.parametrize(("text", "problems"), BAD_FILES)
def test_bad_lines_are_a_usage_error_listing_each(
    tmp_path: Path, text: str, problems: list[str]
) -> None:
    """Every line that is not NAME=value is reported together, with its number."""
    path = tmp_path / "plugin.env"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VerifyUsageError) as caught:
        read_env_file(path)
    assert list(caught.value.problems) == problems


def test_the_environment_is_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """Variables are set only inside the block; earlier values come back after."""
    monkeypatch.setenv("MLPLUGIN_TEST_KEPT", "before")
    monkeypatch.delenv("MLPLUGIN_TEST_NEW", raising=False)
    with applied_environment({"MLPLUGIN_TEST_KEPT": "during", "MLPLUGIN_TEST_NEW": "x"}):
        assert os.environ["MLPLUGIN_TEST_KEPT"] == "during"
        assert os.environ["MLPLUGIN_TEST_NEW"] == "x"
    assert os.environ["MLPLUGIN_TEST_KEPT"] == "before"
    assert "MLPLUGIN_TEST_NEW" not in os.environ


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    """verify --env with a file that does not exist is a usage error, not a traceback."""
    result = CliRunner().invoke(cli, ["verify", str(tmp_path), "--env", str(tmp_path / "no.env")])
    assert result.exit_code == 2, result.output
    assert "cannot read it" in result.output


SETTINGS = [
    pytest.param("MY_WRITER_RETRIES=2\n", None, id="valid"),
    pytest.param(
        "MY_WRITER_TRACKING_URL=http://127.0.0.1:1\n",
        "MY_WRITER_TRACKING_URL is not a setting of this plugin; fix: did you mean "
        "MY_WRITER_TRACKING_URI?",
        id="misspelt",
    ),
    pytest.param(
        "MY_WRITER_TRACKING_URI=localhost:5000\n",
        "MY_WRITER_TRACKING_URI='localhost:5000' is not valid",
        id="invalid",
    ),
]


@pytest.mark.parametrize(("text", "message"), SETTINGS)
def test_the_mlflow_presets_settings_are_checked_at_registration(
    tmp_path: Path, text: str, message: str | None
) -> None:
    """A generated mlflow plugin's registration sees the file's settings; a bad one is MLP502."""
    project = generate(make_spec("my-writer", preset="mlflow"), tmp_path).path
    env = tmp_path / "plugin.env"
    env.write_text(text, encoding="utf-8")
    report = verify(
        project, steps={"static", "load", "register", "run"}, environment=read_env_file(env)
    )
    if message is None:
        assert report.exit_code == 0, report.findings
        return
    (found,) = report.findings
    assert found.check_id == "MLP502"
    assert message in found.message
    assert "MY_WRITER_TRACKING_URL" not in os.environ
