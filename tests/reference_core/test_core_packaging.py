"""The one packaging reader: what a project declares, as its build backend would build it."""

from __future__ import annotations

from pathlib import Path

import pytest

import reference_core._toml
from reference_core._packaging import read_packaging

SETUPTOOLS = (
    '[build-system]\nrequires = ["setuptools>=64"]\nbuild-backend = "setuptools.build_meta"\n'
)
HATCHLING = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
POETRY = '[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n'
PROJECT = '[project]\nname = "demo"\nversion = "1"\n'
DYNAMIC = '[project]\nname = "demo"\nversion = "1"\ndynamic = ["entry-points"]\n'
PEP621 = '[project.entry-points."mlagents.stats_writer"]\npep = "demo:pep"\n'
POETRY_TABLE = (
    '[tool.poetry]\nname = "demo"\n'
    '[tool.poetry.plugins."mlagents.stats_writer"]\npoe = "demo:poe"\n'
)
CFG = "[options.entry_points]\nmlagents.stats_writer =\n    cfg = demo:cfg\n"
SETUP_PY = (
    "from setuptools import setup\n"
    "setup(entry_points={'mlagents.stats_writer': ['py = demo:py']})\n"
)
SETUP_PY_HOST = "from mlagents.plugins import ML_AGENTS_STATS_WRITER\n" + SETUP_PY

#: (files, the entry-point names the backend uses, problem codes)
CASES = [
    pytest.param({"pyproject.toml": SETUPTOOLS + PROJECT + PEP621}, ["pep"], [], id="pep621"),
    pytest.param(
        {"pyproject.toml": SETUPTOOLS + PROJECT + PEP621, "setup.cfg": CFG},
        ["pep"],
        ["conflict"],
        id="setuptools-pep621-wins-over-setup-cfg",
    ),
    pytest.param(
        {"pyproject.toml": SETUPTOOLS + DYNAMIC, "setup.cfg": CFG},
        ["cfg"],
        [],
        id="setuptools-dynamic-reads-setup-cfg",
    ),
    pytest.param(
        {"pyproject.toml": SETUPTOOLS + DYNAMIC, "setup.cfg": CFG, "setup.py": SETUP_PY},
        ["py"],
        ["conflict"],
        id="setuptools-setup-py-replaces-setup-cfg",
    ),
    pytest.param({"setup.cfg": CFG, "setup.py": SETUP_PY}, ["py"], ["conflict"], id="legacy"),
    pytest.param({"setup.py": SETUP_PY}, ["py"], [], id="setup-py-only"),
    pytest.param(
        {"pyproject.toml": HATCHLING + PROJECT + PEP621, "setup.py": SETUP_PY_HOST},
        ["pep"],
        ["conflict"],
        id="hatchling-never-runs-setup-py",
    ),
    pytest.param(
        {"pyproject.toml": SETUPTOOLS + PROJECT + POETRY_TABLE},
        [],
        ["conflict"],
        id="setuptools-ignores-poetry-table",
    ),
    pytest.param({"pyproject.toml": POETRY + POETRY_TABLE}, ["poe"], [], id="poetry-table"),
    pytest.param(
        {"pyproject.toml": POETRY + PROJECT + PEP621 + POETRY_TABLE},
        ["pep"],
        ["conflict"],
        id="poetry-prefers-pep621",
    ),
    pytest.param(
        {"pyproject.toml": SETUPTOOLS + PROJECT, "setup.py": SETUP_PY_HOST},
        [],
        ["conflict", "setup-py-imports-host"],
        id="setuptools-runs-setup-py-imports",
    ),
    pytest.param({"pyproject.toml": "[project\n"}, [], ["invalid-toml"], id="invalid-toml"),
    pytest.param({"setup.cfg": "[options\n"}, [], ["invalid-setup-cfg"], id="invalid-cfg"),
    pytest.param({"setup.py": "def broken(:\n"}, [], ["setup-py-syntax"], id="setup-py-syntax"),
]


@pytest.mark.parametrize(("files", "names", "codes"), CASES)
def test_backend_decides_which_declaration_counts(
    tmp_path: Path, files: dict[str, str], names: list[str], codes: list[str]
) -> None:
    """The declarations are the ones the build backend reads; ignored ones are a conflict."""
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    info = read_packaging(tmp_path)
    assert [d.name for d in info.declarations] == names
    assert [p.code for p in info.problems] == codes


def test_conflict_names_both_sides(tmp_path: Path) -> None:
    """A conflict says which file is ignored, which backend decides and what it uses."""
    (tmp_path / "pyproject.toml").write_text(SETUPTOOLS + PROJECT + PEP621)
    (tmp_path / "setup.cfg").write_text(CFG)
    (problem,) = read_packaging(tmp_path).problems
    assert problem.location.path == "setup.cfg"
    assert "setuptools.build_meta" in problem.message
    assert "[project.entry-points]" in problem.message


REQUIREMENTS = [
    pytest.param(
        'dependencies = ["Torch>=2", "mlagents_envs==1.1"]\n',
        ["Torch>=2", "mlagents_envs==1.1"],
        id="valid",
    ),
    pytest.param(
        'dependencies = ["not a requirement !!"]\n',
        ["not a requirement !!"],
        id="unparsable",
    ),
]


@pytest.mark.parametrize(("line", "texts"), REQUIREMENTS)
def test_requirements_are_kept_as_written_with_their_line(
    tmp_path: Path, line: str, texts: list[str]
) -> None:
    """Requirements come out as written (naming them is the caller's), each with its line."""
    (tmp_path / "pyproject.toml").write_text(SETUPTOOLS + PROJECT + line)
    requirements = read_packaging(tmp_path).requirements
    assert [(r.text, str(r.location)) for r in requirements] == [
        (t, "pyproject.toml:7") for t in texts
    ]


def test_unreadable_file_is_a_problem_not_an_exception(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A packaging file that cannot be read is reported as a problem."""
    (tmp_path / "pyproject.toml").write_text(SETUPTOOLS + PROJECT)

    def denied(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied", str(args[0]))

    monkeypatch.setattr(Path, "read_text", denied)
    assert [p.code for p in read_packaging(tmp_path).problems] == ["unreadable"]


def test_pyproject_without_a_toml_reader_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a Python with no TOML reader, pyproject.toml is reported unreadable, not raised."""
    (tmp_path / "pyproject.toml").write_text(SETUPTOOLS + PROJECT + PEP621)

    def no_reader(text: str) -> dict[str, object]:
        raise ImportError("no TOML reader is installed")

    monkeypatch.setattr(reference_core._toml, "_parse", no_reader)
    (problem,) = read_packaging(tmp_path).problems
    assert (problem.code, problem.location.path) == ("unreadable", "pyproject.toml")
    assert "no TOML reader" in problem.message
