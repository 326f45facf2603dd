"""The wheel ships the templates inside scaffold/ and both py.typed markers."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REQUIRED = [
    pytest.param("scaffold/py.typed", id="scaffold-typed"),
    pytest.param("reference_core/py.typed", id="reference-core-typed"),
    pytest.param("scaffold/_templates/stats-writer/cookiecutter.json", id="template-config"),
    pytest.param("scaffold/_templates/stats-writer/local_extensions.py", id="template-filters"),
    pytest.param("scaffold/_templates/stats-writer/hooks/pre_gen_project.py", id="template-hook"),
    *(
        pytest.param(
            "scaffold/_templates/stats-writer/{{cookiecutter.project_name}}/src/"
            f"{{{{cookiecutter.module_name}}}}/{{% if cookiecutter.preset {test} %}}{name}"
            "{% endif %}",
            id=f"template-{name.split('.')[0]}-{label}",
        )
        for test, name, label in [
            ("== 'jsonl'", "writer.py", "jsonl"),
            ("== 'csv'", "writer.py", "csv"),
            ("== 'mlflow'", "backend.py", "mlflow"),
            ("== 'wandb'", "backend.py", "wandb"),
            ("in ['mlflow', 'wandb']", "delivery.py", "network"),
        ]
    ),
    pytest.param("scaffold/_templates/trainer/cookiecutter.json", id="trainer-config"),
    pytest.param("scaffold/_templates/trainer/hooks/pre_gen_project.py", id="trainer-hook"),
    pytest.param(
        "scaffold/_templates/trainer/{{cookiecutter.project_name}}/scripts/install-host.sh",
        id="trainer-host-installer",
    ),
    pytest.param(
        "scaffold/_templates/trainer/{{cookiecutter.project_name}}/src/"
        "{{cookiecutter.module_name}}/trainer.py",
        id="trainer-trainer",
    ),
    pytest.param("reference_core/testing/pytest_plugin.py", id="pytest-plugin"),
    pytest.param(
        "scaffold/_templates/versions/stats-writer-v1/snapshot.py", id="template-v1-snapshot"
    ),
    pytest.param("scaffold/_templates/versions/stats-writer-v1/_render.py", id="template-v1-code"),
    pytest.param(
        "scaffold/_templates/versions/stats-writer-v1/template/cookiecutter.json",
        id="template-v1-files",
    ),
    pytest.param(
        "scaffold/_templates/versions/stats-writer-v2/snapshot.py", id="template-v2-snapshot"
    ),
]


@pytest.fixture(scope="module")
def wheel_names(mlplugin_wheel: Path) -> set[str]:
    """File names inside the freshly built wheel."""
    with zipfile.ZipFile(mlplugin_wheel) as wheel:
        return set(wheel.namelist())


@pytest.mark.parametrize("name", REQUIRED)
def test_wheel_contains(wheel_names: set[str], name: str) -> None:
    """Each file the installed tool needs is inside the wheel."""
    assert name in wheel_names


def test_wheel_has_only_our_two_top_level_packages(wheel_names: set[str]) -> None:
    """No top-level templates/ or tests/ directory lands in site-packages."""
    top = {n.split("/")[0] for n in wheel_names if ".dist-info/" not in n}
    assert top == {"scaffold", "reference_core"}


def test_console_script_is_declared(wheel_names: set[str], mlplugin_wheel: Path) -> None:
    """The mlplugin console script points at scaffold.cli:main."""
    with zipfile.ZipFile(mlplugin_wheel) as wheel:
        (ep,) = [n for n in wheel_names if n.endswith(".dist-info/entry_points.txt")]
        text = wheel.read(ep).decode()
    assert "mlplugin = scaffold.cli:main" in text


def test_packed_wheel_matches_the_built_wheel(mlplugin_wheel: Path, tmp_path: Path) -> None:
    """The wheel new packs for wheelhouse/ holds the same files as the one the backend builds."""
    from scaffold._wheelhouse import pack_running_mlplugin

    packed = pack_running_mlplugin(tmp_path)
    with zipfile.ZipFile(mlplugin_wheel) as built, zipfile.ZipFile(packed) as ours:
        assert set(ours.namelist()) == set(built.namelist())
        for name in built.namelist():
            if not name.endswith(("/RECORD", "/WHEEL")):
                assert ours.read(name) == built.read(name), name
