"""Fast checks on the broken-plugin catalog itself: every case names one documented check.

The catalog (``tests/broken_plugins/<case>/``) holds small installable plugin projects,
each broken in exactly one way. ``test_catalog.py`` runs ``verify`` on them; this module
only reads files, so it runs in the default (non-integration) test session.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CATALOG = REPO / "tests" / "broken_plugins"
#: Broken trainer plugins: checked without a host, and (``_host``) only with ``--host``.
TRAINER_CATALOGS = (REPO / "tests" / "broken_trainers", REPO / "tests" / "broken_trainers_host")
TRAINER_DIRS = sorted(p for c in TRAINER_CATALOGS for p in c.iterdir() if p.is_dir())
INTERFACES = REPO / "docs" / "dev" / "interfaces.md"

CASE_DIRS = sorted(p for p in CATALOG.iterdir() if p.is_dir())
CASES = [pytest.param(path, id=path.name) for path in CASE_DIRS]
ALL_CASES = CASES + [pytest.param(path, id=f"trainer-{path.name}") for path in TRAINER_DIRS]

#: Error checks of the static, load and register steps that no catalog case yields,
#: with the reason. Everything else of those steps must be covered.
UNCOVERED = {
    "MLP403": "needs a declared dependency that installs but fails to import; the "
    "throwaway environment installs offline, so such a dependency cannot be built "
    "without shipping a second broken distribution",
    "MLP407": "a module missing from the wheel is caught earlier by MLP203 (build step); "
    "reaching the load step needs a build backend that lies about the wheel's contents",
}

_ROW = re.compile(r"^\|\s*(MLP\d{3})\s*\|\s*([a-z/]+)\s*\|\s*(error|warning|info)\s*\|")


def documented_checks() -> dict[str, tuple[str, str]]:
    """Check ID -> (step, severity) from the interface notes and the contract catalogue."""
    table: dict[str, tuple[str, str]] = {}
    for line in INTERFACES.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            table[match.group(1)] = (match.group(2), match.group(3))
    sys.path.insert(0, str(REPO))
    try:
        from reference_core.testing import CHECKS
    finally:
        sys.path.remove(str(REPO))
    for check_id in CHECKS:
        table.setdefault(check_id, ("run", "error"))
    return table


def read_expected(case: Path) -> str:
    """The check ID a case must yield: the first non-comment line of its EXPECTED file."""
    lines = (case / "EXPECTED").read_text(encoding="utf-8").splitlines()
    ids = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert len(ids) == 1, f"{case.name}/EXPECTED must name exactly one check ID, got {ids}"
    return ids[0]


def test_catalog_is_large_enough() -> None:
    """The catalog holds at least two dozen cases."""
    assert len(CASE_DIRS) >= 24


@pytest.mark.parametrize("case", ALL_CASES)
def test_expected_names_a_documented_check(case: Path) -> None:
    """Each case's EXPECTED names one documented check ID and explains why in a comment."""
    expected = read_expected(case)
    assert expected in documented_checks(), f"{case.name}: {expected} is not documented"
    comments = [
        line
        for line in (case / "EXPECTED").read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]
    assert len(comments) == 1
    assert len(comments[0]) > 20


@pytest.mark.parametrize("case", CASES)
def test_case_is_an_installable_project(case: Path) -> None:
    """Every case but MLP100's has packaging metadata and imports the host's real names."""
    names = ("pyproject.toml", "setup.py", "setup.cfg")
    packaging = [name for name in names if (case / name).exists()]
    sources = "\n".join(p.read_text(encoding="utf-8") for p in case.rglob("*.py"))
    assert "from mlagents.trainers.stats import" in sources
    if read_expected(case) == "MLP100":
        assert packaging == []
        return
    assert "pyproject.toml" in packaging
    pyproject = (case / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires = ["setuptools>=64"]' in pyproject


def test_catalog_covers_every_reachable_error_before_run() -> None:
    """Every error check of the static, load and register steps has a case or a reason."""
    table = documented_checks()
    wanted = {
        check_id
        for check_id, (step, severity) in table.items()
        if severity == "error" and step.split("/")[0] in {"static", "load", "register"}
    }
    covered = {read_expected(case) for case in [*CASE_DIRS, *TRAINER_DIRS]}
    assert wanted - covered == set(UNCOVERED)
    assert not set(UNCOVERED) & covered, "a documented exception is covered after all"


@pytest.mark.parametrize("case", [p for p in ALL_CASES if "trainer-" in str(p.id)])
def test_trainer_case_declares_only_the_trainer_group(case: Path) -> None:
    """Every broken trainer is a trainer plugin: it declares mlagents.trainer_type only."""
    text = "\n".join(
        (case / name).read_text(encoding="utf-8")
        for name in ("pyproject.toml", "setup.py")
        if (case / name).exists()
    )
    assert "mlagents.trainer_type" in text or "ML_AGENTS_TRAINER_TYPE" in text
    assert "mlagents.stats_writer" not in text
