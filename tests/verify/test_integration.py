"""End to end: real wheel builds, throwaway environments and child processes.

Slow (each case builds a wheel), so the whole module is ``integration``. The hostile
cases prove that a plugin which hangs, exits or floods cannot hang or crash verify.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
import zipfile
from pathlib import Path

import pytest

from scaffold._verify import BackendUnavailable, Report, verify
from scaffold.cli import exit_code_for

from .conftest import GOOD_MODULE, Writer, pyproject
from .test_report import SCHEMA, jsonschema

pytestmark = pytest.mark.integration

TABLE = '[project.entry-points."mlagents.stats_writer"]\ndemo = "demo_writer:get_writers"\n'
HOSTILE_TIMEOUT_S = 3.0


def plugin(project: Writer, module: str, *, extra: str = "") -> Path:
    """A src-layout setuptools project whose package ``__init__`` is ``module``."""
    return project(
        {"pyproject.toml": pyproject(TABLE, extra), "src/demo_writer/__init__.py": module}
    )


def blocking(report: Report) -> list[str]:
    """IDs of error and warning findings."""
    return [f.check_id for f in report.findings if f.severity in ("error", "warning")]


def test_good_plugin_passes_every_step(project: Writer) -> None:
    """A well-behaved plugin verifies clean; the JSON report is schema-valid."""
    report = verify(plugin(project, GOOD_MODULE), timeout_s=30)
    assert blocking(report) == [], report.to_json()
    assert [s.status for s in report.steps] == ["passed"] * 6
    assert all(h.supported for h in report.host_support)
    jsonschema.validate(json.loads(report.to_json()), SCHEMA)


def test_second_run_reuses_the_environment(project: Writer) -> None:
    """A warm run of an unchanged plugin skips creating the environment."""
    root = plugin(project, GOOD_MODULE.replace("demo.txt", "warm.txt"))
    verify(root, timeout_s=30)
    venvs = Path(os.environ["MLPLUGIN_CACHE_DIR"]) / "venvs"
    before = sorted(p.name for p in venvs.iterdir())
    report = verify(root, timeout_s=30)
    assert report.ok
    assert sorted(p.name for p in venvs.iterdir()) == before  # nothing created, none evicted


def test_progress_reports_every_step_in_order(project: Writer) -> None:
    """The progress callback sees a start and an end event for each step that runs."""
    events: list[tuple[str, str]] = []
    verify(
        plugin(project, GOOD_MODULE),
        timeout_s=30,
        progress=lambda e: events.append((e.kind, e.step)),
    )
    steps = ("static", "build", "install", "load", "register", "run")
    assert events == [(kind, s) for s in steps for kind in ("start", "end")]


def test_wheel_target_skips_the_build(project: Writer, tmp_path: Path) -> None:
    """A *.whl is installed and loaded as is."""
    wheel = _build(plugin(project, GOOD_MODULE), tmp_path)
    report = verify(wheel, timeout_s=30)
    assert report.target_kind == "wheel"
    assert report.step("build").status == "skipped"
    assert blocking(report) == []


def _build(root: Path, out: Path) -> Path:
    from scaffold._verify._build import build_wheel

    result = build_wheel(root, out / "w", python=sys.executable, timeout_s=300)
    assert result.wheel is not None
    return result.wheel.path


def test_wheel_without_the_module_is_mlp203(tmp_path: Path) -> None:
    """A wheel whose entry point names a module it does not ship fails statically."""
    wheel = tmp_path / "demo_writer-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(
            "demo_writer-0.1.0.dist-info/METADATA",
            "Metadata-Version: 2.1\nName: demo-writer\nVersion: 0.1.0\n",
        )
        archive.writestr(
            "demo_writer-0.1.0.dist-info/entry_points.txt",
            "[mlagents.stats_writer]\ndemo = demo_writer:get_writers\n",
        )
    assert blocking(verify(wheel)) == ["MLP203"]


def test_undeclared_dependency_is_mlp402(project: Writer) -> None:
    """Importing a package that is not declared (nor installed) names it."""
    report = verify(plugin(project, "import wandb_like_sdk\n" + GOOD_MODULE), timeout_s=30)
    assert blocking(report) == ["MLP402"]
    assert "wandb_like_sdk" in report.findings[0].message


def test_host_dependencies_are_not_downloaded(project: Writer) -> None:
    """Declared mlagents/torch are skipped (MLP302) and the shim serves mlagents."""
    root = plugin(project, GOOD_MODULE, extra='dependencies = ["mlagents>=0.30", "torch"]\n')
    report = verify(root, timeout_s=30)
    assert [f.check_id for f in report.findings] == ["MLP108", "MLP108", "MLP302"]
    assert report.ok


HOSTILE = [
    pytest.param("import time\ntime.sleep(3600)\n" + GOOD_MODULE, "MLP405", id="import-sleeps"),
    pytest.param("import os\nos._exit(3)\n" + GOOD_MODULE, "MLP406", id="import-os-exit"),
    pytest.param(
        "raise SystemExit('no config')\n" + GOOD_MODULE, "MLP406", id="import-system-exit"
    ),
    pytest.param(
        "raise KeyboardInterrupt\n" + GOOD_MODULE, "MLP406", id="import-keyboard-interrupt"
    ),
    pytest.param(
        "import signal, os\nos.kill(os.getpid(), signal.SIGKILL)\n" + GOOD_MODULE,
        "MLP406",
        id="import-killed",
    ),
    pytest.param(
        "def get_writers(r):\n    import time\n    time.sleep(3600)\n",
        "MLP506",
        id="register-sleeps",
    ),
    pytest.param(
        "def get_writers(r):\n    import os\n    os._exit(0)\n", "MLP507", id="register-os-exit"
    ),
    pytest.param(
        "def get_writers(r):\n    raise KeyboardInterrupt\n",
        "MLP507",
        id="register-keyboard-interrupt",
    ),
    pytest.param(
        "class Boom(BaseException):\n    pass\n\ndef get_writers(r):\n    raise Boom()\n",
        "MLP507",
        id="register-base-exception",
    ),
    pytest.param(
        "def get_writers(r):\n    print('x' * 200_000)\n    return []\n",
        "MLP509",
        id="register-floods",
    ),
    pytest.param(
        GOOD_MODULE.replace(
            "self.path.parent.mkdir",
            "import time; time.sleep(3600)\n        self.path.parent.mkdir",
        ),
        "MLP613",
        id="write-stats-sleeps",
    ),
    pytest.param(
        GOOD_MODULE.replace(
            "self.path.parent.mkdir", "import os; os._exit(1)\n        self.path.parent.mkdir"
        ),
        "MLP613",
        id="write-stats-os-exit",
    ),
]


@pytest.mark.parametrize(("module", "expected"), HOSTILE)
def test_hostile_plugin_cannot_hang_or_crash_verify(
    project: Writer, module: str, expected: str
) -> None:
    """Each hostile behaviour is one finding, reported within the timeout."""
    started = time.monotonic()
    report = verify(plugin(project, module), timeout_s=HOSTILE_TIMEOUT_S)
    assert expected in blocking(report), report.to_json()
    assert [f for f in blocking(report) if f != "MLP508"] == [expected]
    assert report.exit_code == 1
    assert time.monotonic() - started < 120


def test_unreachable_build_backend_is_an_environment_problem(
    project: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backend that cannot be downloaded raises BackendUnavailable (exit 3), no report."""
    if shutil.which("uv") is None:
        pytest.skip("the offline switch used here is uv's")
    monkeypatch.setenv("UV_OFFLINE", "1")
    root = project(
        {
            "pyproject.toml": pyproject(TABLE).replace(
                '"setuptools>=64"', '"backend-that-is-not-cached-xyz>=1"'
            ),
            "src/demo_writer/__init__.py": GOOD_MODULE,
        }
    )
    with pytest.raises(BackendUnavailable) as caught:
        verify(root)
    assert exit_code_for(caught.value) == 3


def test_installed_distribution_runs_in_the_current_environment(
    project: Writer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--installed reads the distribution's metadata and skips build and install."""
    wheel = _build(
        plugin(project, GOOD_MODULE.replace("return [DemoWriter(run_options)]", "return None")),
        tmp_path,
    )
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    monkeypatch.syspath_prepend(str(target))
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(target), os.environ.get("PYTHONPATH", "")]))
    )
    report = verify(installed="demo-writer", timeout_s=30)
    assert report.target_kind == "installed"
    assert [s.status for s in report.steps[:3]] == ["passed", "skipped", "skipped"]
    assert blocking(report) == ["MLP503"]
