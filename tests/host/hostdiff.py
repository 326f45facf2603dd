"""The differential harness: one scenario, two hosts, one comparison.

``run_both`` writes a scenario file, runs ``_driver.py`` under the real ML-Agents host
(the venv made by ``scripts/install-real-host.sh``) and under ``reference_core`` (the
interpreter running pytest), and returns both JSON dumps with run-specific paths and
timings normalised. ``differences`` lists every place where the dumps disagree.
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DRIVER = HERE / "_driver.py"
FIXTURE_PLUGINS = REPO / "tests" / "fixture_plugins"
INSTALLER = REPO / "scripts" / "install-real-host.sh"
#: What a usable host venv must import (the installer's own probe checks more).
PROBE = (
    "import h5py, onnx, mlagents.trainers.stats, mlagents.plugins.stats_writer, "
    "mlagents.trainers.settings, mlagents.trainers.learn"
)

#: Seconds a driver run may take (the real host imports torch: about 3 s).
DRIVER_TIMEOUT = 300


class HostUnavailableError(RuntimeError):
    """The real ML-Agents host could not be installed or imported."""


def host_venv() -> Path:
    """Where the real-host virtual environment lives (``MLPLUGIN_REAL_HOST_VENV``)."""
    return Path(os.environ.get("MLPLUGIN_REAL_HOST_VENV", str(REPO / ".venv-mlagents")))


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def ensure_real_host(venv: Path) -> Path:
    """Return the real host's interpreter, installing it first when needed.

    Raises :class:`HostUnavailableError` with the installer's output when the host
    cannot be installed: the differential suite fails, it never skips.
    """
    python = venv_python(venv)
    if python.exists():
        probe = subprocess.run(
            [str(python), "-c", PROBE], capture_output=True, text=True, check=False
        )
        if probe.returncode == 0:
            return python
    done = subprocess.run(
        ["bash", str(INSTALLER), str(venv)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise HostUnavailableError(
            f"installing the real ML-Agents host into {venv} failed "
            f"(exit {done.returncode}); the differential suite needs it.\n"
            f"--- stdout ---\n{done.stdout[-8000:]}\n--- stderr ---\n{done.stderr[-8000:]}"
        )
    return python


def pip_install_target(python: Path, source: Path, target: Path) -> Path:
    """Install the project at ``source`` (no dependencies) into the directory ``target``.

    The target directory is later put on ``sys.path`` by the driver, so the cached host
    venv is never modified.
    """
    done = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"pip could not install {source} into {target}:\n{done.stdout}\n{done.stderr}"
        )
    return target


def reference_pythonpath() -> str:
    """The directory holding the ``reference_core`` that this pytest process imports."""
    import reference_core

    return str(Path(reference_core.__file__).resolve().parents[1])


def _environment(side: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_"))}
    env.update(
        PYTHONHASHSEED="0",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONNOUSERSITE="1",
        MLAGENTS_WANDB_CLIENT="fake",
        WANDB_PROJECT="fidelity",
    )
    if side == "reference":
        env["PYTHONPATH"] = reference_pythonpath()
    return env


def run_side(side: str, python: Path, scenario: dict[str, Any], workdir: Path) -> dict[str, Any]:
    """Run the driver once and return its JSON dump (raise with its output on failure)."""
    workdir.mkdir(parents=True, exist_ok=True)
    scenario = dict(scenario, results_dir=str(workdir / "results"))
    scenario_file = workdir / "scenario.json"
    scenario_file.write_text(json.dumps(scenario, allow_nan=True), encoding="utf-8")
    out_file = workdir / "dump.json"
    done = subprocess.run(
        [str(python), str(DRIVER), side, str(scenario_file), str(out_file)],
        capture_output=True,
        text=True,
        cwd=str(workdir),
        env=_environment(side),
        timeout=DRIVER_TIMEOUT,
        check=False,
    )
    if done.returncode != 0 or not out_file.exists():
        raise RuntimeError(
            f"the {side} driver failed (exit {done.returncode}) under {python}:\n"
            f"--- stdout ---\n{done.stdout[-6000:]}\n--- stderr ---\n{done.stderr[-6000:]}"
        )
    dump = json.loads(out_file.read_text(encoding="utf-8"))
    dump["stdout"] = done.stdout
    return normalise(dump, {str(workdir / "results"): "<results>", str(workdir): "<work>"})


_ELAPSED = re.compile(r"Time Elapsed: \d+\.\d+ s")


def normalise(value: Any, replacements: dict[str, str]) -> Any:
    """Replace run-specific paths and timings inside every string of ``value``."""
    if isinstance(value, str):
        for old, new in replacements.items():
            value = value.replace(old, new)
        return _ELAPSED.sub("Time Elapsed: <t> s", value)
    if isinstance(value, list):
        return [normalise(v, replacements) for v in value]
    if isinstance(value, dict):
        return {normalise(k, replacements): normalise(v, replacements) for k, v in value.items()}
    return value


def run_both(
    real_python: Path, scenario: dict[str, Any], workdir: Path
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run ``scenario`` under the real host and under reference_core."""
    real = run_side("real", real_python, scenario, workdir / "real")
    reference = run_side("reference", Path(sys.executable), scenario, workdir / "reference")
    return real, reference


def floats_equal(a: float, b: float) -> bool:
    """Equal, with NaN equal to NaN and a few ulps of room for summation order."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300)


def differences(
    real: Any, reference: Any, path: str = "", ignore: frozenset[str] = frozenset()
) -> list[str]:
    """Every place where two dumps differ, as ``path: real=... reference=...`` lines."""
    if isinstance(real, dict) and isinstance(reference, dict):
        found: list[str] = []
        for key in sorted(set(real) | set(reference)):
            if key in ignore:
                continue
            if key not in real or key not in reference:
                found.append(
                    f"{path}/{key}: real={real.get(key, '<missing>')!r} "
                    f"reference={reference.get(key, '<missing>')!r}"
                )
                continue
            found += differences(real[key], reference[key], f"{path}/{key}", ignore)
        return found
    if isinstance(real, list) and isinstance(reference, list):
        found = []
        if len(real) != len(reference):
            found.append(f"{path}: length real={len(real)} reference={len(reference)}")
        for index, (a, b) in enumerate(zip(real, reference)):
            found += differences(a, b, f"{path}[{index}]", ignore)
        return found
    if (
        isinstance(real, float)
        and isinstance(reference, (int, float))
        and not isinstance(reference, bool)
    ):
        return (
            []
            if floats_equal(real, float(reference))
            else [f"{path}: real={real!r} reference={reference!r}"]
        )
    if real != reference or type(real) is not type(reference):
        return [f"{path}: real={real!r} reference={reference!r}"]
    return []


def strip(dump: dict[str, Any], drop_ops: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A copy of ``dump`` without interpreter details, ready for :func:`differences`."""
    dump = copy.deepcopy(dump)
    dump.pop("side", None)
    dump.pop("python", None)
    dump.pop("stdout", None)
    dump["results"] = [r for r in dump["results"] if r["op"] not in drop_ops]
    return dump


def report(diffs: list[str], limit: int = 60) -> str:
    """Readable assertion message for a list of differences."""
    head = "\n".join(diffs[:limit])
    more = f"\n... and {len(diffs) - limit} more" if len(diffs) > limit else ""
    return f"real host and reference_core differ in {len(diffs)} place(s):\n{head}{more}"
