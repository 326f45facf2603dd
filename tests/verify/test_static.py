"""The static step: packaging files read without building or executing anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold._verify import Report, verify

from .conftest import GOOD_MODULE, Writer, pyproject, src_package

GROUP_TABLE = '[project.entry-points."{group}"]\ndemo = "demo_writer:get_writers"\n'


def static(root: Path) -> Report:
    """Run only the static step."""
    return verify(root, steps={"static"})


def ids(report: Report) -> list[str]:
    """The check IDs of a report's findings, in order."""
    return [f.check_id for f in report.findings]


NEAR_MISS_GROUPS = [
    pytest.param("mlagents.stat_writer", id="singular"),
    pytest.param("mlagents_stats_writer", id="underscore-for-dot"),
    pytest.param("mlagents.statswriter", id="no-separator"),
    pytest.param("Mlagents.Stats_Writer", id="capitalised"),
    pytest.param("mlagents-stats-writer", id="dashes"),
    pytest.param("mlagents.stats_writers", id="plural"),
    pytest.param("mlagents.stats_writter", id="typo"),
]


@pytest.mark.parametrize("group", NEAR_MISS_GROUPS)
def test_near_miss_group_is_mlp102_with_did_you_mean(project: Writer, group: str) -> None:
    """A misspelt group is reported as MLP102 naming the right group, not as MLP101."""
    root = project({"pyproject.toml": pyproject(GROUP_TABLE.format(group=group)), **src_package()})
    report = static(root)
    assert ids(report) == ["MLP102"]
    assert "did you mean 'mlagents.stats_writer'" in report.findings[0].message
    assert report.findings[0].location is not None
    assert report.findings[0].location.line == 11


UNRELATED_GROUPS = [
    pytest.param("console_scripts", id="console-scripts"),
    pytest.param("pytest11", id="pytest-plugin"),
]


@pytest.mark.parametrize("group", UNRELATED_GROUPS)
def test_unrelated_group_only_is_mlp101(project: Writer, group: str) -> None:
    """Other groups are not near misses; without our group the project gets MLP101."""
    root = project({"pyproject.toml": pyproject(GROUP_TABLE.format(group=group)), **src_package()})
    report = static(root)
    assert ids(report) == ["MLP101"]
    assert group in report.findings[0].message


TRAINER_TABLE = '[project.entry-points."mlagents.trainer_type"]\ndemo = "demo_writer:get_writers"\n'
CLASSIFIED = [
    pytest.param(TRAINER_TABLE, ("mlagents.trainer_type",), id="trainer-only"),
    pytest.param(
        GROUP_TABLE.format(group="mlagents.stats_writer"),
        ("mlagents.stats_writer",),
        id="stats-writer-only",
    ),
    pytest.param(
        GROUP_TABLE.format(group="mlagents.stats_writer") + "\n" + TRAINER_TABLE,
        ("mlagents.stats_writer", "mlagents.trainer_type"),
        id="both-kinds",
    ),
    pytest.param(
        GROUP_TABLE.format(group="console_scripts"),
        ("mlagents.stats_writer",),
        id="neither-is-checked-as-a-stats-writer",
    ),
]


@pytest.mark.parametrize(("tables", "groups"), CLASSIFIED)
def test_project_is_classified_by_its_groups(
    project: Writer, tables: str, groups: tuple[str, ...]
) -> None:
    """The kinds a project gets checked as follow the host groups it declares."""
    from scaffold._verify._static import check_project, declared_kinds

    root = project({"pyproject.toml": pyproject(tables), **src_package()})
    info = check_project(root)
    assert tuple(k.group for k in declared_kinds(info.info.declarations)) == groups


def test_trainer_only_project_has_no_mlp101(project: Writer) -> None:
    """A trainer plugin is not told it lacks a stats-writer entry point."""
    root = project({"pyproject.toml": pyproject(TRAINER_TABLE), **src_package()})
    assert ids(static(root)) == []


def test_trainer_near_miss_names_the_trainer_group(project: Writer) -> None:
    """A misspelt trainer group is MLP102 pointing at mlagents.trainer_type."""
    table = TRAINER_TABLE.replace("trainer_type", "trainer_types")
    root = project({"pyproject.toml": pyproject(table), **src_package()})
    report = static(root)
    assert ids(report) == ["MLP102"]
    assert "did you mean 'mlagents.trainer_type'" in report.findings[0].message


