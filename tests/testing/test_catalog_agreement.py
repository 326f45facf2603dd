"""The pytest contract suite and ``mlplugin verify`` agree on the broken-plugin catalog.

Every ``tests/broken_plugins/<case>/`` whose EXPECTED check belongs to verify's run step
is "installed" into an inner pytest session (a ``.dist-info`` with its entry points plus
its source directory on ``sys.path``, no build), and a ``StatsWriterContract`` subclass
names its entry point exactly as a generated project's ``tests/test_contract.py`` does.
The contract test that owns the expected ID must fail and say that ID, and no failure
may name another contract check: the contract suite reports what verify reports.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from reference_core._toml import load_toml
from reference_core.testing import CHECKS
from reference_core.testing._contract import TESTS
from scaffold import CHECK_CATALOG

CATALOG = Path(__file__).resolve().parents[1] / "broken_plugins"
OWNER = {check_id: test for test, ids in TESTS.items() for check_id in ids}


def expected_id(case: Path) -> str:
    """The check ID a case must yield (the first non-comment line of EXPECTED)."""
    lines = (case / "EXPECTED").read_text(encoding="utf-8").splitlines()
    return next(line.strip() for line in lines if line.strip() and not line.startswith("#"))


RUN_STEP_CASES = [
    pytest.param(case, id=case.name)
    for case in sorted(CATALOG.iterdir())
    if case.is_dir() and CHECK_CATALOG[expected_id(case)].step == "run"
]


def test_the_run_step_cases_were_found() -> None:
    """The catalog has run-step cases, so the agreement test cannot pass vacuously."""
    assert len(RUN_STEP_CASES) >= 10
    assert {expected_id(p.values[0]) for p in RUN_STEP_CASES} >= {"MLP603", "MLP611", "MLP613"}


def test_every_check_is_owned_by_exactly_one_contract_test() -> None:
    """Each MLP6xx check of the catalogue is reported by exactly one contract test."""
    owned = [check_id for ids in TESTS.values() for check_id in ids]
    assert sorted(owned) == sorted(CHECKS)
    run_step = {cid for cid, check in CHECK_CATALOG.items() if check.step == "run"}
    # MLP110 judges requires-python against the host releases after a clean run; it is
    # about packaging metadata, not about what the writers do. The MLP7xx run checks
    # belong to trainer plugins (reference_core._trainer_host), not to this suite.
    trainer = {cid for cid in run_step if cid.startswith("MLP7")}
    assert trainer >= {"MLP700", "MLP711", "MLP714"}
    assert run_step - {"MLP110"} - trainer == set(CHECKS)


def _install(pytester: pytest.Pytester, case: Path) -> str:
    """Make the case importable with installed metadata; return its entry-point name."""
    project = load_toml(case / "pyproject.toml")["project"]
    entry_points = project["entry-points"]["mlagents.stats_writer"]
    site = pytester.mkdir("site")
    info = site / f"{project['name'].replace('-', '_')}-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: 0\n", encoding="utf-8"
    )
    lines = "".join(f"{name} = {value}\n" for name, value in entry_points.items())
    (info / "entry_points.txt").write_text(f"[mlagents.stats_writer]\n{lines}", encoding="utf-8")
    source = case / "src" if (case / "src").is_dir() else case
    pytester.makeconftest(
        f"import sys\nsys.path[:0] = [{str(site)!r}, {str(source)!r}]\n"
        'pytest_plugins = ["reference_core.testing.pytest_plugin"]\n'
    )
    return next(iter(entry_points))


@pytest.mark.parametrize("case", RUN_STEP_CASES)
def test_contract_suite_fails_where_verify_fails(pytester: pytest.Pytester, case: Path) -> None:
    """The contract test owning the case's check fails with that ID, and no other check fails."""
    check_id = expected_id(case)
    name = _install(pytester, case)
    pytester.makepyfile(
        test_contract=textwrap.dedent(f"""
            from reference_core.testing import StatsWriterContract

            class TestCase(StatsWriterContract):
                entry_point = {name!r}
                timeout_s = 5.0
                thread_timeout_s = 5.0
        """)
    )
    # A subprocess: the hanging case leaves a stuck thread behind, which must not be ours.
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rf", "-q")
    output = result.stdout.str()
    assert result.ret == 1, output
    assert re.search(rf"FAILED test_contract.py::TestCase::{OWNER[check_id]}\b", output), output
    failures = output.split("= FAILURES =", 1)[-1]
    assert check_id in failures, output
    assert set(re.findall(r"MLP6\d\d", failures)) == {check_id}, output
