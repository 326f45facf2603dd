"""Plugin-name rules: every derived name from one function, every problem reported."""

from __future__ import annotations

import keyword

import pytest

from scaffold import InvalidPluginName, check_name, derive_names, name_problems, suggest_name

DERIVED = [
    pytest.param("my-writer", "my-writer", "my_writer", "MyWriter", id="kebab"),
    pytest.param("my_writer", "my-writer", "my_writer", "MyWriter", id="snake"),
    pytest.param("MyWriter", "my-writer", "my_writer", "MyWriter", id="camel"),
    # not "wandb": the integration env installs W&B for the wandb preset's tests
    pytest.param("rewardlog", "rewardlog", "rewardlog", "RewardlogWriter", id="single-word"),
    pytest.param(
        "Csv.Stats_writer", "csv-stats-writer", "csv_stats_writer", "CsvStatsWriter", id="mixed"
    ),
    pytest.param("tb2-images", "tb2-images", "tb2_images", "Tb2ImagesWriter", id="digits-inside"),
]

BAD = [
    pytest.param("class", ["keyword"], "class-writer", id="keyword"),
    pytest.param("123writer", ["start with a digit"], "writer-123", id="leading-digit"),
    pytest.param("my writer!", ["' '", "'!'"], "my-writer", id="spaces-and-punctuation"),
    pytest.param(
        "über-writer",
        ["'ü' is not an ASCII letter", "ASCII letters"],
        "uber-writer",
        id="non-ascii",
    ),
    pytest.param("mlagents", ["ML-Agents trainer package"], "mlagents-writer", id="host-package"),
    pytest.param(
        "mlagents_envs", ["ML-Agents environment"], "mlagents-envs-writer", id="host-envs"
    ),
    pytest.param("json", ["standard library"], "json-writer", id="stdlib"),
    pytest.param("../x", ["it is a path"], "x", id="path-traversal"),
    pytest.param("", ["empty"], "my-writer", id="empty"),
    pytest.param("   ", ["empty"], "my-writer", id="blank"),
    pytest.param("---", ["no letters or digits"], "my-writer", id="only-separators"),
    pytest.param("click", ["already installed"], "click-writer", id="installed-module"),
    pytest.param("tests", ["test directory"], "tests-writer", id="reserved"),
    pytest.param("w" * 51, ["51 characters"], "w" * 37, id="too-long"),
]


@pytest.mark.parametrize(("raw", "project", "module", "class_name"), DERIVED)
def test_derived_names(raw: str, project: str, module: str, class_name: str) -> None:
    """One input name yields the distribution, import package, entry point and class."""
    names = check_name(raw)
    assert (names.project, names.module, names.class_name) == (project, module, class_name)
    assert names.entry_point == module
    assert names.entry_point_value == f"{module}:get_stats_writers"
    assert names.module.isidentifier() and not keyword.iskeyword(names.module)


@pytest.mark.parametrize(("raw", "fragments", "suggestion"), BAD)
def test_bad_names_are_refused_with_every_problem_and_a_suggestion(
    raw: str, fragments: list[str], suggestion: str
) -> None:
    """A bad name raises InvalidPluginName naming each problem and a valid alternative."""
    with pytest.raises(InvalidPluginName) as caught:
        check_name(raw)
    error = caught.value
    text = str(error)
    for fragment in fragments:
        assert fragment in text
    assert error.suggestion == suggestion
    assert name_problems(suggestion) == []
    assert f"mlplugin new {suggestion}" in text
    assert isinstance(error, ValueError)


def test_several_problems_are_listed_together() -> None:
    """A name breaking several rules lists them all, one per line."""
    problems = name_problems("9 lives/../")
    assert len(problems) >= 2
    assert any("path" in p for p in problems)
    assert any("' '" in p for p in problems)


@pytest.mark.parametrize("raw", ["my-writer", "x", "TensorBoard", "a1-b2", "tb"])
def test_suggestions_of_valid_names_are_themselves(raw: str) -> None:
    """suggest_name leaves a valid name as it is (normalised)."""
    assert suggest_name(raw) == derive_names(raw).project


NORMALISED = [
    pytest.param("my-writer", None, id="already-normal"),
    pytest.param("MyWriter", "'MyWriter' is written 'my-writer'", id="camel-case"),
    pytest.param("Csv.Stats_writer", "'csv_stats_writer' as an import package", id="mixed"),
]


@pytest.mark.parametrize(("raw", "note"), NORMALISED)
def test_a_normalised_name_gets_a_note(raw: str, note: object) -> None:
    """The spec says, as data, when the typed name is not the project name it becomes."""
    from scaffold import make_spec

    normalised = make_spec(raw).normalised
    if note is None:
        assert normalised is None
    else:
        assert isinstance(normalised, str) and str(note) in normalised
