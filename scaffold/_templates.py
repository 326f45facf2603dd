"""Where the project templates live.

In an installed wheel they are package data at ``scaffold/_templates/``; in a source
checkout (or an editable install) they are the repository's top-level ``templates/``.
The live template is ``<root>/stats-writer``; frozen earlier versions sit in
``<root>/versions/`` (see :mod:`scaffold._template_versions`).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["TEMPLATE_NAME", "template_dir", "templates_root"]

TEMPLATE_NAME = "stats-writer"


def templates_root() -> Path:
    """Return the directory holding every template (the wheel's copy or the checkout's)."""
    here = Path(__file__).resolve().parent
    for root in (here / "_templates", here.parent / "templates"):
        if (root / TEMPLATE_NAME / "cookiecutter.json").is_file():
            return root
    raise FileNotFoundError(f"mlplugin's templates are not installed (looked in {here})")


def template_dir(name: str = TEMPLATE_NAME) -> Path:
    """Return the directory of template ``name`` (the one holding ``cookiecutter.json``)."""
    candidate = templates_root() / name
    if (candidate / "cookiecutter.json").is_file():
        return candidate
    raise FileNotFoundError(f"template {name!r} is not installed with mlplugin")
