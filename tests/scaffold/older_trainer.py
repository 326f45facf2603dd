"""A made-up older trainer template, for tests of ``update`` on trainer projects.

The trainer template has one version so far, so there is no real older one to update
from. :func:`serve_older_trainer` serves a versions folder in which ``trainer-v1`` is the
real snapshot with :data:`OLDER_TRAINER` applied (no ``template_version`` recorded, as the
first stats-writer template; an older ``tox.ini``), and every other snapshot as it is.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import scaffold._template_versions as versions

_TEMPLATE = "template/{{cookiecutter.project_name}}/"
#: How the made-up older trainer template differs from trainer v1: (file, today's, older).
OLDER_TRAINER = [
    (
        _TEMPLATE + "pyproject.toml",
        "template_version = {{ cookiecutter.__template_version }}\n",
        "",
    ),
    (_TEMPLATE + "tox.ini", "requires = tox>=4\n", "requires = tox>=3.28\n"),
    (_TEMPLATE + "tox.ini", "commands = pytest {posargs}\n", "commands = pytest -x {posargs}\n"),
]


def serve_older_trainer(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Serve a versions folder whose trainer-v1 is :data:`OLDER_TRAINER` applied to the real."""
    for snapshot in versions.versions_root().iterdir():
        if snapshot.name != "trainer-v1":
            (root / snapshot.name).parent.mkdir(parents=True, exist_ok=True)
            (root / snapshot.name).symlink_to(snapshot, target_is_directory=True)
    older = Path(shutil.copytree(versions.snapshot_dir(1, "trainer"), root / "trainer-v1"))
    for relative, today, before in OLDER_TRAINER:
        path = older / relative
        text = path.read_text(encoding="utf-8")
        assert today in text, f"{relative} no longer has {today!r}: update OLDER_TRAINER"
        path.write_text(text.replace(today, before), encoding="utf-8")
    monkeypatch.setattr(versions, "versions_root", lambda: root)
