"""``verify`` on the broken-plugin catalog: each case yields exactly its one check ID.

Every ``tests/broken_plugins/<case>/`` project is broken in one way, named in its
``EXPECTED`` file. Verify must report that check and no other error or warning, and
fail the run; a freshly generated project must verify clean. These tests build wheels
and virtual environments, so the whole module is ``integration``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import scaffold

pytestmark = pytest.mark.integration

CATALOG = Path(__file__).resolve().parents[1] / "broken_plugins"
CASES = [pytest.param(path, id=path.name) for path in sorted(CATALOG.iterdir()) if path.is_dir()]

#: Per-phase timeout: long enough for a cold import, short enough that the hostile
#: cases (hangs) finish quickly.
TIMEOUT_S = 10.0


def read_expected(case: Path) -> str:
    """The check ID a case must yield (the first non-comment line of EXPECTED)."""
    lines = (case / "EXPECTED").read_text(encoding="utf-8").splitlines()
    return next(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def blocking_ids(report: scaffold.Report) -> set[str]:
    """The IDs of the report's error and warning findings."""
    return {f.check_id for f in report.findings if f.severity in {"error", "warning"}}


def describe(report: scaffold.Report) -> str:
    """The findings as lines, for assertion messages."""
    return "\n".join(f"{f.check_id} {f.severity} {f.step}: {f.message}" for f in report.findings)


@pytest.mark.parametrize("case", CASES)
def test_broken_plugin_yields_its_one_check(case: Path) -> None:
    """Verify reports exactly the case's expected check and fails the run."""
    expected = read_expected(case)
    report = scaffold.verify(case, timeout_s=TIMEOUT_S, strict=True)
    assert blocking_ids(report) == {expected}, describe(report)
    assert report.exit_code != 0


@pytest.mark.parametrize("packaging", sorted(scaffold.PACKAGING_STYLES))
def test_generated_project_verifies_clean(tmp_path: Path, packaging: str) -> None:
    """A project straight out of ``mlplugin new`` has no error or warning finding."""
    spec = scaffold.make_spec("catalog-control", packaging=packaging)
    project = scaffold.generate(spec, tmp_path).path
    report = scaffold.verify(project, timeout_s=TIMEOUT_S, strict=True)
    assert blocking_ids(report) == set(), describe(report)
    assert report.exit_code == 0
