"""The pytest plugin judges the project's own plugin and only reports the others.

Each case builds a plugin project in an inner pytest session: a ``pyproject.toml`` (PEP 621
or Poetry), a ``setup.py`` or a ``setup.cfg`` declaring an entry point, the plugin's module,
and an "installed" copy of the metadata (a ``.dist-info`` directory on ``sys.path``) whose
entry points may differ from the declaration, as after an edit without reinstalling.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

PLUGIN_MODULE = """
from reference_core import StatsWriter


class Writer(StatsWriter):
    def write_stats(self, category, values, step):
        pass


def get_writers(run_options):
    return [Writer()]
"""

TESTS = """
from reference_core.testing import StatsWriterContract


class TestContract(StatsWriterContract):
    entry_point = "demo"


def test_discovery(discover):
    assert discover(strict=False).outcome("demo").ok
"""

PYPROJECT = """
[project]
name = "demo-plugin"
version = "1.0"

[project.entry-points."mlagents.stats_writer"]
demo = "{value}"

[tool.pytest.ini_options]
filterwarnings = ["error"]
"""

SETUP_PY = """
from setuptools import setup

setup(
    name="demo-plugin",
    entry_points={{"mlagents.stats_writer": ["demo = {value}"]}},
)
"""

SETUP_CFG = """
[metadata]
name = demo-plugin
version = 1.0

[options.entry_points]
mlagents.stats_writer =
    demo = {value}
"""

POETRY = """
[build-system]
requires = ["poetry-core"]
build-backend = "poetry.core.masonry.api"

[tool.poetry]
name = "demo-plugin"
version = "1.0"

[tool.poetry.plugins."mlagents.stats_writer"]
demo = "{value}"

