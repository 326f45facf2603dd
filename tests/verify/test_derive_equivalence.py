"""The re-verify shortcut is faithful: a derived wheel is the wheel a real build makes.

Each case builds a project with verify's build step (which records the build), edits it,
runs the build step again, and builds the edited project for real with ``uv build``. When
the shortcut is taken, the two wheels must be the same: the same members in the same
order, with the same bytes (``RECORD`` included) and permission bits; zip timestamps and
compression are not compared. When it is not taken, the step must say why. Real builds,
so the module is ``integration``; the backends come from the index (or uv's cache).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import venv
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Optional

import pytest

from scaffold._process import uv_binary
from scaffold._verify import verify
from scaffold._verify._build import build_wheel

from .conftest import GOOD_MODULE, pyproject

pytestmark = pytest.mark.integration

TABLE = '[project.entry-points."mlagents.stats_writer"]\ndemo = "demo_writer:get_writers"\n'
MODULE = "src/demo_writer/__init__.py"
SETUPTOOLS = {"pyproject.toml": pyproject(TABLE), MODULE: GOOD_MODULE, "README.md": "Demo\n"}
HATCH_HEAD = """\
[build-system]
requires = ["hatchling>=1.24"]
build-backend = "hatchling.build"

[project]
name = "demo-writer"
version = "0.1.0"
requires-python = ">=3.9"

[project.entry-points."mlagents.stats_writer"]
demo = "demo_writer:get_writers"

[tool.hatch.build.targets.wheel]
packages = ["src/demo_writer"]
"""
HATCHLING = {
    "pyproject.toml": HATCH_HEAD,
    MODULE: GOOD_MODULE,
    "src/demo_writer/util.py": "X = 1\n",
}
HOOK = """\
import hashlib
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version, build_data):
        source = Path(self.root, "src/demo_writer/__init__.py").read_bytes()
        out = Path(tempfile.mkdtemp()) / "_digest.py"
        out.write_text(f"DIGEST = {hashlib.sha256(source).hexdigest()!r}\\n")
        build_data["force_include"][str(out)] = "demo_writer/_digest.py"
"""
HOOKED = {
    **HATCHLING,
    "pyproject.toml": HATCH_HEAD + "\n[tool.hatch.build.hooks.custom]\n",
    "hatch_build.py": HOOK,
}
SETUP_PY = """\
import hashlib
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class WithDigest(build_py):
    def run(self):
        super().run()
        source = Path("src/demo_writer/__init__.py").read_bytes()
        target = Path(self.build_lib, "demo_writer", "_digest.py")
        target.write_text(f"DIGEST = {hashlib.sha256(source).hexdigest()!r}\\n")


