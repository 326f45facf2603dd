"""Template versions: every released version re-renders exactly, offline, from recorded answers.

``data/template-v1-e9b7c5a.json`` was made once, by running ``mlplugin new`` from a clean
``git archive e9b7c5a`` (the first template) for each case and recording the answers it wrote
under ``[tool.mlplugin]``, the copyright year and the SHA-256 of every generated file. The
snapshot of version 1 must reproduce those bytes from the recorded answers alone.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reference_core._toml import load_toml
from scaffold import (
    TEMPLATE_VERSION,
    TEMPLATE_VERSIONS,
    InvalidOption,
    TemplateError,
    UnknownTemplateVersion,
    generate,
    known_template_versions,
    make_spec,
    recorded_template_version,
    render_version,
)
from scaffold._template_versions import recorded_template, snapshot_dir

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


TEMPLATES = [pytest.param(name, id=name) for name in TEMPLATE_VERSIONS]


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_version_up_to_the_current_one_is_kept(template: str) -> None:
    """mlplugin ships a snapshot of each version of each template, from 1 to today's."""
    assert known_template_versions(template) == tuple(range(1, TEMPLATE_VERSIONS[template] + 1))


def test_templates_are_versioned_on_their_own() -> None:
    """The stats-writer template is at version 2 while the trainer template starts at 1."""
    assert TEMPLATE_VERSIONS == {"stats-writer": TEMPLATE_VERSION, "trainer": 1}


RECORDED_TEMPLATES = [
    pytest.param({"mlplugin_version": "0.1.0"}, "stats-writer", id="none-is-stats-writer"),
    pytest.param({"template": "trainer"}, "trainer", id="trainer"),
    pytest.param({"template": "exporter"}, InvalidOption, id="unknown-template"),
]


@pytest.mark.parametrize(("table", "expected"), RECORDED_TEMPLATES)
def test_recorded_template(table: dict[str, Any], expected: Any) -> None:
    """The template is read from [tool.mlplugin]; one this mlplugin lacks is refused."""
    if isinstance(expected, str):
        assert recorded_template(table) == expected
    else:
        with pytest.raises(expected, match="'exporter' is not one this mlplugin has"):
            recorded_template(table)


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


TRAINER_RECORDED = {
    "template": "trainer",
    "mlplugin_version": "0.2.0",
    "plugin_name": "Line.Walker_trainer",
    "packaging": "setup-py",
    "description": "A trainer.",
    "author": "Ada",
    "email": "ada@example.com",
    "license": "MIT",
    "python_versions": "3.10 3.11",
}
SNAPSHOTS = [
    pytest.param(template, version, recorded, project, id=f"{template}-v{version}")
    for template, recorded, project in (
        ("stats-writer", V1["cases"][1]["recorded"], "csv-stats-writer"),
        ("trainer", TRAINER_RECORDED, "line-walker-trainer"),
    )
    for version in range(1, TEMPLATE_VERSIONS[template] + 1)
]


@pytest.mark.parametrize(("template", "version", "recorded", "project"), SNAPSHOTS)
def test_snapshots_render_without_mlplugin(
    tmp_path: Path, template: str, version: int, recorded: dict[str, Any], project: str
) -> None:
    """A snapshot is self-contained: it renders with the scaffold package made unimportable
    and no other template beside it (the trainer's borrowed filters are copied in)."""
    alone = shutil.copytree(snapshot_dir(version, template), tmp_path / "alone" / "snapshot")
    code = (
        "import importlib.util, sys\n"
        "sys.modules['scaffold'] = None\n"
        "spec = importlib.util.spec_from_file_location('snap', sys.argv[1])\n"
        "snap = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(snap)\n"
        "import json\n"
        "print(snap.render(json.loads(sys.argv[2]), sys.argv[3], '2026'))\n"
    )
    out = tmp_path / "out"
    recorded = {**recorded, "template_version": version}
    proc = subprocess.run(
        [sys.executable, "-c", code, str(alone / "snapshot.py"), json.dumps(recorded), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "scaffold" not in proc.stderr
    assert Path(proc.stdout.strip()) == out / project
    pyproject = (out / project / "pyproject.toml").read_text(encoding="utf-8")
    if version > 1 or template == "trainer":
        assert f"template_version = {version}" in pyproject


LIVE_CASES = [
    pytest.param("stats-writer", "my-writer", {}, id="defaults"),
    pytest.param(
        "stats-writer",
        "Csv.Stats_writer",
        {"packaging": "setup-py", "license": "Apache-2.0", "python_versions": ("3.12", "3.10")},
        id="setup-py-apache",
    ),
    pytest.param(
        "stats-writer",
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
    pytest.param("trainer", "my-trainer", {}, id="trainer-defaults"),
    pytest.param(
        "trainer",
        "Line.Walker_trainer",
        {"packaging": "setup-py", "license": "Apache-2.0", "python_versions": ("3.11",)},
        id="trainer-setup-py-apache",
    ),
    pytest.param(
        "trainer",
        "reinforce",
        {
            "license": "BSD-3-Clause",
            "description": 'Émoji \U0001f916, "quotes", \\ and {{ 7*7 }}',
            "author": "Jos\u00e9 O\u2019Brien",
            "email": "jose@example.org",
            "copyright_year": "2031",
        },
        id="trainer-pyproject-bsd-free-text",
    ),
]


@pytest.mark.parametrize(("kind", "name", "answers"), LIVE_CASES)
def test_live_template_is_the_current_version(
    tmp_path: Path, kind: str, name: str, answers: dict[str, Any]
) -> None:
    """new renders exactly what the frozen current version renders from the recorded answers.

    When this fails, the template changed: if its version was released, bump it in
    TEMPLATE_VERSIONS and freeze the new version (scripts/freeze-template.py --template
    KIND); if not, freeze it again with --replace.
    """
    spec = make_spec(name, kind=kind, **answers)
    live = generate(spec, tmp_path / "live", check=False).path
    recorded = load_toml(live / "pyproject.toml")["tool"]["mlplugin"]
    assert recorded["template"] == kind
    assert recorded["template_version"] == TEMPLATE_VERSIONS[kind]
    assert recorded["copyright_year"] == answers.get("copyright_year", spec.copyright_year)
    frozen = render_version(TEMPLATE_VERSIONS[kind], recorded, tmp_path / "frozen")
    # the mlplugin wheel is packed by new from the running mlplugin, not rendered
    live_files = {k: v for k, v in _digests(live).items() if not k.endswith(".whl")}
    assert _digests(frozen) == live_files
