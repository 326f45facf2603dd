"""A generated project works on any machine: its own mlplugin wheel, no local paths, clean metadata.

mlplugin is on no package index yet, so the project carries the wheel it was generated with
in ``wheelhouse/`` (packed from the running mlplugin) and finds it through
``--find-links wheelhouse``. The slow proof (the whole tox matrix of a clone of the project,
with no environment variables) is in ``tests/e2e/test_generated_project.py``.
"""

from __future__ import annotations

import ast
import base64
import csv
import hashlib
import os
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

from reference_core._toml import load_toml
from scaffold import __version__, generate, make_spec
from scaffold._wheelhouse import pack_running_mlplugin, wheel_name

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = [pytest.param("pyproject", id="pyproject"), pytest.param("setup-py", id="setup-py")]


def _test_extra(project: Path, packaging: str) -> list[str]:
    if packaging == "pyproject":
        return list(
            load_toml(project / "pyproject.toml")["project"]["optional-dependencies"]["test"]
        )
    tree = ast.parse((project / "setup.py").read_text("utf-8"))
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.keywords)
    extras = next(k.value for k in call.keywords if k.arg == "extras_require")
    return list(ast.literal_eval(extras)["test"])


@pytest.mark.parametrize("packaging", PACKAGING)
def test_requirements_are_plain_names(tmp_path: Path, packaging: str) -> None:
    """The published test extra names mlplugin by version, never by a direct URL or path."""
    project = generate(make_spec("my-writer", packaging=packaging), tmp_path, check=False).path
    requirements = [Requirement(r) for r in _test_extra(project, packaging)]
    assert [r.name for r in requirements] == ["pytest", "mlplugin"]
    assert all(r.url is None for r in requirements)
    assert str(requirements[1].specifier) == f">={__version__}"


def test_project_has_no_machine_local_paths(tmp_path: Path) -> None:
    """No file of the project names this checkout, this interpreter, the home or output dir."""
    project = generate(make_spec("my-writer"), tmp_path / "out", check=False).path
    local = {str(ROOT), sys.prefix, sys.base_prefix, str(Path.home()), str(tmp_path)}
    local |= {os.path.realpath(p) for p in local}
    for path in project.rglob("*"):
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as wheel:
                texts = [wheel.read(n).decode("utf-8", "replace") for n in wheel.namelist()]
        elif path.is_file():
            texts = [path.read_text("utf-8")]
        else:
            continue
        for text in texts:
            assert not [p for p in local if p in text], path


def test_tox_and_ci_find_mlplugin_in_the_wheelhouse(tmp_path: Path) -> None:
    """tox's test envs find mlplugin in wheelhouse/; no workflow pip-installs it from an index."""
    project = generate(make_spec("my-writer"), tmp_path, check=False).path
    tox = (project / "tox.ini").read_text("utf-8")
    assert "--find-links {tox_root}{/}wheelhouse" in tox
    assert "MLPLUGIN_SPEC" not in tox
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text("utf-8"))
    assert [s.get("run") for s in workflow["jobs"]["test"]["steps"]][-1] == "tox -e py"
    for path in (project / ".github").rglob("*.yml"):
        for line in path.read_text("utf-8").splitlines():
            if "pip install" in line and "mlplugin" in line:
                assert "--find-links wheelhouse" in line, f"{path.name}: {line}"
    readme = (project / "README.md").read_text("utf-8")
    assert 'pip install -e ".[test]" --find-links wheelhouse' in readme
    assert "pypi.org/project/mlplugin" not in readme


def test_ci_runs_the_suite_on_windows_and_macos(tmp_path: Path) -> None:
    """The generated CI tests every Python on Linux and the newest on Windows and macOS."""
    spec = make_spec("my-writer", python_versions=("3.12", "3.10"))
    project = generate(spec, tmp_path, check=False).path
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text("utf-8"))
    matrix = workflow["jobs"]["test"]["strategy"]["matrix"]
    assert matrix["python-version"] == ["3.10", "3.12"]
    assert matrix["include"] == [
        {"os": "windows-latest", "python-version": "3.12"},
        {"os": "macos-latest", "python-version": "3.12"},
    ]
    assert workflow["jobs"]["test"]["runs-on"] == "${{ matrix.os }}"


