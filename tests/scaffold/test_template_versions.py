"""Template versions: every released version re-renders exactly, offline, from recorded answers.

``data/template-v1-e9b7c5a.json`` was made once, by running ``mlplugin new`` from a clean
``git archive e9b7c5a`` (the first template) for each case and recording the answers it wrote
under ``[tool.mlplugin]``, the copyright year and the SHA-256 of every generated file. The
snapshot of version 1 must reproduce those bytes from the recorded answers alone.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reference_core._toml import load_toml
from scaffold import (
    TEMPLATE_VERSION,
    InvalidOption,
    TemplateError,
    UnknownTemplateVersion,
    generate,
    known_template_versions,
    make_spec,
    recorded_template_version,
    render_version,
)
from scaffold._template_versions import snapshot_dir

V1 = json.loads((Path(__file__).parent / "data" / "template-v1-e9b7c5a.json").read_text("utf-8"))
V1_CASES = [pytest.param(case, id=case["id"]) for case in V1["cases"]]


def _digests(project: Path) -> dict[str, str]:
    return {
        p.relative_to(project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(project.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", V1_CASES)
def test_version_1_renders_what_the_first_mlplugin_new_wrote(
    tmp_path: Path, case: dict[str, Any]
) -> None:
    """The v1 snapshot turns the answers a v1 project recorded into the very same bytes."""
    project = render_version(1, case["recorded"], tmp_path, year=case["year"])
    assert _digests(project) == case["files"]


def test_version_1_fixture_is_what_a_v1_project_records() -> None:
    """The fixture's projects record only mlplugin_version, so they read as version 1."""
    for case in V1["cases"]:
        assert "template_version" not in case["recorded"]
        assert recorded_template_version(case["recorded"]) == 1


RECORDED = [
    pytest.param({"mlplugin_version": "0.1.0"}, 1, id="only-mlplugin-version-is-v1"),
    pytest.param({"mlplugin_version": "0.1.0", "template_version": 2}, 2, id="recorded"),
    pytest.param({"template_version": 7}, 7, id="newer-than-known-is-still-read"),
    pytest.param({}, InvalidOption, id="neither"),
    pytest.param({"template_version": "2"}, InvalidOption, id="text"),
    pytest.param({"template_version": True}, InvalidOption, id="bool"),
    pytest.param({"template_version": 0}, InvalidOption, id="zero"),
]


@pytest.mark.parametrize(("table", "expected"), RECORDED)
def test_recorded_template_version(table: dict[str, Any], expected: Any) -> None:
    """The version is read from [tool.mlplugin]; v1 projects are recognised by its absence."""
    if isinstance(expected, int):
        assert recorded_template_version(table) == expected
    else:
        with pytest.raises(expected):
            recorded_template_version(table)


def test_every_version_up_to_the_current_one_is_kept() -> None:
    """mlplugin ships a snapshot of each version from 1 to the one new writes today."""
    assert known_template_versions() == tuple(range(1, TEMPLATE_VERSION + 1))


def test_unknown_version_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    """A version from a newer mlplugin is refused, naming the versions this one knows."""
    with pytest.raises(UnknownTemplateVersion) as caught:
        render_version(TEMPLATE_VERSION + 1, V1["cases"][0]["recorded"], tmp_path)
    assert caught.value.known == known_template_versions()
    assert "upgrade mlplugin" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_missing_answer_is_reported(tmp_path: Path) -> None:
    """Recorded answers without a value the version needs give an InvalidOption naming it."""
    answers = {k: v for k, v in V1["cases"][0]["recorded"].items() if k != "email"}
    with pytest.raises(InvalidOption, match="'email'"):
        render_version(1, answers, tmp_path)


def test_snapshot_render_failure_is_a_template_error(tmp_path: Path) -> None:
    """A render that cannot write (the target exists as a file) is a TemplateError."""
    (tmp_path / "my-writer").write_text("in the way")
    with pytest.raises(TemplateError):
        render_version(1, V1["cases"][0]["recorded"], tmp_path, year="2026")


@pytest.mark.parametrize("version", range(1, TEMPLATE_VERSION + 1))
def test_snapshots_render_without_mlplugin(tmp_path: Path, version: int) -> None:
    """A snapshot is self-contained: it renders with the scaffold package made unimportable."""
    recorded = {**V1["cases"][1]["recorded"], "template_version": version}
    code = (
        "import importlib.util, sys\n"
        "sys.modules['scaffold'] = None\n"
        "spec = importlib.util.spec_from_file_location('snap', sys.argv[1])\n"
        "snap = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(snap)\n"
        "import json\n"
        "print(snap.render(json.loads(sys.argv[2]), sys.argv[3], '2026'))\n"
    )
    snapshot = snapshot_dir(version) / "snapshot.py"
    proc = subprocess.run(
        [sys.executable, "-c", code, str(snapshot), json.dumps(recorded), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "scaffold" not in proc.stderr
    assert Path(proc.stdout.strip()) == tmp_path / "csv-stats-writer"


LIVE_CASES = [
    pytest.param("my-writer", {}, id="defaults"),
    pytest.param(
        "Csv.Stats_writer",
        {"packaging": "setup-py", "license": "Apache-2.0", "python_versions": ("3.12", "3.10")},
        id="setup-py-apache",
    ),
    pytest.param(
        "MyWriter",
        {
            "license": "BSD-3-Clause",
            "description": 'Émoji \U0001f916, "quotes", \\ and {{ 7*7 }}',
            "author": "Jos\u00e9 O\u2019Brien",
            "email": "jose@example.org",
            "python_versions": ("3.11",),
        },
        id="pyproject-bsd-free-text",
    ),
]


@pytest.mark.parametrize(("name", "answers"), LIVE_CASES)
def test_live_template_is_the_current_version(
    tmp_path: Path, name: str, answers: dict[str, Any]
) -> None:
    """new renders exactly what the frozen current version renders from the recorded answers.

    When this fails, the template changed: if TEMPLATE_VERSION was released, bump it and
    freeze the new version (scripts/freeze-template.py); if not, freeze it again.
    """
    live = generate(make_spec(name, **answers), tmp_path / "live", check=False).path
    recorded = load_toml(live / "pyproject.toml")["tool"]["mlplugin"]
    assert recorded["template_version"] == TEMPLATE_VERSION
    frozen = render_version(TEMPLATE_VERSION, recorded, tmp_path / "frozen")
    # the mlplugin wheel is packed by new from the running mlplugin, not rendered
    live_files = {k: v for k, v in _digests(live).items() if not k.endswith(".whl")}
    assert _digests(frozen) == live_files