VALUES = [
    pytest.param("demo_writer:get_writers", [], id="valid"),
    pytest.param("demo_writer:get_writers [extra]", [], id="valid-with-extras"),
    pytest.param("demo_writer : get_writers", [], id="valid-spaces-around-colon"),
    pytest.param("demo_writer.get_writers", ["MLP103"], id="dot-for-colon"),
    pytest.param("demo_writer", ["MLP103"], id="module-only"),
    pytest.param("demo writer:get_writers", ["MLP103"], id="space-in-module"),
    pytest.param("src/demo_writer.py:get_writers", ["MLP103"], id="file-path"),
    pytest.param("1demo:get_writers", ["MLP103"], id="leading-digit"),
    pytest.param("demo_writer:", ["MLP103"], id="empty-attribute"),
    pytest.param("demo_writer:get-writers", ["MLP103"], id="dash-in-attribute"),
]


@pytest.mark.parametrize(("value", "expected"), VALUES)
def test_entry_point_value_syntax(project: Writer, value: str, expected: list[str]) -> None:
    """Values follow importlib.metadata's `module:attr [extras]` pattern, attr required."""
    table = f'[project.entry-points."mlagents.stats_writer"]\ndemo = "{value}"\n'
    root = project({"pyproject.toml": pyproject(table), **src_package()})
    assert ids(static(root)) == expected


def test_dot_for_colon_suggests_the_colon_form(project: Writer) -> None:
    """MLP103 for `pkg.func` proposes `pkg:func`."""
    table = '[project.entry-points."mlagents.stats_writer"]\ndemo = "demo_writer.get_writers"\n'
    root = project({"pyproject.toml": pyproject(table), **src_package()})
    assert "did you mean 'demo_writer:get_writers'" in static(root).findings[0].message


LAYOUTS = [
    pytest.param({"src/demo_writer/__init__.py": GOOD_MODULE}, "demo_writer", id="src-package"),
    pytest.param({"demo_writer/__init__.py": GOOD_MODULE}, "demo_writer", id="flat-package"),
    pytest.param({"src/demo_writer.py": GOOD_MODULE}, "demo_writer", id="src-module"),
    pytest.param({"demo_writer.py": GOOD_MODULE}, "demo_writer", id="flat-module"),
    pytest.param(
        {
            "src/demo/plugins/writer.py": GOOD_MODULE,
            "src/demo/__init__.py": "",
            "src/demo/plugins/__init__.py": "",
        },
        "demo.plugins.writer",
        id="nested",
    ),
]


@pytest.mark.parametrize(("files", "module"), LAYOUTS)
def test_module_is_found_in_every_layout(
    project: Writer, files: dict[str, str], module: str
) -> None:
    """src/ and flat layouts, packages and single modules all resolve."""
    table = f'[project.entry-points."mlagents.stats_writer"]\ndemo = "{module}:get_writers"\n'
    root = project({"pyproject.toml": pyproject(table), **files})
    assert ids(static(root)) == []


def test_missing_module_is_mlp106_with_did_you_mean(project: Writer) -> None:
    """A module path that matches no file is MLP106, suggesting the closest module."""
    table = '[project.entry-points."mlagents.stats_writer"]\ndemo = "demo_writer.writter:get"\n'
    root = project(
        {
            "pyproject.toml": pyproject(table),
            "src/demo_writer/__init__.py": "",
            "src/demo_writer/writer.py": GOOD_MODULE,
        }
    )
    report = static(root)
    assert ids(report) == ["MLP106"]
    assert "did you mean 'demo_writer.writer'" in report.findings[0].message


ATTRIBUTES = [
    pytest.param("get_writers", [], id="function"),
    pytest.param("DemoWriter", [], id="class"),
    pytest.param("Path", [], id="imported-name"),
    pytest.param("get_writer", ["MLP107"], id="typo"),
    pytest.param("make_writers", ["MLP107"], id="absent"),
    pytest.param("get_writers.__call__", [], id="dotted-attribute"),
]


@pytest.mark.parametrize(("attr", "expected"), ATTRIBUTES)
def test_attribute_is_looked_up_in_the_module(
    project: Writer, attr: str, expected: list[str]
) -> None:
    """Top-level functions, classes, assignments and imports count as defined."""
    table = f'[project.entry-points."mlagents.stats_writer"]\ndemo = "demo_writer:{attr}"\n'
    root = project({"pyproject.toml": pyproject(table), **src_package()})
    assert ids(static(root)) == expected


def test_attribute_typo_suggests_the_defined_name(project: Writer) -> None:
    """MLP107 proposes the closest top-level name."""
    table = '[project.entry-points."mlagents.stats_writer"]\ndemo = "demo_writer:get_writer"\n'
    root = project({"pyproject.toml": pyproject(table), **src_package()})
    assert "did you mean 'get_writers'" in static(root).findings[0].message


CONDITIONAL_MODULES = [
    pytest.param(
        "try:\n    import x\nexcept ImportError:\n    def get(r):\n        return []\n",
        id="defined-in-except",
    ),
    pytest.param("if True:\n    def get(r):\n        return []\n", id="defined-in-if"),
    pytest.param("from os.path import *\n", id="star-import"),
    pytest.param("def __getattr__(name):\n    return None\n", id="module-getattr"),
]


