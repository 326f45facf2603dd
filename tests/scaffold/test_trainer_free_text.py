"""``mlplugin new --kind trainer``: the same answer rules and escaping as the stats writer.

The trainer template uses the stats-writer template's filters; these property tests read
every answer back from each file it lands in (TOML, ``setup.py``, README) and compile
every generated module with warnings as errors, as ``test_free_text`` does for the
stats-writer template.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from freetext import any_answer, expected_back, parse_every_config, read_back, representable
from hypothesis import given
from hypothesis import strategies as st
from test_free_text import _compile_strictly

from scaffold import InvalidOption, make_spec
from scaffold._render import render_template
from scaffold._templates import template_dir
from scaffold.cli import cli


@given(
    description=any_answer,
    author=any_answer,
    email=st.emails(),
    packaging=st.sampled_from(["pyproject", "setup-py"]),
)
def test_trainer_answers_round_trip(
    tmp_path_factory: pytest.TempPathFactory,
    description: str,
    author: str,
    email: str,
    packaging: str,
) -> None:
    """Unrepresentable text is refused; everything else reads back equal from each file."""
    answers = {"description": description, "author": author, "email": email}
    if not (representable(description) and representable(author)):
        with pytest.raises(InvalidOption):
            make_spec("my-trainer", kind="trainer", packaging=packaging, **answers)
        return
    spec = make_spec("my-trainer", kind="trainer", packaging=packaging, **answers)
    project = render_template(template_dir("trainer"), spec.context(), tmp_path_factory.mktemp("p"))
    found = read_back(project, packaging, "my_trainer", docstring=False)
    license_text = found.pop("license author")
    expected = expected_back(description, author, email, packaging)
    del expected["docstring"]
    assert found == expected
    assert any(line.endswith(" " + author) for line in license_text.split("\n"))
    for source in project.rglob("*.py"):
        _compile_strictly(source.read_text("utf-8"))
    parse_every_config(project)


CLI_CASES = [
    pytest.param(["--packaging", "pyproject"], 0, "mlagents.trainer_type", id="pyproject"),
    pytest.param(["--packaging", "setup-py"], 0, "mlagents.trainer_type", id="setup-py"),
    pytest.param(["--python", "3.9"], 2, "3.10, 3.11 (got 3.9)", id="python-3.9"),
    pytest.param(["--email", "nope"], 2, "not an e-mail address", id="bad-email"),
]


@pytest.mark.parametrize(("args", "code", "output"), CLI_CASES)
def test_new_kind_trainer_on_the_command_line(
    tmp_path: Path, args: list[str], code: int, output: str
) -> None:
    """--kind trainer generates and checks a trainer project, or refuses with exit 2."""
    result = CliRunner().invoke(
        cli, ["new", "my-trainer", "--kind", "trainer", "-o", str(tmp_path), *args]
    )
    assert result.exit_code == code, result.output
    assert output in result.output
    created = (tmp_path / "my-trainer" / "pyproject.toml").is_file()
    assert created == (code == 0)


def test_built_in_trainer_names_are_refused(tmp_path: Path) -> None:
    """A plugin named like a built-in trainer would replace it: refused, nothing written."""
    result = CliRunner().invoke(cli, ["new", "sac", "--kind", "trainer", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "built-in trainer" in result.output
    assert list(tmp_path.iterdir()) == []