setup(cmdclass={"build_py": WithDigest})
"""
CUSTOM_COMMAND = {**SETUPTOOLS, "setup.py": SETUP_PY}
#: The readme is also package data: the wheel ships a copy, and METADATA is made from it.
SHIPPED_README = {
    "pyproject.toml": pyproject(
        TABLE,
        'readme = "src/demo_writer/README.md"\n\n'
        '[tool.setuptools.package-data]\ndemo_writer = ["*.md"]\n',
    ),
    MODULE: GOOD_MODULE,
    "src/demo_writer/README.md": "Demo\n",
}

Edit = Callable[[Path], None]


def change(relative: str, text: str = "# an edit\n") -> Edit:
    def edit(root: Path) -> None:
        with (root / relative).open("a", encoding="utf-8") as handle:
            handle.write(text)

    return edit


def add(relative: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")

    return edit


def delete(relative: str) -> Edit:
    return lambda root: (root / relative).unlink()


def both(*edits: Edit) -> Edit:
    def edit(root: Path) -> None:
        for one in edits:
            one(root)

    return edit


def nothing(root: Path) -> None:
    """No edit at all."""


def make_executable(relative: str) -> Edit:
    return lambda root: (root / relative).chmod(0o755)


CASES = [
    pytest.param(SETUPTOOLS, change(MODULE), "derived from the previous build", id="change-module"),
    pytest.param(SETUPTOOLS, nothing, "previous build reused", id="no-change"),
    pytest.param(
        HATCHLING, change("src/demo_writer/util.py"), "derived from", id="hatchling-change-module"
    ),
    pytest.param(
        SETUPTOOLS, add("src/demo_writer/extra.py", "Y = 2\n"), "added since", id="add-module"
    ),
    pytest.param(HATCHLING, delete("src/demo_writer/util.py"), "removed since", id="delete-module"),
    pytest.param(
        SETUPTOOLS, add("src/demo_writer/data.json", "{}\n"), "added since", id="add-data-file"
    ),
    pytest.param(
        SETUPTOOLS, change("pyproject.toml", "\n# tweak\n"), "pyproject.toml", id="edit-pyproject"
    ),
    pytest.param(SETUPTOOLS, change("README.md"), "README.md", id="edit-readme"),
    pytest.param(
        SHIPPED_README,
        change("src/demo_writer/README.md"),
        "changed since the previous build: src/demo_writer/README.md",
        id="edit-readme-shipped-as-package-data",
    ),
    pytest.param(
        SETUPTOOLS,
        both(change(MODULE), make_executable(MODULE)),
        "file mode changed",
        id="module-made-executable",
    ),
    pytest.param(
        HOOKED, change(MODULE), "hatch_build.py is part of the build", id="hatchling-build-hook"
    ),
    pytest.param(
        CUSTOM_COMMAND, change(MODULE), "setup.py is part of the build", id="setup-py-command"
    ),
]


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def contents(wheel: Path) -> list[tuple[str, int, bytes]]:
    """What "the same wheel" means: members in order, permission bits, bytes."""
    with zipfile.ZipFile(wheel) as archive:
        return [(i.filename, i.external_attr >> 16, archive.read(i)) for i in archive.infolist()]


def real_build(root: Path, out: Path, env: Optional[dict[str, str]] = None) -> Path:
    uv = uv_binary()
    assert uv is not None
    command = [uv, "build", "--wheel", "-q", "--python", sys.executable, "--out-dir", str(out)]
    subprocess.run([*command, str(root)], check=True, capture_output=True, env=env)
    (wheel,) = out.glob("*.whl")
    return wheel


def build_twice(root: Path, tmp_path: Path, edit: Edit) -> tuple[Path, str]:
    """Verify's build step, an edit, the build step again: (second wheel, how it was made)."""
    cache = tmp_path / "cache"
    first = build_wheel(root, tmp_path / "first", python=sys.executable, timeout_s=300, cache=cache)
    assert first.wheel is not None, first.log
    assert "built in isolation" in first.how
    edit(root)
    second = build_wheel(
        root, tmp_path / "second", python=sys.executable, timeout_s=300, cache=cache
    )
    assert second.wheel is not None, second.log
    return second.wheel.path, second.how


@pytest.mark.parametrize(("files", "edit", "expected"), CASES)
def test_derived_wheel_is_the_wheel_a_real_build_makes(
    files: dict[str, str], edit: Edit, expected: str, tmp_path: Path
) -> None:
    """Taken or not, the build step's wheel equals a real build's; its detail says which."""
    root = write(tmp_path / "demo", files)
    wheel, how = build_twice(root, tmp_path, edit)
    assert expected in how
    assert contents(wheel) == contents(real_build(root, tmp_path / "real"))


def test_two_derivations_in_a_row_stay_faithful(tmp_path: Path) -> None:
    """A wheel derived from a derived wheel still equals a real build."""
    root = write(tmp_path / "demo", SETUPTOOLS)
    build_twice(root, tmp_path, change(MODULE))
    change(MODULE, "# a second edit\n")(root)
    third = build_wheel(
        root, tmp_path / "third", python=sys.executable, timeout_s=300, cache=tmp_path / "cache"
    )
    assert third.wheel is not None
    assert "derived from the previous build" in third.how
    assert contents(third.wheel.path) == contents(real_build(root, tmp_path / "real"))


