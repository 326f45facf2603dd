"""The real-host installer fails loudly, and the suite fails (not skips) without a host."""

from __future__ import annotations

import subprocess
from pathlib import Path

import hostdiff
import pytest

pytestmark = pytest.mark.host


def test_unusable_interpreter_fails_the_session_with_the_installer_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No usable host: ensure_real_host raises with the installer's message."""
    monkeypatch.setenv("MLPLUGIN_HOST_PYTHON", "python-that-does-not-exist")
    with pytest.raises(hostdiff.HostUnavailableError, match=r"interpreter .* not found"):
        hostdiff.ensure_real_host(tmp_path / "venv")


def test_installer_is_idempotent(real_python: Path) -> None:
    """A second run on a working venv changes nothing and exits 0."""
    venv = real_python.parent.parent
    done = subprocess.run(
        ["bash", str(hostdiff.INSTALLER), str(venv)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "nothing to do" in done.stdout


def test_installer_without_arguments_is_a_usage_error() -> None:
    """The script refuses to guess where the venv goes."""
    done = subprocess.run(
        ["bash", str(hostdiff.INSTALLER)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "usage:" in done.stderr
