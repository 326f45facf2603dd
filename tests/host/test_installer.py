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


TRAINER_PATH_PROBE = """
import io, warnings
import h5py, numpy, onnx, torch
from google.protobuf import __version__ as protobuf
from mlagents.plugins.trainer_type import register_trainer_plugins
warnings.simplefilter("ignore")
types, settings = register_trainer_plugins()
buffer = io.BytesIO()
model, example = torch.nn.Linear(3, 2), (torch.zeros(1, 3),)
torch.onnx.export(model, example, buffer, opset_version=9, dynamo=False)
onnx.checker.check_model(onnx.load_from_string(buffer.getvalue()))
print(sorted(types), sorted(settings), numpy.__version__, protobuf, onnx.__version__)
"""


def test_host_venv_runs_the_trainer_path(real_python: Path) -> None:
    """h5py, trainer registration, mlagents-learn --help and a non-dynamo ONNX export work,
    with numpy, protobuf and onnx at the host's pins."""
    done = subprocess.run(
        [str(real_python), "-c", TRAINER_PATH_PROBE], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    line = done.stdout.strip()
    assert line.startswith("['poca', 'ppo', 'sac'] ['poca', 'ppo', 'sac'] 1.23."), line
    assert " 3.20." in line and line.endswith(" 1.15.0"), line
    learn = subprocess.run(
        [str(real_python.parent / "mlagents-learn"), "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert learn.returncode == 0, learn.stderr[-3000:]
    assert "trainer_config_path" in learn.stdout