[tool.pytest.ini_options]
filterwarnings = ["error"]
"""

#: The project's tests: 13 contract tests and one discovery test.
TESTS_IN_PROJECT = 14
GOOD = "demo_plugin:get_writers"
OLD_NAME = "demo_plugin:get_stats_writers"


def _dist_info(site: Path, name: str, entry_points: dict[str, str]) -> None:
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    lines = "".join(f"{k} = {v}\n" for k, v in entry_points.items())
    (info / "entry_points.txt").write_text(f"[mlagents.stats_writer]\n{lines}")


def make_project(
    pytester: pytest.Pytester,
    *,
    declared: str,
    installed: str | None,
    packaging: str = "pyproject",
    stale_other: bool = False,
) -> None:
    """A project declaring ``demo = declared``, installed with ``demo = installed``."""
    site = pytester.mkdir("site")
    (site / "demo_plugin.py").write_text(PLUGIN_MODULE)
    if installed is not None:
        _dist_info(site, "demo-plugin", {"demo": installed})
    if stale_other:  # an editable install whose source folder was deleted
        _dist_info(site, "gone-plugin", {"gone": "gone_plugin:get_writers"})
    if packaging in ("pyproject", "poetry"):
        text = PYPROJECT if packaging == "pyproject" else POETRY
        pytester.makefile(".toml", pyproject=text.format(value=declared))
    else:
        pytester.makefile(".ini", pytest="[pytest]\nfilterwarnings = error\n")
        name, text = ("setup.py", SETUP_PY) if packaging == "setup-py" else ("setup.cfg", SETUP_CFG)
        (pytester.path / name).write_text(text.format(value=declared))
    pytester.makeconftest(
        f"import sys\nsys.path.insert(0, {str(site)!r})\n"
        'pytest_plugins = ["reference_core.testing.pytest_plugin"]\n'
    )
    pytester.makepyfile(test_demo=textwrap.dedent(TESTS))


UNUSABLE = [
    pytest.param(
        {"declared": OLD_NAME, "installed": OLD_NAME},
        [
            (
                "The host could not use entry point 'demo' = 'demo_plugin:get_stats_writers': "
                "module 'demo_plugin' has no attribute 'get_stats_writers' (did you mean "
                "'get_writers'?). Fix: make the [mlagents.stats_writer] entry point in "
                "pyproject.toml name the registration function, then run "
                '`pip install -e ".[test]"`.'
            )
        ],
        id="renamed-registration-function",
    ),
    pytest.param(
        {"declared": GOOD, "installed": OLD_NAME},
        [
            (  # fnmatch: ? stands for the brackets around the group
                "The installed metadata of demo-plugin is stale: pyproject.toml declares "
                "?mlagents.stats_writer? demo = demo_plugin:get_writers, but the installed "
                "entry points are demo = demo_plugin:get_stats_writers. * Fix: run "
                '`pip install -e ".?test?"` again in *.'
            )
        ],
        id="fixed-but-not-reinstalled",
    ),
    pytest.param(
        {"declared": GOOD, "installed": OLD_NAME, "packaging": "setup-py"},
        ["The installed metadata of demo-plugin is stale: setup.py declares *"],
        id="setup-py-not-reinstalled",
    ),
    pytest.param(
        {"declared": GOOD, "installed": OLD_NAME, "packaging": "setup-cfg"},
        ["The installed metadata of demo-plugin is stale: setup.cfg declares *"],
        id="setup-cfg-not-reinstalled",
    ),
    pytest.param(
        {"declared": GOOD, "installed": OLD_NAME, "packaging": "poetry"},
        ["The installed metadata of demo-plugin is stale: pyproject.toml declares *"],
        id="poetry-plugins-not-reinstalled",
    ),
    pytest.param(
        {"declared": GOOD, "installed": None},
        [
            (
                "demo-plugin is not installed in this environment (*), so the host cannot "
                "find its entry points. Fix: run `pip install -e *"
            )
        ],
        id="never-installed",
    ),
    pytest.param(
        {"declared": "demo_plugins:get_writers", "installed": "demo_plugins:get_writers"},
        ["*there is no module 'demo_plugins'. Fix: correct the module in the *"],
        id="module-typo",
    ),
]


@pytest.mark.parametrize(("project", "lines"), UNUSABLE)
def test_an_unusable_plugin_is_one_short_failure(
    pytester: pytest.Pytester, project: dict, lines: list[str]
) -> None:
    """One failing item names the cause and the fix; the tests that need the plugin do not run."""
    make_project(pytester, **project)
    result = pytester.runpytest("-p", "no:cacheprovider", "-rf")
    result.assert_outcomes(failed=1, deselected=TESTS_IN_PROJECT)
    result.stdout.fnmatch_lines([*lines, "FAILED *::installed-plugin*"])
    output = result.stdout.str()
    assert "Traceback" not in output
    assert len(output.splitlines()) < 25, output


@pytest.mark.parametrize("packaging", ["pyproject", "setup-py"])
def test_a_usable_plugin_runs_every_test(pytester: pytest.Pytester, packaging: str) -> None:
    """Declared and installed entry points agree and load: every test runs and passes."""
    make_project(pytester, declared=GOOD, installed=GOOD, packaging=packaging)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=TESTS_IN_PROJECT)
    assert "other ML-Agents plugins" not in result.stdout.str()


def test_another_broken_plugin_is_reported_not_failed(pytester: pytest.Pytester) -> None:
    """A stale install of another plugin is listed in the summary and fails nothing."""
    make_project(pytester, declared=GOOD, installed=GOOD, stale_other=True)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=TESTS_IN_PROJECT)
    result.stdout.fnmatch_lines(
        [
            "*- other ML-Agents plugins in this environment -*",
            "1 other installed stats-writer plugin(s) cannot be loaded; *",
            (
                "  gone-plugin (entry point 'gone', at *): ModuleNotFoundError: "
                "No module named 'gone_plugin'"
            ),
            "Run `mlplugin doctor` to see why and how to fix or uninstall them.",
        ]
    )


def test_a_directory_that_is_no_plugin_project_is_not_checked(pytester: pytest.Pytester) -> None:
    """Without packaging that declares a stats writer, the plugin adds no item."""
    pytester.makepyfile(test_plain="def test_plain():\n    pass\n")
    result = pytester.runpytest(
        "-p", "reference_core.testing.pytest_plugin", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=1)