PYTHONS = [
    pytest.param(("3.13", "3.9", "3.11"), "3.9", id="unsorted"),
    pytest.param(("3.12",), "3.12", id="one"),
    pytest.param("3.10,3.9 3.10", "3.9", id="text-with-duplicate"),
]


@pytest.mark.parametrize(("versions", "lowest"), PYTHONS)
@pytest.mark.parametrize("packaging", PACKAGING)
def test_python_versions_are_sorted_and_set_the_floor(
    tmp_path: Path, versions: object, lowest: str, packaging: str
) -> None:
    """--python values are sorted, requires-python is the lowest, .python-version lists minors."""
    spec = make_spec("my-writer", python_versions=versions, packaging=packaging)
    assert list(spec.python_versions) == sorted(
        spec.python_versions, key=lambda v: tuple(map(int, v.split(".")))
    )
    project = generate(spec, tmp_path, check=False).path
    pins = (project / ".python-version").read_text("utf-8").split()
    assert pins == list(spec.python_versions)
    assert all(pin.count(".") == 1 for pin in pins)  # minor versions only, no patch
    if packaging == "pyproject":
        floor = load_toml(project / "pyproject.toml")["project"]["requires-python"]
    else:
        floor = next(
            line.split('"')[1]
            for line in (project / "setup.py").read_text("utf-8").splitlines()
            if "python_requires" in line
        )
    assert floor == f">={lowest}"


@pytest.mark.parametrize("packaging", PACKAGING)
def test_license_is_an_spdx_expression(tmp_path: Path, packaging: str) -> None:
    """PEP 639: an SPDX expression and license-files, never the deprecated table form."""
    spec = make_spec("my-writer", packaging=packaging, license="Apache-2.0")
    project = generate(spec, tmp_path, check=False).path
    pyproject = load_toml(project / "pyproject.toml")
    assert any(r.startswith("setuptools>=77") for r in pyproject["build-system"]["requires"])
    if packaging == "pyproject":
        assert pyproject["project"]["license"] == "Apache-2.0"
        assert pyproject["project"]["license-files"] == ["LICENSE"]
    else:
        setup = (project / "setup.py").read_text("utf-8")
        assert 'license_expression="Apache-2.0"' in setup
        assert "license=" not in setup


def _record_ok(wheel: zipfile.ZipFile) -> bool:
    """RECORD is CSV (template names hold commas and quotes), one row per member, hashes right."""
    (record_name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/RECORD")]
    rows = list(csv.reader(wheel.read(record_name).decode().splitlines()))
    if sorted(row[0] for row in rows) != sorted(wheel.namelist()):
        return False
    assert any("," in row[0] for row in rows)  # the rows that need quoting are there
    for name, digest, size in rows:
        if name == record_name:
            continue
        data = wheel.read(name)
        expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        if digest != f"sha256={expected}" or int(size) != len(data):
            return False
    return True


def test_packed_wheel_is_complete_and_deterministic(tmp_path: Path) -> None:
    """The packed wheel holds both packages, every template version and valid metadata; twice
    packed, it is the same bytes."""
    first = pack_running_mlplugin(tmp_path / "a")
    second = pack_running_mlplugin(tmp_path / "b")
    assert first.name == wheel_name(__version__)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as wheel:
        names = set(wheel.namelist())
        dist_info = f"mlplugin-{__version__}.dist-info"
        assert {
            "scaffold/py.typed",
            "reference_core/py.typed",
            "scaffold/_templates/stats-writer/cookiecutter.json",
            "scaffold/_templates/versions/stats-writer-v1/snapshot.py",
            f"{dist_info}/METADATA",
            f"{dist_info}/entry_points.txt",
            f"{dist_info}/WHEEL",
            f"{dist_info}/licenses/LICENSE",
        } <= names
        assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
        assert {n.split("/")[0] for n in names} == {"scaffold", "reference_core", dist_info}
        assert (
            "mlplugin = scaffold.cli:main" in wheel.read(f"{dist_info}/entry_points.txt").decode()
        )
        assert _record_ok(wheel)
