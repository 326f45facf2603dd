"""The rules of the re-verify shortcut, without building anything.

Which builds count as static (:func:`static_obstacle`), how ``RECORD`` lines are
re-hashed (:func:`rewrite_record`), which uv verify uses (:func:`uv_binary`), and how
the path a step took shows in the text output.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import stat
from pathlib import Path
from typing import Any, Optional

import pytest

from scaffold._process import uv_binary
from scaffold._terminal.verify_text import ProgressPrinter, render_text
from scaffold._verify._build_inputs import static_obstacle
from scaffold._verify._model import Report, StepEvent, StepResult
from scaffold._verify._wheel_copy import rewrite_record

SETUPTOOLS: dict[str, Any] = {
    "build-system": {"requires": ["setuptools>=64"], "build-backend": "setuptools.build_meta"},
    "project": {"name": "demo", "version": "1.0"},
}
HATCHLING: dict[str, Any] = {
    "build-system": {"requires": ["hatchling"], "build-backend": "hatchling.build"},
    "project": {"name": "demo", "version": "1.0"},
}


def with_(base: dict[str, Any], **tables: Any) -> dict[str, Any]:
    return {**base, **tables}


#: (pyproject data, files in the project, expected obstacle text or None)
OBSTACLES = [
    pytest.param(SETUPTOOLS, (), None, id="static-setuptools"),
    pytest.param(HATCHLING, (), None, id="static-hatchling"),
    pytest.param({"project": {"name": "d"}}, (), "no [build-system]", id="no-build-system"),
    pytest.param(
        with_(
            SETUPTOOLS, **{"build-system": {"requires": [], "build-backend": "flit_core.buildapi"}}
        ),
        (),
        "'flit_core.buildapi' is not one",
        id="unmodelled-backend",
    ),
    pytest.param(
        with_(
            SETUPTOOLS, **{"build-system": {**SETUPTOOLS["build-system"], "backend-path": ["."]}}
        ),
        (),
        "backend-path",
        id="in-tree-backend",
    ),
    pytest.param(
        with_(SETUPTOOLS, project={"name": "d", "dynamic": ["version"]}),
        (),
        "dynamic = ['version']",
        id="dynamic-version",
    ),
    pytest.param(with_(SETUPTOOLS, project=None), (), "no [project]", id="no-project-table"),
    pytest.param(SETUPTOOLS, ("setup.py",), "setup.py is part of the build", id="setup-py"),
    pytest.param(SETUPTOOLS, ("setup.cfg",), "setup.cfg is part of the build", id="setup-cfg"),
    pytest.param(HATCHLING, ("hatch_build.py",), "hatch_build.py", id="hatch-build-script"),
    pytest.param(
        with_(HATCHLING, tool={"hatch": {"build": {"targets": {"wheel": {"hooks": {"x": {}}}}}}}),
        (),
        "[tool.hatch.build.targets.wheel.hooks] runs build hooks",
        id="hatch-wheel-hook",
    ),
    pytest.param(
        with_(HATCHLING, tool={"hatch": {"metadata": {"hooks": {"fancy": {}}}}}),
        (),
        "[tool.hatch.metadata.hooks]",
        id="hatch-metadata-hook",
    ),
    pytest.param(
        with_(SETUPTOOLS, tool={"setuptools": {"cmdclass": {"build_py": "x:Y"}}}),
        (),
        "cmdclass",
        id="setuptools-cmdclass",
    ),
    pytest.param(
        with_(SETUPTOOLS, tool={"setuptools": {"ext-modules": []}}),
        (),
        "ext-modules",
        id="setuptools-extensions",
    ),
    pytest.param(with_(SETUPTOOLS, tool={"uv": {}}), (), "[tool.uv]", id="uv-settings"),
]


@pytest.mark.parametrize(("pyproject", "files", "expected"), OBSTACLES)
def test_static_obstacles(
    pyproject: dict[str, Any], files: tuple[str, ...], expected: Optional[str], tmp_path: Path
) -> None:
    """A build is derivable only when nothing in it runs project code or computes metadata."""
    for name in files:
        (tmp_path / name).write_text("", encoding="utf-8")
    data = {k: v for k, v in pyproject.items() if v is not None}
    found = static_obstacle(tmp_path, data)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert expected in found


def _line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


RECORDS = [
    pytest.param("\n", id="lf"),
    pytest.param("\r\n", id="crlf"),
]


@pytest.mark.parametrize("end", RECORDS)
def test_rewrite_record_rehashes_only_replaced_lines(end: str) -> None:
    """Replaced members get a new hash and size; every other line is kept byte for byte."""
    old = (
        _line("pkg/__init__.py", b"A = 1\n") + end
        + _line("pkg/a,b.py", b"x") .replace("pkg/a,b.py", '"pkg/a,b.py"') + end
        + _line("pkg/other.py", b"B = 2\n") + end
        + "pkg-1.0.dist-info/RECORD,," + end
    )  # fmt: skip
    new = rewrite_record(old, {"pkg/__init__.py": b"A = 2  # edited\n"})
    lines = new.split(end)
    assert lines[0] == _line("pkg/__init__.py", b"A = 2  # edited\n")
    assert lines[1:] == old.split(end)[1:]


def test_rewrite_record_quotes_paths_as_csv_does() -> None:
    """A path with a comma stays quoted after re-hashing."""
    old = '"pkg/a,b.py",sha256=xx,1\n'
    assert rewrite_record(old, {"pkg/a,b.py": b"yy"}).startswith('"pkg/a,b.py",sha256=')


def _fake_uv(directory: Path) -> Path:
    directory.mkdir()
    uv = directory / "uv"
    uv.write_text("#!/bin/sh\n", encoding="utf-8")
    uv.chmod(uv.stat().st_mode | stat.S_IXUSR)
    return uv


def test_uv_binary_prefers_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A uv on PATH is the one verify uses."""
    uv = _fake_uv(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(uv.parent))
    monkeypatch.delenv("MLPLUGIN_NO_UV", raising=False)
    assert uv_binary() == str(uv)


