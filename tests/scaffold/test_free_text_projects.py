"""Slow fuzzing: projects from random answers compile on every Python and pass their own suite.

Integration only (interpreters and a virtual environment). Hypothesis draws the answers; the
projects are collected first and then checked in bulk, so each interpreter is started once
and one environment serves every project.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import time
import venv
from pathlib import Path
from typing import Any

import pytest
from freetext import answer_text, expected_back, read_back
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold import LICENSES, PYTHON_VERSIONS, generate, make_spec, name_problems
from scaffold._render import render_template
from scaffold._templates import template_dir

pytestmark = pytest.mark.integration

COMPILE_ALL = """\
import sys, warnings
warnings.simplefilter("error")
bad = []
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as handle:
            compile(handle.read(), path, "exec")
    except (SyntaxError, Warning) as error:
        bad.append(f"{path}: {error!r}")
print("\\n".join(bad))
sys.exit(1 if bad else 0)
"""

plugin_names = st.from_regex(r"\A[a-z][a-z0-9]{2,9}(-[a-z][a-z0-9]{1,5})?\Z").filter(
    lambda n: not name_problems(n)
)
answers = st.fixed_dictionaries(
    {
        "description": answer_text,
        "author": answer_text,
        "email": st.emails(),
        "packaging": st.sampled_from(["pyproject", "setup-py"]),
        "license": st.sampled_from(LICENSES),
        "python_versions": st.lists(st.sampled_from(PYTHON_VERSIONS), min_size=1, unique=True),
    }
)


def _interpreter(version: str) -> str:
    found = shutil.which(f"python{version}")
    assert found, f"python{version} must be on PATH (pyenv: .python-version lists it)"
    return found


def test_generated_python_compiles_on_every_supported_python(tmp_path: Path) -> None:
    """Every .py of projects made from random answers compiles, warnings as errors, on 3.9-3.13."""
    counter = itertools.count()
    sources: list[str] = []

    @settings(max_examples=60)
    @given(answers=answers)
    def render(answers: dict[str, Any]) -> None:
        spec = make_spec("compile-writer", **answers)
        project = render_template(template_dir(), spec.context(), tmp_path / str(next(counter)))
        sources.extend(str(p) for p in project.rglob("*.py"))

    render()
    assert next(counter) >= 50  # projects rendered
    assert sum(s.endswith("__init__.py") for s in sources) >= 50
    for version in PYTHON_VERSIONS:
        proc = subprocess.run(
            [_interpreter(version), "-c", COMPILE_ALL, *sources],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, f"Python {version}:\n{proc.stdout}{proc.stderr}"


def _run(*command: object, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_random_projects_pass_their_own_suite(tmp_path: Path, mlplugin_wheel: Path) -> None:
    """At least 20 projects from random answers build, install and pass their own tests and lint."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    pip = (python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check")
    setup = _run(*pip, mlplugin_wheel, "pytest>=7", "setuptools>=77", "ruff", cwd=tmp_path)
    assert setup.returncode == 0, setup.stderr

    made: list[tuple[Path, dict[str, Any], str]] = []
    seen: set[str] = set()

    @settings(max_examples=60)
    @given(name=plugin_names, answers=answers)
    def make(name: str, answers: dict[str, Any]) -> None:
        if name in seen or len(made) >= 22:
            return
        seen.add(name)
        # requires-python follows the lowest version: keep this interpreter's within range
        versions = [*answers["python_versions"], "3.9"]
        spec = make_spec(name, **{**answers, "python_versions": versions})
        project = generate(spec, tmp_path / "projects", check=False).path
        made.append((project, answers, spec.names.module))

    make()
    assert len(made) >= 20
    deadline = time.monotonic() + 600
    for project, given_answers, module in made:
        assert time.monotonic() < deadline, "the random projects took over ten minutes"
        packaging = str(given_answers["packaging"])
        found = read_back(project, packaging, module)
        found.pop("license author")
        assert found == expected_back(
            str(given_answers["description"]),
            str(given_answers["author"]),
            str(given_answers["email"]),
            packaging,
        )
        install = _run(*pip, "--no-deps", "--no-build-isolation", "-e", project, cwd=project)
        assert install.returncode == 0, f"{project.name}: {install.stderr}"
        inner = ("-q", "-p", "no:cacheprovider", f"--basetemp={tmp_path / 'inner'}")
        tests = _run(python, "-m", "pytest", *inner, cwd=project)
        assert tests.returncode == 0, f"{project.name} {given_answers}:\n{tests.stdout}"
        for gate in (("check", "."), ("format", "--check", ".")):  # the project's lint env
            lint = _run(python, "-m", "ruff", *gate, cwd=project)
            assert lint.returncode == 0, f"{project.name} {given_answers}:\n{lint.stdout}"
        removed = _run(python, "-m", "pip", "uninstall", "--yes", project.name, cwd=tmp_path)
        assert removed.returncode == 0, removed.stderr