@pytest.mark.parametrize("module", CONDITIONAL_MODULES)
def test_uncertain_attributes_are_left_to_the_load_step(project: Writer, module: str) -> None:
    """Names that may exist at run time are not reported statically."""
    table = '[project.entry-points."mlagents.stats_writer"]\ndemo = "demo_writer:get"\n'
    root = project({"pyproject.toml": pyproject(table), **src_package(module)})
    assert ids(static(root)) == []


SETUP_PY_VARIANTS = [
    pytest.param(
        'from setuptools import setup\nsetup(name="d", entry_points={'
        '"mlagents.stats_writer": ["demo=demo_writer:get_writers"]})\n',
        [],
        id="literal-dict",
    ),
    pytest.param(
        'import setuptools\nGROUP = "mlagents.stats_writer"\n'
        'EPS = {GROUP: ["demo = demo_writer:get_writers"]}\n'
        'setuptools.setup(name="d", entry_points=EPS)\n',
        [],
        id="module-constants",
    ),
    pytest.param(
        'from setuptools import setup\nsetup(name="d", entry_points="""\n'
        '[mlagents.stats_writer]\ndemo = demo_writer:get_writers\n""")\n',
        [],
        id="ini-string",
    ),
    pytest.param(
        'from setuptools import setup\nsetup(name="d", entry_points={'
        '"mlagents.stat_writer": ["demo=demo_writer:get_writers"]})\n',
        ["MLP102"],
        id="near-miss-group",
    ),
    pytest.param(
        "from setuptools import setup\nfrom mlagents.plugins import "
        'ML_AGENTS_STATS_WRITER\nsetup(name="d", entry_points={'
        'ML_AGENTS_STATS_WRITER: ["demo=demo_writer:get_writers"]})\n',
        ["MLP104"],
        id="imports-mlagents-constant",
    ),
    pytest.param(
        'import mlagents\nfrom setuptools import setup\nsetup(name="d", entry_points={'
        '"mlagents.stats_writer": ["demo=demo_writer:get_writers"]})\n',
        ["MLP104"],
        id="import-mlagents",
    ),
    pytest.param(
        'from setuptools import setup\neps = {}\nfor n in ["a"]:\n'
        '    eps[n] = n\nsetup(name="d", entry_points=make())\n',
        ["MLP105"],
        id="computed",
    ),
    pytest.param(
        'from setuptools import setup\nkw = dict(name="d")\nsetup(**kw)\n',
        ["MLP105"],
        id="star-kwargs",
    ),
    pytest.param(
        'from setuptools import setup\nsetup(name="d")\n', ["MLP101"], id="no-entry-points"
    ),
    pytest.param(
        'from setuptools import setup\nsetup(name="d", entry_points={'
        '"mlagents.stats_writer": ["a=demo_writer:get_writers", '
        '"a=demo_writer:DemoWriter"]})\n',
        ["MLP109"],
        id="duplicate-name",
    ),
    pytest.param(
        'from setuptools import setup\nsetup(name="d", install_requires=["torch>=2"], '
        'entry_points={"mlagents.stats_writer": ["a=demo_writer:get_writers"]})\n',
        ["MLP108"],
        id="host-dependency",
    ),
    pytest.param("def broken(:\n", ["MLP105"], id="syntax-error"),
]


@pytest.mark.parametrize(("setup_py", "expected"), SETUP_PY_VARIANTS)
def test_setup_py_is_read_with_ast(project: Writer, setup_py: str, expected: list[str]) -> None:
    """setup.py is parsed, never run; literals and module constants are understood."""
    root = project({"setup.py": setup_py, **src_package()})
    assert ids(static(root)) == expected


def test_setup_py_is_never_executed(project: Writer, tmp_path: Path) -> None:
    """A setup.py with side effects leaves no trace after the static step."""
    marker = tmp_path / "executed"
    root = project(
        {
            "setup.py": f'open({str(marker)!r}, "w").close()\n'
            'from setuptools import setup\nsetup(name="d", entry_points={'
            '"mlagents.stats_writer": ["demo=demo_writer:get_writers"]})\n',
            **src_package(),
        }
    )
    assert ids(static(root)) == []
    assert not marker.exists()


def test_mlp104_points_at_the_import_line(project: Writer) -> None:
    """The location of MLP104 is setup.py and the line of the import."""
    root = project(
        {
            "setup.py": "from setuptools import setup\n\nfrom mlagents.plugins import "
            "ML_AGENTS_STATS_WRITER\nsetup()\n",
            **src_package(),
        }
    )
    finding = static(root).findings[0]
    assert (finding.check_id, str(finding.location)) == ("MLP104", "setup.py:3")