def test_uv_binary_falls_back_to_the_uv_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without uv on PATH, the uv distribution's binary (a dependency of mlplugin) is used."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("MLPLUGIN_NO_UV", raising=False)
    found = uv_binary()
    assert found is not None
    assert os.access(found, os.X_OK)
    assert Path(found).name.startswith("uv")


def test_no_uv_switch_forces_the_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MLPLUGIN_NO_UV=1 makes verify use build, venv and pip."""
    monkeypatch.setenv("PATH", str(_fake_uv(tmp_path / "bin").parent))
    monkeypatch.setenv("MLPLUGIN_NO_UV", "1")
    assert uv_binary() is None


DETAIL = "wheel: derived from the previous build (1 file changed: src/x/writer.py)"


def test_progress_lines_show_the_path_a_step_took() -> None:
    """The live step line ends with the step's detail."""
    stream = io.StringIO()
    printer = ProgressPrinter(stream, tty=False)
    printer(StepEvent("end", "build", "passed", 0.05, (), DETAIL))
    assert stream.getvalue().rstrip().endswith(DETAIL)


def test_report_text_and_json_carry_the_detail() -> None:
    """Without live progress the rendered steps show it; the JSON report keeps it."""
    steps = tuple(
        StepResult(s, "passed", 0.01, DETAIL if s == "build" else "")
        for s in ("static", "build", "install", "load", "register", "run")
    )
    report = Report(target="x", target_kind="project", findings=(), steps=steps)
    text = render_text(report, color=False, with_steps=True)
    assert f"build       0.01 s  {DETAIL}" in text
    assert report.to_dict()["steps"][1]["detail"] == DETAIL
