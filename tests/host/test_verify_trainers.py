"""``verify --host``: trainer plugins checked against the real ML-Agents host.

The working trainer fixture must verify clean with the host (the checks that need it
run, so no MLP700 note); each ``tests/broken_trainers_host/<case>`` is broken in a way
only the real host can see and must yield its one check ID.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import scaffold

pytestmark = pytest.mark.host

TESTS = Path(__file__).resolve().parents[1]
WORKING = TESTS / "fixture_trainers" / "cautious_ppo"
CATALOG = TESTS / "broken_trainers_host"
CASES = [pytest.param(path, id=path.name) for path in sorted(CATALOG.iterdir()) if path.is_dir()]
TIMEOUT_S = 120.0


def describe(report: scaffold.Report) -> str:
    """The findings as lines, for assertion messages."""
    return "\n".join(f"{f.check_id} {f.severity} {f.step}: {f.message}" for f in report.findings)


def read_expected(case: Path) -> str:
    """The check ID a case must yield (the first non-comment line of EXPECTED)."""
    lines = (case / "EXPECTED").read_text(encoding="utf-8").splitlines()
    return next(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def test_working_trainer_verifies_clean_with_the_host(real_python: Path) -> None:
    """With --host the host checks run and pass: exit 0, no finding but the MLP302 note."""
    report = scaffold.verify(WORKING, host=str(real_python), timeout_s=TIMEOUT_S, strict=True)
    assert report.exit_code == 0, describe(report)
    assert {f.check_id for f in report.findings} <= {"MLP302"}, describe(report)


@pytest.mark.parametrize("case", CASES)
def test_host_only_breakage_yields_its_check(real_python: Path, case: Path) -> None:
    """A trainer broken in a way only the host sees yields exactly its check ID."""
    report = scaffold.verify(case, host=str(real_python), timeout_s=TIMEOUT_S, strict=True)
    blocking = {f.check_id for f in report.findings if f.severity in {"error", "warning"}}
    assert blocking == {read_expected(case)}, describe(report)
    assert report.exit_code == 1


@pytest.mark.parametrize("packaging", ["pyproject", "setup-py"])
def test_generated_trainer_verifies_clean_with_the_host(
    real_python: Path, tmp_path: Path, packaging: str
) -> None:
    """`mlplugin new --kind trainer`'s project passes every trainer check against the host."""
    from scaffold._names import derive_names
    from scaffold._trainer_context import render_trainer_project

    project = render_trainer_project(
        derive_names("line-walker"), {"packaging": packaging}, tmp_path / "out"
    )
    report = scaffold.verify(project, host=str(real_python), timeout_s=TIMEOUT_S, strict=True)
    assert report.exit_code == 0, describe(report)
    assert {f.check_id for f in report.findings} <= {"MLP302"}, describe(report)


@pytest.mark.parametrize("packaging", ["pyproject", "setup-py"])
def test_generated_trainer_with_an_added_trainer_verifies_clean_with_the_host(
    real_python: Path, tmp_path: Path, packaging: str
) -> None:
    """After `mlplugin add trainer`, the one entry point registers two trainers, and every
    trainer check passes for both against the host."""
    from scaffold._names import derive_names
    from scaffold._trainer_context import render_trainer_project

    project = render_trainer_project(
        derive_names("line-walker"), {"packaging": packaging}, tmp_path / "out"
    )
    scaffold.add_trainer(project, "reinforce")
    report = scaffold.verify(project, host=str(real_python), timeout_s=TIMEOUT_S, strict=True)
    assert report.exit_code == 0, describe(report)
    assert {f.check_id for f in report.findings} <= {"MLP302"}, describe(report)
    # the added trainer is checked too: a name that disagrees with its key is found
    trainer = project / "src" / "line_walker" / "reinforce" / "trainer.py"
    trainer.write_text(trainer.read_text().replace('= "reinforce"', '= "reinforcer"'))
    broken = scaffold.verify(project, host=str(real_python), timeout_s=TIMEOUT_S, strict=True)
    blocking = {f.check_id for f in broken.findings if f.severity in {"error", "warning"}}
    assert blocking == {"MLP705"}, describe(broken)
