"""The public surface of reference_core: exports, version and exception hierarchy."""

from __future__ import annotations

import importlib
import importlib.metadata
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import reference_core
import scaffold
from reference_core import (
    MissingDependencyError,
    PluginLoadError,
    ReferenceCoreError,
    TrainerConfigError,
    UnknownPluginError,
)
from reference_core._toml import load_toml


def test_all_names_exist() -> None:
    """Every name in __all__ is importable from the package, without duplicates."""
    missing = [name for name in reference_core.__all__ if not hasattr(reference_core, name)]
    assert missing == []
    assert len(set(reference_core.__all__)) == len(reference_core.__all__)


def test_version_is_the_distribution_version() -> None:
    """__version__ is what the installed distribution says, read without importlib.metadata."""
    assert reference_core.__version__ == importlib.metadata.version("mlplugin")
    assert scaffold.__version__ == reference_core.__version__


def test_version_is_one_literal_in_one_file() -> None:
    """pyproject takes the version from reference_core/_version.py and writes none itself."""
    project = load_toml(Path(__file__).resolve().parents[2] / "pyproject.toml")
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "reference_core/_version.py"


HIERARCHY = [
    pytest.param(PluginLoadError, RuntimeError, id="plugin-load"),
    pytest.param(TrainerConfigError, ValueError, id="trainer-config"),
    pytest.param(UnknownPluginError, KeyError, id="unknown-plugin"),
    pytest.param(MissingDependencyError, ImportError, id="missing-dependency"),
]


@pytest.mark.parametrize(("error", "builtin"), HIERARCHY)
def test_exception_hierarchy(error: type[Exception], builtin: type[Exception]) -> None:
    """Each error derives from ReferenceCoreError and from its natural builtin."""
    assert issubclass(error, ReferenceCoreError)
    assert issubclass(error, builtin)


ROUND_TRIPS = [
    pytest.param(UnknownPluginError(name="x", known=["y"], suggestions=[]), id="unknown-plugin"),
    pytest.param(MissingDependencyError(package="pyyaml", feature="Reading YAML"), id="missing"),
    pytest.param(TrainerConfigError("bad option"), id="trainer-config"),
]


@pytest.mark.parametrize("error", ROUND_TRIPS)
def test_errors_pickle(error: Exception) -> None:
    """Errors survive pickling with their message (they may cross a process boundary)."""
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert type(copy) is type(error)
    assert str(copy) == str(error)


UNKNOWN_PLUGIN_TEXT = [
    pytest.param(["good"], ["good"], "did you mean 'good'?", id="suggestion"),
    pytest.param(["alpha"], [], "discovered: 'alpha'", id="known"),
    pytest.param([], [], "no plugins were discovered at all", id="nothing"),
]


@pytest.mark.parametrize(("known", "suggestions", "text"), UNKNOWN_PLUGIN_TEXT)
def test_unknown_plugin_message(known: list[str], suggestions: list[str], text: str) -> None:
    """UnknownPluginError says what was asked for and what exists."""
    message = str(UnknownPluginError(name="godo", known=known, suggestions=suggestions))
    assert message.startswith("no stats-writer plugin named 'godo' was discovered")
    assert text in message


#: What reference_core must never need at import time: scaffold and mlplugin's own
#: dependencies (a TOML reader and PyYAML are imported only when used, if installed).
NOT_REQUIRED = ("scaffold", "click", "jinja2", "tomlkit", "tomli", "merge3", "build", "packaging")
IMPORT_EVERY_MODULE = """
import importlib, pkgutil, sys
blocked = set(sys.argv[1].split(","))
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in blocked:
            raise ImportError("blocked: " + name)
sys.meta_path.insert(0, Block())
import reference_core
for info in pkgutil.walk_packages(reference_core.__path__, "reference_core."):
    if info.name != "reference_core._child":
        importlib.import_module(info.name)
from pathlib import Path
from reference_core._packaging import read_packaging
info = read_packaging(Path(sys.argv[2]))
if sys.version_info >= (3, 11):  # tomllib
    assert info.declarations and not info.problems, info
else:  # no TOML reader left: a problem that says what to install, not an ImportError
    assert [p.code for p in info.problems] == ["unreadable"], info
    assert "install tomli or tomlkit" in info.problems[0].message, info
"""


def test_every_module_imports_without_scaffold_or_third_party_packages(tmp_path: Path) -> None:
    """reference_core imports with the stdlib alone; it reads TOML with it from Python 3.11."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "d"\nversion = "1"\ndependencies = ["torch>=2"]\n'
        '[project.entry-points."mlagents.stats_writer"]\nd = "d:get"\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_MODULE, ",".join(NOT_REQUIRED), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_the_lazy_table_and_all_list_the_same_names() -> None:
    """__all__ (a literal, for static tools) and the lazy-import table cannot drift apart."""
    assert set(reference_core.__all__) == {*reference_core._WHERE, "__version__"}
