"""``verify`` on the broken-trainer catalog, and a working trainer plugin without a host.

Every ``tests/broken_trainers/<case>/`` project is a trainer plugin broken in one way,
named in its ``EXPECTED`` file; verify must report that check and no other error or
warning. ``tests/fixture_trainers/cautious_ppo`` is a working trainer plugin that
imports the real host's torch-backed classes: without ``--host`` it must exit 0 with
the host checks reported as not run (MLP700). Builds wheels and venvs: ``integration``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import scaffold

pytestmark = pytest.mark.integration

TESTS = Path(__file__).resolve().parents[1]
CATALOG = TESTS / "broken_trainers"
WORKING = TESTS / "fixture_trainers" / "cautious_ppo"
CASES = [pytest.param(path, id=path.name) for path in sorted(CATALOG.iterdir()) if path.is_dir()]
TIMEOUT_S = 20.0


def read_expected(case: Path) -> str:
    """The check ID a case must yield (the first non-comment line of EXPECTED)."""
    lines = (case / "EXPECTED").read_text(encoding="utf-8").splitlines()
    return next(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def describe(report: scaffold.Report) -> str:
    """The findings as lines, for assertion messages."""
    return "\n".join(f"{f.check_id} {f.severity} {f.step}: {f.message}" for f in report.findings)


@pytest.mark.parametrize("case", CASES)
def test_broken_trainer_yields_its_one_check(case: Path) -> None:
    """Verify reports exactly the case's expected check and fails the run (strictly)."""
    report = scaffold.verify(case, timeout_s=TIMEOUT_S, strict=True)
    blocking = {f.check_id for f in report.findings if f.severity in {"error", "warning"}}
    assert blocking == {read_expected(case)}, describe(report)
    assert report.exit_code != 0


def test_working_trainer_passes_without_a_host() -> None:
    """A working trainer plugin exits 0 without --host; the host checks are an MLP700 note."""
    report = scaffold.verify(WORKING, timeout_s=TIMEOUT_S, strict=True)
    assert report.exit_code == 0, describe(report)
    notes = [f for f in report.findings if f.check_id == "MLP700"]
    assert [f.severity for f in notes] == ["info"], describe(report)
    assert "--host" in notes[0].fix
    assert "MLP101" not in describe(report)


def test_declared_override_is_not_a_warning(tmp_path: Path) -> None:
    """`[tool.mlplugin.verify] overrides = ["ppo"]` silences MLP706 for that name."""
    project = tmp_path / "project"
    source = CATALOG / "trainer-overrides-ppo"
    for path in source.rglob("*"):
        if path.is_file():
            target = project / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8") + '\n[tool.mlplugin.verify]\noverrides = ["ppo"]\n',
        encoding="utf-8",
    )
    report = scaffold.verify(project, timeout_s=TIMEOUT_S, strict=True)
    assert report.exit_code == 0, describe(report)


@pytest.mark.parametrize("packaging", ["pyproject", "setup-py"])
def test_generated_trainer_passes_without_a_host(tmp_path: Path, packaging: str) -> None:
    """The generated trainer project (lazy host imports in its registration) exits 0."""
    from scaffold._names import derive_names
    from scaffold._trainer_context import render_trainer_project

    project = render_trainer_project(
        derive_names("line-walker"), {"packaging": packaging}, tmp_path / "out"
    )
    report = scaffold.verify(project, timeout_s=TIMEOUT_S, strict=True)
    assert report.exit_code == 0, describe(report)
    assert {f.check_id for f in report.findings if f.severity != "info"} == set()
    assert "MLP700" in {f.check_id for f in report.findings}


BOTH_PYPROJECT = """\
[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "both-kinds"
version = "0.1.0"
requires-python = ">=3.9"

[project.entry-points."mlagents.stats_writer"]
writer = "both_kinds:{writer}"

[project.entry-points."mlagents.trainer_type"]
toy = "both_kinds:{trainer}"

[tool.setuptools.packages.find]
where = ["src"]
"""
BOTH_MODULE = """\
from mlagents.trainers.stats import StatsWriter


class Quiet(StatsWriter):
    def write_stats(self, category, values, step):
        pass


class ToyTrainer:
    @staticmethod
    def get_trainer_name():
        return "toy"


class ToySettings:
    pass


def writers(run_options):
    return [Quiet()]


def one_writer(run_options):
    return Quiet()


def trainers():
    return {"toy": ToyTrainer}, {"toy": ToySettings}


def keys_differ():
    return {"toy": ToyTrainer}, {"other": ToySettings}
"""
BOTH_CASES = [
    pytest.param("writers", "trainers", set(), id="both-good"),
    pytest.param("writers", "keys_differ", {"MLP703"}, id="trainer-checks-run"),
    pytest.param("one_writer", "trainers", {"MLP503"}, id="writer-checks-run"),
]


@pytest.mark.parametrize(("writer", "trainer", "expected"), BOTH_CASES)
def test_project_with_both_kinds_gets_both_checks(
    tmp_path: Path, writer: str, trainer: str, expected: set[str]
) -> None:
    """A project declaring both groups is checked as a stats writer and as a trainer."""
    (tmp_path / "src" / "both_kinds").mkdir(parents=True)
    (tmp_path / "src" / "both_kinds" / "__init__.py").write_text(BOTH_MODULE, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        BOTH_PYPROJECT.format(writer=writer, trainer=trainer), encoding="utf-8"
    )
    report = scaffold.verify(tmp_path, timeout_s=TIMEOUT_S, strict=True)
    blocking = {f.check_id for f in report.findings if f.severity in {"error", "warning"}}
    assert blocking == expected, describe(report)
    if not expected:
        assert "MLP700" in {f.check_id for f in report.findings}  # the trainer was reached
