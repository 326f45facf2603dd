"""Every workflow mlplugin generates or publishes passes actionlint and zizmor (offline).

Covers the generated project's ``.github/`` (CI, release, Dependabot, zizmor policy) and
``.pre-commit-config.yaml``, and this repository's ``action.yml`` and
``.pre-commit-hooks.yaml``. This repository has no workflow of its own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Optional

import pytest
import yaml

from reference_core._toml import load_toml

from .conftest import ROOT, new_project, tool

#: Third-party actions: the commit of each release, confirmed in public workflows that pin
#: the same release (hash and version comment together), as docs/how-to/verify-in-ci.md says.
PINS = {
    "actions/checkout": ("de0fac2e4500dabe0009e67214ff5f5447ce83dd", "v6.0.2"),
    "actions/setup-python": ("a309ff8b426b58ec0e2a45f0f869d46889d02405", "v6.2.0"),
    "actions/upload-artifact": ("043fb46d1a93c77aae656e7c1c64a875d1fc6a0a", "v7.0.1"),
    "actions/download-artifact": ("3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c", "v8.0.1"),
    "pypa/gh-action-pypi-publish": ("dc37677b2e1c63e2034f94d8a5b11f265b73ba33", "v1.14.2"),
}
#: zizmor's wheels need Python 3.11+; the suite runs these on 3.11, 3.12 and 3.13.
needs_zizmor = pytest.mark.skipif(sys.version_info < (3, 11), reason="zizmor needs Python 3.11+")
USES = re.compile(r"^\s*(?:-\s*)?uses:\s*(?P<ref>\S+)(?:\s+#\s*(?P<comment>\S+))?\s*$")

PROJECTS = [
    pytest.param({}, id="defaults"),
    pytest.param({"python_versions": ("3.10", "3.12")}, id="two-pythons"),
    pytest.param({"packaging": "setup-py"}, id="setup-py"),
]


def _zizmor(*args: str, cwd: Path) -> list[dict[str, Any]]:
    """zizmor's findings (suppressed ones left out), offline and without a home cache."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache")}
    done = subprocess.run(
        [tool("zizmor"), "--offline", "--format", "json", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    findings = json.loads(done.stdout)
    assert isinstance(findings, list), done.stderr
    return [f for f in findings if not f["ignored"]]


def _actionlint(*files: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("actionlint"), "-no-color", *map(str, files)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def _summary(findings: list[dict[str, Any]]) -> list[str]:
    return [f"{f['ident']} {f['determinations']['severity']}: {f['desc']}" for f in findings]


@pytest.mark.parametrize("answers", PROJECTS)
def test_generated_workflows_pass_actionlint(tmp_path: Path, answers: dict[str, Any]) -> None:
    """actionlint finds nothing in the generated CI and release workflows."""
    project = new_project(tmp_path, **answers)
    workflows = sorted((project / ".github/workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["ci.yml", "release.yml"]
    done = _actionlint(*workflows, cwd=project)
    assert (done.returncode, done.stdout) == (0, ""), done.stdout + done.stderr


@needs_zizmor
@pytest.mark.parametrize("answers", PROJECTS)
def test_generated_project_passes_zizmor(tmp_path: Path, answers: dict[str, Any]) -> None:
    """zizmor (offline) finds nothing in .github/ and the pre-commit config."""
    project = new_project(tmp_path, **answers)
    assert _summary(_zizmor(".", cwd=project)) == []


@needs_zizmor
def test_zizmor_policy_only_lets_mlplugins_own_action_use_a_tag(tmp_path: Path) -> None:
    """Without the policy file, the only high findings are the mlplugin Action's tag pins."""
    project = new_project(tmp_path)
    high = [
        f
        for f in _zizmor("--no-config", ".", cwd=project)
        if f["determinations"]["severity"] == "High"
    ]
    assert high
    for finding in high:
        assert finding["ident"] == "unpinned-uses"
        feature = finding["locations"][0]["concrete"]["feature"]
        assert "mlplugin/mlplugin@v" in feature, feature


@needs_zizmor
def test_repository_action_and_hooks_pass_zizmor() -> None:
    """This repository's action.yml and pre-commit files have no zizmor finding."""
    files = ("action.yml", ".pre-commit-hooks.yaml", ".pre-commit-config.yaml")
    assert _summary(_zizmor(*files, cwd=ROOT)) == []


LOCAL_ACTION_USES = [
    pytest.param(None, "", id="every-input"),
    pytest.param({"no-such-input": "x"}, 'input "no-such-input" is not defined', id="bad-input"),
]


@pytest.mark.parametrize(("with_", "error"), LOCAL_ACTION_USES)
def test_action_metadata_passes_actionlint(
    tmp_path: Path, with_: Optional[dict[str, str]], error: str
) -> None:
    """actionlint reads action.yml through a workflow using it; a bad input is caught."""
    if with_ is None:
        with_ = dict.fromkeys(yaml.safe_load((ROOT / "action.yml").read_text())["inputs"], "x")
    shutil.copy(ROOT / "action.yml", tmp_path / "action.yml")
    workflow = tmp_path / ".github/workflows/use.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        yaml.safe_dump(
            {
                "on": "push",
                "permissions": {},
                "jobs": {
                    "verify": {
                        "runs-on": "ubuntu-latest",
                        "steps": [{"uses": "./", "with": with_}],
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    done = _actionlint(workflow, cwd=tmp_path)
    assert (done.returncode == 0) is not error, done.stdout + done.stderr
    assert error in done.stdout


@needs_zizmor
def test_tools_catch_the_old_template_workflow(tmp_path: Path) -> None:
    """Control: an unpinned, credential-persisting workflow fails both checks."""
    workflow = tmp_path / ".github/workflows/ci.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n",
        encoding="utf-8",
    )
    severities = {f["determinations"]["severity"] for f in _zizmor(".", cwd=tmp_path)}
    assert "High" in severities
    assert _actionlint(workflow, cwd=tmp_path).returncode == 1


def _recorded_version(project: Path) -> str:
    """The mlplugin version the project records as its generator."""
    return str(load_toml(project / "pyproject.toml")["tool"]["mlplugin"]["mlplugin_version"])


def _uses(path: Path) -> list[tuple[str, str]]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = USES.match(line)
        if match:
            found.append((match["ref"], match["comment"] or ""))
    return found


def test_actions_are_pinned_to_confirmed_hashes(tmp_path: Path) -> None:
    """Each third-party action uses its confirmed commit with the version in a comment."""
    project = new_project(tmp_path)
    files = [*sorted((project / ".github/workflows").glob("*.yml")), ROOT / "action.yml"]
    seen = set()
    for path in files:
        for ref, comment in _uses(path):
            name, _, pin = ref.partition("@")
            if name == "mlplugin/mlplugin":
                assert (pin, comment) == (f"v{_recorded_version(project)}", ""), path
                continue
            assert (pin, comment) == PINS[name], f"{path.name}: {ref} # {comment}"
            seen.add(name)
    assert seen == set(PINS)


def test_generated_dependabot_updates_the_actions(tmp_path: Path) -> None:
    """Dependabot keeps the generated project's actions current."""
    config = yaml.safe_load((new_project(tmp_path) / ".github/dependabot.yml").read_text())
    assert config["version"] == 2
    (update,) = config["updates"]
    assert (update["package-ecosystem"], update["directory"]) == ("github-actions", "/")


def test_generated_pre_commit_config_uses_the_published_hooks(tmp_path: Path) -> None:
    """mlplugin's hooks at the generating release's tag; the full verify runs on pre-push."""
    project = new_project(tmp_path)
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    repos = {repo["repo"]: repo for repo in config["repos"]}
    ours = repos["https://github.com/mlplugin/mlplugin"]
    assert ours["rev"] == f"v{_recorded_version(project)}"
    published = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in ours["hooks"]] == [h["id"] for h in published]
    assert ours["hooks"][1].get("stages") == ["pre-push"]
    assert "pre-push" in config["default_install_hook_types"]
    revs = {url.rsplit("/", 1)[1]: repo["rev"] for url, repo in repos.items()}
    assert revs["ruff-pre-commit"] == "v0.17.6"
    assert revs["pre-commit-hooks"] == "v6.0.0"
