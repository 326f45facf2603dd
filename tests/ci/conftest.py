"""Fixtures for the CI integration tests: generated projects, a broken plugin, action steps."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from scaffold import generate, make_spec

ROOT = Path(__file__).resolve().parents[2]
_EXPRESSION = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")


def tool(name: str) -> str:
    """The executable ``name`` from this interpreter's environment (the test extra)."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: install mlplugin's test extra")
    return found


def new_project(dest: Path, name: str = "demo-writer", **answers: Any) -> Path:
    """A freshly generated plugin project under ``dest``."""
    return generate(make_spec(name, **answers), dest).path


def break_static(project: Path) -> int:
    """Misspell the registration function in pyproject.toml; return the entry point's line."""
    path = project / "pyproject.toml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if ":get_stats_writers" in line)
    lines[number - 1] = lines[number - 1].replace(":get_stats_writers", ":get_stats_writer")
    path.write_text("".join(lines), encoding="utf-8")
    return number


def break_write_stats(project: Path, module: str = "demo_writer") -> int:
    """Make write_stats raise on every call; return the line of the ``raise``."""
    path = project / "src" / module / "writer.py"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if "def write_stats(" in line) + 2
    lines.insert(number - 1, '        raise RuntimeError("the metrics backend is down")\n')
    path.write_text("".join(lines), encoding="utf-8")
    return number


def action() -> dict[str, Any]:
    """The repository's action.yml."""
    data = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def run_action_step(
    step: Mapping[str, Any], context: Mapping[str, str], env: Mapping[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """Run one ``run:`` step of the composite action the way the runner does.

    ``${{ … }}`` in the step's ``env:`` is replaced from ``context`` (an unknown
    expression fails the test); the script runs with ``bash --noprofile --norc -eo
    pipefail``, the runner's command for ``shell: bash``.
    """
    assert step["shell"] == "bash"

    def expand(value: str) -> str:
        return _EXPRESSION.sub(lambda m: context[m.group(1)], value)

    step_env = {**os.environ, **env, **{k: expand(str(v)) for k, v in step.get("env", {}).items()}}
    script = cwd / ".step.sh"
    script.write_text(step["run"], encoding="utf-8")
    try:
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=cwd,
            env=step_env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    finally:
        script.unlink()


def action_context(**inputs: str) -> dict[str, str]:
    """``inputs.*`` (defaults overridden by ``inputs``) and ``github.action_path``."""
    declared = action()["inputs"]
    values = {f"inputs.{k}": str(v.get("default", "")) for k, v in declared.items()}
    values.update({f"inputs.{k.replace('_', '-')}": v for k, v in inputs.items()})
    return {**values, "github.action_path": str(ROOT)}