SETUP_CFG_VARIANTS = [
    pytest.param(
        "[options.entry_points]\nmlagents.stats_writer =\n    demo = demo_writer:get_writers\n",
        [],
        id="declared",
    ),
    pytest.param(
        "[options.entry_points]\nmlagents_stats_writer =\n    demo = demo_writer:get_writers\n",
        ["MLP102"],
        id="near-miss",
    ),
    pytest.param(
        "[options.entry_points]\nmlagents.stats_writer =\n"
        "    demo = demo_writer:get_writers\n    demo = demo_writer:DemoWriter\n",
        ["MLP109"],
        id="duplicate",
    ),
    pytest.param(
        "[options]\ninstall_requires =\n    mlagents-envs\n"
        "[options.entry_points]\nmlagents.stats_writer =\n"
        "    demo = demo_writer:get_writers\n",
        ["MLP108"],
        id="host-dependency",
    ),
]


@pytest.mark.parametrize(("setup_cfg", "expected"), SETUP_CFG_VARIANTS)
def test_setup_cfg_entry_points(project: Writer, setup_cfg: str, expected: list[str]) -> None:
    """[options.entry_points] in setup.cfg is read like the other formats."""
    root = project({"setup.cfg": setup_cfg, **src_package()})
    assert ids(static(root)) == expected


PYPROJECT_VARIANTS = [
    pytest.param(
        '[project.entry-points]\n"mlagents.stats_writer" = { demo = "demo_writer:get_writers" }\n',
        "",
        [],
        id="inline-table",
    ),
    pytest.param(
        "",
        'dependencies = ["Torch>=2", "requests"]\n',
        ["MLP101", "MLP108"],
        id="host-dependency-normalised",
    ),
    pytest.param(
        GROUP_TABLE.format(group="mlagents.stats_writer"),
        'dependencies = ["mlagents_envs==1.1.0"]\n',
        ["MLP108"],
        id="mlagents-envs",
    ),
    pytest.param(
        GROUP_TABLE.format(group="mlagents.stats_writer"),
        'dependencies = ["not a requirement !!"]\n',
        [],
        id="unparsable-requirement-has-no-name",
    ),
    pytest.param(
        '[tool.poetry.plugins."mlagents.stats_writer"]\ndemo = "demo_writer:get_writers"\n',
        "",
        ["MLP111", "MLP101"],
        id="poetry-plugins-ignored-by-setuptools",
    ),
]


@pytest.mark.parametrize(("tables", "extra", "expected"), PYPROJECT_VARIANTS)
def test_pyproject_variants(project: Writer, tables: str, extra: str, expected: list[str]) -> None:
    """PEP 621 sub-tables and inline tables are read; a table the backend ignores is not."""
    root = project({"pyproject.toml": pyproject(tables, extra), **src_package()})
    assert ids(static(root)) == expected


POETRY_PYPROJECT = """\
[build-system]
requires = ["poetry-core>=1.0"]
build-backend = "poetry.core.masonry.api"

[tool.poetry]
name = "demo-writer"
version = "0.1.0"

[tool.poetry.plugins."mlagents.stats_writer"]
demo = "demo_writer:get_writers"
"""


def test_poetry_plugins_table_is_read_under_poetry(project: Writer) -> None:
    """With the Poetry backend, [tool.poetry.plugins] declares the entry points."""
    root = project({"pyproject.toml": POETRY_PYPROJECT, **src_package()})
    assert ids(static(root)) == []


def test_entry_point_line_is_located_in_pyproject(project: Writer) -> None:
    """A finding about an entry point points at its key's line in pyproject.toml."""
    table = '[project.entry-points."mlagents.stats_writer"]\n\n# note\ndemo = "demo_writer:nope"\n'
    root = project({"pyproject.toml": pyproject(table), **src_package()})
    assert str(static(root).findings[0].location) == "pyproject.toml:13"


def test_invalid_toml_is_mlp100_with_line(project: Writer) -> None:
    """A pyproject.toml that is not TOML is reported with the line of the error."""
    root = project({"pyproject.toml": '[project]\nname = "x"\nname = "y"\n'})
    finding = static(root).findings[0]
    assert finding.check_id == "MLP100"
    assert finding.location is not None
    assert finding.location.line == 3


def test_empty_directory_is_mlp100(tmp_path: Path) -> None:
    """A directory without packaging files is MLP100 and every later step is skipped."""
    report = verify(tmp_path)
    assert ids(report) == ["MLP100"]
    assert [s.status for s in report.steps] == ["failed"] + ["skipped"] * 5
    assert report.exit_code == 1
