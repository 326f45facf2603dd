"""[tool.mlplugin.verify]: ignores need a reason, and ignored findings stay visible."""

from __future__ import annotations

import pytest

from scaffold._verify import VerifyConfigError, verify

from .conftest import Writer, pyproject, src_package

HOST_DEP = 'dependencies = ["torch>=2"]\n'
TABLE = '[project.entry-points."mlagents.stats_writer"]\ndemo = "demo_writer:get_writers"\n'


def project_with(project: Writer, verify_table: str) -> object:
    """A project with a host dependency (MLP108) and the given verify table."""
    return project(
        {"pyproject.toml": pyproject(TABLE + "\n" + verify_table, HOST_DEP), **src_package()}
    )


def test_ignored_finding_is_listed_and_does_not_fail_strict(project: Writer) -> None:
    """An ignore with a reason marks the finding ignored; strict runs still pass."""
    root = project_with(
        project,
        '[tool.mlplugin.verify]\nignore = [{id = "MLP108", reason = "needs torch for tensors"}]\n',
    )
    report = verify(root, steps={"static"}, strict=True)
    (finding,) = report.findings
    assert (finding.check_id, finding.ignored, finding.ignore_reason) == (
        "MLP108",
        True,
        "needs torch for tensors",
    )
    assert report.ok
    assert report.counts()["warning"] == 0


def test_without_ignore_the_warning_fails_strict_only(project: Writer) -> None:
    """MLP108 is a warning: it fails the run only under strict."""
    root = project_with(project, "")
    assert verify(root, steps={"static"}).exit_code == 0
    assert verify(root, steps={"static"}, strict=True).exit_code == 1


INVALID_TABLES = [
    pytest.param('ignore = [{id = "MLP108"}]', "needs a non-empty `reason`", id="no-reason"),
    pytest.param(
        'ignore = [{id = "MLP108", reason = "  "}]', "needs a non-empty `reason`", id="blank-reason"
    ),
    pytest.param('ignore = ["MLP108"]', "has no reason", id="bare-id"),
    pytest.param(
        'ignore = [{id = "MLP999", reason = "x"}]', "not a known check ID", id="unknown-id"
    ),
    pytest.param('ignore = [{id = "108", reason = "x"}]', "must be a check ID", id="malformed-id"),
    pytest.param('ignore = "MLP108"', "must be a list", id="not-a-list"),
    pytest.param("ignores = []", "unknown key 'ignores'", id="unknown-key"),
    pytest.param(
        'ignore = [{id = "MLP108", reason = "x", until = "2025"}]',
        "unknown keys",
        id="unknown-entry-key",
    ),
]


@pytest.mark.parametrize(("body", "problem"), INVALID_TABLES)
def test_invalid_verify_table_is_a_usage_error(project: Writer, body: str, problem: str) -> None:
    """Every invalid ignore is a VerifyConfigError naming the problem (exit code 2)."""
    root = project_with(project, f"[tool.mlplugin.verify]\n{body}\n")
    with pytest.raises(VerifyConfigError) as caught:
        verify(root, steps={"static"})
    assert problem in str(caught.value)


def test_all_problems_are_reported_together(project: Writer) -> None:
    """Two bad ignores produce one error listing both."""
    root = project_with(
        project,
        '[tool.mlplugin.verify]\nignore = [{id = "MLP108"}, {id = "MLP999", reason = "x"}]\n',
    )
    with pytest.raises(VerifyConfigError) as caught:
        verify(root, steps={"static"})
    assert len(caught.value.problems) == 2