@pytest.fixture(scope="module")
def two_setuptools(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Wheels of two setuptools releases, downloaded once.

    With pip from a venv of its own: tox-uv's environments have no pip.
    """
    out = tmp_path_factory.mktemp("setuptools")
    downloader = out / "pip-venv"
    venv.EnvBuilder(with_pip=True).create(downloader)
    wheels = []
    for version in ("80.9.0", "84.2.1"):
        target = out / version
        subprocess.run(
            [
                str(downloader / "bin" / "python"),
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "--only-binary",
                ":all:",
                "-d",
                str(target),
                f"setuptools=={version}",
            ],
            check=True,
            capture_output=True,
        )
        (wheel,) = target.glob("*.whl")
        wheels.append(wheel)
    return wheels[0], wheels[1]


def publish(index: Path, wheel: Path) -> None:
    """Add ``wheel`` to a local PEP 503 index (``index/setuptools/index.html``)."""
    files = index / "files"
    files.mkdir(parents=True, exist_ok=True)
    shutil.copy(wheel, files)
    links = "".join(
        f'<a href="../files/{w.name}">{w.name}</a>\n' for w in sorted(files.glob("*.whl"))
    )
    page = index / "setuptools" / "index.html"
    page.parent.mkdir(exist_ok=True)
    page.write_text(f"<!DOCTYPE html><html><body>\n{links}</body></html>\n", encoding="utf-8")


def test_an_unpinned_backend_that_released_a_new_version_means_a_real_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, two_setuptools: tuple[Path, Path]
) -> None:
    """When ``setuptools>=64`` resolves to a newer release, the wheel is built for real."""
    index = tmp_path / "index"
    publish(index, two_setuptools[0])
    monkeypatch.setenv("UV_DEFAULT_INDEX", index.as_uri())
    root = write(tmp_path / "demo", SETUPTOOLS)
    cache = tmp_path / "cache"
    first = build_wheel(root, tmp_path / "first", python=sys.executable, timeout_s=300, cache=cache)
    assert first.wheel is not None
    old = real_build(root, tmp_path / "old", env=dict(os.environ))
    publish(index, two_setuptools[1])  # the backend's new release appears on the index
    change(MODULE)(root)
    second = build_wheel(
        root, tmp_path / "second", python=sys.executable, timeout_s=300, cache=cache
    )
    assert second.wheel is not None
    assert "now resolve to setuptools==84.2.1 (were setuptools==80.9.0)" in second.how
    new = real_build(root, tmp_path / "new", env=dict(os.environ))
    assert contents(second.wheel.path) == contents(new)
    assert contents(new) != contents(old)  # the new release really makes another wheel


def test_verify_reports_the_path_the_build_took(tmp_path: Path) -> None:
    """The report's build step says 'built in isolation', then 'derived' after an edit."""
    root = write(tmp_path / "demo", SETUPTOOLS)
    first = verify(root, timeout_s=30)
    assert first.ok
    assert first.step("build").detail.startswith("wheel: built in isolation")
    change(MODULE)(root)
    second = verify(root, timeout_s=30)
    assert second.ok
    detail = second.step("build").detail
    assert detail == f"wheel: derived from the previous build (1 file changed: {MODULE})"
    assert second.to_dict()["steps"][1]["detail"] == detail


#: Installer bookkeeping that differs between any two installs (a temporary wheel path,
#: uv's cache stamp), with their RECORD lines; the activation scripts name the directory
#: a venv was created in (a temporary one, for every cached environment).
BOOKKEEPING = ("direct_url.json", "uv_cache.json")
ACTIVATION = ("activate", "activate.bat", "activate.csh", "activate.fish", "activate.nu")
ACTIVATION += ("activate.ps1", "activate.xsh", "activate_this.py")


def tree(venv: Path) -> dict[str, bytes]:
    """Every file of a venv (relative path -> bytes), bookkeeping and activation left out."""
    files: dict[str, bytes] = {}
    for path in sorted(venv.rglob("*")):
        relative = path.relative_to(venv).as_posix()
        if path.is_dir() or path.name in (*BOOKKEEPING, *ACTIVATION, ".mlplugin-ready", ".lock"):
            continue
        data = str(path.readlink()).encode() if path.is_symlink() else path.read_bytes()
        if path.name == "RECORD":
            data = b"".join(
                line
                for line in data.splitlines(keepends=True)
                if not line.split(b",")[0].endswith(tuple(name.encode() for name in BOOKKEEPING))
            )
        files[relative] = data
    return files


def named(files: dict[str, str], name: str) -> dict[str, str]:
    """``files`` as distribution ``name``: an environment lineage no other test shares."""
    pyproject = files["pyproject.toml"].replace('name = "demo-writer"', f'name = "{name}"')
    return {**files, "pyproject.toml": pyproject}


def test_derived_environment_is_the_environment_a_fresh_install_makes(tmp_path: Path) -> None:
    """After an edit the install step derives the venv; it equals a fresh uv install's."""
    root = write(tmp_path / "demo", named(SETUPTOOLS, "derived-env-writer"))
    assert verify(root, timeout_s=30).step("install").detail == "environment: created"
    change(MODULE)(root)
    report = verify(root, timeout_s=30)
    assert report.ok
    detail = report.step("install").detail
    assert detail == "environment: derived from the previous one (1 file replaced)"
    venvs = Path(os.environ["MLPLUGIN_CACHE_DIR"]) / "venvs"
    derived = max(
        (p for p in venvs.iterdir() if (p / ".mlplugin-ready").is_file()),
        key=lambda p: (p / ".mlplugin-ready").stat().st_mtime,
    )
    uv = uv_binary()
    assert uv is not None
    fresh = tmp_path / "fresh"
    subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(fresh)], check=True)
    wheel = real_build(root, tmp_path / "real")
    subprocess.run(
        [
            uv,
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--python",
            str(fresh / "bin" / "python"),
            str(wheel),
        ],
        check=True,
    )
    expected = tree(fresh)
    got = tree(derived)
    pth = next(k for k in got if k.endswith("_mlplugin_reference_core.pth"))
    assert got.pop(pth)  # verify's own addition: the reference core
    assert got == expected


