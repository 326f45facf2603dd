"""``verify`` on a published trainer plugin: ML-Agents' own ``ml-agents-trainer-plugin`` (A2C, DQN).

The fixture ``tests/fixture_trainers/mlagents_trainer_plugin`` is that plugin's source,
unmodified (see its ``PROVENANCE.md``; it is not on PyPI). Its ``setup.py`` imports the
group constant from mlagents, so an isolated build — what ``pip install`` does by
default — fails before the plugin is installed; verify says so (MLP707) and nothing else.
Built the way it does install (``pip wheel --no-build-isolation`` inside the host's
environment), the wheel must verify with no false failure: exit 0 and only "not run"
notes without ``--host``, clean with it. The first test reads files only; the others
need the real host (``host``).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import scaffold

TESTS = Path(__file__).resolve().parents[1]
PLUGIN = TESTS / "fixture_trainers" / "mlagents_trainer_plugin"
TIMEOUT_S = 120.0
ENTRY_POINTS = ("a2c", "dqn")


def describe(report: scaffold.Report) -> str:
    """The findings as lines, for assertion messages."""
    return "\n".join(f"{f.check_id} {f.severity} {f.step}: {f.message}" for f in report.findings)


def test_source_tree_reports_the_isolated_build_trap() -> None:
    """The source tree fails on MLP707 at setup.py line 2, and on nothing else."""
    report = scaffold.verify(PLUGIN, timeout_s=TIMEOUT_S)
    assert report.exit_code == 1, describe(report)
    assert [(f.check_id, f.severity) for f in report.findings] == [("MLP707", "error")]
    (finding,) = report.findings
    assert finding.location is not None and finding.location.line == 2
    assert "MLP101" not in describe(report)


@pytest.fixture(scope="module")
def wheel(real_python: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin built as it installs: without build isolation, next to the real host."""
    out = tmp_path_factory.mktemp("published-wheel")
    subprocess.run(
        [
            *(str(real_python), "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
            *("--wheel-dir", str(out), str(PLUGIN)),
        ],
        check=True,
        capture_output=True,
        cwd=out,
    )
    (built,) = out.glob("mlagents_trainer_plugin-*.whl")
    return built


@pytest.mark.host
def test_the_isolated_build_trap_is_real(real_python: Path, tmp_path: Path) -> None:
    """MLP707 is no false alarm: pip's default isolated build fails on that import."""
    done = subprocess.run(
        [
            *(str(real_python), "-m", "pip", "install", "--no-deps"),
            *("--target", str(tmp_path / "site"), str(PLUGIN)),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode != 0
    assert "No module named 'mlagents'" in done.stdout + done.stderr


@pytest.mark.host
def test_wheel_passes_without_a_host(wheel: Path) -> None:
    """Without --host: exit 0, no MLP101, one MLP700 "not run" note per trainer entry point."""
    report = scaffold.verify(wheel, timeout_s=TIMEOUT_S, strict=True)
    assert report.exit_code == 0, describe(report)
    assert [(f.check_id, f.severity) for f in report.findings] == [("MLP700", "info")] * 2
    assert all(any(f"'{ep}'" in f.message for f in report.findings) for ep in ENTRY_POINTS)


@pytest.mark.host
def test_wheel_verifies_clean_with_the_host(wheel: Path, real_python: Path) -> None:
    """With --host every trainer check runs on A2C and DQN and passes."""
    report = scaffold.verify(wheel, host=str(real_python), timeout_s=TIMEOUT_S, strict=True)
    assert report.exit_code == 0, describe(report)
    assert {f.check_id for f in report.findings} <= {"MLP302"}, describe(report)