def test_without_uv_verify_builds_and_installs_with_build_venv_and_pip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MLPLUGIN_NO_UV=1 takes the fallback path, which derives nothing."""
    monkeypatch.setenv("MLPLUGIN_NO_UV", "1")
    root = write(tmp_path / "demo", named(SETUPTOOLS, "no-uv-writer"))
    report = verify(root, timeout_s=60)
    assert report.ok, report.to_json()
    assert report.step("build").detail == (
        "wheel: built in isolation (uv is not available to resolve the build requirements)"
    )
    assert report.step("install").detail == "environment: created"


def test_a_broken_edit_is_reported_after_the_derived_build(tmp_path: Path) -> None:
    """The steps run ahead of the build's confirmation report in order, failures included."""
    root = write(tmp_path / "demo", named(SETUPTOOLS, "broken-edit-writer"))
    assert verify(root, timeout_s=30).ok
    change(MODULE, "raise RuntimeError('half-finished edit')\n")(root)
    events: list[tuple[str, str]] = []
    report = verify(root, timeout_s=30, progress=lambda e: events.append((e.kind, e.step)))
    assert report.step("build").detail.startswith("wheel: derived from the previous build")
    assert [s.status for s in report.steps] == [
        "passed", "passed", "passed", "failed", "skipped", "skipped"
    ]  # fmt: skip
    assert "half-finished edit" in " ".join(f.message for f in report.findings)
    steps = ("static", "build", "install", "load")
    assert events == [(kind, s) for s in steps for kind in ("start", "end")]


def test_a_refused_derivation_runs_the_steps_on_the_real_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, two_setuptools: tuple[Path, Path]
) -> None:
    """When the backend released a new version, verify builds for real and reports once."""
    index = tmp_path / "index"
    publish(index, two_setuptools[0])
    monkeypatch.setenv("UV_DEFAULT_INDEX", index.as_uri())
    root = write(tmp_path / "demo", named(SETUPTOOLS, "refused-writer"))
    assert verify(root, timeout_s=30).ok
    publish(index, two_setuptools[1])
    change(MODULE)(root)
    events: list[tuple[str, str]] = []
    report = verify(root, timeout_s=30, progress=lambda e: events.append((e.kind, e.step)))
    assert report.ok, report.to_json()
    assert "now resolve to setuptools==84.2.1" in report.step("build").detail
    steps = ("static", "build", "install", "load", "register", "run")
    assert events == [(kind, s) for s in steps for kind in ("start", "end")]
